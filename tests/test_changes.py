"""What changed between snapshots, as a user sees it: `mfa changes`, `show --history`, `list --changed`,
search over every version, and the same answers from a cache updated file by file."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mfa_cli.cli import cli
from mfa_cli.corpus import entry_key, uid_of

HISTORY = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "history"

VISAS = ("The Embassy has taken note of the statement of the Foreign Office concerning the visas of Russian "
         "journalists. We regret that the British side has chosen to politicise a technical matter, and we call "
         "on it to reconsider its decision without delay.")
BUSINESS = ("The Ambassador met representatives of the business community in London to discuss trade and "
            "investment between the two countries.")
NOTE = ("On 14 March the Embassy sent a note to the Foreign Office requesting consular access to the Russian "
        "citizens concerned, as the bilateral Consular Convention provides. No reply has been received so far.")
TALKS = ("Foreign Minister Sergey Lavrov held talks with his counterpart in Moscow. The parties discussed the "
         "situation in Syria and agreed to continue their regular contacts.")
GREETINGS = "The Embassy congratulates the Russian compatriots living in the United Kingdom on the holiday."
ROUTINE = "The Embassy reports a routine event of the week, with words enough to be the body of an item: {n}."


def page(snapshot: str | None, entries, *, footer: bool = True) -> str:
    head = f"{snapshot}\nMoscow: 10:00\nLondon: 07:00\n\nConsular queries:\n+44 (0) 203 668 7474\n\n\n" \
        if snapshot else ""
    body = "".join(f"{date} - {title}\n\n{text}\n\n" for date, title, text in entries)
    return head + body + ("all messages\n" if footer else "")


def routine(days=(11, 10, 9)):
    return [(f"{d:02d}.03.2018", f"Routine item of the {d}th", ROUTINE.format(n=d)) for d in days]


FIRST = [("16.03.2018", "Embassy comment on visas", VISAS),
         ("15.03.2018", "Ambassador met business leaders", BUSINESS),
         ("14.03.2018", "Note to the Foreign Office on consular access", NOTE),
         ("14.03.2018", "Comment by the Embassy Press attaché", "On the note of the same day, in brief."),
         ("12.03.2018", "Lavrov talks in Moscow", TALKS)] + routine()
SECOND = [("18.03.2018", "A new statement on top", "Published after the first snapshot was saved."),
          ("16.03.2018", "Embassy comment on visa restrictions", VISAS.replace("  ", " ")),       # retitled
          ("14.03.2018", "Note to the Foreign Office on consular access",
           NOTE.replace("No reply has been received so far.", "The Foreign Office replied on 20 March.")),  # edited
          ("14.03.2018", "Comment by the Embassy Press attaché", "On the note of the same day, in brief."),
          ("13.03.2018", "Greetings to compatriots", GREETINGS),                                    # inserted
          ("12.03.2018", "Lavrov talks in Moscow", TALKS.replace("Sergey Lavrov", "Sergey  Lavrov")),  # spaces
          ] + routine((11,)) + [("10.03.2018", "Routine item of the 10th", ROUTINE.format(n=10)[:40])]
# The second snapshot is cut inside the body of its last item: the 9th scrolls off, the 10th is cut short.


@pytest.fixture
def archive(tmp_path):
    folder = tmp_path / "snapshots"
    folder.mkdir()
    (folder / "home-2018-03-17.txt").write_text(page("17 March 2018", FIRST))
    (folder / "home-2018-03-25.txt").write_text(page("25 March 2018", SECOND, footer=False))
    return folder


@pytest.fixture
def mfa(tmp_path, monkeypatch):
    monkeypatch.setenv("MFA_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("MFA_DATA", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)

    def invoke(*args):
        return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return invoke


def item_id(date: str, title: str) -> str:
    import datetime as dt

    return uid_of(entry_key(dt.date.fromisoformat(date), title, None))[:7]


def test_changes_reports_every_edit_retitle_removal_and_insertion_and_nothing_else(mfa, archive):
    out = mfa("--data", archive, "changes")
    assert out.exit_code == 0
    rows = [line.split("\t") for line in out.stdout.splitlines()]
    assert sorted((r[1], r[3], r[4]) for r in rows) == [
        ("edited", "2018-03-14", "Note to the Foreign Office on consular access"),
        ("inserted", "2018-03-13", "Greetings to compatriots"),
        ("removed", "2018-03-15", "Ambassador met business leaders"),
        ("retitled", "2018-03-16", "Embassy comment on visa restrictions"),
    ]
    assert {r[0] for r in rows} == {"2018-03-25"}
    edited = next(r for r in rows if r[1] == "edited")
    assert edited[5] == "−7 +7 words"


def test_changes_json_has_the_published_fields(mfa, archive):
    events = json.loads(mfa("--data", archive, "changes", "--format", "json").stdout)
    by_type = {e["type"]: e for e in events}
    assert set(by_type) == {"edited", "retitled", "removed", "inserted"}
    for event in events:
        assert {"type", "id", "date", "title", "snapshot", "previous_snapshot"} <= set(event)
        assert (event["snapshot"], event["previous_snapshot"]) == ("2018-03-25", "2018-03-17")
    retitle = by_type["retitled"]
    assert (retitle["old_title"], retitle["new_title"]) == ("Embassy comment on visas",
                                                            "Embassy comment on visa restrictions")
    assert retitle["title"] == "Embassy comment on visa restrictions"
    assert retitle["id"] == item_id("2018-03-16", "Embassy comment on visas")  # the earliest title's id


def test_changes_filters_by_type_date_and_kind(mfa, archive):
    out = mfa("--data", archive, "changes", "--type", "removed", "--type", "inserted", "--format", "ids")
    assert sorted(out.stdout.split()) == sorted([item_id("2018-03-15", "Ambassador met business leaders"),
                                                 item_id("2018-03-13", "Greetings to compatriots")])
    out = mfa("--data", archive, "changes", "--since", "2018-03-15", "--format", "tsv")
    assert sorted(line.split("\t")[1] for line in out.stdout.splitlines()) == ["removed", "retitled"]
    assert mfa("--data", archive, "changes", "--kind", "comment", "--format", "tsv").stdout.count("\n") == 1
    assert mfa("--data", archive, "changes", "-n", "1", "--format", "tsv").stdout.count("\n") == 1


def test_changes_csv_and_excel_have_one_row_per_change(mfa, archive):
    import csv
    import io

    text = mfa("--data", archive, "changes", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted(r["type"] for r in rows) == ["edited", "inserted", "removed", "retitled"]
    assert next(r for r in rows if r["type"] == "retitled")["old_title"] == "Embassy comment on visas"
    excel = CliRunner().invoke(cli, ["--data", str(archive), "changes", "--format", "excel"]).stdout_bytes
    assert excel.startswith("\ufeff".encode()) and excel.decode("utf-8-sig") == text


def test_no_changes_exits_1_with_a_count_on_stderr(mfa, archive, tmp_path):
    only = tmp_path / "one"
    only.mkdir()
    (only / "a.txt").write_text(page("17 March 2018", FIRST))
    out = mfa("--data", only, "changes")
    assert out.exit_code == 1
    assert out.stdout == "" and "0 changes" in out.stderr


def test_show_history_shows_each_version_with_a_word_diff(mfa, archive):
    note = item_id("2018-03-14", "Note to the Foreign Office on consular access")
    out = mfa("--data", archive, "show", note, "--history")
    assert out.exit_code == 0
    assert "version 1 of 2, seen 2018-03-17" in out.stdout
    assert "version 2 of 2, seen 2018-03-25: edited" in out.stdout
    assert "[-No reply has been received so far.-] {+The Foreign Office replied on 20 March.+}" in out.stdout
    data = json.loads(mfa("--data", archive, "show", note, "--history", "--format", "json").stdout)
    assert len(data) == 1
    versions = data[0]["versions"]
    assert [v["first_seen"] for v in versions] == ["2018-03-17", "2018-03-25"]
    assert versions[0]["body"] == NOTE and versions[1]["body"].endswith("replied on 20 March.")
    assert {"title", "subtitle", "body", "first_seen", "last_seen", "sources"} <= set(versions[0])
    assert versions[1]["sources"][0]["path"].endswith("home-2018-03-25.txt")


def test_a_retitled_item_is_found_by_either_title_id(mfa, archive):
    old = item_id("2018-03-16", "Embassy comment on visas")
    new = item_id("2018-03-16", "Embassy comment on visa restrictions")
    for given in (old, new, new[:5]):
        shown = json.loads(mfa("--data", archive, "show", given, "--format", "json").stdout)
        shown = shown[0] if isinstance(shown, list) else shown
        assert shown["id"] == old
        assert shown["title"] == "Embassy comment on visa restrictions"
    history = mfa("--data", archive, "show", new, "--history").stdout
    assert "[-visas-] {+visa restrictions+}" in history


def test_items_never_changed_keep_their_ids_and_get_the_new_fields(mfa, archive):
    items = json.loads(mfa("--data", archive, "list", "--format", "json").stdout)
    talks = next(i for i in items if i["title"] == "Lavrov talks in Moscow")
    assert talks["id"] == item_id("2018-03-12", "Lavrov talks in Moscow")
    assert (talks["first_seen"], talks["last_seen"], talks["versions"], talks["removed"]) == \
        ("2018-03-17", "2018-03-25", 1, None)
    gone = next(i for i in items if i["title"] == "Ambassador met business leaders")
    assert gone["removed"] == "2018-03-25" and gone["last_seen"] == "2018-03-17"
    scrolled = next(i for i in items if i["title"] == "Routine item of the 9th")
    assert scrolled["removed"] is None


def test_list_changed_keeps_only_changed_items(mfa, archive):
    out = mfa("--data", archive, "list", "--changed", "--format", "ids")
    assert len(out.stdout.split()) == 4
    assert item_id("2018-03-12", "Lavrov talks in Moscow") not in out.stdout


def test_search_finds_the_words_of_an_earlier_version_and_says_which(mfa, archive):
    out = mfa("--data", archive, "search", "no reply received", "--format", "tsv")
    assert out.exit_code == 0
    line = out.stdout.strip()
    assert line.split("\t")[0] == item_id("2018-03-14", "Note to the Foreign Office on consular access")
    assert "[version 1 of 2, seen 2018-03-17]" in line
    latest = mfa("--data", archive, "search", "replied", "--format", "tsv").stdout
    assert "[version" not in latest and "**replied**" in latest


def test_a_page_without_a_snapshot_date_is_ordered_by_its_file_date_and_marked(mfa, tmp_path):
    folder = tmp_path / "undated"
    folder.mkdir()
    old, new = folder / "saved-first.txt", folder / "saved-later.txt"
    old.write_text(page(None, FIRST[2:3]))
    new.write_text(page(None, SECOND[2:3]))
    os.utime(old, (1521460800, 1521460800))  # 2018-03-19
    os.utime(new, (1522065600, 1522065600))  # 2018-03-26
    events = json.loads(mfa("--data", folder, "changes", "--format", "json").stdout)
    assert [(e["type"], e["snapshot"], e["snapshot_from"], e["previous_snapshot"]) for e in events] == \
        [("edited", "2018-03-26", "file", "2018-03-19")]
    history = mfa("--data", folder, "show", events[0]["id"], "--history").stdout
    assert "seen 2018-03-26 (file date): edited" in history


def test_an_index_updated_snapshot_by_snapshot_answers_as_one_built_at_once(mfa, archive, tmp_path):
    staged = tmp_path / "staged"
    staged.mkdir()
    fresh = lambda: mfa("--data", staged, "--no-cache", "changes", "--format", "json").stdout  # noqa: E731
    cached = lambda: mfa("--data", staged, "changes", "--format", "json").stdout  # noqa: E731
    (staged / "home-2018-03-17.txt").write_text((archive / "home-2018-03-17.txt").read_text())
    assert cached() == fresh() == ""
    (staged / "home-2018-03-25.txt").write_text((archive / "home-2018-03-25.txt").read_text())
    assert json.loads(cached()) == json.loads(fresh()) and len(json.loads(fresh())) == 4
    later = SECOND[:1] + [(d, t, b) for d, t, b in SECOND[1:] if "Greetings" not in t]
    (staged / "home-2018-04-02.txt").write_text(page("2 April 2018", later, footer=False))
    assert json.loads(cached()) == json.loads(fresh())
    assert {e["type"] for e in json.loads(fresh())} == {"edited", "retitled", "removed", "inserted"}
    removed = {e["title"] for e in json.loads(fresh()) if e["type"] == "removed"}
    assert removed == {"Ambassador met business leaders", "Greetings to compatriots"}
    (staged / "home-2018-03-25.txt").unlink()
    assert json.loads(cached()) == json.loads(fresh())
    listed = mfa("--data", staged, "list", "--format", "json").stdout
    assert json.loads(listed) == json.loads(mfa("--data", staged, "--no-cache", "list", "--format", "json").stdout)


def test_changes_in_a_pipe_is_tab_separated(archive, tmp_path):
    env = dict(os.environ, MFA_CACHE_DIR=str(tmp_path / "cache"))
    env.pop("FORCE_COLOR", None)
    out = subprocess.run([sys.executable, "-m", "mfa_cli", "--data", str(archive), "changes"], capture_output=True,
                         text=True, env=env, stdin=subprocess.DEVNULL)
    assert out.returncode == 0 and out.stderr == ""
    assert all(len(line.split("\t")) == 6 for line in out.stdout.splitlines())


@pytest.mark.skipif(not HISTORY.is_dir(), reason="needs ../shared/corpus/history")
@pytest.mark.parametrize("group", [f"g0{n}" for n in range(1, 8)])
def test_real_snapshots_of_one_page_report_no_change(mfa, tmp_path, group):
    files = sorted((HISTORY / "pages").glob(f"{group}-*.txt"))
    assert len(files) >= 2
    args = [a for f in files for a in ("--data", f)]
    out = mfa(*args, "changes")
    assert out.exit_code == 1, out.stdout
    assert "0 changes" in out.stderr
    items = json.loads(mfa(*args, "list", "--format", "json").stdout)
    assert all(i["versions"] == 1 and i["removed"] is None for i in items)


@pytest.mark.skipif(not HISTORY.is_dir(), reason="needs ../shared/corpus/history")
def test_all_real_snapshots_together_report_no_change(mfa):
    out = mfa("--data", HISTORY / "pages", "changes")
    assert out.exit_code == 1 and out.stdout == ""


def test_an_edit_in_a_huge_body_is_found_without_hanging(archive, tmp_path):
    words = " ".join(f"word{n % 997}" for n in range(150_000))
    folder = tmp_path / "huge"
    folder.mkdir()
    (folder / "a.txt").write_text(page("17 March 2018", [("16.03.2018", "A very long statement", words)]))
    edited = words.replace("word5 ", "changed ", 1)[::-1].replace(" 5drow", " degnahc", 1)[::-1]
    (folder / "b.txt").write_text(page("25 March 2018", [("16.03.2018", "A very long statement", edited)]))
    env = dict(os.environ, MFA_CACHE_DIR=str(tmp_path / "cache"))
    args = [sys.executable, "-m", "mfa_cli", "--data", str(folder)]
    out = subprocess.run(args + ["changes", "--format", "json"], capture_output=True, text=True, env=env,
                         stdin=subprocess.DEVNULL, timeout=120)
    assert out.returncode == 0, out.stderr
    assert [e["type"] for e in json.loads(out.stdout)] == ["edited"]
    shown = subprocess.run(args + ["show", json.loads(out.stdout)[0]["id"], "--history"], capture_output=True,
                           text=True, env=env, stdin=subprocess.DEVNULL, timeout=120)
    assert shown.returncode == 0 and "{+changed" in shown.stdout


def test_the_other_title_id_counts_when_ids_are_shortened():
    from mfa_cli.index import Index

    index = Index.memory()
    index.db.execute("INSERT INTO links (key, canon, uid) VALUES ('k', 'c', 'abcdef0123')")
    index.db.execute("INSERT INTO items (uid, sid, key) VALUES ('abcdef0999', 'abcdef0', 'c2')")
    index._refresh_short_ids({"abcdef0999"})
    assert index.db.execute("SELECT sid FROM items").fetchone()[0] == "abcdef09"
