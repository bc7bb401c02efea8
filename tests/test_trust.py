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
