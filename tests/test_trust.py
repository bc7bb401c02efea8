"""No silent wrong answers: dates, counts, formats and people a journalist can trust.

Each case runs mfa as a user does (`python -m mfa_cli`, in a pipe or under a pseudo-terminal) on
invented pages made in tmp_path, or on ../shared/corpus when it exists.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from mfa_cli.dates import parse_user_date

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "pages"
HEADER = "{snapshot}\nMoscow: 01:23\nLondon: 22:23\n\nConsular queries:\n+44 (0) 203 668 7474\n\n"


def page(snapshot: str, entries, lead: tuple[str, str] | None = None) -> str:
    """A snapshot: header, an optional undated lead (title, body), then "DD.MM.YYYY - Title" entries
    given as (date, title, body) or (date, title, subtitle, body)."""
    parts = [HEADER.format(snapshot=snapshot)]
    if lead:
        parts.append(f"{lead[0]}\n\n{lead[1]}\n\n")
    for date, title, *rest in entries:
        heading = f"{date} - {title}\n" + (f"{rest[0]}\n" if len(rest) == 2 else "")
        parts.append(f"{heading}\n{rest[-1]}\n\n")
    return "".join(parts) + "all messages\n"


def env(tmp_path: Path, **extra) -> dict:
    keep = {k: v for k, v in os.environ.items()
            if not k.startswith("MFA_") and k not in ("FORCE_COLOR", "NO_COLOR", "PAGER", "COLUMNS", "LINES")}
    keep.update(MFA_CACHE_DIR=str(tmp_path / "cache"), **extra)
    return keep


def mfa(tmp_path: Path, *args, input: str | None = None, **extra) -> SimpleNamespace:
    """`python -m mfa_cli ARGS` in a pipe: exit code, stdout, stderr."""
    proc = subprocess.run([sys.executable, "-m", "mfa_cli", *map(str, args)], capture_output=True, text=True,
                          env=env(tmp_path, **extra), input=input, timeout=60,
                          stdin=None if input is not None else subprocess.DEVNULL)
    assert "Traceback" not in proc.stderr, proc.stderr
    return SimpleNamespace(code=proc.returncode, out=proc.stdout, err=proc.stderr)


def on_terminal(tmp_path: Path, *args, columns: int = 120, **extra) -> SimpleNamespace:
    """mfa under a pseudo-terminal (stdout and stderr both): exit code and what the screen showed."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(sys.executable, [sys.executable, "-m", "mfa_cli", *map(str, args)],
                  env(tmp_path, COLUMNS=str(columns), LINES="50", TERM="xterm-256color", NO_COLOR="1",
                      MFA_PAGER="", **extra))
    chunks = []
    while True:
        ready, _, _ = select.select([fd], [], [], 30)
        if not ready:
            break
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    _, status = os.waitpid(pid, 0)
    screen = b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
    return SimpleNamespace(code=os.waitstatus_to_exitcode(status), screen=screen)


def tsv(out: str) -> list[list[str]]:
    return [line.split("\t") for line in out.splitlines()]


@pytest.fixture
def archive(tmp_path):
    """Three snapshots: dated items over March to June 2018, and three undated leads about Salisbury."""
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.txt").write_text(page("20 June 2018", [
        ("15.06.2018", "Comment on the Salisbury investigation", "The Salisbury case is still unexplained."),
        ("30.04.2018", "Statement on the OPCW report", "The report on Salisbury raises questions."),
        ("01.04.2018", "Briefing on consular access", "Consular access to the Salisbury victims is denied."),
    ], lead=("Embassy answers a question on Salisbury", "Question: Any news? Answer: None on Salisbury.")))
    (folder / "b.txt").write_text(page("31 March 2018", [
        ("31.03.2018", "Comment on the expulsion of diplomats", "Salisbury is the pretext for expulsions."),
        ("13.03.2018", "Comment by the Embassy Press attaché", "On the Salisbury case",
         "We have no information about the poisoning in Salisbury."),
        ("13.03.2018", "Comment by the Embassy Press attaché", "On the media campaign",
         "The media campaign about Salisbury is a provocation."),
        ("01.03.2018", "Press release on a concert", "A concert of Russian music was held in London."),
    ], lead=("Embassy note on the Salisbury incident", "We call for a joint investigation into Salisbury.")))
    (folder / "c.txt").write_text(page("10 February 2018", [
        ("28.02.2018", "Press release on the Ambassador's visit to Scotland", "The visit went well."),
    ], lead=("Embassy reply on the Salisbury allegations", "The allegations about Salisbury are baseless.")))
    return folder


# --- 1. month names cover the whole month -------------------------------------------------------

@pytest.mark.parametrize("day", [1, 3, 15, 28, 31])
def test_a_month_or_year_in_words_is_the_whole_of_it_on_any_day(day):
    now = dt.datetime(2026, 12, day, 10, 30)
    march = (dt.date(2018, 3, 1), dt.date(2018, 3, 31))
    for text in ("March 2018", "march 2018", "Mar 2018", "Mar. 2018", "2018 March", "март 2018", "марта 2018"):
        assert parse_user_date(text, now=now) == march, text
    assert parse_user_date("Feb 2017", now=now) == (dt.date(2017, 2, 1), dt.date(2017, 2, 28))
    assert parse_user_date("2018", now=now) == (dt.date(2018, 1, 1), dt.date(2018, 12, 31))
    assert parse_user_date("March", now=now) == (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    assert parse_user_date("last month", now=now) == (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    # relative days stay days
    assert parse_user_date("3 days ago", now=now) == ((now - dt.timedelta(days=3)).date(),) * 2
    assert parse_user_date("15 Feb 2017", now=now) == (dt.date(2017, 2, 15),) * 2


def test_months_in_words_list_what_numeric_months_list(tmp_path, archive):
    numeric = mfa(tmp_path, "--data", archive, "list", "--since", "2018-03", "--until", "2018-04")
    words = mfa(tmp_path, "--data", archive, "list", "--since", "March 2018", "--until", "April 2018")
    assert numeric.code == words.code == 0
    assert len(tsv(numeric.out)) == 6
    assert words.out == numeric.out
    on = mfa(tmp_path, "--data", archive, "list", "--on", "March 2018")
    assert len(tsv(on.out)) == 4


@pytest.mark.skipif(not CORPUS.is_dir(), reason="needs ../shared/corpus")
def test_months_in_words_on_the_corpus(tmp_path):
    numeric = mfa(tmp_path, "--data", CORPUS, "list", "--since", "2018-03", "--until", "2018-04")
    words = mfa(tmp_path, "--data", CORPUS, "list", "--since", "March 2018", "--until", "April 2018")
    assert numeric.out and words.out == numeric.out
    assert mfa(tmp_path, "--data", CORPUS, "list", "--on", "March 2017").out == \
        mfa(tmp_path, "--data", CORPUS, "list", "--on", "2017-03").out


# --- 2. a reversed range is a usage error -------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["list", "--since", "2019", "--until", "2018"],
    ["search", "Salisbury", "--since", "2018-04-02", "--until", "2018-04-01"],
    ["stats", "--since", "May 2018", "--until", "March 2018"],
])
def test_a_reversed_range_is_refused(tmp_path, archive, args):
    r = mfa(tmp_path, "--data", archive, *args)
    assert r.code == 2 and r.out == ""
    assert "reversed" in r.err and len(r.err.splitlines()) == 1


# --- 3. undated items are never dropped without a word ------------------------------------------

def test_a_date_filter_says_how_many_undated_items_it_left_out(tmp_path, archive):
    shown = on_terminal(tmp_path, "--data", archive, "search", "Salisbury", "--since", "2018")
    assert shown.code == 0
    assert "3 undated matches not shown; --undated to include them" in shown.screen
    listed = on_terminal(tmp_path, "--data", archive, "list", "--since", "2018-03", "--kind", "comment")
    assert "2 undated items not shown" in listed.screen  # the two leads read as comments ("reply", "answers")


def test_undated_and_only_undated(tmp_path, archive):
    dated = tsv(mfa(tmp_path, "--data", archive, "search", "Salisbury", "--since", "2018").out)
    both = tsv(mfa(tmp_path, "--data", archive, "search", "Salisbury", "--since", "2018", "--undated").out)
    alone = tsv(mfa(tmp_path, "--data", archive, "list", "--only-undated").out)
    assert len(dated) == 6 and len(both) == 9
    assert [row[1] for row in alone] == ["-"] * 3
    assert {row[0] for row in both} == {row[0] for row in dated} | {row[0] for row in alone}
    assert mfa(tmp_path, "--data", archive, "list", "--only-undated", "--since", "2018").code == 2


def test_undated_items_come_last_in_both_orders(tmp_path, archive):
    newest = tsv(mfa(tmp_path, "--data", archive, "list").out)
    oldest = tsv(mfa(tmp_path, "--data", archive, "list", "--reverse").out)
    assert [r[1] for r in newest][-3:] == ["-"] * 3 and [r[1] for r in oldest][-3:] == ["-"] * 3
    first = tsv(mfa(tmp_path, "--data", archive, "list", "--reverse", "-n", "3").out)
    assert [r[1] for r in first] == ["2018-02-28", "2018-03-01", "2018-03-13"]


# --- 4. counts say when a limit cut them --------------------------------------------------------

def test_counts_show_the_limit(tmp_path, archive):
    hits = on_terminal(tmp_path, "--data", archive, "search", "Salisbury", "-n", "2")
    assert "2 of 9 matches" in hits.screen
    every = on_terminal(tmp_path, "--data", archive, "search", "Salisbury")
    assert "9 matches" in every.screen and " of 9" not in every.screen
    items = on_terminal(tmp_path, "--data", archive, "list", "-n", "3")
    assert "3 of 11 items" in items.screen
    one = on_terminal(tmp_path, "--data", archive, "list", "--on", "2018-02-28")
    assert "1 item\n" in one.screen


# --- 5. items told apart only by a sub-heading ---------------------------------------------------

def test_items_differing_only_in_their_sub_heading_differ_in_every_format(tmp_path, archive):
    rows = tsv(mfa(tmp_path, "--data", archive, "list", "--on", "2018-03-13").out)
    assert [len(r) for r in rows] == [4, 4]
    assert {r[3] for r in rows} == {"Comment by the Embassy Press attaché — On the Salisbury case",
                                    "Comment by the Embassy Press attaché — On the media campaign"}
    hits = tsv(mfa(tmp_path, "--data", archive, "search", "attaché").out)
    assert len({r[3] for r in hits}) == 2
    screen = on_terminal(tmp_path, "--data", archive, "list", "--on", "2018-03-13").screen
    assert "On the Salisbury case" in screen and "On the media campaign" in screen
    import csv
    import io

    table = list(csv.DictReader(io.StringIO(mfa(tmp_path, "--data", archive, "list", "--on", "2018-03-13",
                                                "--format", "csv").out)))
    assert {r["subtitle"] for r in table} == {"On the Salisbury case", "On the media campaign"}


# --- 6. show --format json is an array whatever the count ----------------------------------------

def test_show_json_is_always_an_array_and_jsonl_streams(tmp_path, archive):
    ids = mfa(tmp_path, "--data", archive, "list", "--format", "ids").out.split()
    one = json.loads(mfa(tmp_path, "--data", archive, "show", ids[0], "--format", "json").out)
    two = json.loads(mfa(tmp_path, "--data", archive, "show", *ids[:2], "--format", "json").out)
    assert [i["id"] for i in one] == ids[:1] and [i["id"] for i in two] == ids[:2]
    lines = mfa(tmp_path, "--data", archive, "show", *ids[:3], "--format", "jsonl").out.splitlines()
    assert [json.loads(line)["id"] for line in lines] == ids[:3]
    # the README's pipeline, with one id coming back
    out = subprocess.run(
        f"'{sys.executable}' -m mfa_cli --data '{archive}' list --on 2018-02-28 --format ids "
        f"| xargs '{sys.executable}' -m mfa_cli --data '{archive}' show --format json",
        shell=True, capture_output=True, text=True, env=env(tmp_path))
    assert [i["date"] for i in json.loads(out.stdout)] == ["2018-02-28"]


# --- 7. colour settings never change the format --------------------------------------------------

@pytest.mark.parametrize("how", [{"FORCE_COLOR": "1"}, {"args": ["--color", "always"]}])
def test_colour_forced_in_a_pipe_keeps_tsv(tmp_path, archive, how):
    extra = {k: v for k, v in how.items() if k != "args"}
    for command in (["list"], ["search", "Salisbury"], ["stats"], ["sources"]):
        r = mfa(tmp_path, *how.get("args", []), "--data", archive, *command, **extra)
        assert r.code == 0 and r.out
        assert all("\t" in line and "\x1b" not in line for line in r.out.splitlines()), (command, r.out)
    table = mfa(tmp_path, "--data", archive, "list", "--format", "table", "--color", "always")
    assert "\x1b[" in table.out  # a table asked for is coloured when colour is forced


# --- 8. periods without items are shown as 0 ----------------------------------------------------

def test_stats_shows_every_period_and_keeps_undated_apart(tmp_path, archive):
    rows = tsv(mfa(tmp_path, "--data", archive, "stats", "--by", "month").out)
    assert rows == [["2018-02", "1"], ["2018-03", "4"], ["2018-04", "2"], ["2018-05", "0"], ["2018-06", "1"],
                    ["undated", "3"]]
    weeks = [r[0] for r in tsv(mfa(tmp_path, "--data", archive, "stats", "--by", "week").out)]
    first, last = (dt.date(2018, 2, 28).strftime("%Y-W%W"), dt.date(2018, 6, 15).strftime("%Y-W%W"))
    assert weeks[0] == first and weeks[-2] == last and weeks[-1] == "undated"
    assert [int(w[-2:]) for w in weeks[:-1]] == list(range(int(first[-2:]), int(last[-2:]) + 1))
    chart = on_terminal(tmp_path, "--data", archive, "stats", "--by", "month", columns=60).screen
    lines = chart.splitlines()
    may = next(line for line in lines if line.startswith("2018-05"))
    undated = next(line for line in lines if line.startswith("undated"))
    assert may.split()[1] == "0" and "█" not in may
    assert "█" not in undated and undated.split()[1] == "3"
    assert lines.index(undated) == lines.index(next(x for x in lines if x.startswith("2018-06"))) + 2


# --- 10. one CSV column set for items; Excel; formats that make no sense are refused -------------

ITEM_CSV = ["id", "date", "kind", "title", "subtitle", "people", "speakers", "body", "sources"]


def test_csv_has_one_column_set_with_the_text(tmp_path, archive):
    import csv
    import io

    listed = list(csv.reader(io.StringIO(mfa(tmp_path, "--data", archive, "list", "--format", "csv").out)))
    found = list(csv.reader(io.StringIO(mfa(tmp_path, "--data", archive, "search", "concert", "--format",
                                            "csv").out)))
    assert listed[0] == ITEM_CSV and found[0] == ITEM_CSV + ["score", "snippet"]
    concert = dict(zip(found[0], found[1]))
    assert concert["body"] == "A concert of Russian music was held in London."
    assert dict(zip(listed[0], next(r for r in listed if r[0] == concert["id"]))) == \
        {k: concert[k] for k in ITEM_CSV}


def test_excel_csv_has_a_byte_order_mark(tmp_path):
    folder = tmp_path / "ru"
    folder.mkdir()
    (folder / "p.txt").write_text(page("20 March 2018", [
        ("19.03.2018", "Комментарий посольства о «деле Скрипаля»", "Текст комментария — с кавычками “так”."),
    ]), encoding="utf-8")
    raw = subprocess.run([sys.executable, "-m", "mfa_cli", "--data", folder, "list", "--format", "excel"],
                         capture_output=True, env=env(tmp_path)).stdout
    assert raw.startswith(b"\xef\xbb\xbfid,date,kind,title")
    assert "«деле Скрипаля»" in raw.decode("utf-8-sig") and "“так”" in raw.decode("utf-8-sig")
    plain = mfa(tmp_path, "--data", folder, "list", "--format", "csv").out
    assert plain.startswith("id,")


@pytest.mark.parametrize("args", [["stats", "--format", "ids"], ["sources", "--format", "ids"]])
def test_summaries_refuse_formats_without_sense(tmp_path, archive, args):
    r = mfa(tmp_path, "--data", archive, *args)
    assert r.code == 2 and r.out == "" and "ids" in r.err


# --- 11. global options after the command -------------------------------------------------------

def test_global_options_anywhere(tmp_path, archive):
    before = mfa(tmp_path, "--data", archive, "--color", "never", "search", "Salisbury")
    after = mfa(tmp_path, "search", "Salisbury", "--data", archive, "--color", "never")
    mixed = mfa(tmp_path, "search", "--data=" + str(archive), "Salisbury", "--no-cache", "--color=never")
    assert before.code == after.code == mixed.code == 0
    assert before.out == after.out == mixed.out and len(tsv(before.out)) == 9
    listed = mfa(tmp_path, "list", "--data", archive, "-n", "2")
    assert listed.code == 0 and len(tsv(listed.out)) == 2
    # after "--" nothing is taken as an option
    literal = mfa(tmp_path, "--data", archive, "search", "--", "--data")
    assert literal.code == 2 and "the query '--data'" in literal.err


# --- 12. ids from standard input; unknown ids among several --------------------------------------

def test_show_reads_ids_from_standard_input(tmp_path, archive):
    ids = mfa(tmp_path, "--data", archive, "list", "--format", "ids").out
    shown = mfa(tmp_path, "--data", archive, "show", "-", "--format", "jsonl", input=ids)
    assert shown.code == 0 and [json.loads(x)["id"] for x in shown.out.splitlines()] == ids.split()
    listing = mfa(tmp_path, "--data", archive, "list", "-n", "2").out  # tsv lines: the first field is the id
    assert len(mfa(tmp_path, "--data", archive, "show", "-", "--format", "jsonl", input=listing).out.splitlines()) == 2


def test_an_unknown_id_among_several_is_named_and_the_others_shown(tmp_path, archive):
    ids = mfa(tmp_path, "--data", archive, "list", "--format", "ids").out.split()[:2]
    r = mfa(tmp_path, "--data", archive, "show", ids[0], "ffff1234", ids[1], "--format", "json")
    assert r.code == 1
    assert [i["id"] for i in json.loads(r.out)] == ids
    assert r.err.strip() == "mfa: error: no item with id 'ffff1234'"
    text = mfa(tmp_path, "--data", archive, "show", "-", input=f"{ids[0]}\nffff1234\n")
    assert text.code == 1 and ids[0] in text.out and "ffff1234" in text.err


# --- 13. narrow terminals -----------------------------------------------------------------------

@pytest.mark.parametrize("columns", [20, 30, 0])
def test_narrow_terminals_never_cut_ids_or_counts(tmp_path, archive, columns):
    ids = mfa(tmp_path, "--data", archive, "list", "--format", "ids").out.split()
    listed = on_terminal(tmp_path, "--data", archive, "list", columns=columns).screen
    assert all(i in listed for i in ids) and "…" not in listed
    assert "Statement on the" in listed and "OPCW" in listed
    found = on_terminal(tmp_path, "--data", archive, "search", "OPCW", columns=columns).screen
    assert "11e35fd" in found or any(i in found for i in ids)
    counts = [int(n) for _, n in tsv(mfa(tmp_path, "--data", archive, "stats", "--by", "kind").out)]
    stats = on_terminal(tmp_path, "--data", archive, "stats", "--by", "kind", columns=columns).screen
    shown = [int(line.split()[1]) for line in stats.splitlines() if len(line.split()) > 1
             and line.split()[1].isdigit()]
    assert shown == counts


# --- 14. small things ---------------------------------------------------------------------------

def test_small_things(tmp_path, archive):
    one = tmp_path / "one.txt"
    one.write_text(page("1 March 2018", [("01.03.2018", "Press release on a concert", "A concert.")]))
    assert "1 item from 1 file;" in mfa(tmp_path, "--data", one, "index").out
    index_help = mfa(tmp_path, "index", "--help").out
    assert "whatever the size" in index_help and "too small" not in index_help
    assert "(cut)" in mfa(tmp_path, "list", "--help").out
    ids = mfa(tmp_path, "--data", archive, "list", "--format", "ids").out.split()[:2]
    text = mfa(tmp_path, "--data", archive, "show", *ids).out
    assert text.count("\n" + "=" * 72 + "\n") == 1
    sources = on_terminal(tmp_path, "--data", archive, "sources").screen
    assert "warnings" not in sources and "a.txt" in sources


# --- 9. speakers and people, one form per person -------------------------------------------------

@pytest.fixture
def voices(tmp_path):
    folder = tmp_path / "voices"
    folder.mkdir()
    (folder / "a.txt").write_text(page("20 March 2018", [
        ("19.03.2018", "Embassy Press Officer’s reply to a media question on the investigation",
         "Question: Has the Embassy been informed? Answer: No, we have received nothing."),
        ("18.03.2018", "Alexander Yakovenko held a briefing on the Salisbury case",
         "The Ambassador answered questions from the media."),
        ("17.03.2018", "Comment on the laboratory’s statement",
         "Chief Executive Gary Aitkenhead said that the laboratory could not identify the source."),
        ("16.03.2018", "Foreign Minister Sergey Lavrov’s remarks at a news conference",
         "Sergey Lavrov: We have nothing to hide."),
        ("15.03.2018", "Embassy comment on Foreign Secretary Boris Johnson’s remarks",
         "The Embassy regrets the words of the Foreign Secretary."),
        ("14.03.2018", "Press release on a concert", "A concert was held."),
    ]))
    (folder / "b.txt").write_text(page("10 March 2018", [
        ("09.03.2018", "Russian Foreign Minister Sergei Lavrov: dialogue is the only way",
         "Russia is open to dialogue, the Minister said."),
        ("08.03.2018", "Ambassador Yakovenko’s talking points at the press conference", "Points."),
    ]))
    return folder


def _items(tmp_path, folder, *args):
    r = mfa(tmp_path, "--data", folder, "list", "--format", "jsonl", *args)
    return {json.loads(line)["title"]: json.loads(line) for line in r.out.splitlines()}


def test_speakers_are_told_apart_from_people_mentioned(tmp_path, voices):
    items = _items(tmp_path, voices)
    reply = items["Embassy Press Officer’s reply to a media question on the investigation"]
    assert reply["speakers"] == ["Embassy Press Officer"] and reply["people"] == []
    briefing = items["Alexander Yakovenko held a briefing on the Salisbury case"]
    assert briefing["speakers"] == ["Alexander Yakovenko"] and briefing["people"] == ["Alexander Yakovenko"]
    lab = items["Comment on the laboratory’s statement"]
    assert lab["people"] == ["Gary Aitkenhead"]
    johnson = items["Embassy comment on Foreign Secretary Boris Johnson’s remarks"]
    assert johnson["speakers"] == ["Embassy"] and johnson["people"] == ["Boris Johnson"]
    assert items["Press release on a concert"]["people"] == [] == items["Press release on a concert"]["speakers"]


def test_one_form_per_person(tmp_path, voices):
    items = _items(tmp_path, voices)
    assert items["Russian Foreign Minister Sergei Lavrov: dialogue is the only way"]["speakers"] == ["Sergey Lavrov"]
    assert items["Ambassador Yakovenko’s talking points at the press conference"]["people"] == \
        ["Alexander Yakovenko"]
    people = dict(tsv(mfa(tmp_path, "--data", voices, "stats", "--by", "person").out))
    assert people == {"Sergey Lavrov": "2", "Alexander Yakovenko": "2", "Boris Johnson": "1",
                      "Gary Aitkenhead": "1", "(nobody named)": "2"}
    speakers = dict(tsv(mfa(tmp_path, "--data", voices, "stats", "--by", "speaker").out))
    assert speakers["Sergey Lavrov"] == "2" and speakers["Embassy Press Officer"] == "1"
    assert speakers["(no speaker found)"] == "2"


def test_person_matches_either_speaker_only_speakers(tmp_path, voices):
    def titles(*args):
        return {row[3] for row in tsv(mfa(tmp_path, "--data", voices, "list", *args).out)}

    assert titles("--person", "Sergei Lavrov") == titles("--person", "lavrov") == {
        "Russian Foreign Minister Sergei Lavrov: dialogue is the only way",
        "Foreign Minister Sergey Lavrov’s remarks at a news conference"}
    assert titles("--person", "johnson") == {"Embassy comment on Foreign Secretary Boris Johnson’s remarks"}
    assert titles("--speaker", "johnson") == set()
    assert titles("--speaker", "press officer") == {
        "Embassy Press Officer’s reply to a media question on the investigation"}
    assert len(titles("--speaker", "yakovenko")) == 2


def test_canonical_names_are_generic():
    from mfa_cli.classify import canonical_names
    from mfa_cli.lang import name_key

    assert name_key("Sergei Lavrov") == name_key("Sergey Lavrov") == name_key("SERGEY LAVROV")
    assert name_key("Aleksey Ivanov") == name_key("Alexei Ivanov")
    forms = canonical_names({"Sergey Lavrov": 5, "Sergei Lavrov": 1, "Lavrov": 3, "S. Lavrov": 1,
                             "Ivanov": 2, "Alexey Ivanov": 1, "Igor Ivanov": 1, "A.Ivanov": 1})
    assert forms["Sergei Lavrov"] == forms["Lavrov"] == forms["S. Lavrov"] == "Sergey Lavrov"
    assert forms["Ivanov"] == "Ivanov"  # two Ivanovs in the archive: a surname alone stays as it is
    assert forms["A.Ivanov"] == "Alexey Ivanov"  # the initial tells them apart


@pytest.mark.skipif(not CORPUS.is_dir(), reason="needs ../shared/corpus")
def test_people_and_speakers_on_the_corpus(tmp_path):
    people = dict(tsv(mfa(tmp_path, "--data", CORPUS, "stats", "--by", "person").out))
    speakers = dict(tsv(mfa(tmp_path, "--data", CORPUS, "stats", "--by", "speaker").out))
    assert int(speakers["Embassy Press Officer"]) >= 10
    assert "Sergei Lavrov" not in people and "Yakovenko" not in people and "Lavrov" not in people
    assert int(people["Sergey Lavrov"]) >= 15 and int(people["Alexander Yakovenko"]) >= 12
    assert not any(name.startswith(("Executive ", "Minister ", "Briefing")) for name in people)
    assert int(people["(nobody named)"]) > 0


def test_undated_note_reaches_a_terminal_while_data_goes_to_a_file(tmp_path, archive):
    """`mfa search Salisbury --since 2018 --format csv > hits.csv`: the note is on the terminal."""
    for args in (["search", "Salisbury", "--since", "2018", "--format", "csv"],  # the fast path
                 ["list", "--since", "2018", "--format", "csv", "--kind", "comment"]):
        main, secondary = pty.openpty()
        proc = subprocess.Popen([sys.executable, "-m", "mfa_cli", "--data", str(archive), *args],
                                stdout=subprocess.PIPE, stderr=secondary, stdin=subprocess.DEVNULL,
                                env=env(tmp_path, NO_COLOR="1"))
        os.close(secondary)
        out, _ = proc.communicate(timeout=60)
        chunks = []
        while select.select([main], [], [], 0.5)[0]:
            try:
                data = os.read(main, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        os.close(main)
        err = b"".join(chunks).decode()
        assert proc.returncode == 0 and out.startswith(b"id,date,kind,title")
        assert "undated" in err and "not shown; --undated to include them" in err, err
        assert b"not shown" not in out
