"""Plain, machine-readable output for pipes: tsv, json, jsonl, csv and ids. No Rich here.

Page text is data: control characters are removed from every plain format (JSON escapes them as
JSON does), and tabs and line breaks inside a TSV field become spaces so one item stays one line.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from .models import FileInfo, Hit, Item
from .schema import HIGHLIGHT

FORMATS = ("table", "tsv", "json", "jsonl", "csv", "excel", "ids")
# `excel` is CSV with a UTF-8 byte-order mark: without it Excel reads UTF-8 as the local code page
# and Cyrillic and curly quotes come out garbled.
BOM = "\ufeff"
# Control characters (C0 but tab and line feed, DEL, C1) and the invisible marks that can reorder
# or hide text (zero-width, line/paragraph separators, bidirectional controls), deleted by translate.
_CONTROL = dict.fromkeys([*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0), *range(0x200B, 0x2010),
                          *range(0x2028, 0x202F), *range(0x2066, 0x206A)])


def _json():
    import json  # only the json formats need it; plain listings start faster without

    return json


# JSON escapes C0 controls itself; these it would pass through, and in a viewer they can hide or
# reorder text, so they are escaped too (\u009b, \u202e...): parsed, the text is the same.
_JSON_ESCAPE = {c: f"\\u{c:04x}" for c in _CONTROL if c >= 0x7F}


def dumps(value, **options) -> str:
    """JSON text with every character that is not visible text escaped; the rest as it is (UTF-8)."""
    return _json().dumps(value, ensure_ascii=False, **options).translate(_JSON_ESCAPE)


def plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def clean(text: str | None) -> str:
    """Text with terminal control characters removed (line breaks and tabs kept)."""
    return (text or "").translate(_CONTROL)


def one_line(text: str | None) -> str:
    """Clean text on one line: each run of tabs and line breaks becomes one space."""
    return " ".join(part for part in clean(text).replace("\t", "\n").split("\n") if part).strip()


def plain_snippet(snippet: str) -> str:
    """A snippet with the matched words marked **like this**, on one line."""
    return one_line(snippet.replace(HIGHLIGHT[0], "**").replace(HIGHLIGHT[1], "**"))


def heading(item: Item) -> str:
    """The title on one line, with the sub-heading joined after " — " when there is one: items of one
    day often share a title and differ only there."""
    if item.subtitle:
        return f"{one_line(item.title)} — {one_line(item.subtitle)}"
    return one_line(item.title)


def _fields(item: Item) -> list[str]:
    return [item.id, item.date.isoformat() if item.date else "-", item.kind, heading(item)]


NEEDS_BODY = ("json", "jsonl", "csv", "excel")
ITEM_COLUMNS = ["id", "date", "kind", "title", "subtitle", "people", "speakers", "body", "sources"]


def _csv_row(item: Item) -> list:
    """One item as the CSV columns of every listing command (ITEM_COLUMNS)."""
    return [item.id, item.date.isoformat() if item.date else "", item.kind, clean(item.title),
            clean(item.subtitle), "; ".join(one_line(p) for p in item.people),
            "; ".join(one_line(p) for p in item.speakers), clean(item.body),
            "; ".join(f"{one_line(s.path)}:{s.line}" for s in item.sources)]


def items_text(items: Iterable[Item], fmt: str) -> str:
    """Items as tsv (id, date, kind, title), json, jsonl, csv (with header) or ids."""
    return "".join(items_chunks(items, fmt))


def items_chunks(items: Iterable[Item], fmt: str):
    """items_text piece by piece, so a listing of half a million items is never held whole."""
    if fmt == "ids":
        yield from (f"{i.id}\n" for i in items)
    elif fmt == "tsv":
        yield from ("\t".join(_fields(i)) + "\n" for i in items)
    elif fmt == "jsonl":
        yield from (dumps(i.as_dict()) + "\n" for i in items)
    elif fmt == "json":
        yield "["
        empty = True
        for item in items:
            text = dumps(item.as_dict(), indent=2).replace("\n", "\n  ")
            yield ("\n  " if empty else ",\n  ") + text
            empty = False
        yield "]\n" if empty else "\n]\n"
    elif fmt in ("csv", "excel"):
        yield from _csv_chunks(ITEM_COLUMNS, (_csv_row(i) for i in items), excel=fmt == "excel")
    else:
        raise ValueError(fmt)


def hits_text(hits: Iterable[Hit], fmt: str) -> str:
    """Search hits; like items_text, with a snippet column (tsv, csv) or score and snippet (json)."""
    return "".join(hits_chunks(hits, fmt))


def _hit_dict(hit: Hit) -> dict:
    row = hit.item.as_dict()
    row["score"] = round(-hit.score, 6)
    row["snippet"] = plain_snippet(hit.snippet)
    return row


def hits_chunks(hits: Iterable[Hit], fmt: str):
    """hits_text piece by piece, as items_chunks."""
    if fmt == "jsonl":
        yield from (dumps(_hit_dict(h)) + "\n" for h in hits)
    elif fmt == "json":
        yield "["
        empty = True
        for hit in hits:
            yield ("\n  " if empty else ",\n  ") + dumps(_hit_dict(hit), indent=2).replace("\n", "\n  ")
            empty = False
        yield "]\n" if empty else "\n]\n"
    elif fmt == "tsv":
        yield from ("\t".join(_fields(h.item) + [plain_snippet(h.snippet)]) + "\n" for h in hits)
    elif fmt in ("csv", "excel"):
        yield from _csv_chunks([*ITEM_COLUMNS, "score", "snippet"],
                               ([*_csv_row(h.item), f"{-h.score:.6f}", plain_snippet(h.snippet)] for h in hits),
                               excel=fmt == "excel")
    else:
        yield from items_chunks((h.item for h in hits), fmt)


def counts_text(rows: Sequence[tuple[str, int]], fmt: str, by: str) -> str:
    if fmt in ("json", "jsonl"):
        dicts = [{by: clean(k), "count": n} for k, n in rows]
        if fmt == "json":
            return dumps(dicts, indent=2) + "\n"
        return "".join(dumps(d) + "\n" for d in dicts)
    if fmt in ("csv", "excel"):
        return _csv([by, "count"], ([clean(k), n] for k, n in rows), excel=fmt == "excel")
    return "".join(f"{one_line(k)}\t{n}\n" for k, n in rows)


def files_text(files: Sequence[FileInfo], fmt: str) -> str:
    if fmt in ("json", "jsonl"):
        dicts = [{"path": f.path, "snapshot": f.snapshot.isoformat() if f.snapshot else None,
                  "items": f.entries, "warnings": f.warnings} for f in files]
        if fmt == "json":
            return dumps(dicts, indent=2) + "\n"
        return "".join(dumps(d) + "\n" for d in dicts)
    if fmt in ("csv", "excel"):
        return _csv(["path", "snapshot", "items", "warnings"],
                    ([clean(f.path), f.snapshot.isoformat() if f.snapshot else "", f.entries,
                      len(f.warnings)] for f in files), excel=fmt == "excel")
    return "".join(f"{one_line(f.path)}\t{f.snapshot.isoformat() if f.snapshot else '-'}\t{f.entries}\t"
                   f"{len(f.warnings)}\n" for f in files)


def item_markdown(item: Item) -> str:
    lines = [f"# {clean(item.title)}", ""]
    if item.subtitle:
        lines += [f"## {clean(item.subtitle)}", ""]
    lines += [f"- id: {item.id}", f"- date: {item.date.isoformat() if item.date else 'unknown'}",
              f"- kind: {item.kind}"]
    if item.speakers:
        lines.append(f"- speakers: {', '.join(clean(p) for p in item.speakers)}")
    if item.people:
        lines.append(f"- people: {', '.join(clean(p) for p in item.people)}")
    if item.language != "en":
        lines.append(f"- language: {item.language}")
    if item.site:
        lines.append(f"- site: {clean(item.site)}")
    lines += [f"- source: {clean(s.path)}:{s.line} (snapshot {s.snapshot or 'undated'})" for s in item.sources]
    if not item.complete:
        lines.append("- incomplete: every snapshot cut this item off")
    lines += ["", clean(item.body), ""]
    return "\n".join(lines)


SEPARATOR = "=" * 72 + "\n"  # between items in `show`'s plain text, on a line of its own


def item_plain(item: Item) -> str:
    """The text view of one item without colour: heading, facts, then the body's paragraphs."""
    lines = [one_line(item.title)]
    if item.subtitle:
        lines.append(one_line(item.subtitle))
    lines.append("")
    lines.append(f"id:      {item.id}")
    lines.append(f"date:    {item.date.isoformat() if item.date else 'unknown'}")
    lines.append(f"kind:    {item.kind}")
    if item.speakers:
        lines.append(f"speaker: {', '.join(one_line(p) for p in item.speakers)}")
    if item.people:
        lines.append(f"people:  {', '.join(one_line(p) for p in item.people)}")
    if item.language != "en":
        lines.append(f"language: {item.language}")
    if item.site:
        lines.append(f"site:    {one_line(item.site)}")
    for n, s in enumerate(item.sources):
        label = "source: " if n == 0 else "        "
        lines.append(f"{label} {one_line(s.path)}:{s.line} (snapshot {s.snapshot or 'undated'})")
    if not item.complete:
        lines.append("status:  incomplete (every snapshot cut this item off)")
    lines.append("")
    lines.append(clean(item.body) if item.body else "(no text)")
    return "\n".join(lines) + "\n"


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    """A CSV cell a spreadsheet will not run: text starting like a formula gets a leading ' (OWASP)."""
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def _csv(header: list[str], rows: Iterable[list], *, excel: bool = False) -> str:
    return "".join(_csv_chunks(header, rows, excel=excel))


def _csv_chunks(header: list[str], rows: Iterable[list], *, excel: bool = False):
    import csv
    import io

    out = io.StringIO()
    if excel:
        out.write(BOM)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for n, row in enumerate(rows):
        writer.writerow([_cell(value) for value in row])
        if n % 1000 == 999:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()
