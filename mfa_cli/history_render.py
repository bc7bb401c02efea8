"""What changed between snapshots, on a terminal with Rich: the `changes` table and the versions of
`show --history`, removed words in red and added ones in green. Page text enters Rich only as
cleaned `Text`, never as markup (see render.py)."""
from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from .formats import clean, one_line
from .history_formats import seen_span, snapshot_label, summary, version_changes
from .models import Change, Item, Version

TYPE_STYLE = {"edited": "yellow", "retitled": "magenta", "removed": "red", "inserted": "green"}


def changes_table(changes: Sequence[Change]) -> Table:
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("snapshot", no_wrap=True)
    table.add_column("type", no_wrap=True)
    table.add_column("id", style="bold yellow", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("title", overflow="fold", ratio=3)
    table.add_column("what", overflow="fold", ratio=2)
    for c in changes:
        table.add_row(Text(snapshot_label(c.snapshot, c.estimated)), Text(c.type, style=TYPE_STYLE[c.type]),
                      c.item.id, Text(c.item.date.isoformat() if c.item.date else "undated"),
                      Text(one_line(c.item.title)), Text(one_line(summary(c)), style="dim"))
    return table


def diff_text(old: str | None, new: str | None) -> Text:
    """A word diff: removed words struck through in red, added ones in green."""
    from .history import word_diff

    text = Text()
    for op, words in word_diff(clean(old), clean(new)):
        if text and not text.plain.endswith("\n") and not words.startswith("\n"):
            text.append(" ")
        if op == "-":
            text.append(words, style="red strike")
        elif op == "+":
            text.append(words, style="green")
        elif op == "…":
            text.append("…", style="dim")
        else:
            text.append(words)
    return text


def history_view(item: Item, versions: Sequence[Version]) -> Group:
    kinds = version_changes(versions)
    parts = [Text(one_line(item.title), style="bold"),
             Text(f"{item.id}  {item.date.isoformat() if item.date else 'undated'}  "
                  f"{len(versions)} version{'s' if len(versions) != 1 else ''}", style="dim")]
    if item.removed:
        parts.append(Text(f"removed from the listing of {item.removed}", style="red"))
    if item.inserted:
        parts.append(Text(f"inserted late into the listing of {item.inserted}", style="green"))
    for n, v in enumerate(versions):
        heading = f"version {v.n}, seen {seen_span(v)}" + (f": {', '.join(kinds[n])}" if kinds[n] else "")
        parts += [Text(""), Rule(Text(heading, style="bold"), align="left")]
        parts += [Text(f"{one_line(p)}:{line} (snapshot {s or 'unknown'})", style="dim") for p, line, s in v.sources]
        parts.append(Text(""))
        if n == 0:
            parts.append(Text(one_line(v.title), style="bold"))
            if v.subtitle:
                parts.append(Text(one_line(v.subtitle), style="italic"))
            parts += [Text(""), Text(clean(v.body) if v.body else "(no text)")]
        else:
            old = versions[n - 1]
            parts.append(diff_text(one_line(old.title), one_line(v.title)))
            if old.subtitle or v.subtitle:
                parts.append(diff_text(one_line(old.subtitle), one_line(v.subtitle)))
            parts += [Text(""), diff_text(old.body, v.body)]
    return Group(*parts)
