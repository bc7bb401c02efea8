"""The shapes that flow through mfa: a parsed page, the raw entries on it, and merged items."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

KINDS = (
    "interview", "briefing", "comment", "statement", "press-release", "remarks",
    "speech", "article", "letter", "document", "news",
)


@dataclass(frozen=True)
class Source:
    """Where an item was seen: the file, the 1-based line of its heading, the page's snapshot date."""

    path: str
    line: int
    snapshot: dt.date | None


@dataclass(frozen=True)
class Entry:
    """One bulletin entry as it stands on one page, before entries from several pages are merged.

    `title_cut` is true when the snapshot ends inside the heading itself, so the title may be a prefix
    of the real one.
    """

    date: dt.date | None
    title: str
    subtitle: str | None
    body: str
    complete: bool
    line: int
    title_cut: bool = False


@dataclass(frozen=True)
class Page:
    """A parsed snapshot: its date (None when the page does not state it), entries and warnings."""

    snapshot: dt.date | None
    entries: tuple[Entry, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Item:
    """A bulletin item, merged over every snapshot it was seen in.

    `id` is the short display id; `uid` the full stable hash it is a prefix of.
    """

    uid: str
    date: dt.date | None
    title: str
    subtitle: str | None
    body: str
    kind: str
    people: tuple[str, ...]
    complete: bool
    sources: tuple[Source, ...] = field(default=())
    id: str = ""

    def as_dict(self) -> dict:
        """The published JSON shape: field names never change, fields may be added."""
        return {
            "id": self.id or self.uid[:7],
            "date": self.date.isoformat() if self.date else None,
            "title": self.title,
            "subtitle": self.subtitle,
            "kind": self.kind,
            "people": list(self.people),
            "body": self.body,
            "complete": self.complete,
            "sources": [
                {
                    "path": s.path,
                    "line": s.line,
                    "snapshot": s.snapshot.isoformat() if s.snapshot else None,
                }
                for s in self.sources
            ],
        }
