"""How entries seen on many pages become one item: merge keys, stable ids, and the merged fields.

An item's key is its date, normalised title and normalised sub-heading. Two kinds of entry are
resolved onto another entry's key instead of their own (see `resolve`): one whose title the snapshot
cut off, which joins the item of the same date whose title it begins, and an undated lead, which
joins the one dated item with the same title when there is exactly one.
"""
from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Sequence

from .classify import _lang, kind_of, who_is_in
from .corpus_hash import sha1
from .models import Entry, Item, Source
from .schema import SHORT_ID

_QUOTES = {"’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"', "«": '"', "»": '"',
           "–": "-", "—": "-", "‑": "-"}


def fold(text: str | None) -> str:
    """Text as compared between sightings: NFKC, case-folded, one kind of quote and dash, single spaces."""
    if not text:
        return ""
    if text.isascii():  # no compatibility forms, curly quotes or odd dashes to fold
        text = text.replace("`", "'") if "`" in text else text
    else:
        text = unicodedata.normalize("NFKC", text)
        for odd, plain in _QUOTES.items():  # a scan for each is a fifth of the cost of str.translate
            if odd in text:
                text = text.replace(odd, plain)
    return " ".join(text.casefold().split())


def normalize(text: str | None) -> str:
    """Text as compared for merging: folded, without a final full stop."""
    return fold(text).rstrip(".").rstrip()


def entry_key(date: dt.date | None, title: str, subtitle: str | None) -> str:
    """The merge key: date, normalised title and sub-heading, separated by unit separators."""
    return f"{date.isoformat() if date else ''}\x1f{normalize(title)}\x1f{normalize(subtitle)}"


def uid_of(key: str) -> str:
    """The full stable id of the item with this key (40 hex digits; shown shortened)."""
    return sha1(key.encode("utf-8")).hexdigest()


def cut_target(cut_title: str, candidates: Iterable[str]) -> str | None:
    """Which key, of the full keys of the same date, a title cut by the snapshot belongs to."""
    prefix = normalize(cut_title)
    if not prefix:
        return None
    matches = sorted(k for k in candidates if k.split("\x1f")[1].startswith(prefix))
    return matches[0] if matches else None


def fullest(records: Sequence[tuple[Entry, Source]]) -> Entry:
    """The sighting whose text an item shows: the longest body, then a complete one, then a whole title."""
    return max(records, key=lambda r: (len(r[0].body), r[0].complete, not r[0].title_cut))[0]


def facts_of(entry: Entry) -> tuple:
    """What an item whose title and text are this entry's says of itself: (people, speakers, kind,
    language). Worth computing apart (in the processes that parse), as it reads the whole text."""
    people, speakers = who_is_in(entry.title, entry.body)
    return people, speakers, _kind(entry.title, entry.subtitle), _language(entry.title, entry.body)


def build_item(key: str, records: Sequence[tuple[Entry, Source]],
               latest: Sequence[tuple[Entry, Source]] | None = None, *, known=None) -> Item:
    """Merge every sighting of one item: the full title and fullest body of its latest version
    (`latest`, its sightings; by default all of them), every source. `known(entry)` may give the
    facts_of() an entry, computed earlier, or None."""
    shown = latest or records
    own = shown if len(shown) == 1 else \
        [r for r in shown if entry_key(r[0].date, r[0].title, r[0].subtitle) == key] or list(shown)
    best = fullest(shown)
    titled = max(own, key=lambda r: (not r[0].title_cut, len(r[0].title), len(r[0].body)))[0]
    date_text = key.split("\x1f", 1)[0]
    date = dt.date.fromisoformat(date_text) if date_text else None
    sources = tuple(sorted({s for _, s in records}, key=_source_order))
    facts = (known(best) if known else None) if titled is best else None
    people, speakers, kind, language = facts or (*who_is_in(titled.title, best.body),
                                                 _kind(titled.title, titled.subtitle),
                                                 _language(titled.title, best.body))
    return Item(
        uid=uid_of(key),
        date=date,
        title=titled.title,
        subtitle=titled.subtitle,
        body=best.body,
        kind=kind,
        people=people,
        speakers=speakers,
        complete=any(e.complete for e, _ in records),
        sources=sources,
        language=language,
    )


def _language(title: str, body: str) -> str:
    return _lang().language_of(title, body)


def _kind(title: str, subtitle: str | None) -> str:
    """The kind the title announces, else the one a kind line in capitals under it does
    ("СООБЩЕНИЕ ДЛЯ СМИ", "PRESS RELEASE")."""
    kind = kind_of(title)
    if kind == "news" and subtitle and subtitle == subtitle.upper():
        return kind_of(subtitle)
    return kind


def _source_order(source: Source) -> tuple:
    return (source.snapshot or dt.date.min, source.path, source.line)


def short_ids(uids: Iterable[str], *, minimum: int = SHORT_ID) -> dict[str, str]:
    """The shortest prefix of each uid, at least `minimum` long, that no other uid shares (as git does)."""
    ordered = sorted(set(uids))
    out = {}
    for n, uid in enumerate(ordered):
        length = minimum
        for other in (ordered[n - 1] if n else "", ordered[n + 1] if n + 1 < len(ordered) else ""):
            common = 0
            while common < len(uid) and common < len(other) and uid[common] == other[common]:
                common += 1
            length = max(length, common + 1)
        out[uid] = uid[:length]
    return out
