"""What every command needs, without Click: where the data is, how to warn, and how to get answers
from an up-to-date index. Shared by the Click commands and by the fast path for pipelines."""
from __future__ import annotations

import sys

from .formats import clean


class App:
    """The run's settings (data paths, colour, cache) and its one index."""

    current: App | None = None

    def __init__(self, data: tuple[str, ...] = (), color: str = "auto", use_cache: bool = True):
        self.data = data
        self.color = color
        self.use_cache = use_cache
        self.cache_file: str | None = None
        self.index = None
        self.started = False  # whether any output was written: a run is never made twice

    @property
    def paths(self) -> list[str]:
        if self.data:
            return list(self.data)
        from .sources import default_paths

        return default_paths()

    def warn(self, message: str) -> None:
        sys.stderr.write(f"mfa: warning: {clean(message)}\n")

    def answer(self, fn):
        """fn(index) on an index of the data brought up to date first (see store.answer)."""
        if self.index is not None:
            return fn(self.index)
        from .store import answer

        result, self.index, self.cache_file = answer(
            self.paths, fn, use_cache=self.use_cache, warn=self.warn, progress=self._progress()
        )
        return result

    def _progress(self):
        if not sys.stderr.isatty():
            return None
        from .progress import BuildProgress

        return BuildProgress()

    def tty(self) -> bool:
        return sys.stdout.isatty()

    def colour(self) -> bool | None:
        if self.color == "always":
            return True
        if self.color == "never":
            return False
        return None

    def rich_out(self) -> bool:
        """Whether the default output is for a person (a table) rather than a program (tsv): only on a
        terminal. Colour settings never change the format; FORCE_COLOR and --color always colour
        what is printed (a table asked for with --format table, the text of `show`)."""
        return self.tty()

    def default_format(self, fmt: str | None) -> str:
        return fmt or ("table" if self.tty() else "tsv")

    def console(self):
        from .render import console

        return console(color=self.colour())


# The largest --limit: beyond it SQLite's integers overflow; no archive holds as many items.
MAX_LIMIT = 10**12


def argv_text(text: str) -> str:
    """An argument as text: bytes that are not UTF-8 (kept by Python as surrogates) become �."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def build_filters(since=None, until=None, on=None, kinds=(), people=(), *, undated=None, languages=(),
                  sites=(), speakers=()):
    """Filters from the options' date spans (first and last day), kinds and people.

    `undated` is None, "include" (--undated) or "only" (--only-undated). A range that ends before
    it starts, or undated items asked for alone within dates, is a RangeError, not an empty answer.
    """
    from .errors import RangeError
    from .index import Filters

    start = since[0] if since else None
    end = until[1] if until else None
    if on:
        if (start and start > on[1]) or (end and end < on[0]):
            raise RangeError(f"the dates given do not overlap: --on {on[0]}..{on[1]} lies outside "
                             f"--since/--until {start or '…'}..{end or '…'}")
        start = max(start, on[0]) if start else on[0]
        end = min(end, on[1]) if end else on[1]
    if start and end and start > end:
        raise RangeError(f"the date range is reversed: --since {since[0]} is after --until {until[1]}")
    if undated == "only" and (start or end):
        raise RangeError("--only-undated cannot be combined with --since, --until or --on")
    return Filters(since=start, until=end, kinds=tuple(k.lower() for k in kinds),
                   people=tuple(argv_text(p) for p in people),
                   undated=undated, languages=tuple(x.lower() for x in languages), sites=tuple(sites),
                   speakers=tuple(speakers))


def report(app: App, shown: int, *, filters, limit: int, noun: tuple[str, str],
           expression: str | None = None, always: bool = False) -> None:
    """Counts and notes on stderr: "20 of 21 matches" for a person at a terminal (or `always`), and
    how many undated items the date filters left out, whenever stderr is a terminal."""
    from .formats import plural

    if app.tty() or always:
        total = shown
        if limit and shown == limit:
            total = app.answer(lambda index: index.count(filters, expression))
        counted = f"{shown} of {total}" if total > shown else str(shown)
        sys.stderr.write(f"{counted} {plural(total, *noun)}\n")
    if sys.stderr.isatty() and filters.dated():
        hidden = app.answer(lambda index: index.hidden_undated(filters, expression))
        if hidden:
            sys.stderr.write(f"{hidden} undated {plural(hidden, *noun)} not shown; "
                             "--undated to include them, --only-undated for them alone\n")


def search_expression(words, *, raw: bool) -> str:
    """The FTS5 expression for the query words: translated, or as written with --raw."""
    from .errors import QueryError
    from .query import to_fts

    text = argv_text(" ".join(words))
    if raw:
        from .query import normal_query

        if not text.strip():
            raise QueryError("nothing to search for")
        return normal_query(text)
    return to_fts(text)


def write_items(app: App, filters, *, limit: int, reverse: bool, fmt: str) -> int:
    """Stream items to stdout in a plain format as they are read; how many were written."""
    from .formats import NEEDS_BODY, items_chunks

    count = 0

    def counted(items):
        nonlocal count
        for item in items:
            count += 1
            yield item

    rows = app.answer(lambda index: index.iter_items(filters, limit=limit, reverse=reverse,
                                                     body=fmt in NEEDS_BODY))
    write = sys.stdout.write
    app.started = True
    for chunk in items_chunks(counted(rows), fmt):
        write(chunk)
    return count


def write_search(app: App, hits, fmt: str | None, table, *, filters=None, limit: int = 0,
                 expression: str | None = None) -> int:
    """Print search hits as they are read (and the count on a terminal); the exit code: 1 when
    nothing was found. `table(hits)` makes the terminal's table."""
    from .formats import hits_chunks

    fmt = app.default_format(fmt)
    count = 0
    if fmt == "table":
        hits = list(hits)
        count = len(hits)
        if hits:
            app.started = True
            app.console().print(table(hits))
    else:
        hits = iter(hits)
        first = next(hits, None)

        def counted():
            nonlocal count
            app.started = True
            yield first
            for count, hit in enumerate(hits, 2):
                yield hit

        if first is not None:  # nothing at all is written when nothing is found, not even "[]"
            count = 1
            for chunk in hits_chunks(counted(), fmt):
                sys.stdout.write(chunk)
    if filters is None:
        from .index import Filters

        filters = Filters()
    report(app, count, filters=filters, limit=limit, noun=("match", "matches"), expression=expression,
           always=not count)
    return 0 if count else 1


def write_trend(app: App, terms, filters, *, by: str, share: bool, fmt: str | None) -> int:
    """`mfa trend`: each term's matching items per period, as a chart or in a plain format; the exit
    code (1 when no term matches a dated item). Shared by the Click command and the fast path."""
    from .formats import one_line, plural

    terms = tuple(dict.fromkeys(terms))
    pairs = [(term, search_expression([term], raw=False)) for term in terms]
    found = app.answer(lambda index: index.trend(pairs, filters, by=by))
    if not sum(sum(row.counts) for row in found.rows):
        sys.stderr.write(f"no dated item matches {', '.join(repr(one_line(t)) for t in terms)}\n")
        return 1
    if app.default_format(fmt) == "table":
        from .analysis_render import trend_chart

        app.console().print(trend_chart(found, width=app.console().width, share=share))
    else:
        from .analysis_formats import trend_text

        sys.stdout.write(trend_text(found, app.default_format(fmt), share=share))
    undated = sum(found.undated)
    if undated and sys.stderr.isatty():
        sys.stderr.write(f"{undated} undated {plural(undated, 'match', 'matches')} not counted "
                         "(no period to count them in)\n")
    return 0


def write_kwic(app: App, query, filters, *, words: int, sort: str, limit: int, fmt: str | None) -> int:
    """`mfa kwic`: every occurrence of the query's words in context; the exit code (1: none).
    Shared by the Click command and the fast path."""
    from .formats import plural

    expression = search_expression(query, raw=False)
    lines = app.answer(lambda index: index.kwic(expression, filters, words=words, sort=sort, limit=limit))
    fmt = app.default_format(fmt)
    if lines:
        if fmt == "table":
            from .analysis_render import kwic_view

            app.console().print(kwic_view(lines, width=app.console().width))
        else:
            from .analysis_formats import kwic_text

            sys.stdout.write(kwic_text(lines, fmt))
    if app.tty() or not lines:
        items = len({line.id for line in lines})
        sys.stderr.write(f"{len(lines)} {plural(len(lines), 'occurrence', 'occurrences')} in {items} "
                         f"{plural(items, 'item', 'items')}\n")
    return 0 if lines else 1


def write_similar(app: App, item_id: str, filters, *, limit: int, fmt: str | None) -> int:
    """`mfa similar`: the items most like one item, best first; the exit code (1: none).
    Shared by the Click command and the fast path."""
    from .formats import hits_text, one_line, plural

    def answer(index):
        item = index.get(item_id)
        terms = index.similar_terms(item)
        return item, terms, index.similar(item, filters, limit=limit, terms=terms)

    item, terms, hits = app.answer(answer)
    if sys.stderr.isatty():
        sys.stderr.write(f"like {item.id} ({one_line(item.title)[:60]}): "
                         f"{', '.join(one_line(w) for w, _ in terms) or 'no distinctive words'}\n")
    if hits:
        fmt = app.default_format(fmt)
        if fmt == "table":
            from .render import hits_table

            app.console().print(hits_table(hits, width=app.console().width))
        else:
            sys.stdout.write(hits_text(hits, fmt))
    if app.tty() or not hits:
        sys.stderr.write(f"{len(hits)} similar {plural(len(hits), 'item', 'items')}\n")
    return 0 if hits else 1
