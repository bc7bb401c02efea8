"""Terminal output with Rich. Imported only when stdout is a terminal or colour is forced.

Page text enters Rich only as `Text` objects built from cleaned strings, never as markup, so
"[bold]" in a title prints as written and control sequences never reach the terminal.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from .formats import clean, heading, one_line
from .models import FileInfo, Hit, Item
from .schema import HIGHLIGHT

_QA = re.compile(r"^((?:Q|A|Q\.|A\.|Question|Answer|QUESTION|ANSWER|[A-Z][\w.’'-]+(?: [A-Z][\w.’'-]+){0,3})\s*:)")
KIND_STYLE = {
    "briefing": "cyan", "interview": "magenta", "comment": "yellow", "statement": "red",
    "press-release": "green", "remarks": "blue", "speech": "blue", "article": "bright_magenta",
    "letter": "bright_cyan", "document": "bright_green", "news": "white",
}


def console(*, color: bool | None, stderr: bool = False) -> Console:
    """A console for stdout (or stderr); colour None means decide from the terminal and NO_COLOR."""
    options = dict(stderr=stderr, highlight=False, emoji=False, markup=False, width=_width())
    if color is None:
        return Console(**options)
    return Console(**options, force_terminal=color, no_color=not color, color_system="auto" if color else None)


def _width() -> int | None:
    """The width to draw at: COLUMNS when it is a positive number, else the terminal's own (Rich
    would take COLUMNS=0 at its word and draw nothing)."""
    import os

    value = os.environ.get("COLUMNS", "")
    if value.isdigit() and int(value) > 0:
        return None
    import shutil

    return shutil.get_terminal_size().columns if value else None


# Below this many columns for the title, a table gives each item two lines instead: the id, date
# and kind, then the title wrapped beneath. Ids and counts are never cut.
_MIN_TITLE = 24


def _stacked(rows) -> Group:
    """Items as "id  date  kind" lines with their text wrapped below, for terminals too narrow for a table."""
    from rich.padding import Padding

    parts = []
    for head, body in rows:
        body.overflow = "fold"
        parts += [head, Padding(body, (0, 0, 0, 2))]
    return Group(*parts)


def _date(item: Item) -> Text:
    return Text(item.date.isoformat() if item.date else "undated", style="green" if item.date else "dim")


def _head(item: Item, *, kind: bool = True) -> Text:
    head = Text()
    head.append(item.id, style="bold yellow")
    head.append("  ")
    head.append_text(_date(item))
    if kind:
        head.append("  ")
        head.append(item.kind, style=KIND_STYLE.get(item.kind, ""))
    return head


def items_table(items: Sequence[Item], *, width: int = 200):
    """Items as a table (id, date, kind, title), or stacked when `width` leaves the title too little room."""
    titles = []
    for item in items:
        title = Text(one_line(item.title))
        if item.subtitle:
            title.append(" — " + one_line(item.subtitle), style="dim")
        if not item.complete:
            title.append(" (cut)", style="dim italic")
        titles.append(title)
    id_width = max((len(i.id) for i in items), default=7)
    kind_width = max((len(i.kind) for i in items), default=4)
    if width - (id_width + 10 + kind_width + 3) < _MIN_TITLE:
        return _stacked([(_head(item), title) for item, title in zip(items, titles)])
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("id", style="bold yellow", no_wrap=True, min_width=id_width)
    table.add_column("date", no_wrap=True, min_width=10)
    table.add_column("kind", no_wrap=True, min_width=kind_width)
    table.add_column("title", overflow="fold", ratio=1)
    for item, title in zip(items, titles):
        table.add_row(item.id, _date(item), Text(item.kind, style=KIND_STYLE.get(item.kind, "")), title)
    return table


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", clean(text))


def snippet_text(snippet: str) -> Text:
    text = Text()
    parts = re.split(f"({HIGHLIGHT[0]}.*?{HIGHLIGHT[1]})", snippet)
    for part in parts:
        if part.startswith(HIGHLIGHT[0]) and part.endswith(HIGHLIGHT[1]):
            text.append(_flat(part[1:-1]), style="bold reverse yellow")
        else:
            text.append(_flat(part))
    return text


def hits_table(hits: Sequence[Hit], *, width: int = 200):
    """Search hits: id, date, then the title and the snippet; stacked on narrow terminals."""
    cells = []
    for hit in hits:
        cell = Text(heading(hit.item), style="bold")
        cell.append("\n")
        cell.append_text(snippet_text(hit.snippet))
        cells.append(cell)
    id_width = max((len(h.item.id) for h in hits), default=7)
    if width - (id_width + 10 + 2) < _MIN_TITLE:
        return _stacked([(_head(hit.item, kind=False), cell) for hit, cell in zip(hits, cells)])
    table = Table(box=None, pad_edge=False, header_style="bold", show_lines=False)
    table.add_column("id", style="bold yellow", no_wrap=True, min_width=id_width)
    table.add_column("date", no_wrap=True, min_width=10)
    table.add_column("title and match", overflow="fold", ratio=1)
    for hit, cell in zip(hits, cells):
        table.add_row(hit.item.id, _date(hit.item), cell)
    return table


def item_view(item: Item) -> Group:
    """One item: title and facts set apart from the body, each question and answer its own block."""
    parts = [Text(one_line(item.title), style="bold")]
    if item.subtitle:
        parts.append(Text(one_line(item.subtitle), style="italic"))
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim")
    facts.add_column()
    facts.add_row("id", Text(item.id, style="yellow"))
    facts.add_row("date", _date(item))
    facts.add_row("kind", Text(item.kind, style=KIND_STYLE.get(item.kind, "")))
    if item.speakers:
        facts.add_row("speaker", Text(", ".join(one_line(p) for p in item.speakers)))
    if item.people:
        facts.add_row("people", Text(", ".join(one_line(p) for p in item.people)))
    if item.language != "en":
        facts.add_row("language", Text(item.language))
    if item.site:
        facts.add_row("site", Text(one_line(item.site)))
    for n, s in enumerate(item.sources):
        facts.add_row("source" if n == 0 else "", Text(f"{one_line(s.path)}:{s.line} (snapshot {s.snapshot or 'undated'})"))
    if not item.complete:
        facts.add_row("status", Text("incomplete: every snapshot cut this item off", style="yellow"))
    parts += [Text(""), facts, Text("")]
    for paragraph in clean(item.body).split("\n\n") if item.body else ["(no text)"]:
        text = Text(paragraph)
        m = _QA.match(paragraph)
        if m and len(m.group(1)) < 60:
            text.stylize("bold cyan", 0, len(m.group(1)))
        parts += [text, Text("")]
    return Group(*parts)


def separator():
    """The rule between items in `show`."""
    from rich.rule import Rule

    return Rule(style="dim")


APART = ("undated", "(nobody named)", "(no speaker found)")  # rows counted beside the scale, not on it


def bars(rows: Sequence[tuple[str, int]], *, width: int) -> Table:
    """A bar chart: one row a key, its count (never cut) and a bar scaled to the largest count.

    The rows in APART (items without a date, items naming nobody) follow the others after a gap,
    with their count and no bar: they are not a period on the time line nor a person.
    """
    scaled = [(k, n) for k, n in rows if k not in APART]
    apart = [(k, n) for k, n in rows if k in APART]
    count_width = max((len(str(n)) for _, n in rows), default=1)
    label_width = min(max((len(one_line(k)) for k, _ in rows), default=1), max(10, width // 2))
    room = max(1, width - label_width - count_width - 4)  # two columns' padding between the three
    table = Table(box=None, pad_edge=False, show_header=False)
    table.add_column(overflow="fold", max_width=label_width)
    table.add_column(justify="right", no_wrap=True, min_width=count_width)
    table.add_column(no_wrap=True, overflow="crop")
    top = max((n for _, n in scaled), default=1) or 1
    for key, n in scaled:
        bar = "█" * round(n / top * room) if n else ""
        table.add_row(Text(one_line(key)), str(n), Text(bar or ("▏" if n else ""), style="cyan"))
    if apart and scaled:
        table.add_row("", "", "")
    for key, n in apart:
        table.add_row(Text(one_line(key), style="dim"), str(n), Text(""))
    return table


def files_table(files: Sequence[FileInfo]) -> Table:
    """Files read; the warnings column only when some file has warnings."""
    warned = any(f.warnings for f in files)
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("file", overflow="fold")
    table.add_column("snapshot", no_wrap=True)
    table.add_column("items", justify="right", no_wrap=True)
    if warned:
        table.add_column("warnings", overflow="fold")
    for f in files:
        row = [Text(one_line(f.path)), Text(f.snapshot.isoformat() if f.snapshot else "-"), str(f.entries)]
        if warned:
            row.append(Text("; ".join(one_line(w) for w in f.warnings), style="yellow"))
        table.add_row(*row)
    return table
