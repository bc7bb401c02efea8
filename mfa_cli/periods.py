"""Periods of time as `stats` labels them (day 2018-03-05, ISO-like week 2018-W09, month 2018-03,
year 2018), and the unbroken run of them between two labels: a chart must show a period without
items as 0, not leave it out."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

# SQLite expressions computing each label from items.date; period_of does the same in Python.
SQL_LABELS = {
    "day": "items.date",
    "week": "strftime('%Y-W%W', items.date)",
    "month": "substr(items.date, 1, 7)",
    "year": "substr(items.date, 1, 4)",
}


def period_of(day: dt.date, by: str) -> str:
    """The label of the period of `by` that `day` falls in (weeks start on Monday, as %W counts)."""
    if by == "day":
        return day.isoformat()
    if by == "week":
        return day.strftime("%Y-W%W")
    if by == "month":
        return day.isoformat()[:7]
    return day.isoformat()[:4]


def _start(label: str, by: str) -> dt.date:
    if by == "day":
        return dt.date.fromisoformat(label)
    if by == "week":
        return dt.datetime.strptime(f"{label}-1", "%Y-W%W-%w").date()
    if by == "month":
        return dt.date.fromisoformat(f"{label}-01")
    return dt.date(int(label), 1, 1)


def periods_between(first: str, last: str, by: str) -> list[str]:
    """Every label from `first` to `last` inclusive, in order."""
    day = _start(first, by) - dt.timedelta(days=7)
    end = _start(last, by) + dt.timedelta(days=7)
    labels: list[str] = []
    step = dt.timedelta(days=1)
    while day <= end:
        label = period_of(day, by)
        if first <= label <= last and (not labels or labels[-1] != label):
            labels.append(label)
        # months and years need not be walked day by day
        day = day + step if by in ("day", "week") else _next_start(day, by)
    return labels


def _next_start(day: dt.date, by: str) -> dt.date:
    if by == "year":
        return dt.date(day.year + 1, 1, 1)
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def fill(rows: Iterable[tuple[str, int]], by: str, *, apart: Sequence[str] = ("undated",)) -> list[tuple[str, int]]:
    """(label, count) rows for every period from the first to the last one counted, 0 where none
    were; the rows labelled in `apart` follow at the end."""
    counts = dict(rows)
    dated = sorted(k for k in counts if k not in apart)
    filled = [(label, counts.get(label, 0)) for label in periods_between(dated[0], dated[-1], by)] if dated else []
    return filled + [(k, counts[k]) for k in apart if k in counts]
