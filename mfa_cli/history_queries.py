"""Reading what changed between snapshots from the index: change events, an item's versions, and the
ids of earlier titles. The reading half of build_history.py, mixed into Index."""
from __future__ import annotations

import datetime as dt

from .models import CHANGE_TYPES, Change, Item, Version
from .schema import _RECORD, _UNIT, _marks


class HistoryReader:
    """Queries over the versions, events, links and moves tables (see schema.py), for Index."""

    def changes(self, filters=None, *, types=(), limit: int = 0) -> list[Change]:
        """Change events of the items matching `filters`, newest snapshot first (unknown dates last).

        Each item is reported removed at most once, from the first listing that shows it gone when
        no later snapshot shows it again, and inserted at most once.
        """
        from .index import Filters

        where, params = self._where(filters or Filters())
        columns = self._ITEM_COLUMNS.replace("entries.body", "''")
        clause = "".join(" AND " + w for w in where)
        wanted = set(types or CHANGE_TYPES)
        rows = []
        if wanted & {"edited", "retitled"}:
            rows += self.db.execute(
                "SELECT e.type, e.snapshot, e.estimated, e.previous, e.old_title, e.new_title, e.removed_words, "
                f"e.added_words, {columns} FROM events e JOIN items ON items.key = e.item WHERE 1{clause}",
                params).fetchall()
        if wanted & {"removed", "inserted"}:
            rows += self.db.execute(
                "SELECT m.type, m.snapshot, m.estimated, m.previous, NULL, NULL, 0, 0, "
                f"{columns} FROM moves m JOIN items ON items.key = m.item "
                "WHERE ((m.type = 'removed' AND m.snapshot = items.removed) "
                f"OR (m.type = 'inserted' AND m.snapshot = items.inserted)){clause}",
                params).fetchall()
        out, seen = [], set()
        for row in rows:
            kind, snapshot, estimated, previous, old, new, removed, added = row[:8]
            item = self._item(row[8:])
            mark = (kind, item.uid, snapshot)
            if kind not in wanted or mark in seen:
                continue
            seen.add(mark)
            out.append(Change(kind, item, snapshot, bool(estimated), previous, old, new, removed or 0, added or 0))
        out.sort(key=lambda c: (c.item.date is None, c.item.date or dt.date.min), reverse=True)
        out.sort(key=lambda c: (c.snapshot is not None, c.snapshot or ""), reverse=True)
        return out[:limit] if limit else out

    def versions(self, item: Item) -> list[Version]:
        """The item's versions, oldest first; one built from the item itself when it never changed."""
        rows = self.db.execute(
            "SELECT v.n, v.title, v.subtitle, entries.body, v.first_seen, v.last_seen, v.estimated, v.sources "
            "FROM versions v JOIN items ON items.key = v.item JOIN entries ON entries.id = v.body_entry "
            "WHERE items.uid = ? ORDER BY v.n", (item.uid,)).fetchall()
        if not rows:
            sources = tuple((s.path, s.line, s.snapshot.isoformat() if s.snapshot else None) for s in item.sources)
            # Sources run oldest first with pages of unknown date before all: the first one's date
            # is its file's when it has no page date of its own.
            estimated = bool(item.first_seen and item.sources and not item.sources[0].snapshot)
            return [Version(1, item.title, item.subtitle, item.body, item.first_seen, item.last_seen,
                            estimated, sources)]
        return [Version(n, title, subtitle, body, first, last, bool(est),
                        tuple((p, int(line), s or None) for p, line, s in
                              (record.split(_UNIT) for record in sources.split(_RECORD))))
                for n, title, subtitle, body, first, last, est, sources in rows]

    def _older_matches(self, expression: str, rowids: list[int]) -> dict[int, str]:
        """For items matched only by the words of an earlier version: a snippet of that version,
        saying which one it is ({rowid: snippet}). Only items with more than one version are read."""
        versioned = [r for (r,) in self.db.execute(
            f"SELECT rowid FROM items WHERE versions > 1 AND rowid IN ({_marks(rowids)})", rowids)]
        if not versioned:
            return {}
        # Only now: the rules' module (and the merge code it folds text with) is not on the path of
        # a warm search of items that never changed.
        from .history import fold
        from .schema import HIGHLIGHT

        latest = {r for (r,) in self.db.execute(
            f"SELECT rowid FROM items_fts WHERE items_fts MATCH ? AND rowid IN ({_marks(versioned)})",
            [f"-{{history}} : ({expression})", *versioned])}
        out = {}
        for rowid, snippet in self.db.execute(
            f"SELECT rowid, snippet(items_fts, 4, ?, ?, '…', 24) FROM items_fts WHERE items_fts MATCH ? "
            f"AND rowid IN ({_marks(versioned)})", [*HIGHLIGHT, expression, *versioned],
        ):
            if rowid in latest:
                continue
            words = [fold(w.split(HIGHLIGHT[1])[0]) for w in snippet.split(HIGHLIGHT[0])[1:]]
            item = self._item(self.db.execute(
                f"SELECT {self._ITEM_COLUMNS} FROM {self._ITEM_FROM} WHERE items.rowid = ?", (rowid,)).fetchone())
            versions = self.versions(item)
            found = next((v for v in reversed(versions[:-1]) if all(
                w in fold(" ".join(filter(None, (v.title, v.subtitle, v.body)))) for w in words)), versions[0])
            out[rowid] = f"[version {found.n} of {len(versions)}, seen {found.first_seen or 'unknown'}] {snippet}"
        return out

    def _aliases(self, prefix: str) -> list:
        """Rows of the items whose earlier or later titles' ids start with `prefix`."""
        keys = [k for (k,) in self.db.execute(
            "SELECT canon FROM links WHERE uid >= ? AND uid < ? LIMIT 11", (prefix, prefix + "g"))]
        if not keys:
            return []
        return self.db.execute(
            f"SELECT {self._ITEM_COLUMNS} FROM {self._ITEM_FROM} WHERE items.key IN ({_marks(keys)})", keys,
        ).fetchall()

