"""The index: merged items and full-text search in one SQLite database, and the queries over it.

The same code serves a throw-away in-memory database (standard input, --no-cache) and the
persistent cache of an archive; build.py keeps it up to date, schema.py says how it is stored.
"""
from __future__ import annotations

import datetime as dt
import sqlite3
from collections import namedtuple

from .analysis import Analysis
from .build import Builder
from .history_queries import HistoryReader
from .errors import AmbiguousId, BadId, NotFound, QueryError
from .models import FileInfo, Hit, Item, Source  # noqa: F401 - Hit and FileInfo are part of this API
from .schema import (  # noqa: F401 - SCHEMA_VERSION and APPLICATION_ID are read through here
    _RECORD, _SCHEMA, _UNIT, APPLICATION_ID, HIGHLIGHT, RANK, SCHEMA_VERSION, SHORT_ID, _marks, _split,
)


class Filters(namedtuple("Filters", "since until kinds people undated changed languages sites speakers",
                         defaults=(None, None, (), (), None, False, (), (), ()))):
    """What `list`, `search` and `stats` narrow by: inclusive dates, kinds (any), people (any: a
    person named anywhere in the item), speakers (any: who speaks or issues it), `changed`: only
    items edited, retitled, removed or inserted between snapshots, languages (any of "en", "ru")
    and sites (any; part of the name, any case).

    `undated` says what becomes of items without a date: None keeps them only when no date bound
    is given, "include" keeps them beside the dated items within the bounds, "only" keeps them alone.
    """

    __slots__ = ()

    def dated(self) -> bool:
        """Whether a date bound leaves undated items out."""
        return bool(self.since or self.until) and self.undated is None

    def sql(self) -> tuple[list[str], dict]:
        where, params = [], {}
        bounds = []
        if self.since:
            bounds.append("items.date >= :since")
            params["since"] = self.since.isoformat()
        if self.until:
            bounds.append("items.date <= :until")
            params["until"] = self.until.isoformat()
        if self.undated == "only":
            where.append("items.date IS NULL")
        elif self.undated == "include" and bounds:
            where.append(f"({' AND '.join(bounds)} OR items.date IS NULL)")
        else:
            where += bounds
        if self.kinds:
            names = [f":kind{n}" for n in range(len(self.kinds))]
            where.append(f"items.kind IN ({', '.join(names)})")
            params.update({f"kind{n}": k for n, k in enumerate(self.kinds)})
        for column, terms in (("people", self.people), ("speakers", self.speakers)):
            if not terms:
                continue
            from .lang import name_key

            clauses = []
            for n, term in enumerate(terms):
                key = f"{column}{n}"
                if term.startswith("\x1f"):  # one spelling of a name, whole (see Index.spellings)
                    clauses.append(f"instr(char(31) || items.{column} || char(31), :{key}) > 0")
                    params[key] = term
                    continue
                clauses.append(f"instr(items.{column}_fold, :{key}) > 0")
                clauses.append(f"instr(items.{column}_fold, :{key}x) > 0")
                params[key] = term.casefold()
                params[f"{key}x"] = name_key(term)
            where.append("(" + " OR ".join(clauses) + ")")
        if self.languages:
            names = [f":lang{n}" for n in range(len(self.languages))]
            where.append(f"items.language IN ({', '.join(names)})")
            params.update({f"lang{n}": k for n, k in enumerate(self.languages)})
        if self.sites:
            clauses = []
            for n, site in enumerate(self.sites):
                clauses.append(f"instr(lower(items.site), :site{n}) > 0")
                params[f"site{n}"] = site.lower()
            where.append("(" + " OR ".join(clauses) + ")")
        if self.changed:
            where.append("(items.versions > 1 OR items.removed IS NOT NULL OR items.inserted IS NOT NULL)")
        return where, params


# FTS5's snippet() re-reads a whole document and takes seconds on a multi-megabyte one; past this
# many characters a snippet is cut around the first plain occurrence of a query word instead.
_SNIPPET_LIMIT = 200_000
_BATCH = 500  # hits read at a time; also well within SQLite's limit on bound parameters


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


class _Stream:
    """Items made one at a time from an executed cursor; close() ends the read it holds open."""

    __slots__ = ("rows", "make")

    def __init__(self, rows, make):
        self.rows, self.make = rows, make

    def __iter__(self):
        return self

    def __next__(self):
        return self.make(next(self.rows))

    def close(self) -> None:
        self.rows.close()


class Index(Builder, HistoryReader, Analysis):
    """Items from a set of input files, kept in `db` (a sqlite3 connection)."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    @classmethod
    def memory(cls) -> Index:
        db = sqlite3.connect(":memory:", isolation_level=None)
        db.executescript(_SCHEMA)
        return cls(db)

    # --- reading ------------------------------------------------------------------------

    _ITEM_COLUMNS = ("items.uid, items.sid, items.date, items.title, items.subtitle, entries.body, "
                     "items.kind, items.people, items.complete, items.sources, items.first_seen, "
                     "items.last_seen, items.versions, items.removed, items.inserted, items.language, items.site, "
                     "items.speakers")
    _ITEM_FROM = "items JOIN entries ON entries.id = items.body_entry"

    def _item(self, row) -> Item:
        (uid, sid, date, title, subtitle, body, kind, people, complete, sources, first, last, n, gone, late,
         language, site, speakers) = row
        return Item(
            uid=uid, id=sid or uid[:SHORT_ID], date=dt.date.fromisoformat(date) if date else None,
            title=title, subtitle=subtitle, body=body, kind=kind,
            people=self.canonical(_split(people)) if people else (),
            speakers=self.canonical(_split(speakers)) if speakers else (),
            complete=bool(complete),
            sources=tuple(Source(p, int(n), dt.date.fromisoformat(s) if s else None)
                          for p, n, s in (record.split(_UNIT) for record in sources.split(_RECORD))),
            first_seen=first, last_seen=last, versions=n or 1, removed=gone, inserted=late,
            language=language or "en", site=site,
        )

    def items(self, filters: Filters | None = None, *, limit: int = 0, reverse: bool = False) -> list[Item]:
        """Items matching `filters`, newest first (undated last), in page order within a day."""
        return list(self.iter_items(filters, limit=limit, reverse=reverse))

    def iter_items(self, filters: Filters | None = None, *, limit: int = 0, reverse: bool = False,
                   body: bool = True):
        """Like items(), one at a time; without `body` the texts are left unread (empty)."""
        where, params = self._where(filters)
        order = "ASC" if reverse else "DESC"
        nulls = "items.date IS NULL"  # undated items come last in either order
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
        return _Stream(rows, self._item)

    def search(self, expression: str, filters: Filters | None = None, *, limit: int = 20) -> list[Hit]:
        """Items matching an FTS5 expression, best first. Ranks every match but builds snippets
        only for the rows returned."""
        return list(self.iter_search(expression, filters, limit=limit))

    def iter_search(self, expression: str, filters: Filters | None = None, *, limit: int = 20):
        """Like search(), one hit at a time: the ranking runs now (a bad query fails before any
        output); items and snippets are read a batch at a time, so every hit is never held at once."""
        ranked = self._ranked(expression, filters, limit)
        return (hit for start in range(0, len(ranked), _BATCH)
                for hit in self._hits(expression, ranked[start:start + _BATCH]))

    def _ranked(self, expression: str, filters: Filters | None, limit: int) -> list[tuple[int, float]]:
        where, params = self._where(filters)
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
                return ranked
        try:
            ranked = self.db.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            raise QueryError(f"invalid search query {expression!r}: {exc}") from None
        return ranked

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
        for r in huge & rows.keys():
            snippets[r] = _plain_snippet(rows[r][5], expression)
        snippets.update(self._older_matches(expression, ids))
        # a row another process re-merged since the ranking is left out, not guessed at
        return [Hit(self._item(rows[r]), score, snippets.get(r, "")) for r, score in ranked if r in rows]

    def get(self, prefix: str) -> Item:
        """The one item whose id starts with `prefix` (or the id one of its other titles would have
        had); NotFound or AmbiguousId otherwise."""
        text = prefix.strip().lower()
        if len(text) < 4 or not all(c in "0123456789abcdef" for c in text):
            raise BadId(f"{prefix!r} is not an item id (ids are 4 or more hex digits)")
        rows = self.db.execute(
            f"SELECT {self._ITEM_COLUMNS} FROM {self._ITEM_FROM} WHERE items.uid >= ? AND items.uid < ? "
            "ORDER BY items.uid LIMIT 11", (text, text + "g"),
        ).fetchall()
        known = {r[0] for r in rows}
        rows += [r for r in self._aliases(text) if r[0] not in known]
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

    def _where(self, filters: Filters | None) -> tuple[list[str], dict]:
        """The SQL of `filters`, a person or speaker widened to every spelling of their name."""
        filters = filters or Filters()
        if filters.people or filters.speakers:
            filters = filters._replace(people=self.spellings(filters.people),
                                       speakers=self.spellings(filters.speakers))
        return filters.sql()

    def warnings(self) -> list[str]:
        """Every warning about the files read, in path order."""
        return [w for (text,) in self.db.execute(
            "SELECT warnings FROM files INDEXED BY files_warned WHERE warnings != '' ORDER BY path")
            for w in _split(text)]

    def count(self, filters: Filters | None = None, expression: str | None = None) -> int:
        """How many items match `filters` (and the FTS5 `expression`, when given)."""
        where, params = self._where(filters)
        if expression is None:
            sql = "SELECT count(*) FROM items"
        else:
            sql = "SELECT count(*) FROM items_fts JOIN items ON items.rowid = items_fts.rowid"
            where = ["items_fts MATCH :match", *where]
            params["match"] = expression
        if where:
            sql += " WHERE " + " AND ".join(where)
        try:
            return self.db.execute(sql, params).fetchone()[0]
        except sqlite3.OperationalError as exc:
            raise QueryError(f"invalid search query {expression!r}: {exc}") from None

    def hidden_undated(self, filters: Filters, expression: str | None = None) -> int:
        """How many undated items the date bounds of `filters` leave out (0 when none do)."""
        if not filters.dated():
            return 0
        return self.count(filters._replace(since=None, until=None, undated="only"), expression)

    def files(self) -> list[FileInfo]:
        return [
            FileInfo(path, dt.date.fromisoformat(snap) if snap else None, n, _split(w))
            for path, snap, n, w in self.db.execute(
                "SELECT path, snapshot, entries, warnings FROM files ORDER BY path")
        ]

    def stats(self, filters: Filters | None, by: str) -> list[tuple[str, int]]:
        """Counts of matching items per day, week, month, year, kind, person, speaker, site or
        language, in natural order; periods run unbroken from the first to the last (0 where none),
        "undated" last. A person is counted once an item whatever the forms of the name in it."""
        where, params = self._where(filters)
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        groups = {
            "day": "items.date",
            "week": "strftime('%Y-W%W', items.date)",
            "month": "substr(items.date, 1, 7)",
            "year": "substr(items.date, 1, 4)",
            "kind": "items.kind",
            "language": "items.language",
            "site": "items.site",
        }
        if by in ("person", "speaker"):
            return self.name_counts(clause, params, "people" if by == "person" else "speakers")
        expr = groups[by]
        missing = "unnamed" if by == "site" else "undated"
        rows = self.db.execute(
            f"SELECT coalesce({expr}, '{missing}'), count(*) FROM items{clause} GROUP BY 1", params
        ).fetchall()
        if by in ("kind", "site", "language"):
            return sorted(rows, key=lambda kv: (-kv[1], kv[0]))
        from .periods import fill

        return fill(rows, by)
