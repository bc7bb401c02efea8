"""Plain output of what changed between snapshots: `changes` in tsv, json, jsonl, csv and ids, and
`show --history` as text with `[-removed-]{+added+}` word diffs (as `git diff --word-diff=plain`),
as JSON and as Markdown. No Rich here (see history_render.py)."""
from __future__ import annotations

from collections.abc import Sequence

from .formats import _csv, clean, dumps, one_line
from .models import Change, Item, Version

CHANGE_COLUMNS = ["type", "id", "date", "title", "subtitle", "snapshot", "snapshot_from", "previous_snapshot",
                  "old_title", "new_title", "words_removed", "words_added"]


def summary(change: Change) -> str:
    """A few words on what changed: "−3 +5 words", "was: old title", or the listing's verdict."""
    if change.type == "edited":
        return f"−{change.removed_words} +{change.added_words} words"
    if change.type == "retitled":
        return f"was: {one_line(change.old_title)}"
    if change.type == "removed":
        return "gone; its neighbours now adjacent"
    return "new between two adjacent items"


def snapshot_label(date: str | None, estimated: bool) -> str:
    """A snapshot date as shown to people: its file's date is marked so, an unknown one says so."""
    if not date:
        return "unknown"
    return f"{date} (file date)" if estimated else date


def changes_text(changes: Sequence[Change], fmt: str) -> str:
    """Change events as tsv (snapshot, type, id, date, title, summary), json, jsonl, csv, excel or ids."""
    if fmt == "ids":
        seen: set[str] = set()
        return "".join(f"{c.item.id}\n" for c in changes if not (c.item.id in seen or seen.add(c.item.id)))
    if fmt in ("json", "jsonl"):
        if fmt == "jsonl":
            return "".join(dumps(c.as_dict()) + "\n" for c in changes)
        return dumps([c.as_dict() for c in changes], indent=2) + "\n"
    if fmt in ("csv", "excel"):
        rows = []
        for c in changes:
            d = c.as_dict()
            rows.append([clean(d.get(k)) if isinstance(d.get(k), str) else d.get(k, "") for k in CHANGE_COLUMNS])
        return _csv(CHANGE_COLUMNS, ([("" if v is None else v) for v in row] for row in rows), excel=fmt == "excel")
    return "".join(
        "\t".join([c.snapshot or "-", c.type, c.item.id, c.item.date.isoformat() if c.item.date else "-",
                   one_line(c.item.title), one_line(summary(c))]) + "\n"
        for c in changes)


def version_changes(versions: Sequence[Version]) -> list[list[str]]:
    """For each version, what kind of change led to it from the one before ([] for the first)."""
    from .history import changes_between

    return [[]] + [changes_between(a, b) for a, b in zip(versions, versions[1:])]


def _diff(old: str | None, new: str | None) -> str:
    from .history import plain_diff, word_diff

    return plain_diff(word_diff(clean(old), clean(new)))


def seen_span(v: Version) -> str:
    """When a version was seen: its first snapshot, and its last when that differs."""
    first = snapshot_label(v.first_seen, v.estimated)
    if v.last_seen and v.last_seen != v.first_seen:
        return f"{first} to {v.last_seen}"
    return first


def history_plain(item: Item, versions: Sequence[Version]) -> str:
    """An item's versions, oldest first: the first in full, each later one as a word diff."""
    kinds = version_changes(versions)
    lines = [one_line(item.title), "", f"id:       {item.id}",
             f"date:     {item.date.isoformat() if item.date else 'unknown'}",
             f"versions: {len(versions)}"]
    if item.removed:
        lines.append(f"removed:  from the listing of {item.removed}")
    if item.inserted:
        lines.append(f"inserted: late, into the listing of {item.inserted}")
    for n, v in enumerate(versions):
        lines += ["", "-" * 72, f"version {v.n} of {len(versions)}, seen {seen_span(v)}"
                  + (f": {', '.join(kinds[n])}" if kinds[n] else "")]
        lines += [f"  source: {one_line(p)}:{line} (snapshot {s or 'unknown'})" for p, line, s in v.sources]
        lines.append("")
        if n == 0:
            lines.append(one_line(v.title))
            if v.subtitle:
                lines.append(one_line(v.subtitle))
            lines += ["", clean(v.body) if v.body else "(no text)"]
            continue
        old = versions[n - 1]
        lines.append(one_line(_diff(old.title, v.title)))
        if old.subtitle or v.subtitle:
            lines.append(one_line(_diff(old.subtitle, v.subtitle)))
        lines += ["", _diff(old.body, v.body) if (old.body or v.body) else "(no text)"]
    return "\n".join(lines) + "\n"


def history_dict(item: Item, versions: Sequence[Version]) -> dict:
    """The item's JSON with `versions` as an array of its versions, oldest first."""
    from .history import diff_counts, word_diff

    out = item.as_dict()
    kinds = version_changes(versions)
    out["versions"] = []
    for n, v in enumerate(versions):
        entry = {
            "title": v.title, "subtitle": v.subtitle, "body": v.body,
            "first_seen": v.first_seen, "last_seen": v.last_seen,
            "seen_from": "file" if v.estimated else "page",
            "sources": [{"path": p, "line": line, "snapshot": s} for p, line, s in v.sources],
            "changes": kinds[n],
        }
        if n:
            diff = word_diff(versions[n - 1].body or "", v.body or "")
            entry["words_removed"], entry["words_added"] = diff_counts(diff)
        out["versions"].append(entry)
    return out


def history_markdown(item: Item, versions: Sequence[Version]) -> str:
    """The versions as Markdown: each a section, later ones as word diffs in a code block."""
    kinds = version_changes(versions)
    lines = [f"# {clean(item.title)}", "", f"- id: {item.id}",
             f"- date: {item.date.isoformat() if item.date else 'unknown'}", f"- versions: {len(versions)}"]
    for n, v in enumerate(versions):
        lines += ["", f"## Version {v.n}, seen {seen_span(v)}" + (f" ({', '.join(kinds[n])})" if kinds[n] else ""), ""]
        if n == 0:
            lines += [f"**{clean(v.title)}**", "", clean(v.body)]
        else:
            old = versions[n - 1]
            lines += ["```", _diff(old.title, v.title), "", _diff(old.body, v.body), "```"]
    return "\n".join(lines) + "\n"
