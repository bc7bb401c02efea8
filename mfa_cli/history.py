"""What changed between snapshots: versions of an item, word diffs, retitles, and the neighbour rules
that tell a removal or a late insertion in a listing from an item that merely scrolled away.

Pure functions over sightings (one entry on one page, with the page's snapshot date) and listings
(the keys a listing page shows, in page order). No SQLite, no Click: build.py stores what they
produce, index.py queries it.

The rules, in short:
- Two sightings are one version when their title, sub-heading and text agree as far as both go, after
  folding case, white space, quotes and dashes: a snapshot that stops earlier is never an edit.
- A listing shows a summary and an article page its full text, so texts are only compared between
  sightings of the same role (listed, or alone on a page); sightings in one file are never versions
  of each other.
- Two titles of one date are one retitled item when the opening texts agree as far as both go over at
  least OPENING characters and no page shows both.
- A listed item is removed when a later listing shows its former neighbours side by side, and
  inserted when it appears between two items that stood side by side in an earlier listing (and is
  dated before that listing was saved). Where a rule cannot decide, nothing is reported.
"""
from __future__ import annotations

import re
import zlib
from collections import namedtuple
from collections.abc import Iterable, Sequence

from .corpus import fold as _fold_text
from .corpus import normalize

OPENING = 200  # folded characters of shared opening text that make two titles one item
PAGE, LISTED = 0, 1  # roles: alone on a page (an article, a home page's lead), or one of a listing


class Sighting(namedtuple("Sighting", "title subtitle body title_cut role seen estimated path line ref",
                          defaults=(False, PAGE, None, False, "", 0, None))):
    """One entry as seen on one page: `seen` is the snapshot date (ISO) the page states, or its file's
    date when `estimated`, or None when neither is known; `ref` is the caller's handle on the entry."""

    __slots__ = ()

    def order(self) -> tuple:
        return (self.seen is None, self.seen or "", self.path, self.line)


class Version(namedtuple("Version", "title subtitle body first_seen last_seen estimated sightings title_cut",
                         defaults=(False,))):
    """A distinct text of an item: its fullest title, sub-heading and text, and the sightings showing it
    in snapshot order (`estimated`: the first one's date comes from its file, not its page;
    `title_cut`: every sighting's title was cut by its snapshot)."""

    __slots__ = ()

    @property
    def fullest(self) -> Sighting:
        return max(self.sightings, key=lambda s: (len(s.body), not s.title_cut, s.order()))


class _Open:
    """A version being collected: its folded title and sub-heading, and its longest folded text per role."""

    def __init__(self, title: str, cut: bool, subtitle: str):
        self.title, self.cut, self.subtitle = title, cut, subtitle
        self.texts: dict[int, str] = {}
        self.members: list[Sighting] = []

    def fits(self, s: Sighting, title: str, subtitle: str, body: str) -> bool:
        if not _agree(self.title, title, cut=self.cut or s.title_cut):
            return False
        if s.title_cut:
            return True
        if self.subtitle and subtitle and self.subtitle != subtitle:
            return False
        known = self.texts.get(s.role, "")
        return known.startswith(body) or body.startswith(known)

    def add(self, s: Sighting, title: str, subtitle: str, body: str) -> None:
        self.members.append(s)
        if not s.title_cut and (self.cut or len(title) > len(self.title)):
            self.title, self.cut = title, False
        self.subtitle = self.subtitle or subtitle
        if len(body) > len(self.texts.get(s.role, "")):
            self.texts[s.role] = body


def _agree(a: str, b: str, *, cut: bool) -> bool:
    return a == b or (cut and (a.startswith(b) or b.startswith(a)))


def fold(text: str | None) -> str:
    """Text as compared between snapshots (see corpus.normalize)."""
    return normalize(text)


def versions(sightings: Iterable[Sighting]) -> list[Version]:
    """The distinct versions of one item, oldest first.

    Sightings are taken in snapshot order; each joins the current version when it agrees with it as
    far as both go, and starts a new version (an edit) when it differs inside the part both show.
    """
    ordered = sorted(sightings, key=Sighting.order)
    if len(ordered) < 2:
        return [_version(ordered)] if ordered else []
    same = all(s[:4] == ordered[0][:4] for s in ordered)  # the common case: nothing to fold
    groups: list[_Open] = []
    for s in ordered:
        if same:
            folded = ("", "", "")
        else:
            folded = (fold(s.title), fold(s.subtitle), fold(s.body))
        current = groups[-1] if groups else None
        if current is None or not current.fits(s, *folded):
            current = _Open(folded[0], s.title_cut, folded[1])
            groups.append(current)
        current.add(s, *folded)
    return [_version(g.members) for g in groups]


def _version(members: list[Sighting]) -> Version:
    titled = max(members, key=lambda s: (not s.title_cut, len(s.title), bool(s.subtitle), s.order()))
    fullest = max(members, key=lambda s: (len(s.body), not s.title_cut, s.order()))
    subtitle = titled.subtitle or next((s.subtitle for s in members if s.subtitle), None)
    known = [s.seen for s in members if s.seen]
    return Version(
        title=titled.title, subtitle=subtitle, body=fullest.body,
        first_seen=min(known) if known else None, last_seen=max(known) if known else None,
        estimated=members[0].estimated, sightings=tuple(members), title_cut=titled.title_cut,
    )


# --- word diffs ------------------------------------------------------------------------------------

_DIFF_WORDS = 30_000  # words in the two differing middles past which difflib (quadratic at worst) is not run
_WORD = re.compile(r"\S+|\n\s*\n")  # words, and paragraph breaks as tokens of their own


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """A word-level diff of two texts as (op, text) pairs, op one of "=", "-", "+", "…".

    Only the part both texts show is compared: where one stops (a snapshot cut it), the rest of the
    other is one "…" piece, neither removed nor added.
    """
    fo, fn = _fold_text(old), _fold_text(new)
    if fo.startswith(fn) or fn.startswith(fo):  # one snapshot stops where the other goes on
        shorter = new if len(fn) <= len(fo) else old
        same = [("=", _joined(" ".join(_tokens(shorter))))] if shorter else []
        return same + ([("…", "")] if fo != fn else [])
    a, b = _tokens(old), _tokens(new)
    fa, fb = [_fold_text(w) or w for w in a], [_fold_text(w) or w for w in b]
    ops = _opcodes(fa, fb)
    out: list[tuple[str, str]] = []
    for n, (tag, i1, i2, j1, j2) in enumerate(ops):
        last = n == len(ops) - 1
        if tag == "equal":
            out.append(("=", _joined(" ".join(b[j1:j2]))))
        elif last and tag == "delete" and j1 == len(b):
            out.append(("…", _joined(" ".join(a[i1:i2]))))
        elif last and tag == "insert" and i1 == len(a):
            out.append(("…", _joined(" ".join(b[j1:j2]))))
        else:
            if i2 > i1:
                out.append(("-", _joined(" ".join(a[i1:i2]))))
            if j2 > j1:
                out.append(("+", _joined(" ".join(b[j1:j2]))))
    return out


def _opcodes(a: list[str], b: list[str]) -> list[tuple]:
    """difflib's opcodes, with the common head and tail set aside first, and the middle taken as one
    replacement when it is too long for difflib's quadratic worst case (a body of megabytes)."""
    from difflib import SequenceMatcher

    head = 0
    while head < len(a) and head < len(b) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < len(a) - head and tail < len(b) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    ma, mb = a[head:len(a) - tail], b[head:len(b) - tail]
    if len(ma) + len(mb) > _DIFF_WORDS:
        middle = [("replace" if ma and mb else "delete" if ma else "insert", 0, len(ma), 0, len(mb))]
    else:
        middle = SequenceMatcher(None, ma, mb, autojunk=False).get_opcodes()
    ops = [("equal", 0, head, 0, head)] if head else []
    ops += [(tag, i1 + head, i2 + head, j1 + head, j2 + head) for tag, i1, i2, j1, j2 in middle
            if (i1, i2, j1, j2) != (0, 0, 0, 0)]
    if tail:
        ops.append(("equal", len(a) - tail, len(a), len(b) - tail, len(b)))
    return ops


def _tokens(text: str | None) -> list[str]:
    return [w if w.strip() else "\n\n" for w in _WORD.findall(text or "")]


def diff_counts(diff: Sequence[tuple[str, str]]) -> tuple[int, int]:
    """(words removed, words added) in a word_diff."""
    removed = sum(len(t.split()) for op, t in diff if op == "-")
    added = sum(len(t.split()) for op, t in diff if op == "+")
    return removed, added


def _joined(text: str) -> str:
    return text.replace(" \n\n ", "\n\n").replace("\n\n ", "\n\n").replace(" \n\n", "\n\n")


def plain_diff(diff: Sequence[tuple[str, str]]) -> str:
    """A word_diff as `git diff --word-diff=plain` writes it: [-removed-] and {+added+}."""
    parts = []
    for op, text in diff:
        if op == "-":
            parts.append(f"[-{text}-]")
        elif op == "+":
            parts.append(f"{{+{text}+}}")
        elif op == "…":
            parts.append("…")
        else:
            parts.append(text)
    return _joined(" ".join(parts))


def changes_between(old: Version, new: Version) -> list[str]:
    """What kind of change leads from one version to the next: "retitled", "edited", or both."""
    kinds = []
    cut = getattr(old, "title_cut", False) or getattr(new, "title_cut", False)
    if not _agree(fold(old.title), fold(new.title), cut=cut) \
            or (old.subtitle and new.subtitle and fold(old.subtitle) != fold(new.subtitle)):
        kinds.append("retitled")
    a, b = fold(old.body), fold(new.body)
    if not (a.startswith(b) or b.startswith(a)) or not kinds:
        kinds.append("edited")
    return kinds


# --- retitles --------------------------------------------------------------------------------------

def opening(body: str | None) -> int | None:
    """A checksum of the folded opening text that links two titles, or None when the text is too
    short to be evidence. Equal openings give equal checksums; texts are compared in full later."""
    if not body or len(body) < OPENING:
        return None
    folded = fold(body[:OPENING * 2])
    if len(folded) < OPENING:
        folded = fold(body[:OPENING * 8])
    return zlib.crc32(folded[:OPENING].encode("utf-8")) if len(folded) >= OPENING else None


def retitle_groups(keys: Sequence[tuple[str, str, str, frozenset, tuple]]) -> dict[str, str]:
    """Which keys are later titles of another key's item: {key: canonical key}, for linked keys only.

    `keys` holds (key, date, folded text, files showing it, order of its first sighting) for dated
    keys. Two keys of one date are linked when their texts agree as far as both go over at least
    OPENING characters and no file shows both; the canonical key of a group is the one seen first.
    """
    parent = {k[0]: k[0] for k in keys}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    files = {k[0]: set(k[3]) for k in keys}
    by_date: dict[tuple[str, str], list] = {}
    for key, date, text, _, _ in keys:
        if date and text and len(text) >= OPENING:
            by_date.setdefault((date, text[:OPENING]), []).append((key, text))
    for group in by_date.values():
        for n, (a, ta) in enumerate(group):
            for b, tb in group[n + 1:]:
                if not (ta.startswith(tb) or tb.startswith(ta)):
                    continue
                ra, rb = root(a), root(b)
                if ra != rb and not (files[ra] & files[rb]):
                    parent[rb] = ra
                    files[ra] |= files[rb]
    first = {k[0]: k[4] for k in keys}
    members: dict[str, list[str]] = {}
    for key in parent:
        members.setdefault(root(key), []).append(key)
    out = {}
    for group in members.values():
        if len(group) > 1:
            canon = min(group, key=lambda k: (first[k], k))
            out.update({k: canon for k in group if k != canon})
    return out


# --- removals and late insertions ------------------------------------------------------------------

def compare_listings(earlier: Sequence[str], later: Sequence[str], *, dates: dict[str, str | None],
                     earlier_seen: str | None) -> list[tuple[str, str, str, str]]:
    """Removals and insertions between two listings of item keys in page order:
    (type, key, key before, key after) with type "removed" or "inserted".

    Only the stretch both listings cover is read (from the first to the last item they share), so
    items that scrolled off either end, or a listing cut short, are neither. Listings that share
    fewer than two items, order them differently, or differ in more than half of what they share are
    not taken for the same listing, and give nothing.
    """
    a, b = _unique(earlier), _unique(later)
    shared = set(a) & set(b)
    if len(shared) < 2:
        return []
    in_a = [k for k in a if k in shared]
    if in_a != [k for k in b if k in shared]:
        return []
    span_a = a[a.index(in_a[0]):a.index(in_a[-1]) + 1]
    span_b = b[b.index(in_a[0]):b.index(in_a[-1]) + 1]  # both run from and to the same shared keys
    gone = [k for k in span_a if k not in shared]
    new = [k for k in span_b if k not in shared]
    if len(gone) + len(new) > max(1, len(shared) // 2):
        return []
    pos_a = {k: n for n, k in enumerate(span_a)}
    pos_b = {k: n for n, k in enumerate(span_b)}
    events = [("removed", k, p, n) for k, p, n in _runs(span_a, shared) if pos_b[n] == pos_b[p] + 1]
    for key, p, n in _runs(span_b, shared):
        date = dates.get(key)
        if pos_a[n] == pos_a[p] + 1 and date and earlier_seen and date < earlier_seen:
            events.append(("inserted", key, p, n))
    return events


def _unique(keys: Sequence[str]) -> list[str]:
    seen: set[str] = set()
    return [k for k in keys if not (k in seen or seen.add(k))]


def _runs(span: list[str], shared: set[str]):
    """Each key of `span` not in `shared`, with the nearest shared keys before and after it."""
    before = None
    pending: list[str] = []
    for key in span:
        if key in shared:
            for k in pending:
                yield k, before, key
            pending, before = [], key
        else:
            pending.append(key)
