"""Plain output of `trend` and `kwic` for pipes: tsv, json, jsonl, csv, excel (and ids for kwic).

Page text is data: one_line() strips control characters and keeps each record on one line.
"""
from __future__ import annotations

from collections.abc import Sequence

from .analysis import KwicLine, Trend
from .formats import _csv, dumps, one_line


def _figure(value: float | int, share: bool) -> str:
    return f"{value:.2f}" if share else str(value)


def trend_text(trend: Trend, fmt: str, *, share: bool = False) -> str:
    """The trend as tsv/csv (a header `period TERM...`, then a row a period: counts, or percentages
    of the period's items with `share`) or json/jsonl (`{"period", "counts", "items"}`, and
    `"shares"` with `share`)."""
    terms = [one_line(t) for t in trend.terms]
    if fmt in ("json", "jsonl"):
        rows = []
        for row in trend.rows:
            record = {"period": row.period, "counts": dict(zip(terms, row.counts)), "items": row.items}
            if share:
                record["shares"] = {t: round(s, 4) for t, s in zip(terms, row.shares())}
            rows.append(record)
        if fmt == "json":
            return dumps(rows, indent=2) + "\n"
        return "".join(dumps(r) + "\n" for r in rows)
    values = [(row.period, [_figure(v, share) for v in (row.shares() if share else row.counts)])
              for row in trend.rows]
    if fmt in ("csv", "excel"):
        return _csv(["period", *terms], ([p, *v] for p, v in values), excel=fmt == "excel")
    return "\t".join(["period", *terms]) + "\n" + "".join("\t".join([p, *v]) + "\n" for p, v in values)


KWIC_COLUMNS = ["id", "date", "left", "match", "right", "field", "title"]


def _kwic_dict(line: KwicLine) -> dict:
    return {"id": line.id, "date": line.date, "left": one_line(line.left), "match": one_line(line.match),
            "right": one_line(line.right), "field": line.field, "title": one_line(line.title)}


def kwic_text(lines: Sequence[KwicLine], fmt: str) -> str:
    """Occurrences as tsv (`id date left match right`), csv (with field and title), json, jsonl,
    or ids (each item once, in the order of its first occurrence)."""
    if fmt == "ids":
        return "".join(f"{i}\n" for i in dict.fromkeys(line.id for line in lines))
    if fmt in ("json", "jsonl"):
        if fmt == "json":
            return dumps([_kwic_dict(line) for line in lines], indent=2) + "\n"
        return "".join(dumps(_kwic_dict(line)) + "\n" for line in lines)
    if fmt in ("csv", "excel"):
        return _csv(KWIC_COLUMNS, (list(_kwic_dict(line).values()) for line in lines), excel=fmt == "excel")
    return "".join(f"{line.id}\t{line.date or '-'}\t{one_line(line.left)}\t{one_line(line.match)}\t"
                   f"{one_line(line.right)}\n" for line in lines)
