"""The parser against hand-labelled real snapshots in ../shared/corpus (skipped when it is absent).

On every page of every site and language: every labelled item whose title is whole comes out with its
exact date and title, an item cut inside its title comes out with the part that is there, nothing else
comes out (site furniture included), sub-headings and completeness are as labelled, and the snapshot
date is right. A page without items says so in a warning.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from mfa_cli.parser import parse_page

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
if not (CORPUS / "labels.json").is_file() or not (CORPUS / "manifest.json").is_file():
    pytest.skip(f"no labelled corpus at {CORPUS}", allow_module_level=True)

LABELS: dict = json.loads((CORPUS / "labels.json").read_text(encoding="utf-8"))
MANIFEST: list = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
SITE = {row["file"]: row["site"] for row in MANIFEST}

RUSEMB = sorted(name for name, site in SITE.items() if site == "rusemb")
OTHER = sorted(name for name, site in SITE.items() if site == "other-site")
ALL = sorted(SITE)
RUSSIAN = sorted(row["file"] for row in MANIFEST if row.get("language") == "ru")
WITH_SUBTITLES = [name for name in ALL if any("subtitle" in item for item in LABELS[name]["items"])]


def parse(name: str):
    # bytes -> str by hand, so the parser sees the page's own line ends
    return parse_page((CORPUS / "pages" / name).read_bytes().decode("utf-8"))


def as_date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def title_is_whole(item: dict) -> bool:
    return bool(item["complete"] or item["has_body"])


def test_corpus_is_as_expected():
    assert RUSEMB and OTHER and RUSSIAN
    assert len(set(SITE.values())) > 10
    assert set(SITE) == set(LABELS)


@pytest.mark.parametrize("name", ALL)
def test_snapshot_date(name):
    assert parse(name).snapshot == as_date(LABELS[name]["snapshot_date"])


@pytest.mark.parametrize("name", ALL)
def test_items(name):
    items = LABELS[name]["items"]
    entries = parse(name).entries
    # precision and recall: one entry per labelled item, in page order, nothing more
    assert len(entries) == len(items), (
        f"got {[e.title for e in entries]}\nlabelled {[i['title'] for i in items]}")
    for n, (entry, item) in enumerate(zip(entries, items), 1):
        where = f"item {n} {item['title']!r}"
        if title_is_whole(item):
            assert entry.title == item["title"], where
            assert entry.date == as_date(item["date"]), where
        else:
            # cut inside its title: what is there must be the start of the labelled title
            assert entry.title.strip(), where
            assert item["title"].startswith(entry.title.rstrip()), f"{where}: got {entry.title!r}"


@pytest.mark.parametrize("name", ALL)
def test_empty_page_is_warned_about(name):
    page = parse(name)
    assert ("no items found" in page.warnings) == (not LABELS[name]["items"])


@pytest.mark.parametrize("name", ALL)
def test_completeness(name):
    items = LABELS[name]["items"]
    entries = parse(name).entries
    assert [e.complete for e in entries] == [i["complete"] for i in items]


@pytest.mark.parametrize("name", WITH_SUBTITLES)
def test_subtitles(name):
    items = LABELS[name]["items"]
    entries = parse(name).entries
    assert len(entries) == len(items)
    for entry, item in zip(entries, items):
        if "subtitle" in item:
            assert entry.subtitle == item["subtitle"], f"item {item['title']!r}"


@pytest.mark.parametrize("name", OTHER)
def test_other_site_invents_no_items(name):
    titles = [item["title"] for item in LABELS[name]["items"]]
    for entry in parse(name).entries:
        assert entry.title.strip()
        exact = entry.title in titles
        prefix = entry.title_cut and any(t.startswith(entry.title.rstrip()) for t in titles)
        assert exact or prefix, f"invented item {entry.title!r} (line {entry.line})"
