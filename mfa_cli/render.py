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

from .formats import clean, one_line
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
    if color is None:
        return Console(stderr=stderr, highlight=False, emoji=False, markup=False)
    return Console(stderr=stderr, highlight=False, emoji=False, markup=False,
                   force_terminal=color, no_color=not color, color_system="auto" if color else None)


def _date(item: Item) -> Text:
    return Text(item.date.isoformat() if item.date else "undated", style="green" if item.date else "dim")


def items_table(items: Sequence[Item]) -> Table:
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("id", style="bold yellow", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("title", overflow="fold")
    for item in items:
        title = Text(one_line(item.title))
        if item.subtitle:
            title.append(" — " + one_line(item.subtitle), style="dim")
        if not item.complete:
            title.append(" (cut)", style="dim italic")
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


def hits_table(hits: Sequence[Hit]) -> Table:
    table = Table(box=None, pad_edge=False, header_style="bold", show_lines=False)
    table.add_column("id", style="bold yellow", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("title and match", overflow="fold")
    for hit in hits:
        cell = Text(one_line(hit.item.title), style="bold")
        cell.append("\n")
        cell.append_text(snippet_text(hit.snippet))
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
    if item.people:
        facts.add_row("people", Text(", ".join(one_line(p) for p in item.people)))
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


def bars(rows: Sequence[tuple[str, int]], *, width: int) -> Table:
    table = Table(box=None, pad_edge=False, show_header=False)
    table.add_column(no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    table.add_column(no_wrap=True)
    top = max((n for _, n in rows), default=1)
    room = max(10, width - max((len(k) for k, _ in rows), default=0) - 12)
    for key, n in rows:
        table.add_row(Text(one_line(key)), str(n), Text("█" * max(1, round(n / top * room)), style="cyan"))
    return table


def files_table(files: Sequence[FileInfo]) -> Table:
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("file", overflow="fold")
    table.add_column("snapshot", no_wrap=True)
    table.add_column("items", justify="right")
    table.add_column("warnings", overflow="fold")
    for f in files:
        table.add_row(Text(one_line(f.path)), Text(f.snapshot.isoformat() if f.snapshot else "-"),
                      str(f.entries), Text("; ".join(one_line(w) for w in f.warnings), style="yellow"))
    return table
