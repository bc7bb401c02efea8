"""Read one snapshot's text into a Page: a pure function of the text, with no clock and no files.

A page is a header (snapshot date, clocks, consular contacts, banners, a "Pages:" line, a section
heading), then entries. Entries start at a dated heading ("DD.MM.YYYY - Title"), at a date alone on a
line followed by a title (the press-release layout), or, on home and article pages, at the undated
lead title that comes first. Each entry runs to the next start, the "all messages" footer, or the end
of the text, which is usually where the snapshot was cut.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from .dates import date_line, numeric_date, slash_order, stated_date, title_date
from .bodies import LIST_MARK, QA_LABEL, blocks_of, first_sentence, is_subtitle, paragraphs, restated_date
from .furniture import is_site_line, site_of, strip_furniture
from .models import Entry, Page

_DATED_HEADING = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})\s*[-–—]\s*(\S.*)$")
_NUMERIC_LINE = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{4}$")
_CUT_HEADING = re.compile(r"^\d{1,2}(?:\.(?:\d{1,2}(?:\.(?:\d{1,4}(?:\s*[-–—])?)?)?)?)?$")
_FOOTER = re.compile(r"^(?:all messages|all news|все сообщения|все новости)$", re.IGNORECASE)
_FOOTER_LEN = len("все сообщения")
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b")
_CONSULAR = re.compile(r"^(?:consular|консульск)", re.IGNORECASE)
_PHONE = re.compile(r"^(?:(?:tel|fax|phone|тел|факс)\.?:?\s*)?[+(\d][\d\s()+./-]{6,}$", re.IGNORECASE)
_EMAIL = re.compile(r"^(?:e-?mail:?\s*)?(?:[^\s@]+@\S+|\[email\s*protected\])$", re.IGNORECASE)
_PAGES = re.compile(r"^(?:pages|страницы)\s*:|«««|»»»", re.IGNORECASE)
_UPDATED = re.compile(r"^(?:last\s+)?(?:updated|обновлено)\b", re.IGNORECASE)
_YEAR_HEADING = re.compile(r"^(?:19|20)\d{2}(?:\s*(?:год|г\.|year))?$", re.IGNORECASE)
# Every pattern here runs in time linear in the line: where a run of spaces could be split between two
# parts of a pattern in many ways, one of the parts must start with something else than a space.
_BANNER = re.compile(r"^\d[\d,]*(?:\s+[\d,]+)*\s+(?:days?|дн)\b|\bdays? (?:have|has) passed\b", re.IGNORECASE)
MAX_TITLE = 1000
_ODD_SPACES = "\t\v\f\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200b))) + "\u202f\u205f\u3000"
_SENTENCE_END = ".?!…\"”»)"


def normalize_lines(text: str) -> list[str]:
    """Lines without their ends, trailing white space, byte-order mark or odd spaces.

    A page saved with CRLF or CR line ends, a BOM or non-breaking spaces reads exactly as the plain
    page would, which keeps ids stable.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for space in _ODD_SPACES:  # a scan of the text for each is twice as fast as one regex substitution
        if space in text:
            text = text.replace(space, " ")
    return [line.rstrip() for line in text.split("\n")]


class _Start(NamedTuple):
    line: int  # index of the heading line
    body_from: int  # index of the first line after the title
    date: dt.date | None
    title: str


def parse_page(text: str) -> Page:
    """Parse one snapshot's text. Never raises on any text; problems become warnings ("line N: ...")."""
    raw = normalize_lines(text)
    site = site_of(raw)
    lines = strip_furniture(raw)
    order = slash_order(text) if "/" in text else None
    warnings: list[str] = []
    snapshot, first = _header(lines)
    listing, content = _skip_header(lines, first)
    has_header = snapshot is not None
    snapshot = snapshot or _updated(lines, content)
    starts = _strong_starts(lines, content, warnings)
    zone_end = starts[0].line if starts else len(lines)
    lead = None if listing else _lead(lines, content, zone_end, has_header=has_header)
    if lead is None:
        starts = sorted(_weak_starts(lines, content, zone_end, order) + starts)
        if not starts and listing:
            starts = _teaser_starts(lines, content)
    else:
        starts.insert(0, lead)
    cut = _page_cut(lines, has_header=has_header)
    entries = []
    for n, start in enumerate(starts):
        end = starts[n + 1].line if n + 1 < len(starts) else len(lines)
        entries.append(_entry(lines, start, end, last=n + 1 == len(starts), page_cut=cut,
                              lead=start is lead, order=order, alone=len(starts) == 1,
                              has_header=has_header))
    entries = tuple(e for e in entries if e)
    if not entries:
        warnings.append("no items found")
    return Page(snapshot=snapshot, entries=entries, warnings=tuple(warnings), site=site)


def _header(lines: list[str]) -> tuple[dt.date | None, int]:
    """The snapshot date, when the page opens with a date followed by a clock or consular line."""
    nonblank = [i for i, line in enumerate(lines[:40]) if line.strip()][:4]
    if not nonblank:
        return None, 0
    is_date, date = date_line(lines[nonblank[0]])
    if not is_date or date is None:
        return None, 0
    follows = [lines[i].strip() for i in nonblank[1:]]
    if any(_is_clock(f) or _CONSULAR.match(f) for f in follows):
        return date, nonblank[0] + 1
    return None, 0


def _updated(lines: list[str], end: int) -> dt.date | None:
    """The snapshot date a headerless page gives in an "updated 6:26 AM UTC, Jul 24, 2017" line."""
    for line in lines[:end + 20]:
        text = line.strip()
        if _UPDATED.match(text) and len(text) <= 60:
            return title_date(text)
    return None


def _is_clock(line: str) -> bool:
    return len(line) <= 60 and bool(_CLOCK.search(line)) and not date_line(line)[0]


def _is_caps_heading(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return 3 <= len(letters) and len(line) <= 80 and line == line.upper() and not _DATED_HEADING.match(line)


def _is_header_line(line: str) -> bool:
    text = line.strip()
    return bool(
        _is_clock(text)
        or (_CONSULAR.match(text) and len(text) <= 40)
        or (_PHONE.match(text) and not date_line(text)[0])
        or _EMAIL.match(text)
        or _PAGES.search(text)
        or _BANNER.search(text)
        or is_site_line(text)
    )


def _skip_header(lines: list[str], i: int) -> tuple[bool, int]:
    """Skip the page header; say whether it marks a listing (a "Pages:" line or a section heading)."""
    listing = False
    n = len(lines)
    while i < n:
        text = lines[i].strip()
        if not text:
            i += 1
            continue
        if _PAGES.search(text) or _YEAR_HEADING.match(text):
            listing = True
        elif _is_caps_heading(text) and _next_starts_listing(lines, i + 1):
            listing = True
        elif not _is_header_line(text):
            break
        i += 1
    return listing, i


def _next_nonblank(lines: list[str], i: int) -> int:
    while i < len(lines) and not lines[i].strip():
        i += 1
    return i


def _next_starts_listing(lines: list[str], i: int) -> bool:
    j = _next_nonblank(lines, i)
    if j >= len(lines):
        return True
    text = lines[j].strip()
    return bool(
        _PAGES.search(text) or _DATED_HEADING.match(text) or _NUMERIC_LINE.match(text)
        or _is_header_line(text) or _is_caps_heading(text) or date_line(text)[0]
    )


def _strong_starts(lines: list[str], i: int, warnings: list[str]) -> list[_Start]:
    """Dated headings and DD.MM.YYYY lines followed by a title, anywhere after the header."""
    starts = []
    n = len(lines)
    while i < n:
        text = lines[i].strip()
        if text and text[0].isdigit():
            m = _DATED_HEADING.match(text)
            if m:
                date = _checked_date(m.group(1, 2, 3), i, warnings)
                starts.append(_Start(i, i + 1, date, m.group(4).strip()))
            elif _NUMERIC_LINE.match(text):
                j = _next_nonblank(lines, i + 1)
                if j < n and _titlish(lines[j].strip(), loose=True) and not _date_under_heading(lines, i, j):
                    date = _checked_date(text.split("."), i, warnings)
                    starts.append(_Start(i, j + 1, date, lines[j].strip()))
                    i = j
        i += 1
    return starts


def _date_under_heading(lines: list[str], i: int, j: int) -> bool:
    """Whether the date line at `i` stands under a heading, with running text after it at `j`
    ("Heading" / "16.02.2017" / "The Ambassador met ..."), rather than above a title."""
    k = i - 1
    while k >= 0 and not lines[k].strip():
        k -= 1
    above = lines[k].strip() if k >= 0 else ""
    return (_titlish(above) and not _is_caps_heading(above) and not _is_header_line(above)
            and lines[j].strip()[-1] in ".!?…")


def _checked_date(parts, i: int, warnings: list[str]) -> dt.date | None:
    day, month, year = parts
    ok, date = numeric_date(f"{day}.{month}.{year}")
    if date is None:
        warnings.append(f"line {i + 1}: impossible date {day}.{month}.{year}; the item is kept undated")
    return date


def _weak_starts(lines: list[str], i: int, end: int, order: str | None) -> list[_Start]:
    """Dates written out alone on a line ("09 august"), followed by a title: listings of other sites."""
    starts = []
    while i < end:
        text = lines[i].strip()
        if text and date_line(text)[0] and not _NUMERIC_LINE.match(text):
            j = _next_nonblank(lines, i + 1)
            if j < end and _titlish(lines[j].strip(), loose=True):
                starts.append(_Start(i, j + 1, date_line(text, order=order)[1], lines[j].strip()))
                i = j
        i += 1
    return starts


def _teaser_starts(lines: list[str], i: int) -> list[_Start]:
    """A listing without dates: each one-line heading with a teaser paragraph under it is an item."""
    starts = []
    n = len(lines)
    while i < n:
        i = _next_nonblank(lines, i)
        if i >= n:
            break
        text = lines[i].strip()
        alone = i + 1 >= n or not lines[i + 1].strip()
        j = _next_nonblank(lines, i + 1)
        teaser = lines[j].strip() if j < n else ""
        if alone and _titlish(text) and teaser and (_prose(teaser) or len(teaser) > len(text) + 40):
            starts.append(_Start(i, i + 1, None, text))
        while i < n and lines[i].strip():
            i += 1
    return starts


def _prose(text: str) -> bool:
    """Whether a line reads as running text rather than a heading."""
    return len(text) > 200 or text[-1] in ".…!?"


def _label_above(lines: list[str], i: int, end: int) -> bool:
    """Whether a line of a word or three ("Malaysia", "Новости") names a section above the heading
    that follows it, rather than being the heading."""
    text = lines[i].strip()
    if len(text) > 40 or len(text.split()) > 3 or text[-1] in ".?!:,;" or QA_LABEL.match(text) \
            or LIST_MARK.match(text):
        return False
    j = _next_nonblank(lines, i + 1)
    return j < end and _titlish(lines[j].strip()) and len(lines[j].split()) >= 5


def _titlish(text: str, *, loose: bool = False) -> bool:
    """Whether a line can be a heading: short enough, not a Q/A turn, not a date, not a sentence."""
    if not text or len(text) > 500 or QA_LABEL.match(text) or date_line(text)[0]:
        return False
    if _DATED_HEADING.match(text) or _FOOTER.match(text):
        return False
    if loose:
        return True
    first = text[0]
    return (
        len(text.split()) >= 3
        and (first.isupper() or first.isdigit() or first in "\"“«'‘")
        and text[-1] not in ".,;:"
        and not LIST_MARK.match(text)
        and not _is_header_line(text)
    )


def _lead(lines: list[str], i: int, end: int, *, has_header: bool) -> _Start | None:
    """The undated lead item of a home or article page: the first heading followed by text.

    Short header-like blocks before it (addresses, "updated ..." lines) are passed over; a block of
    running text before any heading means the page has no lead.
    """
    first = True
    while i < end:
        i = _next_nonblank(lines, i)
        if i >= end:
            return None
        text = lines[i].strip()
        if _FOOTER.match(text):
            return None
        if _is_header_line(text) or (
            _is_caps_heading(text) and (not has_header or _next_starts_listing(lines, i + 1)
                                        or _section_above_heading(lines, i, end))
        ):
            i += 1
            continue
        if date_line(text)[0]:
            return None
        if not has_header and _label_above(lines, i, end):
            i += 1
            continue
        body_from = i + 1
        if text.endswith(",") and _heading_goes_on(lines, i):
            text, body_from = f"{text} {lines[i + 1].strip()}", i + 2  # a heading printed over two lines
        continued = body_from < end and lines[body_from].strip()[:1].islower()
        # Under the site's header the first line that is not part of it is the article's heading,
        # even one of two words, in capitals or ending with a full stop.
        alone = body_from >= len(lines) or not lines[body_from].strip()
        heading = has_header and first and alone and not QA_LABEL.match(text) and not LIST_MARK.match(text)
        first = False
        if (heading or _titlish(text)) and not continued:
            j = _next_nonblank(lines, body_from)
            if j < end and _is_header_line(lines[j].strip()):
                i = j  # a site name above its contact lines, not a heading
                continue
            if j < end and not _FOOTER.match(lines[j].strip()):
                return _Start(i, body_from, title_date(text), text)
            # a page cut right inside or after its lead heading keeps what it shows
            return _Start(i, body_from, title_date(text), text) if has_header and j >= len(lines) else None
        block_end = i
        while block_end < end and lines[block_end].strip():
            block_end += 1
        if any(len(lines[k].strip()) > 60 or lines[k].strip()[-1] in ".?!" for k in range(i, block_end)):
            return None
        i = block_end
    return None


def _heading_goes_on(lines: list[str], i: int) -> bool:
    """Whether a heading ending in a comma goes on in one short line right under it
    ("Брифинг ... М.В.Захаровой," / "Москва, 12 мая 2016 года")."""
    if i + 1 >= len(lines):
        return False
    follow = lines[i + 1].strip()
    return (bool(follow) and len(follow) <= 80 and follow[-1] not in ".?!:"
            and (i + 2 >= len(lines) or not lines[i + 2].strip()))


def _section_above_heading(lines: list[str], i: int, end: int) -> bool:
    """Whether a line in capitals names the section, with the article's own one-line heading and
    then its text below it, rather than being that heading ("DIPLOMATS’ DAY")."""
    j = _next_nonblank(lines, i + 1)
    if j >= end or (j + 1 < len(lines) and lines[j + 1].strip()):
        return False
    text = lines[j].strip()
    return _titlish(text) and not _is_caps_heading(text) and _next_nonblank(lines, j + 1) < end


def _page_cut(lines: list[str], *, has_header: bool) -> bool:
    """Whether the text stops where a snapshot was cut rather than at the end of the page.

    Saved pages with the site header were cut at a byte limit; headerless pages are whole unless they
    stop mid-sentence.
    """
    for line in reversed(lines):
        text = line.strip()
        if text:
            if _FOOTER.match(text):
                return False
            return has_header or (text[-1] not in _SENTENCE_END and not date_line(text)[0])
    return False


def _bounded(title: str) -> tuple[str, str]:
    """A title of at most MAX_TITLE characters, cut at a space, and the rest, which opens the body.

    A heading line of a megabyte is text run on from the title, and search would spend seconds
    making snippets of it."""
    if len(title) <= MAX_TITLE:
        return title, ""
    cut = title.rfind(" ", MAX_TITLE // 2, MAX_TITLE)
    cut = cut if cut > 0 else MAX_TITLE
    return title[:cut].rstrip(), title[cut:].strip()


def _entry(lines, start: _Start, end: int, *, last: bool, page_cut: bool, lead: bool, order: str | None,
           alone: bool, has_header: bool) -> Entry | None:
    title = start.title
    if not title:
        return None
    content: list[str] = []
    closed = not last or not page_cut
    for k in range(start.body_from, end):
        line = lines[k]
        # The lines are right-stripped: one longer than any footer is one only after spaces.
        if line and (len(line) <= _FOOTER_LEN or line[0].isspace()) and _FOOTER.match(line.strip()):
            closed = True
            break
        content.append(line)
    if last and page_cut and len(content) > 1 and _CUT_HEADING.match(content[-1].strip()) \
            and not content[-2].strip():
        content = content[:-1]  # the snapshot stopped inside the next item's date
        closed = True
    blocks = blocks_of(content)
    if blocks and blocks[0] == [title]:
        blocks.pop(0)  # the heading printed twice (the page's title, then the article's)
    if blocks and len(blocks[0]) > 1 and _is_caps_heading(blocks[0][0]):
        blocks[0:1] = [blocks[0][:1], blocks[0][1:]]  # a kind line in capitals over single-spaced text
    date = start.date
    if lead and blocks and len(blocks[0]) == 1:
        is_date, stated = date_line(blocks[0][0], order=order)
        if is_date:
            blocks.pop(0)
            date = date or stated
    if date is None and start.date is None and blocks:
        date = restated_date(title, blocks[0][0])
        if date is None and lead and alone:
            date = stated_date(first_sentence(blocks[0][0]))
    subtitle = None
    # A lone unpunctuated line under a long, specific title is its summary; under a short, generic
    # one ("Comment by the Embassy Press attaché") it is the sub-heading that tells items apart.
    followed = len(blocks) > 1 or (closed and len(title.split()) <= 8)
    # Under the lead of a page without the site's header, a one-line heading opens the text (a
    # briefing's first section) unless it is a kind line in capitals ("СООБЩЕНИЕ ДЛЯ СМИ").
    if blocks and is_subtitle(blocks[0], title, followed=followed) and (
            not lead or has_header or _is_caps_heading(blocks[0][0])):
        subtitle = blocks.pop(0)[0].strip()
    body = "\n\n".join(p for block in blocks for p in paragraphs(block))
    title, rest = _bounded(title)
    if rest:
        body = f"{rest}\n\n{body}" if body else rest
    title_cut = last and page_cut and not body and subtitle is None
    return Entry(
        date=date, title=title, subtitle=subtitle, body=body, complete=closed,
        line=start.line + 1, title_cut=title_cut, lead=lead,
    )
