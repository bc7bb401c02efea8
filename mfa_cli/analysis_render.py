"""Terminal views of `trend` (bars a term, a row a period) and `kwic` (the matches in one column).

Page text reaches Rich only as Text built from cleaned strings, never as markup.
"""
from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Group
from rich.table import Table
from rich.text import Text

from .analysis import KwicLine, Trend
from .formats import one_line

TERM_STYLES = ("cyan", "magenta", "yellow", "green", "blue", "red", "bright_cyan", "bright_magenta")


def trend_chart(trend: Trend, *, width: int, share: bool = False) -> Table:
    """A row a period; in each term's column (headed by the term in its colour) a bar scaled to
    the largest figure of all terms, the figure beside it; the period's items last, dimmed."""
    values = [row.shares() if share else row.counts for row in trend.rows]
    figures = [[f"{v:.1f}%" if share else str(v) for v in row] for row in values]
    figure_width = max((len(f) for row in figures for f in row), default=1)
    period_width = max((len(row.period) for row in trend.rows), default=6)
    items_width = max(len("items"), *(len(str(row.items)) for row in trend.rows)) if trend.rows else 5
    room = width - period_width - items_width - 2 * (len(trend.terms) + 1)
    column = max(figure_width + 2, room // max(1, len(trend.terms)))
    bar_room = max(1, column - figure_width - 1)
    top = max((v for row in values for v in row), default=0) or 1
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("period", no_wrap=True)
    for n, term in enumerate(trend.terms):
        style = TERM_STYLES[n % len(TERM_STYLES)]
        table.add_column(Text(one_line(term), style=f"bold {style}"), no_wrap=True, overflow="ellipsis",
                         width=column)
    table.add_column("items", justify="right", no_wrap=True, style="dim")
    for row, vals, figs in zip(trend.rows, values, figures):
        cells = []
        for n, (v, f) in enumerate(zip(vals, figs)):
            bar = "█" * round(v / top * bar_room) if v else ""
            cell = Text(bar or ("▏" if v else ""), style=TERM_STYLES[n % len(TERM_STYLES)])
            cell.append((" " if cell else "") + f, style="" if v else "dim")
            cells.append(cell)
        table.add_row(row.period, *cells, str(row.items))
    return table


def kwic_view(lines: Sequence[KwicLine], *, width: int) -> Group:
    """One line an occurrence: id, date, the left context right-aligned against the match, the match
    highlighted, the right context; each side cut to what the terminal has room for."""
    id_width = max((len(line.id) for line in lines), default=7)
    match_width = min(max((cell_len(one_line(line.match)) for line in lines), default=1), max(8, width // 5))
    side = max(8, (width - id_width - 10 - 4 - match_width) // 2)
    out = []
    for line in lines:
        text = Text(no_wrap=True, overflow="crop")
        text.append(line.id.ljust(id_width), style="bold yellow")
        text.append("  ")
        text.append((line.date or "undated").ljust(10), style="green" if line.date else "dim")
        text.append("  ")
        left = _fit_left(_flat(line.left), side)
        text.append(" " * (side - cell_len(left)) + left)
        text.append(_flat(line.match), style="bold reverse yellow")
        text.append(_fit_right(_flat(line.right), side))
        out.append(text)
    return Group(*out)


def _flat(text: str) -> str:
    """Cleaned text with each run of white space one space, the ends' spaces kept as one."""
    inner = " ".join(one_line(text).split())
    if not inner:
        return " " if text[:1].isspace() or text[-1:].isspace() else ""
    return (" " if text[:1].isspace() else "") + inner + (" " if text[-1:].isspace() else "")


def _fit_left(text: str, room: int) -> str:
    if cell_len(text) <= room:
        return text
    text = text[-room:]
    while text and cell_len(text) > room - 1:
        text = text[1:]
    return "…" + text


def _fit_right(text: str, room: int) -> str:
    if cell_len(text) <= room:
        return text
    text = text[:room]
    while text and cell_len(text) > room - 1:
        text = text[:-1]
    return text + "…"
