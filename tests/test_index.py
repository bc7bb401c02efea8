"""Merging, ids and the index: the same answers in memory, from a cache, and after every change."""
from __future__ import annotations

import os
import sqlite3

import pytest


from mfa_cli import store
from mfa_cli.corpus import short_ids
from mfa_cli.index import Filters, Index
from mfa_cli.query import to_fts
from mfa_cli.sources import discover

HEADER = "{snap}\nMoscow: 10:00\nLondon: 08:00\n\nConsular queries:\n+44 (0) 203 668 7474\n\n"


def page(snap: str, entries: list[tuple[str, str, str]], *, footer: bool = True) -> str:
    text = HEADER.format(snap=snap)
    for date, title, body in entries:
        text += f"{date} - {title}\n\n{body}\n\n" if body else f"{date} - {title}"
    return text + ("all messages" if footer else "")


def build(folder) -> Index:
    index = Index.memory()
    index.update(discover([str(folder)], print), warn=lambda m: None)
    return index


def snapshot_of(index: Index):
    return [(i.id, i.date, i.title, i.subtitle, i.body, i.complete, i.kind, i.people,
             [(os.path.basename(s.path), s.line, s.snapshot) for s in i.sources]) for i in index.items()]


def test_same_item_in_many_snapshots_is_one_item_with_every_source(tmp_path):
    (tmp_path / "a.txt").write_text(page("1 March 2018", [("01.03.2018", "Embassy statement on X", "Short.")]))
    (tmp_path / "b.txt").write_text(page("2 March 2018", [
        ("02.03.2018", "Comment on Y", "Text about Y."),
        ("01.03.2018", "Embassy statement on X", "Short. And the longer body that one snapshot kept."),
    ]))
    items = build(tmp_path).items()
    assert [i.title for i in items] == ["Comment on Y", "Embassy statement on X"]
    merged = items[1]
    assert merged.body.endswith("that one snapshot kept.")
    assert [(os.path.basename(s.path), s.line) for s in merged.sources] == [("a.txt", 8), ("b.txt", 12)]


def test_title_cut_by_the_snapshot_joins_the_full_item(tmp_path):
    (tmp_path / "a.txt").write_text(page("1 March 2018", [
        ("02.03.2018", "Comment on Y", "Text."), ("01.03.2018", "Embassy statement on the situat", ""),
    ], footer=False))
    (tmp_path / "b.txt").write_text(page("5 March 2018", [
        ("01.03.2018", "Embassy statement on the situation in Syria", "Body."),
    ]))
    items = build(tmp_path).items()
    assert [i.title for i in items] == ["Comment on Y", "Embassy statement on the situation in Syria"]
    assert len(items[1].sources) == 2 and items[1].complete


def test_subtitles_keep_items_apart(tmp_path):
    text = HEADER.format(snap="1 March 2018")
    for sub in ("The situation in Syria", "Statements by General Z"):
        text += f"01.03.2018 - Comment by the Embassy Press attaché\n\n{sub}\n\nText about it.\n\n"
    (tmp_path / "a.txt").write_text(text + "all messages")
    items = build(tmp_path).items()
    assert [i.subtitle for i in items] == ["The situation in Syria", "Statements by General Z"]
    assert len({i.id for i in items}) == 2


def test_ids_depend_on_the_item_not_the_file(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir(), two.mkdir()
    (one / "x.txt").write_text(page("1 March 2018", [("01.03.2018", "Statement on X", "Body.")]))
    (two / "renamed.txt").write_text("\n\n" + page("9 May 2019", [("01.03.2018", "Statement  on X", "Other.")]))
    assert build(one).items()[0].id == build(two).items()[0].id


def test_short_ids_grow_past_seven_only_when_needed():
    ids = short_ids(["abcdef0123", "abcdef0999", "1234567890"])
    assert ids == {"abcdef0123": "abcdef01", "abcdef0999": "abcdef09", "1234567890": "1234567"}


def test_prefix_lookup(tmp_path):
    (tmp_path / "a.txt").write_text(page("1 March 2018", [("01.03.2018", f"Item {n}", "Body.") for n in range(40)]))
    index = build(tmp_path)
    item = index.items()[5]
    assert index.get(item.id[:4].upper()).uid == item.uid or index.get(item.id).uid == item.uid


def test_incremental_updates_answer_as_a_fresh_build(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    for n in range(6):
        entries = [(f"{10 + n:02d}.03.2018", f"Statement number {n}", f"Astana body {n}."),
                   ("01.03.2018", "Shared item", f"Seen in file {n}." + "." * n)]
        (folder / f"p{n}.txt").write_text(page(f"{10 + n} March 2018", entries))
    index = build(folder)
    # change one file, add one, remove one
    (folder / "p1.txt").write_text(page("20 March 2018", [("11.03.2018", "Statement number 1, revised", "New.")]))
    (folder / "p9.txt").write_text(page("21 March 2018", [("01.03.2018", "Shared item", "The longest body of all.")]))
    (folder / "p2.txt").unlink()
    index.update(discover([str(folder)], print), warn=lambda m: None)
    fresh = build(folder)
    index.db.execute("INSERT INTO items_fts (items_fts) VALUES ('integrity-check')")
    assert snapshot_of(index) == snapshot_of(fresh)
    titles = [i.title for i in index.items()]
    assert "Statement number 1, revised" in titles and "Statement number 1" not in titles
    assert "Statement number 2" not in titles
    shared = next(i for i in index.items() if i.title == "Shared item")
    assert shared.body == "The longest body of all." and len(shared.sources) == 5
    assert [h.item.title for h in index.search(to_fts("astana"))] == [h.item.title for h in fresh.search(to_fts("astana"))]


def test_cached_index_matches_memory_and_refreshes(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "SMALL_INPUT_BYTES", 0)
    monkeypatch.setenv("MFA_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "pages"
    folder.mkdir()
    for n in range(3):
        (folder / f"p{n}.txt").write_text(page("1 April 2018", [(f"0{n + 1}.03.2018", f"Briefing {n}", "Text.")]))
    cached, path = store.open_index([str(folder)], use_cache=True, warn=print)
    assert path is not None and os.path.exists(path)
    assert snapshot_of(cached) == snapshot_of(build(folder))
    (folder / "p3.txt").write_text(page("2 April 2018", [("05.03.2018", "Briefing new", "Text.")]))
    again, _ = store.open_index([str(folder)], use_cache=True, warn=print)
    assert again.items(limit=1)[0].title == "Briefing new"
    assert snapshot_of(again) == snapshot_of(build(folder))


def test_foreign_cache_file_is_set_aside(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "SMALL_INPUT_BYTES", 0)
    monkeypatch.setenv("MFA_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "p.txt").write_text(page("1 April 2018", [("01.03.2018", "Briefing", "Text.")]))
    target = store.cache_path([str(tmp_path / "p.txt")])
    os.makedirs(os.path.dirname(target))
    foreign = sqlite3.connect(target)
    foreign.execute("CREATE TABLE t (x)")
    foreign.commit()
    foreign.close()
    warnings = []
    index, path = store.open_index([str(tmp_path / "p.txt")], use_cache=True, warn=warnings.append)
    assert path == target and index.items()[0].title == "Briefing"
    assert any("set aside" in w for w in warnings)
    assert [n for n in os.listdir(os.path.dirname(target)) if ".broken-" in n]


def test_filters_combine(tmp_path):
    (tmp_path / "a.txt").write_text(page("1 April 2018", [
        ("03.03.2018", "Briefing by Foreign Ministry Spokesperson Maria Zakharova", "Text."),
        ("02.03.2018", "Interview of Foreign Minister Sergey Lavrov", "Text."),
        ("01.03.2018", "Comment by Foreign Ministry Spokesperson Maria Zakharova", "Text."),
    ]))
    index = build(tmp_path)
    got = index.items(Filters(kinds=("briefing", "comment"), people=("zakharova",)))
    assert [i.kind for i in got] == ["briefing", "comment"]
    import datetime as dt
    assert [i.kind for i in index.items(Filters(since=dt.date(2018, 3, 2), people=("LAVROV", "maria")))] == [
        "briefing", "interview"]


@pytest.mark.parametrize("limit", [1, 3, 5, 20, 0])
def test_quick_ranking_orders_ties_as_sql_does(tmp_path, limit):
    import datetime as dt

    entries = [(f"{1 + n % 28:02d}.0{1 + n % 9}.2018", f"Statement {n}", "Astana talks." if n % 3 else
                f"Astana talks went on for a long while, {n}.") for n in range(60)]
    (tmp_path / "a.txt").write_text(page("1 October 2018", entries))
    index = build(tmp_path)
    quick = [h.item.uid for h in index.search(to_fts("astana"), limit=limit)]
    in_sql = [h.item.uid for h in index.search(to_fts("astana"), Filters(since=dt.date(1, 1, 1)), limit=limit)]
    assert quick == in_sql and len(quick) == (limit or 60)


def test_an_answer_made_before_another_process_indexed_is_made_again(tmp_path, monkeypatch):
    monkeypatch.setenv("MFA_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "p.txt").write_text(page("1 April 2018", [("01.03.2018", "Briefing", "Text.")]))
    path = store.cache_path([str(folder)])
    ours = store._open_cached(path, print)
    seen = store._version(ours)
    early = store._attempt(lambda index: index.count(), ours)
    assert early == (0, None)
    files = discover([str(folder)], print)
    theirs = store._open_cached(path, print)  # another mfa process indexes the files meanwhile
    theirs.update(files, warn=print)
    count = store._bring_up_to_date(ours, files, lambda index: index.count(), early, seen, print, None)
    assert count == 1


def test_a_busy_or_read_only_cache_is_not_called_damaged():
    assert store.damaged(sqlite3.DatabaseError("database disk image is malformed"))
    assert not store.damaged(sqlite3.OperationalError("database is locked"))


def test_the_package_exports_its_api():
    import mfa_cli

    for name in mfa_cli.__all__:
        assert getattr(mfa_cli, name) is not None
    page = mfa_cli.parse_page("01.03.2018 - Statement on X\n\nBody.\n")
    assert page.entries[0].title == "Statement on X"
