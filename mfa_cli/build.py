"""Bringing the index up to date: reading changed files, merging their entries into items.

Files are the unit of change: each run compares the inputs' paths, sizes and mtimes with the `files`
table and re-reads only what differs. Entries keep the key of the item they belong to (`rkey`);
after a change only the items whose keys were touched are rebuilt, so an index updated file by file
answers exactly as one built from scratch.
"""
from __future__ import annotations

import datetime as dt
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence

from .build_history import HistoryWriter, _file_date
from .people_index import PeopleIndex, people_fold
from .models import Entry, Source
from .schema import SHORT_ID, _chunks, _join, _marks, _RECORD, fts_rows, manifest, stored_path
from .sources import InputFile


# A transaction's files are held in memory, parsed, and parsed again ahead of it: 20 MB of
# snapshots (500 of the benchmark's English pages, 280 Russian ones) keep a 500k-item build within
# ~350 MiB over all processes.
BATCH_BYTES = 20_000_000


class Stalled(Exception):
    """Another process holds the index's write lock and has committed nothing for a while."""


def lock_wait() -> float:
    """Seconds to wait for another writer that commits nothing (MFA_LOCK_WAIT, default 30)."""
    try:
        return max(0.0, float(os.environ.get("MFA_LOCK_WAIT", "30")))
    except ValueError:
        return 30.0


def _busy(exc: BaseException) -> bool:
    return (getattr(exc, "sqlite_errorname", "") or "").startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


def _item_row(rowid: int, uid: str, key: str, date: str | None, title: str, subtitle: str | None,
              body_entry: int, kind: str, people: str, speakers: str, complete, sources: str, path: str,
              line: int, first_seen: str | None, last_seen: str | None, versions: int, history: str | None,
              language: str, site: str | None, folds: tuple[str, str] | None = None) -> tuple:
    """A row of `items` in the column order _rebuild_items inserts, short id and folded names made
    (unless given: `folds`, the people_fold of people and of speakers)."""
    folds = folds or (people_fold(people), people_fold(speakers))
    return (rowid, uid, uid[:SHORT_ID], key, date, title, subtitle, body_entry, kind, people, folds[0],
            speakers, folds[1], int(bool(complete)), sources, f"{path}\x1f{line:09d}", first_seen,
            last_seen, versions, history, language, site)


class Builder(HistoryWriter, PeopleIndex):
    """The writing half of Index (see index.py), over `self.db`."""

    why = ""  # for an index in memory: why it is not cached
    _said_waiting = False

    def check(self, files: Sequence[InputFile]) -> tuple[list[InputFile], list[int]]:
        """Like stale(), trusting the digest of the file list the index was last brought up to date
        with: when the files on disk give the same digest, nothing is compared one by one."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'files'").fetchone()
        if row and row[0] == manifest(files):
            return [], []
        changed, dropped = self.stale(files)
        if not changed and not dropped:
            self._remember(files)  # so the next run can trust the digest
        return changed, dropped

    def stale(self, files: Sequence[InputFile]) -> tuple[list[InputFile], list[int]]:
        """The input files that are new or changed, and the ids of indexed files now gone or changed."""
        known = {path: (fid, size, mtime) for fid, path, size, mtime in
                 self.db.execute("SELECT id, path, size, mtime_ns FROM files")}
        changed, dropped = [], []
        wanted = set()
        for f in files:
            path = stored_path(f.path)
            wanted.add(path)
            old = known.get(path)
            if old is None:
                changed.append(f)
            elif (old[1], old[2]) != (f.size, f.mtime_ns):
                changed.append(f)
                dropped.append(old[0])
        dropped += [fid for path, (fid, _, _) in known.items() if path not in wanted]
        return changed, dropped

    def _unindexed(self, files: Sequence[InputFile]) -> set[str]:
        """The paths of these files that the index does not hold as they are (size and mtime): as
        stale() would find them, without reading every other file's row."""
        stored = [stored_path(f.path) for f in files]
        held = {}
        for chunk in _chunks(stored):
            held.update((path, (size, mtime)) for path, size, mtime in self.db.execute(
                f"SELECT path, size, mtime_ns FROM files WHERE path IN ({_marks(chunk)})", chunk))
        return {f.path for f, path in zip(files, stored) if held.get(path) != (f.size, f.mtime_ns)}

    def update(
        self,
        files: Sequence[InputFile],
        *,
        warn: Callable[[str], None],
        progress: Callable[[int, int], None] | None = None,
        batch: int | None = None,
        workers: int | None = None,
        stale: tuple[list[InputFile], list[int]] | None = None,
    ) -> int:
        """Bring the index up to date with `files`, in transactions of `batch` files (by default an
        eighth of the files to read, at most 500 files and BATCH_BYTES of them, at least 20), parsed
        by `workers` processes (see reading.batches), which parse one transaction's files while the
        last one is written.

        Fewer, larger transactions flush the full-text index less often, and a page cache of 64 MB
        (SQLite's default is 2 MB) keeps the indexes' pages in memory as a large build inserts into
        them everywhere: together 2-3 s less CPU in a 100k-item build (of ~27 s), half the system
        time, for at most ~100 MB more memory. Eight transactions or more let the writing of one
        overlap the parsing of the next.

        Each transaction leaves a consistent index: a file is either fully in it, with its items
        merged, or not at all. `stale`: what check(files) has just found, not looked for again.
        Returns how many files were read.
        """
        changed, dropped = stale if stale is not None else self.check(files)
        if not changed and not dropped:
            return 0
        from .reading import batches

        self.db.execute("PRAGMA cache_size = -65536")
        retry = False
        if dropped:
            with self._transaction(warn):
                self._apply([], dropped)
        if not batch:
            size = sum(max(f.size, 0) for f in changed) / max(len(changed), 1)
            batch = max(20, min(500, len(changed) // 8, int(BATCH_BYTES // max(size, 1))))
        reader = batches(changed, size=batch, workers=workers, progress=progress)
        try:
            for chunk in reader:
                pages = []
                for f, page, warnings, failed, derived in chunk:
                    if failed:  # stored under a size no file has, so the next run reads it again
                        f = f._replace(size=-1)
                        retry = True
                    pages.append((f, page, warnings, derived))
                with self._transaction(warn):
                    fresh = self._unindexed([p[0] for p in chunk])  # another process may have indexed these
                    todo = [p for p in pages if p[0].path in fresh]
                    old = [fid for (fid,) in self.db.execute(
                        f"SELECT id FROM files WHERE path IN ({','.join('?' * len(todo))})",
                        [stored_path(p[0].path) for p in todo])] if todo else []
                    self._apply(todo, old)
        finally:
            reader.close()  # stops the parsing workers now (Ctrl-C, an error), not when collected
        self._remember(files, trust=not retry)
        return len(changed)

    def _remember(self, files: Sequence[InputFile], *, trust: bool = True) -> None:
        """Record the digest of the file list the index now matches (none when a read failed).

        Only a shortcut for the next run: skipped when the cache cannot be written just now."""
        digest = manifest(files) if trust else ""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'files'").fetchone()
        if (row[0] if row else "") == digest:
            return
        try:
            with self._transaction(None):
                self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('files', ?)", (digest,))
        except (sqlite3.OperationalError, Stalled):
            pass

    def add_text(self, name: str, data: bytes, *, warn: Callable[[str], None]) -> None:
        """Index bytes that are not a file on disk (standard input) under `name`."""
        from .parser import parse_page
        from .reading import derive
        from .sources import decode

        text, warnings = decode(data, name)
        page = parse_page(text) if text is not None else None
        if page is not None:
            warnings += [f"{name}: {w}" for w in page.warnings]
        with self._transaction(warn):
            self._apply([(InputFile(name, len(data), 0), page, warnings, derive(page))], [])

    def _transaction(self, warn):
        """A write transaction. While another process holds the lock, wait (saying so through
        `warn`) as long as it keeps committing; Stalled once it has committed nothing for
        lock_wait() seconds. Without `warn`, Stalled at the first refusal."""
        builder = self

        class _Tx:
            def __enter__(self_):
                builder._begin(warn)

            def __exit__(self_, kind, value, tb):
                if kind is None:
                    builder.db.execute("COMMIT")
                elif builder.db.in_transaction:  # SQLite has already rolled back after some errors
                    builder.db.execute("ROLLBACK")
                return False

        return _Tx()

    def _begin(self, warn) -> None:
        db = self.db
        deadline = version = None
        while True:
            try:
                db.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if not _busy(exc):
                    raise
            if warn is None:
                raise Stalled("another mfa is indexing this archive")
            now = time.monotonic()
            current = db.execute("PRAGMA data_version").fetchone()[0]
            if deadline is None and not self._said_waiting:  # once a run, not once a batch
                warn("waiting for another mfa indexing this archive")
                self._said_waiting = True
            if deadline is None or current != version:
                deadline, version = now + lock_wait(), current
            elif now >= deadline:
                raise Stalled(f"another mfa has held the index of this archive for {lock_wait():g} s "
                              "without progress")

    def _apply(self, pages, dropped_ids: Iterable[int]) -> None:
        """Remove the dropped files' entries, add the new pages' (file, page, warnings, what
        reading.derive gives), and re-merge what that touched."""
        # (path, line) -> (own key, facts_of(), reading.derive's `alone`) of each entry read now
        self._derived = {}
        self._fresh = {}  # id -> the entries row _rebuild_items reads back, for each entry stored now
        try:
            self._apply_pages(pages, dropped_ids)
        finally:
            self._derived, self._fresh = {}, {}

    def _apply_pages(self, pages, dropped_ids: Iterable[int]) -> None:
        from .history import LISTED, PAGE

        db = self.db
        touched_keys: set[str] = set()
        touched_dates: set[str] = set()
        touched_tkeys: set[str] = set()
        touched_openings: set[str] = set()
        dropped_ids = list(dropped_ids)
        for fid in dropped_ids:
            for key, rkey, date, tkey, tgt, opened in db.execute(
                "SELECT key, rkey, date, tkey, tgt, opening FROM entries WHERE file_id = ?", (fid,)
            ):
                touched_keys.update((key, rkey, tgt))
                if date:
                    touched_dates.add(date)
                touched_tkeys.add(tkey)
                if opened:
                    touched_openings.add(opened)
        # Retire the items these entries belong to while their text is still there to unindex.
        retired = self._retire(touched_keys)
        for fid in dropped_ids:
            db.execute("DELETE FROM entries WHERE file_id = ?", (fid,))
            db.execute("DELETE FROM files WHERE id = ?", (fid,))
        canon = self._canon
        fresh = self._fresh
        eid = (db.execute("SELECT max(id) FROM entries").fetchone()[0] or 0) + 1
        added = []
        for f, page, warnings, derived in pages:
            snapshot = page.snapshot.isoformat() if page and page.snapshot else None
            seen = snapshot or _file_date(f.mtime_ns)
            cur = db.execute(
                "INSERT INTO files (path, size, mtime_ns, snapshot, entries, warnings, seen, estimated, site) "
                "VALUES (?,?,?,?,?,?,?,?,?)",
                (stored_path(f.path), f.size, f.mtime_ns, snapshot, len(page.entries) if page else 0,
                 _join(warnings), seen, int(seen is not None and snapshot is None), page.site if page else None),
            )
            fid = cur.lastrowid
            entries = page.entries if page else ()
            listed = sum(1 for e in entries if not e.lead) >= 2
            if listed:
                added.append(fid)
            rows = []
            path = stored_path(f.path)
            site = page.site if page else None
            est = int(seen is not None and snapshot is None)
            for e, (key, tkey, opened, facts, alone) in zip(entries, derived):
                self._derived[path, e.line] = (key, facts, alone)
                date = e.date.isoformat() if e.date else None
                touched_keys.add(key)
                touched_tkeys.add(tkey)
                if date:
                    touched_dates.add(date)
                if opened:
                    touched_openings.add(opened)
                complete, cut, role = int(e.complete), int(e.title_cut), LISTED if listed and not e.lead else PAGE
                rows.append((eid, fid, e.line, date, e.title, e.subtitle, e.body, complete, cut, key, tkey,
                             canon(key), key, role, opened))
                fresh[eid] = (eid, date, e.title, e.subtitle, e.body, complete, e.line, cut, path, snapshot, role,
                              seen, est, site)
                eid += 1
            db.executemany(
                "INSERT INTO entries (id, file_id, line, date, title, subtitle, body, complete, title_cut, "
                "key, tkey, rkey, tgt, role, opening) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                rows,
            )
        touched_keys |= self._resolve(touched_dates, touched_tkeys)
        moved, relist = self._retitle(touched_openings, touched_keys)
        touched_keys |= moved
        self._rebuild_items(touched_keys, retired)
        self._settle_names()
        marked = self._relist(set(added) | relist, set(dropped_ids))
        self._mark(touched_keys | marked)

    def _resolve(self, dates: set[str], tkeys: set[str]) -> set[str]:
        """Re-point cut titles on `dates` and undated leads with `tkeys` at the item they belong to.

        Returns every key whose item gained or lost an entry.
        """
        from .corpus import cut_target

        db = self.db
        moves: list[tuple[str, str, int]] = []
        moved: set[str] = set()
        canon = self._canon
        cut = [row for chunk in _chunks(sorted(dates)) for row in db.execute(
            f"SELECT id, date, title, key, tgt FROM entries WHERE title_cut = 1 AND date IN ({_marks(chunk)})",
            chunk)]
        if cut:
            cut_dates = sorted({row[1] for row in cut})
            full: dict[str, list[str]] = {}
            for chunk in _chunks(cut_dates):
                for date, key in db.execute(
                    f"SELECT DISTINCT date, key FROM entries WHERE title_cut = 0 AND date IN ({_marks(chunk)})",
                    chunk,
                ):
                    full.setdefault(date, []).append(key)
            for eid, date, title, key, tgt in cut:
                target = cut_target(title, full.get(date, ())) or key
                if target != tgt:
                    moves.append((target, canon(target), eid))
                    moved.update((canon(target), canon(tgt)))
        undated = [row for chunk in _chunks(sorted(tkeys)) for row in db.execute(
            f"SELECT id, tkey, key, tgt FROM entries WHERE date IS NULL AND tkey IN ({_marks(chunk)})", chunk)]
        if undated:
            dated: dict[str, list[str]] = {}
            for chunk in _chunks(sorted({row[1] for row in undated})):
                for tkey, key in db.execute(
                    f"SELECT DISTINCT tkey, key FROM entries WHERE tkey IN ({_marks(chunk)}) "
                    "AND date IS NOT NULL AND title_cut = 0", chunk,
                ):
                    dated.setdefault(tkey, []).append(key)
            for eid, tkey, key, tgt in undated:
                candidates = dated.get(tkey, [])
                target = candidates[0] if len(candidates) == 1 else key
                if target != tgt:
                    moves.append((target, canon(target), eid))
                    moved.update((canon(target), canon(tgt)))
        db.executemany("UPDATE entries SET tgt = ?, rkey = ? WHERE id = ?", moves)
        return moved

    def _rebuild_items(self, keys: set[str], retired: set[str] = frozenset()) -> None:
        """Merge the entries of each key into its item again, with its versions, replacing the old one.

        `retired` are the uids of items already removed: the short ids beside theirs may shorten."""
        from .corpus import build_item, fullest, uid_of
        from .history import Sighting

        db = self.db
        gone = self._retire(keys) | set(retired)
        changed_uids = set(gone)
        for chunk in _chunks(sorted(keys)):
            db.execute(f"DELETE FROM versions WHERE item IN ({_marks(chunk)})", chunk)
            db.execute(f"DELETE FROM events WHERE item IN ({_marks(chunk)})", chunk)
        groups: dict[str, list] = {}
        fresh = getattr(self, "_fresh", {})
        stored = []  # keys whose entries are read back: all but those of one entry stored just now
        for chunk in _chunks(sorted(keys)):
            for key, n, eid in db.execute(
                f"SELECT rkey, count(*), max(id) FROM entries WHERE rkey IN ({_marks(chunk)}) GROUP BY rkey", chunk
            ):
                if n == 1 and eid in fresh:
                    groups[key] = [fresh[eid]]
                else:
                    stored.append(key)
        for chunk in _chunks(stored):
            for row in db.execute(
                "SELECT rkey, entries.id, entries.date, title, subtitle, body, complete, line, title_cut, "
                "files.path, files.snapshot, role, files.seen, files.estimated, files.site "
                "FROM entries JOIN files ON files.id = entries.file_id "
                f"WHERE rkey IN ({_marks(chunk)})", chunk,
            ):
                groups.setdefault(row[0], []).append(row[1:])
        rowid = (db.execute("SELECT max(rowid) FROM items").fetchone()[0] or 0) + 1
        item_rows, fts = [], []  # fts: full-text rows as the index reads them (shadows)
        derived = getattr(self, "_derived", {})
        for key in sorted(groups):
            rows = groups[key]
            if len(rows) == 1:  # most items: seen once, so nothing to merge
                item_row, fts_row = self._solo(rowid, key, rows[0], derived, uid_of)
                item_rows.append(item_row)
                fts.append(fts_row)
                changed_uids.add(item_row[1])
                rowid += 1
                continue
            records, eids, sightings, where = [], [], [], {}
            sites = {}
            for eid, date, title, subtitle, body, complete, line, cut, path, snap, role, seen, est, site in rows:
                entry = Entry(
                    date=dt.date.fromisoformat(date) if date else None, title=title, subtitle=subtitle,
                    body=body, complete=bool(complete), line=line, title_cut=bool(cut),
                )
                records.append((entry, Source(path, line, dt.date.fromisoformat(snap) if snap else None)))
                where[id(entry)] = path
                eids.append(eid)
                sightings.append(Sighting(title, subtitle, body, bool(cut), role, seen, bool(est), path, line,
                                          len(eids) - 1))
                if site:
                    sites[(path, line)] = site
            versions = self._versions(key, sightings, records, eids)
            latest = [records[s.ref] for s in versions[-1].sightings]
            item = build_item(key, records, latest,
                              known=lambda e: derived.get((where.get(id(e)), e.line), (None, None))[1])
            best = fullest(latest)
            body_entry = eids[next(n for n, r in enumerate(records) if r[0] is best)]
            site = next((sites[s.path, s.line] for s in item.sources if (s.path, s.line) in sites), None)
            sources = _RECORD.join(_join((s.path, str(s.line), s.snapshot.isoformat() if s.snapshot else ""))
                                   for s in item.sources)
            first = item.sources[0]
            people, speakers = _join(item.people), _join(item.speakers)
            seen = [s.seen for s in sightings if s.seen]
            history = " ".join(" ".join(filter(None, (v.title, v.subtitle, v.body))) for v in versions[:-1]) \
                or None
            item_rows.append(_item_row(
                rowid, item.uid, key, item.date.isoformat() if item.date else None, item.title, item.subtitle,
                body_entry, item.kind, people, speakers, item.complete, sources, first.path, first.line,
                min(seen) if seen else None, max(seen) if seen else None, len(versions), history,
                item.language, site,
            ))
            fts += fts_rows([(rowid, item.title, item.subtitle, best.body, people, history)])
            changed_uids.add(item.uid)
            rowid += 1
        db.executemany(
            "INSERT INTO items (rowid, uid, sid, key, date, title, subtitle, body_entry, kind, people, "
            "people_fold, speakers, speakers_fold, complete, sources, first_source, first_seen, last_seen, "
            "versions, history, language, site) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            item_rows,
        )
        self._count_names(((row[9], row[11]) for row in item_rows), 1)
        db.executemany("INSERT INTO items_fts (rowid, title, subtitle, body, people, history) "
                       "VALUES (?,?,?,?,?,?)", fts)
        self._refresh_short_ids(changed_uids, new={row[1] for row in item_rows} - gone)

    @staticmethod
    def _solo(rowid: int, key: str, row: tuple, derived: dict, uid_of) -> tuple[tuple, tuple]:
        """The items row and full-text row (shadowed, as fts_rows makes it) of an item seen once, as
        the general merge in _rebuild_items makes them (corpus.build_item of one record, one
        version), without it."""
        eid, _, title, subtitle, body, complete, line, _, path, snap, _, seen, _, site = row
        date = key.split("\x1f", 1)[0] or None
        sources = _join((path, str(line), snap or ""))
        own, facts, made = derived.get((path, line), (None, None, None))
        if made is not None:  # read in this transaction, and made by reading.derive
            uid, people, folded_people, speakers, folded_speakers, *texts = made
            kind, language = facts[2:]
            if own != key:  # an entry resolved onto another item's key (a cut title, say)
                uid = uid_of(key)
            return (_item_row(rowid, uid, key, date, title, subtitle, eid, kind, people, speakers, complete, sources,
                              path, line, seen or None, seen or None, 1, None, language, site or None,
                              (folded_people, folded_speakers)),
                    (rowid, *texts, None))
        from .corpus import _kind, _language, who_is_in  # an entry stored by an earlier run

        people, speakers = map(_join, who_is_in(title, body))
        item_row = _item_row(rowid, uid_of(key), key, date, title, subtitle, eid, _kind(title, subtitle), people,
                             speakers, complete, sources, path, line, seen or None, seen or None, 1, None,
                             _language(title, body), site or None)
        return item_row, fts_rows([(rowid, title, subtitle, body, people, None)])[0]

    def _retire(self, keys: Iterable[str]) -> set[str]:
        """Remove the items with these keys from the table and the full-text index; their uids."""
        db = self.db
        gone = set()
        for chunk in _chunks(sorted(keys)):
            rows = db.execute(f"SELECT rowid, uid, people, speakers FROM items WHERE key IN ({_marks(chunk)})",
                              chunk).fetchall()
            if not rows:
                continue
            self._count_names(((r[2], r[3]) for r in rows), -1)
            rowids = [r[0] for r in rows]
            indexed = db.execute("SELECT rowid, title, subtitle, body, people, history FROM item_text "
                                 f"WHERE rowid IN ({_marks(rowids)})", rowids).fetchall()
            db.executemany("INSERT INTO items_fts (items_fts, rowid, title, subtitle, body, people, history) "
                           "VALUES ('delete', ?, ?, ?, ?, ?, ?)", fts_rows(indexed))
            db.execute(f"DELETE FROM items WHERE rowid IN ({_marks(rowids)})", rowids)
            gone.update(r[1] for r in rows)
        return gone

    def _refresh_short_ids(self, uids: set[str], new: set[str] = frozenset()) -> None:
        """Keep each short id the shortest unique prefix of its uid, 7 digits or more, as git does.

        Items are stored with 7 digits; only uids that share those 7 with another need more. `new`:
        uids of items inserted just now (with 7 digits, and not there before); of those, only the
        ones whose 7 digits another item or link shares are looked at further.
        """
        from .corpus import short_ids

        db = self.db
        updates = []
        prefixes = {uid[:SHORT_ID] for uid in uids if uid not in new}
        prefixes |= self._shared_prefixes(sorted({uid[:SHORT_ID] for uid in new} - prefixes))
        prefixes = sorted(prefixes)
        # One statement for many prefixes (a range each, on the uid index): a first build has as
        # many prefixes as items, and a statement each cost ~1 s at 100k items.
        for chunk in _chunks(prefixes, 100):  # 200 compound SELECTs; SQLite allows 500
            ranges = " UNION ALL ".join(
                f"SELECT uid, sid, 1 FROM items WHERE uid >= ?{2 * n + 1} AND uid < ?{2 * n + 2} UNION ALL "
                f"SELECT uid, NULL, 0 FROM links WHERE uid >= ?{2 * n + 1} AND uid < ?{2 * n + 2}"
                for n in range(len(chunk)))
            found: dict[str, dict] = {}  # prefix -> {uid: its short id now, or False for a link}
            for uid, sid, item in db.execute(ranges, [v for p in chunk for v in (p, p + "g")]):
                group = found.setdefault(uid[:SHORT_ID], {})
                if item:
                    group[uid] = sid
                else:  # the ids of retitled items' other titles still find them, so they count as taken
                    group.setdefault(uid, False)
            for group in found.values():
                wanted = {uid: uid[:SHORT_ID] for uid in group} if len(group) == 1 else short_ids(group)
                updates += [(sid, uid) for uid, sid in wanted.items()
                            if group[uid] is not False and group[uid] != sid]
        db.executemany("UPDATE items SET sid = ? WHERE uid = ?", updates)

    def _shared_prefixes(self, prefixes: list[str]) -> set[str]:
        """Those of these 7-digit prefixes that two or more uids of items and links begin with.

        Counted from the uid indexes alone: looking up each item's short id as well took seven
        times as long (0.9 s for a 100k-item first build, against 0.12 s)."""
        shared = set()
        for chunk in _chunks(prefixes):
            values = ",".join(["(?)"] * len(chunk))
            shared.update(p for (p,) in self.db.execute(
                f"WITH px(p) AS (VALUES {values}) SELECT p FROM ("
                "SELECT p FROM px JOIN items ON items.uid >= px.p AND items.uid < px.p || 'g' UNION ALL "
                "SELECT p FROM px JOIN links ON links.uid >= px.p AND links.uid < px.p || 'g'"
                ") GROUP BY p HAVING count(*) > 1", chunk))
        return shared
