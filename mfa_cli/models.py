"""The shapes that flow through mfa: a parsed page, the raw entries on it, and merged items.

They are named tuples rather than dataclasses: immutable and compared by value all the same, and
cheaper to define, which matters because every run of `mfa` pays for it before doing anything.
"""
from __future__ import annotations

from collections import namedtuple

KINDS = (
    "interview", "briefing", "comment", "statement", "press-release", "remarks",
    "speech", "article", "letter", "document", "news",
)
CHANGE_TYPES = ("edited", "retitled", "removed", "inserted")


class Source(namedtuple("Source", "path line snapshot")):
    """Where an item was seen: the file, the 1-based line of its heading, the page's snapshot date."""

    __slots__ = ()


class Entry(namedtuple("Entry", "date title subtitle body complete line title_cut lead",
                       defaults=(False, False))):
    """One bulletin entry as it stands on one page, before entries from several pages are merged.

    `title_cut` is true when the snapshot ends inside or right after the heading, so the title may
    be a prefix of the real one; `lead` when it is the page's lead item, above any listing.
    """

    __slots__ = ()


class Page(namedtuple("Page", "snapshot entries warnings site", defaults=((), None))):
    """A parsed snapshot: its date (None when the page does not state it), entries, warnings, and the
    site the page names (None when it does not say)."""

    __slots__ = ()


class Item(namedtuple("Item", "uid date title subtitle body kind people complete sources id "
                      "first_seen last_seen versions removed inserted language site speakers",
                      defaults=((), "", None, None, 1, None, None, "en", None, ()))):
    """A bulletin item, merged over every snapshot it was seen in.

    `uid` is the full stable hash; `id` the short prefix shown to users (7 hex digits, more only
    where two items would share it). `first_seen` and `last_seen` are the first and last snapshot
    dates (ISO) showing it, `versions` how many distinct texts it had, `removed` and `inserted` the
    snapshot dates from which a listing shows it gone or late-inserted (None when not). `language`
    is "en" or "ru", read from the text; `site` the site its pages name (None when they do not say).
    """

    __slots__ = ()

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
                {"path": s.path, "line": s.line, "snapshot": s.snapshot.isoformat() if s.snapshot else None}
                for s in self.sources
            ],
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "versions": self.versions,
            "removed": self.removed,
            "inserted": self.inserted,
            "language": self.language,
            "site": self.site,
            "speakers": list(self.speakers),
        }


class Hit(namedtuple("Hit", "item score snippet")):
    """A search result: the item, its BM25 score (lower is better) and a snippet with markers."""

    __slots__ = ()


class FileInfo(namedtuple("FileInfo", "path snapshot entries warnings")):
    """What `sources` reports for one input file: path, snapshot date, entries, warnings."""

    __slots__ = ()


class Change(namedtuple("Change", "type item snapshot estimated previous old_title new_title removed_words "
                        "added_words")):
    """What changed for an item between two snapshots: `type` is edited, retitled, removed or inserted;
    `snapshot` the first snapshot date showing it (`estimated` when that date is its file's, not its
    page's) and `previous` the last one showing the item before."""

    __slots__ = ()

    def as_dict(self) -> dict:
        """The published JSON shape of a change: field names never change, fields may be added."""
        item = self.item
        out = {
            "type": self.type,
            "id": item.id,
            "date": item.date.isoformat() if item.date else None,
            "title": item.title,
            "subtitle": item.subtitle,
            "kind": item.kind,
            "snapshot": self.snapshot,
            "snapshot_from": "file" if self.estimated else "page",
            "previous_snapshot": self.previous,
        }
        if self.type == "retitled":
            out.update(old_title=self.old_title, new_title=self.new_title)
        if self.type == "edited":
            out.update(words_removed=self.removed_words, words_added=self.added_words)
        return out


class Version(namedtuple("Version", "n title subtitle body first_seen last_seen estimated sources")):
    """One distinct text of an item, as `show --history` lists them: `sources` are (path, line,
    snapshot date or None) of the snapshots showing it, oldest first."""

    __slots__ = ()
