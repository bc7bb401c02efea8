"""`mfa kwic`: every occurrence of what search matches, in context, aligned, sorted as AntConc does."""
from __future__ import annotations

import csv
import io
import json

import pytest

from mfa_cli.analysis import context
from tests.analysis_pages import write_archive
from tests.test_hostile import run_mfa


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return write_archive(tmp_path_factory.mktemp("archive"))


def mfa(archive, tmp_path, *args, **env):
    return run_mfa(["--data", archive, *args], tmp_path / "cache", **env)


def rows(result) -> list[list[str]]:
    return [line.split("\t") for line in result.out.splitlines()]


def test_every_occurrence_of_every_word_form_in_titles_and_texts(archive, tmp_path):
    result = mfa(archive, tmp_path, "kwic", "sanction")
    assert result.code == 0, result.err
    table = rows(result)
    assert sorted(r[3] for r in table) == sorted(
        ["sanctions"] * 6 + ["Sanctions", "sanctioning", "sanctions"])  # 2 in titles, 7 in texts
    assert ["f5d2325", "2018-01-30", "Embassy comment on new", "sanctions", "against Russia"] in table
    assert ["e9472e1", "2018-04-25", "Skripal case calls for a joint investigation, not", "sanctions", "."] in table
    # newest item first, the undated one last, each item's occurrences in reading order
    assert [r[0] for r in table] == ["e9472e1", "ef8cf38", "f5d2325", "f5d2325", "f5d2325", "f5d2325",
                                     "e4dc321", "e4dc321", "e4dc321"]
    found = mfa(archive, tmp_path, "search", "sanction", "-n", "0", "--format", "ids").out.split()
    assert set(found) == {r[0] for r in table}


def test_phrases_and_russian_word_forms_match_as_search_does(archive, tmp_path):
    table = rows(mfa(archive, tmp_path, "kwic", '"Skripal case"', "-w", "2"))
    assert [r[2:] for r in table] == [
        ["on the", "Skripal case", "and the"], ["Russia. The", "Skripal case", "calls for"],
        ["The", "Skripal case", "remains unexplained."], ["over the", "Skripal case", "is a"],
        ["and the", "Skripal case", "is its"],
    ]
    russian = rows(mfa(archive, tmp_path, "kwic", "санкции"))
    assert sorted(r[3] for r in russian) == ["санкции", "санкциям", "санкциях", "санкциях"]


def test_sort_by_the_words_nearest_the_match(archive, tmp_path):
    right = rows(mfa(archive, tmp_path, "kwic", "sanctions", "--sort", "right"))
    keys = [[w.strip(".,?:").lower() for w in r[4].split() if w.strip(".,?:")] for r in right]
    assert keys == sorted(keys)
    left = rows(mfa(archive, tmp_path, "kwic", "sanctions", "--sort", "left"))
    keys = [[w.strip(".,?:").lower() for w in reversed(r[2].split())] for r in left]
    assert keys == sorted(keys)
    assert keys[0][0] == "new" and keys[-1][0] == "today"


def test_limit_filters_and_formats(archive, tmp_path):
    assert len(rows(mfa(archive, tmp_path, "kwic", "sanctions", "-n", "2"))) == 2
    assert {r[0] for r in rows(mfa(archive, tmp_path, "kwic", "sanctions", "--on", "2018-01"))} == {"f5d2325"}
    data = json.loads(mfa(archive, tmp_path, "kwic", "provocation", "--format", "json").out)
    assert data[0] == {"id": "60bee0d", "date": "2018-04-03", "left": "evidence about chemical weapons; the "
                       "allegations are a", "match": "provocation", "right": ".", "field": "body",
                       "title": "Embassy comment on the chemical weapons allegations"}
    assert [d["id"] for d in data] == ["60bee0d", "ef8cf38", "c7443c9"]
    out = mfa(archive, tmp_path, "kwic", "visas", "--format", "csv").out
    table = list(csv.reader(io.StringIO(out)))
    assert table[0] == ["id", "date", "left", "match", "right", "field", "title"]
    assert [(r[3], r[5]) for r in table[1:]] == [("visa", "title"), ("visas", "body"), ("visas", "body")]
    ids = mfa(archive, tmp_path, "kwic", "sanctions", "--format", "ids").out.split()
    assert ids == ["e9472e1", "ef8cf38", "f5d2325", "e4dc321"]


def test_page_text_is_never_markup_or_terminal_control(archive, tmp_path):
    result = mfa(archive, tmp_path, "kwic", "prosperity", "--format", "table", "--color", "always", COLUMNS="120")
    assert result.code == 0, result.err
    assert "[bold]" in result.out and "\x1b[31m" not in result.out
    plain = mfa(archive, tmp_path, "kwic", "prosperity")
    assert "\x1b" not in plain.out
    assert rows(plain) == [["9fe0451", "2018-01-05", "We wish our partners peace and [bold]", "prosperity",
                            "[/bold] in the coming[31m year."]]


def test_the_terminal_view_aligns_the_matches(archive, tmp_path):
    result = mfa(archive, tmp_path, "kwic", "sanctions", "--format", "table", "--color", "never", COLUMNS="100")
    lines = result.out.splitlines()
    assert len(lines) == 9
    column = lines[0].lower().index("sanctions", 21)  # the first line's context holds no other match
    assert all(line[column:column + 8].lower() == "sanction" for line in lines), column
    assert all(len(line) <= 100 for line in lines)


def test_nothing_found_exits_1_and_bad_input_exits_2(archive, tmp_path):
    result = mfa(archive, tmp_path, "kwic", "zeppelin")
    assert result.code == 1 and result.out == "" and "0 occurrences" in result.err
    for args in (["kwic"], ["kwic", "x", "--sort", "middle"], ["kwic", "x", "-w", "-1"], ["kwic", "!!!"]):
        result = mfa(archive, tmp_path, *args)
        assert result.code == 2 and "Traceback" not in result.err and len(result.err.splitlines()) == 1, args


def test_context_takes_whole_words_on_each_side_of_every_match():
    o, c = "\ue000", "\ue001"
    marked = f"one two three {o}four{c} five {o}six{c}, seven eight"
    assert context(marked, 2) == [("two three ", "four", " five six,"), ("four five ", "six", ", seven eight")]
    long = " ".join(f"w{n}" for n in range(100_000)) + f" {o}end{c}"
    assert context(long, 3) == [("w99997 w99998 w99999 ", "end", "")]
    assert context(f"{o}start{c}", 3) == [("", "start", "")]
