"""The index: entries, merged items and full-text search in one SQLite database.

The same code serves a throw-away in-memory database (small inputs, standard input) and the
persistent cache of a large archive. Files are the unit of change: each run compares the inputs'
paths, sizes and mtimes with the `files` table and re-reads only what differs. Entries keep the key
of the item they belong to (`rkey`); after a change only the items whose keys were touched are
rebuilt, so an index updated file by file answers exactly as one built from scratch.
"""
from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from collections import namedtuple

from .errors import AmbiguousId, BadId, NotFound, QueryError
from .models import Entry, Item, Source
from .sources import InputFile

SHORT_ID = 7

SCHEMA_VERSION = 5  # bump whenever what is stored, or how, changes
APPLICATION_ID = 0x6D666121  # "mfa!": tells our cache files from any other SQLite file
# Title matches count ten times a body match, sub-headings five, names two (columns in FTS order).
RANK = "bm25(items_fts, 10.0, 5.0, 1.0, 2.0)"
HIGHLIGHT = ("\x02", "\x03")  # private markers around matched words; renderers style them
# Lists are stored joined by separators that page text and paths never carry (control characters
# are removed from them first), which spares every run the import of json.
_UNIT, _RECORD = "\x1f", "\x1e"


def _join(values: Iterable[str]) -> str:
    return _UNIT.join(v.replace(_UNIT, " ").replace(_RECORD, " ") for v in values)


def _split(text: str | None) -> list[str]:
    return text.split(_UNIT) if text else []


def manifest(files: Sequence[InputFile]) -> str:
    """A digest of the file list with each file's size and mtime: equal digests, same files."""
    from _blake2 import blake2b  # built in, and four times as fast as SHA-1 here
    from array import array

    if not files:
        return ""
    paths, sizes, mtimes = zip(*files)
    digest = blake2b("\0".join(paths).encode("utf-8", "surrogateescape"), digest_size=20)
    digest.update(array("q", sizes).tobytes())
    digest.update(array("q", mtimes).tobytes())
    return digest.hexdigest()


def _chunks(values: Sequence, size: int = 500):
    """Slices small enough for SQLite's limit on bound parameters."""
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _marks(values: Sequence) -> str:
    return ",".join("?" * len(values))


def stored_path(path: str) -> str:
    """A path as the index keeps and shows it: undecodable bytes of a file name as \\xNN escapes."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")

_SCHEMA = f"""
PRAGMA application_id = {APPLICATION_ID};
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE files (
    id INTEGER PRIMARY KEY, path TEXT UNIQUE NOT NULL, size INTEGER, mtime_ns INTEGER,
    snapshot TEXT, entries INTEGER, warnings TEXT
);
CREATE INDEX files_warned ON files (path) WHERE warnings != '';
CREATE TABLE entries (
    id INTEGER PRIMARY KEY, file_id INTEGER NOT NULL, line INTEGER, date TEXT, title TEXT,
    subtitle TEXT, body TEXT, complete INTEGER, title_cut INTEGER, key TEXT, tkey TEXT, rkey TEXT
);
CREATE INDEX entries_file ON entries (file_id);
CREATE INDEX entries_rkey ON entries (rkey);
CREATE INDEX entries_tkey ON entries (tkey);
CREATE INDEX entries_date ON entries (date, title_cut);
CREATE TABLE items (
    rowid INTEGER PRIMARY KEY, uid TEXT UNIQUE NOT NULL, sid TEXT, key TEXT UNIQUE NOT NULL,
    date TEXT, title TEXT, subtitle TEXT, body_entry INTEGER, kind TEXT, people TEXT,
    people_fold TEXT, complete INTEGER, sources TEXT, first_source TEXT
);
CREATE INDEX items_order ON items (date, first_source);
CREATE VIEW item_text (rowid, title, subtitle, body, people) AS
    SELECT items.rowid, items.title, items.subtitle, entries.body, items.people
    FROM items JOIN entries ON entries.id = items.body_entry;
CREATE VIRTUAL TABLE items_fts USING fts5 (
    title, subtitle, body, people, content='item_text', content_rowid='rowid',
    tokenize='porter unicode61 remove_diacritics 2'
);
"""


class Filters(namedtuple("Filters", "since until kinds people", defaults=(None, None, (), ()))):
    """What `list`, `search` and `stats` narrow by: inclusive dates, kinds (any), people (any)."""

    __slots__ = ()

    def sql(self) -> tuple[list[str], dict]:
        where, params = [], {}
        if self.since:
            where.append("items.date >= :since")
            params["since"] = self.since.isoformat()
        if self.until:
            where.append("items.date <= :until")
            params["until"] = self.until.isoformat()
        if self.kinds:
            names = [f":kind{n}" for n in range(len(self.kinds))]
            where.append(f"items.kind IN ({', '.join(names)})")
            params.update({f"kind{n}": k for n, k in enumerate(self.kinds)})
        if self.people:
            clauses = []
            for n, person in enumerate(self.people):
                clauses.append(f"instr(items.people_fold, :person{n}) > 0")
                params[f"person{n}"] = person.casefold()
            where.append("(" + " OR ".join(clauses) + ")")
        return where, params


class Hit(namedtuple("Hit", "item score snippet")):
    """A search result: the item, its BM25 score (lower is better) and a snippet with markers."""

    __slots__ = ()


class FileInfo(namedtuple("FileInfo", "path snapshot entries warnings")):
    """What `sources` reports for one input file: path, snapshot date, entries, warnings."""

    __slots__ = ()


# FTS5's snippet() re-reads a whole document and takes seconds on a multi-megabyte one; past this
# many characters a snippet is cut around the first plain occurrence of a query word instead.
_SNIPPET_LIMIT = 200_000


def _plain_snippet(body: str, expression: str) -> str:
    import re

    words = [w for w in re.findall(r'"((?:[^"]|"")*)"', expression) if w.strip()]
    folded = body.casefold()
    for word in words:
        at = folded.find(word.replace('""', '"').casefold())
        if at >= 0:
            end = at + len(word)
            start = max(0, at - 120)
            return ("…" if start else "") + body[start:at] + HIGHLIGHT[0] + body[at:end] + HIGHLIGHT[1] \
                + body[end:end + 120] + "…"
    return body[:240] + "…"


class Index:
    """Items from a set of input files, kept in `db` (a sqlite3 connection)."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    @classmethod
    def memory(cls) -> Index:
        db = sqlite3.connect(":memory:", isolation_level=None)
        db.executescript(_SCHEMA)
        return cls(db)

    # --- building -------------------------------------------------------------------------

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

    def update(
        self,
        files: Sequence[InputFile],
        *,
        warn: Callable[[str], None],
        progress: Callable[[int, int], None] | None = None,
        batch: int = 200,
    ) -> int:
        """Bring the index up to date with `files`, in transactions of `batch` files.

        Each transaction leaves a consistent index: a file is either fully in it, with its items
        merged, or not at all. Returns how many files were read.
        """
        changed, dropped = self.check(files)
        if not changed and not dropped:
            return 0
        if dropped:
            with self._transaction():
                self._apply([], dropped)
        for start in range(0, len(changed), batch):
            chunk = changed[start:start + batch]
            pages = []
            for f in chunk:
                page, warnings = self._read(f.path, warn)
                pages.append((f, page, warnings))
                if progress:
                    progress(1, len(page.entries) if page else 0)
            with self._transaction():
                again, _ = self.stale(chunk)  # another process may have indexed these meanwhile
                fresh = {f.path for f in again}
                todo = [p for p in pages if p[0].path in fresh]
                old = [fid for (fid,) in self.db.execute(
                    f"SELECT id FROM files WHERE path IN ({','.join('?' * len(todo))})",
                    [stored_path(p[0].path) for p in todo])] if todo else []
                self._apply(todo, old)
        self._remember(files)
        return len(changed)

    def _remember(self, files: Sequence[InputFile]) -> None:
        digest = manifest(files)
        row = self.db.execute("SELECT value FROM meta WHERE key = 'files'").fetchone()
        if not row or row[0] != digest:
            with self._transaction():
                self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('files', ?)", (digest,))

    def add_text(self, name: str, data: bytes, *, warn: Callable[[str], None]) -> None:
        """Index bytes that are not a file on disk (standard input) under `name`."""
        from .parser import parse_page
        from .sources import decode

        text, warnings = decode(data, name)
        page = parse_page(text) if text is not None else None
        if page is not None:
            warnings += [f"{name}: {w}" for w in page.warnings]
        with self._transaction():
            self._apply([(InputFile(name, len(data), 0), page, warnings)], [])

    def _read(self, path: str, warn):  # noqa: ARG002 - warnings are reported from the files table
        # The parser's imports and compiled patterns are only paid for when a file needs reading.
        from .parser import parse_page
        from .sources import decode, read_bytes

        try:
            data = read_bytes(path)
        except OSError as exc:
            return None, [f"{stored_path(path)}: {exc.strerror or exc}; skipped"]
        name = stored_path(path)
        text, warnings = decode(data, name)
        page = parse_page(text) if text is not None else None
        if page is not None:
            warnings += [f"{name}: {w}" for w in page.warnings]
        return page, warnings

    def _transaction(self):
        db = self.db

        class _Tx:
            def __enter__(self_):
                db.execute("BEGIN IMMEDIATE")

            def __exit__(self_, kind, value, tb):
                db.execute("COMMIT" if kind is None else "ROLLBACK")
                return False

        return _Tx()

    def _apply(self, pages, dropped_ids: Iterable[int]) -> None:
        """Remove the dropped files' entries, add the new pages', and re-merge what that touched."""
        from .corpus import entry_key

        db = self.db
        touched_keys: set[str] = set()
        touched_dates: set[str] = set()
        touched_tkeys: set[str] = set()
        dropped_ids = list(dropped_ids)
        for fid in dropped_ids:
            for key, rkey, date, tkey in db.execute(
                "SELECT key, rkey, date, tkey FROM entries WHERE file_id = ?", (fid,)
            ):
                touched_keys.update((key, rkey))
                if date:
                    touched_dates.add(date)
                touched_tkeys.add(tkey)
        # Retire the items these entries belong to while their text is still there to unindex.
        self._retire(touched_keys)
        for fid in dropped_ids:
            db.execute("DELETE FROM entries WHERE file_id = ?", (fid,))
            db.execute("DELETE FROM files WHERE id = ?", (fid,))
        for f, page, warnings in pages:
            snapshot = page.snapshot.isoformat() if page and page.snapshot else None
            cur = db.execute(
                "INSERT INTO files (path, size, mtime_ns, snapshot, entries, warnings) VALUES (?,?,?,?,?,?)",
                (stored_path(f.path), f.size, f.mtime_ns, snapshot, len(page.entries) if page else 0,
                 _join(warnings)),
            )
            fid = cur.lastrowid
            rows = []
            for e in page.entries if page else ():
                date = e.date.isoformat() if e.date else None
                key = entry_key(e.date, e.title, e.subtitle)
                tkey = key.split("\x1f", 1)[1]
                touched_keys.add(key)
                touched_tkeys.add(tkey)
                if date:
                    touched_dates.add(date)
                rows.append((fid, e.line, date, e.title, e.subtitle, e.body, int(e.complete),
                             int(e.title_cut), key, tkey, key))
            db.executemany(
                "INSERT INTO entries (file_id, line, date, title, subtitle, body, complete, title_cut, "
                "key, tkey, rkey) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                rows,
            )
        touched_keys |= self._resolve(touched_dates, touched_tkeys)
        self._rebuild_items(touched_keys)

    def _resolve(self, dates: set[str], tkeys: set[str]) -> set[str]:
        """Re-point cut titles on `dates` and undated leads with `tkeys` at the item they belong to.

        Returns every key whose item gained or lost an entry.
        """
        from .corpus import cut_target

        db = self.db
        moves: list[tuple[str, int]] = []
        moved: set[str] = set()
        cut = [row for chunk in _chunks(sorted(dates)) for row in db.execute(
            f"SELECT id, date, title, key, rkey FROM entries WHERE title_cut = 1 AND date IN ({_marks(chunk)})",
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
            for eid, date, title, key, rkey in cut:
                target = cut_target(title, full.get(date, ())) or key
                if target != rkey:
                    moves.append((target, eid))
                    moved.update((target, rkey))
        undated = [row for chunk in _chunks(sorted(tkeys)) for row in db.execute(
            f"SELECT id, tkey, key, rkey FROM entries WHERE date IS NULL AND tkey IN ({_marks(chunk)})", chunk)]
        if undated:
            dated: dict[str, list[str]] = {}
            for chunk in _chunks(sorted({row[1] for row in undated})):
                for tkey, key in db.execute(
                    f"SELECT DISTINCT tkey, key FROM entries WHERE tkey IN ({_marks(chunk)}) "
                    "AND date IS NOT NULL AND title_cut = 0", chunk,
                ):
                    dated.setdefault(tkey, []).append(key)
            for eid, tkey, key, rkey in undated:
                candidates = dated.get(tkey, [])
                target = candidates[0] if len(candidates) == 1 else key
                if target != rkey:
                    moves.append((target, eid))
                    moved.update((target, rkey))
        db.executemany("UPDATE entries SET rkey = ? WHERE id = ?", moves)
        return moved

    def _rebuild_items(self, keys: set[str]) -> None:
        """Merge the entries of each key into its item again, replacing the old one."""
        from .corpus import build_item

        db = self.db
        changed_uids = self._retire(keys)
        groups: dict[str, list] = {}
        for chunk in _chunks(sorted(keys)):
            for row in db.execute(
                "SELECT rkey, entries.id, entries.date, title, subtitle, body, complete, line, title_cut, "
                "files.path, files.snapshot FROM entries JOIN files ON files.id = entries.file_id "
                f"WHERE rkey IN ({_marks(chunk)})", chunk,
            ):
                groups.setdefault(row[0], []).append(row[1:])
        rowid = (db.execute("SELECT max(rowid) FROM items").fetchone()[0] or 0) + 1
        item_rows, text_rows = [], []
        for key, rows in groups.items():
            records = []
            body_entry = {}
            for eid, date, title, subtitle, body, complete, line, cut, path, snap in rows:
                entry = Entry(
                    date=dt.date.fromisoformat(date) if date else None, title=title, subtitle=subtitle,
                    body=body, complete=bool(complete), line=line, title_cut=bool(cut),
                )
                records.append((entry, Source(path, line, dt.date.fromisoformat(snap) if snap else None)))
                body_entry[id(entry)] = eid
            item = build_item(key, records)
            best = max(records, key=lambda r: (len(r[0].body), r[0].complete, not r[0].title_cut))[0]
            sources = _RECORD.join(_join((s.path, str(s.line), s.snapshot.isoformat() if s.snapshot else ""))
                                   for s in item.sources)
            first = item.sources[0]
            people = _join(item.people)
            item_rows.append((
                rowid, item.uid, item.uid[:SHORT_ID], key, item.date.isoformat() if item.date else None,
                item.title, item.subtitle, body_entry[id(best)], item.kind, people, people.casefold(),
                int(item.complete), sources, f"{first.path}\x1f{first.line:09d}",
            ))
            text_rows.append((rowid, item.title, item.subtitle, best.body, people))
            changed_uids.add(item.uid)
            rowid += 1
        db.executemany(
            "INSERT INTO items (rowid, uid, sid, key, date, title, subtitle, body_entry, kind, people, "
            "people_fold, complete, sources, first_source) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            item_rows,
        )
        db.executemany("INSERT INTO items_fts (rowid, title, subtitle, body, people) VALUES (?,?,?,?,?)",
                       text_rows)
        self._refresh_short_ids(changed_uids)

    def _retire(self, keys: Iterable[str]) -> set[str]:
        """Remove the items with these keys from the table and the full-text index; their uids."""
        db = self.db
        gone = set()
        for chunk in _chunks(sorted(keys)):
            rows = db.execute(f"SELECT rowid, uid FROM items WHERE key IN ({_marks(chunk)})", chunk).fetchall()
            if not rows:
                continue
            rowids = [r[0] for r in rows]
            db.execute(
                "INSERT INTO items_fts (items_fts, rowid, title, subtitle, body, people) "
                f"SELECT 'delete', rowid, title, subtitle, body, people FROM item_text WHERE rowid IN ({_marks(rowids)})",
                rowids,
            )
            db.execute(f"DELETE FROM items WHERE rowid IN ({_marks(rowids)})", rowids)
            gone.update(r[1] for r in rows)
        return gone

    def _refresh_short_ids(self, uids: set[str]) -> None:
        """Keep each short id the shortest unique prefix of its uid, 7 digits or more, as git does.

        Items are stored with 7 digits; only uids that share those 7 with another need more.
        """
        from .corpus import short_ids

        db = self.db
        updates = []
        for prefix in sorted({uid[:SHORT_ID] for uid in uids}):
            group = [uid for (uid,) in db.execute(
                "SELECT uid FROM items WHERE uid >= ? AND uid < ?", (prefix, prefix + "g"))]
            for uid, sid in short_ids(group).items():
                updates.append((sid, uid))
        db.executemany("UPDATE items SET sid = ? WHERE uid = ? AND sid IS NOT ?", [(s, u, s) for s, u in updates])

    # --- reading ------------------------------------------------------------------------

    _ITEM_COLUMNS = ("items.uid, items.sid, items.date, items.title, items.subtitle, entries.body, "
                     "items.kind, items.people, items.complete, items.sources")
    _ITEM_FROM = "items JOIN entries ON entries.id = items.body_entry"

    @staticmethod
    def _item(row) -> Item:
        uid, sid, date, title, subtitle, body, kind, people, complete, sources = row
        return Item(
            uid=uid, id=sid or uid[:SHORT_ID], date=dt.date.fromisoformat(date) if date else None,
            title=title, subtitle=subtitle, body=body, kind=kind, people=tuple(_split(people)),
            complete=bool(complete),
            sources=tuple(Source(p, int(n), dt.date.fromisoformat(s) if s else None)
                          for p, n, s in (record.split(_UNIT) for record in sources.split(_RECORD))),
        )

    def items(self, filters: Filters | None = None, *, limit: int = 0, reverse: bool = False) -> list[Item]:
        """Items matching `filters`, newest first (undated last), in page order within a day."""
        return list(self.iter_items(filters, limit=limit, reverse=reverse))

    def iter_items(self, filters: Filters | None = None, *, limit: int = 0, reverse: bool = False,
                   body: bool = True):
        """Like items(), one at a time; without `body` the texts are left unread (empty)."""
        where, params = (filters or Filters()).sql()
        order = "ASC" if reverse else "DESC"
        nulls = "items.date IS NOT NULL" if reverse else "items.date IS NULL"
        columns, source = self._ITEM_COLUMNS, self._ITEM_FROM
        if not body:
            columns, source = columns.replace("entries.body", "''"), "items"
        sql = (f"SELECT {columns} FROM {source}"
               + (" WHERE " + " AND ".join(where) if where else "")
               + f" ORDER BY {nulls}, items.date {order}, items.first_source {'DESC' if reverse else 'ASC'}")
        if limit:
            sql += " LIMIT :limit"
            params["limit"] = limit
        rows = self.db.execute(sql, params)  # run now, so errors come before any output
        return (self._item(row) for row in rows)

    def search(self, expression: str, filters: Filters | None = None, *, limit: int = 20) -> list[Hit]:
        """Items matching an FTS5 expression, best first. Ranks every match but builds snippets
        only for the rows returned."""
        where, params = (filters or Filters()).sql()
        params["match"] = expression
        # Equal scores fall back to newest first, then the id, so every index built from the same
        # files ranks alike whatever order it was built in.
        sql = (f"SELECT items_fts.rowid, {RANK} AS score FROM items_fts "
               "JOIN items ON items.rowid = items_fts.rowid WHERE items_fts MATCH :match"
               + "".join(" AND " + w for w in where)
               + " ORDER BY score, items.date DESC, items.uid")
        if limit:
            sql += " LIMIT :limit"
            params["limit"] = limit
        if limit and not where:
            try:
                ranked = self._top(expression, limit)
            except sqlite3.OperationalError as exc:
                raise QueryError(f"invalid search query {expression!r}: {exc}") from None
            if ranked is not None:
                return self._hits(expression, ranked)
        try:
            ranked = self.db.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            raise QueryError(f"invalid search query {expression!r}: {exc}") from None
        return self._hits(expression, ranked)

    def _top(self, expression: str, limit: int):
        """The best `limit` (rowid, score) pairs, ranked from the full-text index alone.

        Ordering every match by date and id as well needs a look-up of each match in `items`, which
        costs three times the ranking on a large archive; here only a few more rows than asked for
        are looked up and tie-broken. None when ties run past them (the caller then orders in SQL).
        """
        spare = limit * 2 + 10
        rows = self.db.execute(
            f"SELECT rowid, {RANK} AS score FROM items_fts WHERE items_fts MATCH ? ORDER BY score LIMIT ?",
            (expression, spare),
        ).fetchall()
        if len(rows) == spare and rows[limit - 1][1] == rows[-1][1]:
            return None
        keys = dict(((rowid, (date or "", uid)) for rowid, date, uid in self.db.execute(
            f"SELECT rowid, date, uid FROM items WHERE rowid IN ({_marks(rows)})", [r for r, _ in rows])))
        rows.sort(key=lambda r: keys[r[0]][1])
        rows.sort(key=lambda r: keys[r[0]][0], reverse=True)
        rows.sort(key=lambda r: r[1])
        return rows[:limit]

    def _hits(self, expression: str, ranked) -> list[Hit]:
        """Hits for ranked (rowid, score) pairs, with snippets made for these rows only."""
        if not ranked:
            return []
        snippets = {}
        ids = [r for r, _ in ranked]
        huge = {rowid for rowid, size in self.db.execute(
            f"SELECT items.rowid, length(entries.body) FROM {self._ITEM_FROM} "
            f"WHERE items.rowid IN ({_marks(ids)})", ids) if size > _SNIPPET_LIMIT}
        small = [r for r in ids if r not in huge]
        for rowid, body, best in self.db.execute(
            f"SELECT rowid, snippet(items_fts, 2, ?1, ?2, '…', 24), snippet(items_fts, -1, ?1, ?2, '…', 24) "
            f"FROM items_fts WHERE items_fts MATCH ?3 AND rowid IN ({_marks(small)})",
            [*HIGHLIGHT, expression, *small],
        ) if small else ():
            snippets[rowid] = body if HIGHLIGHT[0] in body else best
        rows = {r[0]: r[1:] for r in self.db.execute(
            f"SELECT items.rowid, {self._ITEM_COLUMNS} FROM {self._ITEM_FROM} "
            f"WHERE items.rowid IN ({_marks(ids)})", ids)}
        for r in huge:
            snippets[r] = _plain_snippet(rows[r][5], expression)
        return [Hit(self._item(rows[r]), score, snippets.get(r, "")) for r, score in ranked]

    def get(self, prefix: str) -> Item:
        """The one item whose id starts with `prefix`; NotFound or AmbiguousId otherwise."""
        text = prefix.strip().lower()
        if len(text) < 4 or not all(c in "0123456789abcdef" for c in text):
            raise BadId(f"{prefix!r} is not an item id (ids are 4 or more hex digits)")
        rows = self.db.execute(
            f"SELECT {self._ITEM_COLUMNS} FROM {self._ITEM_FROM} WHERE items.uid >= ? AND items.uid < ? "
            "ORDER BY items.uid LIMIT 11", (text, text + "g"),
        ).fetchall()
        if not rows:
            raise NotFound(f"no item with id {prefix!r}")
        if len(rows) > 1:
            items = [self._item(r) for r in rows]
            listed = "; ".join(f"{i.id} {i.date or 'undated'} {i.title[:60]}" for i in items[:10])
            raise AmbiguousId(f"id {prefix!r} is ambiguous: {listed}")
        return self._item(rows[0])

    def ids(self, prefix: str = "") -> list[tuple[str, str]]:
        """(short id, title) of items whose id starts with `prefix`, for shell completion."""
        return self.db.execute(
            "SELECT sid, title FROM items WHERE uid >= ? AND uid < ? ORDER BY date DESC LIMIT 200",
            (prefix.lower(), prefix.lower() + "g"),
        ).fetchall()

    def warnings(self) -> list[str]:
        """Every warning about the files read, in path order."""
        return [w for (text,) in self.db.execute(
            "SELECT warnings FROM files INDEXED BY files_warned WHERE warnings != '' ORDER BY path")
            for w in _split(text)]

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM items").fetchone()[0]

    def files(self) -> list[FileInfo]:
        return [
            FileInfo(path, dt.date.fromisoformat(snap) if snap else None, n, _split(w))
            for path, snap, n, w in self.db.execute(
                "SELECT path, snapshot, entries, warnings FROM files ORDER BY path")
        ]

    def stats(self, filters: Filters | None, by: str) -> list[tuple[str, int]]:
        """Counts of matching items per day, week, month, year, kind or person, in natural order."""
        where, params = (filters or Filters()).sql()
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        groups = {
            "day": "items.date",
            "week": "strftime('%Y-W%W', items.date)",
            "month": "substr(items.date, 1, 7)",
            "year": "substr(items.date, 1, 4)",
            "kind": "items.kind",
        }
        if by == "person":
            counts: dict[str, int] = {}
            for (people,) in self.db.execute(f"SELECT items.people FROM items{clause}", params):
                for person in _split(people):
                    counts[person] = counts.get(person, 0) + 1
            return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        expr = groups[by]
        rows = self.db.execute(
            f"SELECT coalesce({expr}, 'undated'), count(*) FROM items{clause} GROUP BY 1", params
        ).fetchall()
        if by == "kind":
            return sorted(rows, key=lambda kv: (-kv[1], kv[0]))
        return sorted(rows, key=lambda kv: (kv[0] == "undated", kv[0]))
