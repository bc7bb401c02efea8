"""`mfa trend`: a column a term, a row a period, counts that agree with search period by period."""
from __future__ import annotations

import csv
import io
import json

import pytest

from mfa_cli.index import Filters
from mfa_cli.query import to_fts
from mfa_cli.store import open_index
from tests.analysis_pages import write_archive
from tests.test_hostile import run_mfa


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return write_archive(tmp_path_factory.mktemp("archive"))


def mfa(archive, tmp_path, *args, **env):
    return run_mfa(["--data", archive, *args], tmp_path / "cache", **env)


def rows(result) -> list[list[str]]:
    return [line.split("\t") for line in result.out.splitlines()]


def test_a_column_a_term_and_every_month_from_first_to_last(archive, tmp_path):
    result = mfa(archive, tmp_path, "trend", "sanction", "Skripal", "санкции", "provocation")
    assert result.code == 0, result.err
    assert rows(result) == [
        ["period", "sanction", "Skripal", "санкции", "provocation"],
        ["2018-01", "1", "0", "0", "0"],
        ["2018-02", "0", "0", "0", "0"],  # no item at all that month: shown, as 0
        ["2018-03", "1", "2", "0", "2"],
        ["2018-04", "1", "1", "0", "1"],
        ["2018-05", "0", "0", "2", "0"],
    ]


@pytest.mark.parametrize("by, terms, within", [
    ("month", ["sanctions", "Skripal", '"chemical weapons"', "санкций"], []),
    ("year", ["provocation", "Скрипалей"], []),
    ("day", ["sanction OR Skripal"], ["--since", "2018-03-14", "--until", "2018-03-21"]),
])
def test_counts_equal_what_search_finds_on_each_period(archive, tmp_path, by, terms, within):
    table = rows(mfa(archive, tmp_path, "trend", *terms, "--by", by, *within))
    assert table[0] == ["period", *terms]
    for period, *counts in table[1:]:
        for term, count in zip(terms, counts):
            found = mfa(archive, tmp_path, "search", term, "--on", period, "-n", "0")
            assert found.code in (0, 1)
            assert len(found.out.splitlines()) == int(count), (term, period)


def test_share_divides_by_the_items_of_each_period(archive, tmp_path):
    result = mfa(archive, tmp_path, "trend", "Skripal", "provocation", "--share", "--format", "json")
    data = json.loads(result.out)
    march = next(r for r in data if r["period"] == "2018-03")
    assert march["items"] == 3 and march["counts"] == {"Skripal": 2, "provocation": 2}
    assert march["shares"] == {"Skripal": pytest.approx(66.6667), "provocation": pytest.approx(66.6667)}
    february = next(r for r in data if r["period"] == "2018-02")
    assert february["items"] == 0 and february["shares"]["Skripal"] == 0
    tsv = rows(mfa(archive, tmp_path, "trend", "Skripal", "--share"))
    assert tsv[3] == ["2018-03", "66.67"] and tsv[4] == ["2018-04", "50.00"]


def test_filters_narrow_periods_and_counts(archive, tmp_path):
    assert rows(mfa(archive, tmp_path, "trend", "Skripal", "--since", "2018-03", "--until", "2018-04")) == [
        ["period", "Skripal"], ["2018-03", "2"], ["2018-04", "1"]]
    assert rows(mfa(archive, tmp_path, "trend", "санкции", "sanctions", "--lang", "ru")) == [
        ["period", "санкции", "sanctions"], ["2018-05", "2", "0"]]


def test_csv_jsonl_and_a_phrase_as_one_column(archive, tmp_path):
    out = mfa(archive, tmp_path, "trend", '"Skripal case"', "--by", "year", "--format", "csv").out
    assert list(csv.reader(io.StringIO(out))) == [["period", '"Skripal case"'], ["2018", "3"]]
    lines = mfa(archive, tmp_path, "trend", "visas", "--format", "jsonl").out.splitlines()
    assert json.loads(lines[0]) == {"period": "2018-01", "counts": {"visas": 1}, "items": 3}
    assert len(lines) == 5


def test_nothing_found_exits_1_and_bad_input_exits_2(archive, tmp_path):
    result = mfa(archive, tmp_path, "trend", "zeppelin")
    assert result.code == 1 and result.out == "" and "zeppelin" in result.err
    for args in (["trend"], ["trend", "x", "--by", "decade"], ["trend", "!!!"], ["trend", "x", "--format", "ids"]):
        result = mfa(archive, tmp_path, *args)
        assert result.code == 2 and "Traceback" not in result.err and len(result.err.splitlines()) == 1, args


def test_undated_items_are_not_counted_in_any_period(archive, tmp_path):
    index, _ = open_index([str(archive)], use_cache=False, warn=lambda m: None)
    found = index.trend([("Herald", to_fts("Herald"))], Filters(), by="month")
    assert sum(sum(r.counts) for r in found.rows) == 0 and found.undated == (1,)
    assert mfa(archive, tmp_path, "trend", "Herald").code == 1


def test_the_chart_escapes_page_text_and_shows_every_figure(archive, tmp_path):
    result = mfa(archive, tmp_path, "trend", "[bold]x", "Skripal", "--format", "table", "--color", "always",
                 COLUMNS="100")
    assert result.code == 0, result.err
    assert "[bold]x" in result.out  # a term that looks like markup prints as typed
    lines = result.out.splitlines()
    assert len(lines) == 6 and "items" in lines[0]
    assert "█" in lines[3] and lines[2].count("0") >= 2
