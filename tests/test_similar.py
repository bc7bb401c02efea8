"""`mfa similar`: items ranked by BM25 on an item's most distinctive words, never the item itself."""
from __future__ import annotations

import json

import pytest

from mfa_cli import analysis
from mfa_cli.store import open_index
from tests.analysis_pages import page, write_archive
from tests.test_hostile import run_mfa


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    root = write_archive(tmp_path_factory.mktemp("archive"))
    # A later snapshot edits the Salisbury statement's text: the item now has two versions.
    later = [("01.06.2018", "Notice of holiday closure", "Closed Thursday."),  # no word any other item has
             ("20.03.2018", "Statement on the Salisbury incident",
              "The Skripal case remains unexplained, and Novichok was never ours. We demand consular access "
              "to the Skripals. The sanctioning of Russian diplomats over the Skripal case is a provocation."),
             ("14.03.2018", "Embassy comment on the expulsion of diplomats",
              "The expulsion is a provocation, and the Skripal case is its pretext.")]
    (root / "2018-06.txt").write_text(page("2 June 2018", later) + "all messages\n", encoding="utf-8")
    return root


def mfa(archive, tmp_path, *args):
    return run_mfa(["--data", archive, *args], tmp_path / "cache")


def ids(result) -> list[str]:
    return [line.split("\t")[0] for line in result.out.splitlines()]


def test_the_items_sharing_the_most_distinctive_words_come_first(archive, tmp_path):
    result = mfa(archive, tmp_path, "similar", "ef8c")
    assert result.code == 0, result.err
    found = ids(result)
    assert "ef8cf38" not in found  # neither the item nor any of its versions
    assert set(found[:2]) == {"e9472e1", "c7443c9"}  # the other two on the Skripal case
    assert len(found) == len(set(found))
    index, _ = open_index([str(archive)], use_cache=False, warn=lambda m: None)
    assert index.get("ef8c").versions == 2
    words = [w for w, _ in index.similar_terms(index.get("ef8c"))]
    assert "skripal" in words and "novichok" not in words  # in this item alone: it finds nothing
    assert not {"the", "over", "our"} & set(words)


def test_title_words_weigh_more_and_russian_forms_match(archive, tmp_path):
    index, _ = open_index([str(archive)], use_cache=False, warn=lambda m: None)
    weights = dict(index.similar_terms(index.get("ef8c")))
    # each in one other item: "statement" in the title, "consular" in the text
    assert weights["statement"] == pytest.approx(3 * weights["consular"], rel=1e-3)
    assert ids(mfa(archive, tmp_path, "similar", "5750", "-n", "1")) == ["bcffa8a"]  # санкциях ~ санкциям


def test_limit_filters_and_formats(archive, tmp_path):
    assert len(ids(mfa(archive, tmp_path, "similar", "ef8c", "-n", "1"))) == 1
    march = ids(mfa(archive, tmp_path, "similar", "ef8c", "--until", "2018-03-31"))
    assert march[0] == "c7443c9" and "e9472e1" not in march
    dated = ids(mfa(archive, tmp_path, "similar", "ef8c", "--since", "2018-04"))
    assert dated[0] == "e9472e1" and "c7443c9" not in dated
    data = json.loads(mfa(archive, tmp_path, "similar", "ef8c", "--format", "json").out)
    assert data[0]["id"] in ("e9472e1", "c7443c9") and data[0]["score"] > data[-1]["score"] > 0
    assert "**Skripal**" in data[0]["snippet"]
    assert mfa(archive, tmp_path, "similar", "ef8c", "--format", "ids").out.split() == ids(
        mfa(archive, tmp_path, "similar", "ef8c"))


def test_nothing_alike_exits_1_and_bad_input_exits_2(archive, tmp_path):
    notice = ids(mfa(archive, tmp_path, "list", "--on", "2018-06-01"))[0]
    lonely = mfa(archive, tmp_path, "similar", notice)
    assert lonely.code == 1 and lonely.out == "" and "0 similar items" in lonely.err
    unknown = mfa(archive, tmp_path, "similar", "ffff")
    assert unknown.code == 1 and "ffff" in unknown.err
    for args in (["similar"], ["similar", "ef8c", "-n", "-2"], ["similar", "zz"], ["similar", "ef8c", "e9472"]):
        result = mfa(archive, tmp_path, *args)
        assert result.code == 2 and "Traceback" not in result.err and len(result.err.splitlines()) == 1, args


def test_common_words_are_dropped_to_keep_the_items_scored_within_budget(archive, monkeypatch):
    index, _ = open_index([str(archive)], use_cache=False, warn=lambda m: None)
    item = index.get("ef8c")
    everything = index.similar_terms(item)
    monkeypatch.setattr(analysis, "ROW_BUDGET_MIN", 3)
    within = index.similar_terms(item)
    assert within and len(within) < len(everything)
    total = index.count()
    rows = sum(index._doc_frequency(w, total, total + 10) for w, _ in within)
    assert rows <= 3
