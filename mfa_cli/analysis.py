"""The analyst's queries over the index, mixed into Index: matches per period (`trend`), every
occurrence of a query's words in context (`kwic`) and the items most like one item (`similar`).

All three match as `search` does, because they run the same FTS5 expression (query.to_fts) against
the same full-text table: case, accents and word forms folded in English and in Russian. kwic finds
the occurrences with FTS5's highlight(), which marks exactly the tokens the expression matched,
so it never disagrees with search about what a match is.
"""
from __future__ import annotations

import math
import sqlite3
from collections import namedtuple

from .errors import QueryError
from .periods import SQL_LABELS, fill
from .schema import SHORT_ID


class TrendRow(namedtuple("TrendRow", "period counts items")):
    """One period of a trend: its label, the matches of each term (in the terms' order), and how
    many items (matching the filters) were published in it."""

    __slots__ = ()

    def shares(self) -> tuple[float, ...]:
        """Each term's matches as a percentage of the period's items (0 when it had none)."""
        return tuple(100.0 * n / self.items if self.items else 0.0 for n in self.counts)


class Trend(namedtuple("Trend", "by terms rows undated")):
    """Matches of each term per period (`rows`, every period from the first to the last of the
    filtered items, 0 where none); `undated`: how many undated items matched each term (not on the
    time line, so not in `rows`)."""

    __slots__ = ()


class KwicLine(namedtuple("KwicLine", "id date title field left match right")):
    """One occurrence: the item's id, date (ISO or None) and heading, the field it is in (title,
    subtitle or body), the words before it, the matched words, the words after it. `left` ends and
    `right` begins with a space when the text has one there."""

    __slots__ = ()


# Markers highlight() puts around each match: private-use characters, which page text never carries
# in practice (any that it does are removed from the context).
_OPEN, _CLOSE = "\ue000", "\ue001"
_KWIC_FIELDS = ((0, "title"), (1, "subtitle"), (2, "body"))
_BATCH = 200
_KWIC_SELECT = ("SELECT items.rowid, items.uid, items.sid, items.date, items.title, items.subtitle, "
                "highlight(items_fts, 0, :o, :c), highlight(items_fts, 1, :o, :c), highlight(items_fts, 2, :o, :c) "
                "FROM items_fts JOIN items ON items.rowid = items_fts.rowid")
# A word as FTS5's unicode61 tokenizer reads a token: a run of letters and digits. Compiled when
# first needed: `re` is not imported by a warm search, which imports this module through index.py.
_WORD = r"[^\W_]+"

# "More like this": the item's 25 terms of highest tf x idf (Lucene's default number of query
# terms), a word in its title or sub-heading counting three times; terms under 3 characters, in this
# item alone, or in more than half of all items are passed over, and the terms are taken in order of
# weight while the items holding them number no more than a tenth of the archive (at least 5,000)
# in all: scoring an item costs FTS5 a look at each term's positions in it, and a few common terms
# would otherwise have it score every item (see README "Choices").
SIMILAR_TERMS = 25
TITLE_WEIGHT = 3
MIN_TERM_LENGTH = 3
MAX_DOC_SHARE = 0.5
ROW_BUDGET_SHARE, ROW_BUDGET_MIN = 0.1, 5000
CANDIDATE_WORDS = 400  # of a very long text, only its commonest words are weighed
_DF_SAMPLE = 1000
# Function words say nothing about what an item is about; in a small archive their idf is not low
# enough to keep them out of the 25 (English and Russian words of 3 letters or more, as folded).
STOP_WORDS = frozenset("""
about above after again against all also although among and another any are around because been
before being below between both but can could did does doing down during each either else even ever
every few for from further had has have having her here hers herself him himself his how however
into its itself just may might more most much must myself neither nor not now off once only other
ought our ours ourselves out over own same shall she should since some such than that the their
theirs them themselves then there these they this those though through thus too under until upon
very was were what when where whether which while who whom whose why will with within without would
yet you your yours yourself yourselves
без более бы был была были было быть вам вас весь во вот все всего всех вы где для его ее если есть
еще же за здесь из или им их как так также такой там тем то того тоже только том тот уже чем что
чтобы эта эти это этого этой этом этот как при после через между под над который которая которые
которых которого нас наш наша наши нет ни них них она они оно его ему себя свой своей своих
""".split())


def _where(filters) -> tuple[list[str], dict]:
    from .index import Filters

    return (filters or Filters()).sql()


def context(marked: str, words: int) -> list[tuple[str, str, str]]:
    """(left, match, right) for each match marked in `marked`, with `words` whitespace-separated
    words of context on each side (other matches appear in the context as plain text)."""
    pieces = marked.split(_OPEN)
    parts = [pieces[0].replace(_CLOSE, "")]
    spans, at = [], len(parts[0])
    for piece in pieces[1:]:
        match, _, rest = piece.partition(_CLOSE)
        rest = rest.replace(_CLOSE, "")
        spans.append((at, at + len(match)))
        parts += [match, rest]
        at += len(match) + len(rest)
    text = "".join(parts)
    return [(_tail(_window(text, start, words, -1), words), " ".join(text[start:end].split()),
             _head(_window(text, end, words, 1), words)) for start, end in spans]


def _window(text: str, at: int, words: int, direction: int) -> str:
    """Enough of the text before (direction -1) or after (1) `at` to hold `words` whole words and a
    fragment glued to the match: a long text is never split whole for each of its matches."""
    size = max(64, words * 24)
    while True:
        chunk = text[max(0, at - size):at] if direction < 0 else text[at:at + size]
        if len(chunk) < size or len(chunk.split()) > words + 1:
            return chunk
        size *= 2


def _tail(text: str, words: int) -> str:
    """The last `words` words of the text before a match, and what is glued to the match (a quote,
    the "counter-" of "counter-terrorist"), which is not counted as a word; its space kept."""
    chunks = text.split()
    spaced = text[-1:].isspace()
    keep = words + (0 if spaced else 1)
    if not chunks or keep <= 0:
        return " " if spaced else ""
    return " ".join(chunks[-keep:]) + (" " if spaced else "")


def _head(text: str, words: int) -> str:
    """As _tail, after a match: the punctuation glued to it, then `words` words."""
    chunks = text.split()
    spaced = text[:1].isspace()
    keep = words + (0 if spaced else 1)
    if not chunks or keep <= 0:
        return " " if spaced else ""
    return (" " if spaced else "") + " ".join(chunks[:keep])


def _sort_words(text: str) -> list[str]:
    """The words of a context as sorting compares them: folded, without the punctuation around them."""
    words = (w.strip(".,;:!?\"'()[]«»“”‘’—–-…/").casefold() for w in text.split())
    return [w for w in words if w]


def _kwic_lines(rows, words: int) -> list[KwicLine]:
    """The occurrences in rows of (rowid, uid, sid, date, title, subtitle, and the title, sub-heading
    and text with highlight()'s markers)."""
    out = []
    for _, uid, sid, date, title, subtitle, *marked in rows:
        heading = f"{title} — {subtitle}" if subtitle else title
        for column, field in _KWIC_FIELDS:
            text = marked[column]
            if text and _OPEN in text:
                out += [KwicLine(sid or uid[:SHORT_ID], date, heading, field, left, match, right)
                        for left, match, right in context(text, words)]
    return out


class Analysis:
    """trend, kwic and similar, for Index (which provides `db`, `_item`, `_hits` and `get`)."""

    def _run(self, sql: str, params):
        try:
            return self.db.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            raise QueryError(f"invalid search query {params.get('match')!r}: {exc}") from None

    # --- trend ----------------------------------------------------------------------------------

    def trend(self, terms, filters=None, *, by: str = "month") -> Trend:
        """Items matching each (label, FTS5 expression) in `terms`, per period of `by` (day, week,
        month, year), beside the number of items published in each period."""
        where, params = _where(filters)
        # Counted by day first, then by period: the days come in the order of the index on dates, so
        # only the few periods need sorting (a third of the time of grouping 100k items by period).
        label = f"coalesce({SQL_LABELS[by].replace('items.date', 'day')}, 'undated')"
        clause = "".join(" AND " + w for w in where)
        totals = dict(self._run(f"SELECT {label}, sum(n) FROM (SELECT items.date AS day, count(*) AS n FROM items "
                                f"WHERE 1{clause} GROUP BY items.date) GROUP BY 1", params))
        undated_items = totals.pop("undated", 0)
        periods = [p for p, _ in fill(totals.items(), by, apart=())]
        counts, undated = [], []
        for _, expression in terms:
            found = dict(self._run(
                f"SELECT {label}, count(*) FROM (SELECT items.date AS day FROM items_fts JOIN items ON "
                f"items.rowid = items_fts.rowid WHERE items_fts MATCH :match{clause}) GROUP BY 1",
                {**params, "match": expression}))
            undated.append(found.pop("undated", 0) if undated_items else 0)
            counts.append(found)
        rows = [TrendRow(p, tuple(c.get(p, 0) for c in counts), totals.get(p, 0)) for p in periods]
        return Trend(by, tuple(t for t, _ in terms), rows, tuple(undated))

    # --- kwic -----------------------------------------------------------------------------------

    def kwic(self, expression: str, filters=None, *, words: int = 8, sort: str = "date",
             limit: int = 0) -> list[KwicLine]:
        """Every occurrence of the expression's matched words in the titles, sub-headings and texts
        of the matching items, newest item first (then in reading order), or sorted by the words
        nearest the match on the left or right; at most `limit` lines (0: all)."""
        where, params = _where(filters)
        params.update(match=expression, o=_OPEN, c=_CLOSE)
        clause = "".join(" AND " + w for w in where)
        order = " ORDER BY items.date IS NULL, items.date DESC, items.first_source, items.uid"
        if limit and sort == "date":
            # Only the first items' texts are needed: highlight them a batch at a time, in order.
            rowids = [r for (r,) in self._run("SELECT items.rowid FROM items_fts JOIN items ON items.rowid = "
                                              f"items_fts.rowid WHERE items_fts MATCH :match{clause}{order}", params)]
            lines: list[KwicLine] = []
            for start in range(0, len(rowids), _BATCH):
                batch = ",".join(str(int(r)) for r in rowids[start:start + _BATCH])
                rows = {row[0]: row for row in self._run(f"{_KWIC_SELECT} WHERE items_fts MATCH :match "
                                                         f"AND items_fts.rowid IN ({batch})", params)}
                lines += _kwic_lines((rows[r] for r in rowids[start:start + _BATCH] if r in rows), words)
                if len(lines) >= limit:
                    break
            return lines[:limit]
        # Every item is read: one statement, which runs the full-text query once.
        lines = _kwic_lines(self._run(f"{_KWIC_SELECT} WHERE items_fts MATCH :match{clause}{order}", params), words)
        if sort in ("left", "right"):
            keyed = list(enumerate(lines))
            if sort == "left":
                keyed.sort(key=lambda nl: (_sort_words(nl[1].left)[::-1], nl[0]))
            else:
                keyed.sort(key=lambda nl: (_sort_words(nl[1].right), nl[0]))
            lines = [line for _, line in keyed]
        return lines[:limit] if limit else lines

    # --- similar --------------------------------------------------------------------------------

    def similar_terms(self, item) -> list[tuple[str, float]]:
        """The item's most distinctive terms as (query word, weight), best first: tf x idf with
        tf counted over its title (x TITLE_WEIGHT), sub-heading (x TITLE_WEIGHT) and text, and idf
        as BM25 computes it over the whole archive; within the budget of rows described above."""
        import re

        from .lang import shadow

        counts: dict[str, int] = {}
        for text, weight in ((item.title, TITLE_WEIGHT), (item.subtitle, TITLE_WEIGHT), (item.body, 1)):
            for word in re.findall(_WORD, (text or "").casefold()):
                if len(word) >= MIN_TERM_LENGTH and word not in STOP_WORDS:
                    counts[word] = counts.get(word, 0) + weight
        if not counts:
            return []
        surfaces = sorted(counts, key=lambda w: (-counts[w], w))[:CANDIDATE_WORDS]
        db = self.db
        # The stems FTS5 gives each word, read back through a one-word-a-row table of our own.
        db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.mfa_words USING fts5("
                   "word, tokenize='porter unicode61 remove_diacritics 2')")
        db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.mfa_words_terms USING fts5vocab(temp, mfa_words, instance)")
        db.execute("DELETE FROM temp.mfa_words")
        db.executemany("INSERT INTO temp.mfa_words (rowid, word) VALUES (?, ?)",
                       [(n + 1, shadow(w)) for n, w in enumerate(surfaces)])
        tokens: dict[int, list[str]] = {}
        for term, doc in db.execute("SELECT term, doc FROM temp.mfa_words_terms"):
            tokens.setdefault(doc, []).append(term)
        db.execute("DELETE FROM temp.mfa_words")
        tf: dict[str, int] = {}
        surface: dict[str, str] = {}
        for doc, terms in tokens.items():
            if len(terms) == 1 and len(terms[0]) >= MIN_TERM_LENGTH:
                word = surfaces[doc - 1]
                tf[terms[0]] = tf.get(terms[0], 0) + counts[word]
                surface.setdefault(terms[0], shadow(word))
        total, last = db.execute("SELECT count(*), max(rowid) FROM items").fetchone()
        scored = []
        for term, n in tf.items():
            df = self._doc_frequency(surface[term], total, last)
            if 2 <= df <= total * MAX_DOC_SHARE:
                idf = math.log(1 + (total - df + 0.5) / (df + 0.5))
                scored.append((n * idf, term, df))
        scored.sort(key=lambda s: (-s[0], s[1]))
        budget = max(total * ROW_BUDGET_SHARE, ROW_BUDGET_MIN)
        chosen = []
        for score, term, df in scored:
            if df <= budget:
                budget -= df
                chosen.append((surface[term], round(score, 4)))
                if len(chosen) == SIMILAR_TERMS:
                    break
        return chosen

    def _doc_frequency(self, word: str, total: int, last: int) -> int:
        """How many items hold `word`: counted when fewer than _DF_SAMPLE do, else estimated from
        how far into the rowids its _DF_SAMPLE-th item lies (counting all of a common word's items
        costs as much as a search for it)."""
        match = '"' + word.replace('"', '""') + '"'
        row = self.db.execute("SELECT rowid FROM items_fts WHERE items_fts MATCH ? ORDER BY rowid LIMIT 1 OFFSET ?",
                              (match, _DF_SAMPLE - 1)).fetchone()
        if row is None:
            return self.db.execute("SELECT count(*) FROM items_fts WHERE items_fts MATCH ?", (match,)).fetchone()[0]
        return min(total, round(_DF_SAMPLE * last / row[0]))

    def similar(self, item, filters=None, *, limit: int = 10, terms=None) -> list:
        """Hits for the items most like `item`, ranked by BM25 (title above text, as search ranks)
        on its distinctive terms (similar_terms, unless given); never the item itself."""
        from .schema import RANK

        terms = self.similar_terms(item) if terms is None else terms
        if not terms:
            return []
        expression = " OR ".join('"' + word.replace('"', '""') + '"' for word, _ in terms)
        where, params = _where(filters)
        if limit and not where:
            # Ranked from the full-text index alone, as search does (Index._top): joining every match
            # to `items` to exclude the item and break ties costs ten times the ranking.
            own = self.db.execute("SELECT rowid FROM items WHERE uid = ?", (item.uid,)).fetchone()
            ranked = self._top(expression, limit + 1)
            if ranked is not None:
                return self._hits(expression, [r for r in ranked if not own or r[0] != own[0]][:limit])
        params.update(match=expression, uid=item.uid)
        sql = (f"SELECT items_fts.rowid, {RANK} AS score FROM items_fts JOIN items ON items.rowid = items_fts.rowid "
               "WHERE items_fts MATCH :match AND items.uid != :uid" + "".join(" AND " + w for w in where)
               + " ORDER BY score, items.date DESC, items.uid")
        if limit:
            sql += " LIMIT :limit"
            params["limit"] = limit
        return self._hits(expression, self._run(sql, params))
