"""Storing what changed between snapshots: versions and their events, retitle links, and the listing
comparisons that find removals and late insertions. The rules are history.py's; this module only
keeps their results in the index and brings them up to date with the files that changed.

Tables (schema.py): `versions` and `events` for items with more than one version; `links` from a
later title's key to its item's key; `listings` pairs each listing page with the earlier listing it
is compared with, and `moves` holds what that comparison found.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .schema import _chunks, _join, _marks, _RECORD


def _file_date(mtime_ns: int) -> str | None:
    """The local date of a file's modification time (ISO), or None when it has none (standard input)."""
    if not mtime_ns or mtime_ns <= 0:
        return None
    try:
        return dt.date.fromtimestamp(mtime_ns / 1e9).isoformat()
    except (OverflowError, OSError, ValueError):
        return None


def _order(seen: str | None, path: str, line: int = 0) -> tuple:
    return (seen is None, seen or "", path, line)


class HistoryWriter:
    """The history half of Builder, over `self.db`."""

    @property
    def _canon(self):
        """key -> the key of the item it belongs to, through retitle links (few: read whole)."""
        links = dict(self.db.execute("SELECT key, canon FROM links"))
        return lambda key: links.get(key, key)

    def _versions(self, key: str, sightings, records, eids) -> list:
        """The item's versions; for more than one, store them and the events between them."""
        from .history import Version, changes_between, diff_counts, versions, word_diff

        if len(sightings) == 1:  # most items: one sighting, one version, nothing stored
            s = sightings[0]
            return [Version(s.title, s.subtitle, s.body, s.seen, s.seen, s.estimated, (s,), s.title_cut)]
        found = versions(sightings)
        if len(found) < 2:
            return found
        db = self.db
        rows, events = [], []
        for n, v in enumerate(found):
            sources = _RECORD.join(_join((s.path, str(s.line), s.seen or "")) for s in v.sightings)
            rows.append((key, n + 1, v.title, v.subtitle, eids[v.fullest.ref], v.first_seen, v.last_seen,
                         int(v.estimated), sources))
            if n == 0:
                continue
            old = found[n - 1]
            for kind in changes_between(old, v):
                removed, added = diff_counts(word_diff(old.body, v.body)) if kind == "edited" else (0, 0)
                events.append((key, kind, n + 1, v.first_seen, int(v.estimated), old.last_seen, old.title,
                               v.title, removed, added))
        db.executemany("INSERT INTO versions (item, n, title, subtitle, body_entry, first_seen, last_seen, "
                       "estimated, sources) VALUES (?,?,?,?,?,?,?,?,?)", rows)
        db.executemany("INSERT INTO events (item, type, n, snapshot, estimated, previous, old_title, new_title, "
                       "removed_words, added_words) VALUES (?,?,?,?,?,?,?,?,?,?)", events)
        return found

    # --- retitles ------------------------------------------------------------------------------

    def _retitle(self, openings: set[str], keys: set[str]) -> tuple[set[str], set[int]]:
        """Link again the titles whose texts open alike, around the openings and keys touched.

        Returns the item keys that gained or lost entries, and the listing files that show them
        (their comparisons are made again).
        """
        from .corpus import uid_of
        from .history import fold, retitle_groups

        db = self.db
        group: set[str] = set()
        for chunk in _chunks(sorted(keys)):
            for key, canon in db.execute(
                f"SELECT key, canon FROM links WHERE key IN ({_marks(chunk)}) OR canon IN ({_marks(chunk)})",
                chunk + chunk,
            ):
                group.update((key, canon))
        canon = self._canon
        frontier = set(openings)
        for _ in range(4):  # a chain of openings longer than this has never been seen; stop there
            shared = [o for chunk in _chunks(sorted(frontier)) for (o,) in db.execute(
                f"SELECT opening FROM entries WHERE opening IN ({_marks(chunk)}) "
                "GROUP BY opening HAVING count(DISTINCT tgt) > 1", chunk)]
            new = {t for chunk in _chunks(shared) for (t,) in db.execute(
                f"SELECT DISTINCT tgt FROM entries WHERE opening IN ({_marks(chunk)})", chunk)} - group
            if not new:
                break
            group |= new
            frontier = {o for _, o in self._of_keys(new, "opening", canon, "opening IS NOT NULL")} - frontier
        if not group:
            return set(), set()
        facts: dict[str, list] = {}
        for tgt, body, fid, seen, path, line in self._of_keys(
                group, "substr(body, 1, 4000), file_id, files.seen, files.path, line", canon):
            fact = facts.setdefault(tgt, ["", set(), None])
            if len(body or "") > len(fact[0]):
                fact[0] = body
            fact[1].add(fid)
            order = _order(seen, path, line)
            fact[2] = order if fact[2] is None else min(fact[2], order)
        rows = [(key, key.split("\x1f", 1)[0], fold(text), frozenset(fids), first)
                for key, (text, fids, first) in facts.items()]
        links = retitle_groups(rows)
        old = {}
        for chunk in _chunks(sorted(group)):
            old.update(db.execute(f"SELECT key, canon FROM links WHERE key IN ({_marks(chunk)})", chunk))
        changed = {k for k in group if links.get(k, k) != old.get(k, k)}
        if not changed:
            return set(), set()
        for chunk in _chunks(sorted(group)):
            db.execute(f"DELETE FROM links WHERE key IN ({_marks(chunk)})", chunk)
        db.executemany("INSERT INTO links (key, canon, uid) VALUES (?,?,?)",
                       [(k, c, uid_of(k)) for k, c in links.items()])
        self._refresh_short_ids({uid_of(k) for k in changed})
        # The canonical key of a whole group may have changed: every key of it is pointed again.
        touched = {old.get(k, k) for k in group} | {links.get(k, k) for k in group}
        db.executemany("UPDATE entries SET rkey = ? WHERE rkey = ? AND tgt = ?",
                       [(links.get(k, k), canon(k), k) for k in group])
        files = {fid for _, fid in self._of_keys(group, "file_id", lambda k: links.get(k, k), "role = 1")}
        return touched, files

    def _of_keys(self, keys: set[str], columns: str, canon, where: str = ""):
        """(tgt, columns...) of the entries whose own item key (tgt) is one of `keys`, found through
        the key of the item each belongs to (rkey, canon(tgt)): entries keep no index on tgt, which
        would cost a fifth of inserting them."""
        rkeys = sorted({canon(k) for k in keys})
        for chunk in _chunks(rkeys):
            for row in self.db.execute(
                f"SELECT tgt, {columns} FROM entries JOIN files ON files.id = entries.file_id "
                f"WHERE rkey IN ({_marks(chunk)})" + (f" AND {where}" if where else ""), chunk,
            ):
                if row[0] in keys:
                    yield row

    # --- removals and insertions ---------------------------------------------------------------

    def _relist(self, added: set[int], dropped: set[int]) -> set[str]:
        """Compare again the listings that changed, those that share items with them and come later,
        and those whose earlier listing is gone. Returns the item keys whose moves changed."""
        self._memo = {}
        try:
            return self._relist_files(added, dropped)
        finally:
            self._memo = {}

    def _relist_files(self, added: set[int], dropped: set[int]) -> set[str]:
        db = self.db
        touched: set[str] = set()
        todo: set[int] = set()
        for chunk in _chunks(sorted(dropped)):
            todo.update(f for (f,) in db.execute(
                f"SELECT file_id FROM listings WHERE pred IN ({_marks(chunk)})", chunk))
            touched.update(k for (k,) in db.execute(
                f"SELECT item FROM moves WHERE file_id IN ({_marks(chunk)})", chunk))
            db.execute(f"DELETE FROM moves WHERE file_id IN ({_marks(chunk)})", chunk)
            db.execute(f"DELETE FROM listings WHERE file_id IN ({_marks(chunk)})", chunk)
        todo -= dropped
        for fid in sorted(added):
            info = self._file(fid)
            if info is None:
                continue
            todo.add(fid)
            for other, _ in self._sharing(fid):
                facts = self._file(other)
                if facts and info[0] is not None and _order(facts[0], facts[1]) > _order(info[0], info[1]):
                    todo.add(other)
        for fid in sorted(todo):
            touched |= self._compare(fid)
        return touched

    # Within one _relist, files and entries do not change (only moves and listings are written), and
    # each listing is looked at from every listing it shares items with: what is read of a file is
    # kept in self._memo for the rest of the call (a 100k-item build: ~23,000 statements fewer).

    def _file(self, fid: int) -> tuple | None:
        """(seen, path, estimated) of a file."""
        if ("file", fid) not in self._memo:
            self._memo["file", fid] = self.db.execute(
                "SELECT seen, path, estimated FROM files WHERE id = ?", (fid,)).fetchone()
        return self._memo["file", fid]

    def _listing(self, fid: int) -> list[str]:
        if ("listing", fid) not in self._memo:
            self._memo["listing", fid] = [k for (k,) in self.db.execute(
                "SELECT rkey FROM entries WHERE file_id = ? AND role = 1 ORDER BY line", (fid,))]
        return self._memo["listing", fid]

    def _sharing(self, fid: int) -> list[tuple[int, int]]:
        """Other listing files showing two or more of the items this listing shows, with how many."""
        if ("sharing", fid) not in self._memo:
            self._memo["sharing", fid] = self._find_sharing(fid, self._listing(fid))
        return self._memo["sharing", fid]

    def _find_sharing(self, fid: int, keys: list[str]) -> list[tuple[int, int]]:
        found: dict[int, set[str]] = {}
        for chunk in _chunks(sorted(set(keys))):
            for other, key in self.db.execute(
                f"SELECT file_id, rkey FROM entries WHERE role = 1 AND rkey IN ({_marks(chunk)}) AND file_id != ?",
                [*chunk, fid],
            ):
                found.setdefault(other, set()).add(key)
        return [(other, len(ks)) for other, ks in found.items() if len(ks) >= 2]

    def _compare(self, fid: int) -> set[str]:
        """Pair a listing with the earlier listing that shares the most of its items (two or more; the
        latest of those), and store the removals and insertions between them. Returns the item keys
        whose moves changed."""
        from .history import compare_listings

        db = self.db
        touched = {k for (k,) in db.execute("SELECT item FROM moves WHERE file_id = ?", (fid,))}
        db.execute("DELETE FROM moves WHERE file_id = ?", (fid,))
        db.execute("DELETE FROM listings WHERE file_id = ?", (fid,))
        info = self._file(fid)
        keys = self._listing(fid)
        if info is None or info[0] is None or len(keys) < 2:
            return touched
        here = _order(info[0], info[1])
        best = None
        for other, count in self._sharing(fid):
            facts = self._file(other)
            if facts is None or facts[0] is None or _order(facts[0], facts[1]) >= here:
                continue
            rank = (count, facts[0], facts[1])
            if best is None or rank > best[0]:
                best = (rank, other, facts)
        if best is None:
            return touched
        _, pred, facts = best
        db.execute("INSERT INTO listings (file_id, pred) VALUES (?, ?)", (fid, pred))
        earlier = self._listing(pred)
        dates = {k: k.split("\x1f", 1)[0] or None for k in (*earlier, *keys)}
        rows = [(fid, kind, key, before, after, info[0], info[2], facts[0])
                for kind, key, before, after in compare_listings(earlier, keys, dates=dates,
                                                                 earlier_seen=facts[0])]
        db.executemany("INSERT INTO moves (file_id, type, item, before, after, snapshot, estimated, previous) "
                       "VALUES (?,?,?,?,?,?,?,?)", rows)
        return touched | {r[2] for r in rows}

    def _mark(self, keys: Iterable[str]) -> None:
        """Set each item's removal (when no later snapshot shows it again) and late insertion; rows
        with neither, before or after, are not written again (most of a first build's)."""
        db = self.db
        for chunk in _chunks(sorted(keys)):
            db.execute(
                "UPDATE items SET "
                "removed = (SELECT min(m.snapshot) FROM moves m WHERE m.item = items.key AND m.type = 'removed' "
                "AND m.snapshot > coalesce(items.last_seen, '')), "
                "inserted = (SELECT min(m.snapshot) FROM moves m WHERE m.item = items.key AND m.type = 'inserted') "
                f"WHERE key IN ({_marks(chunk)}) AND (removed IS NOT NULL OR inserted IS NOT NULL "
                "OR EXISTS (SELECT 1 FROM moves m WHERE m.item = items.key))", chunk)
