"""Dates: the ones pages state (in titles, on date lines) and the ones users type (--since, --until, --on).

Pages are read with fixed patterns only; dateparser is reserved for free-form user input and imported
only when a user's text needs it.
"""
from __future__ import annotations

import datetime as dt
import re

from .errors import DateError

_EN = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}
MONTHS = dict(_EN)
MONTHS.update({name[:3]: num for name, num in _EN.items()})
MONTHS["sept"] = 9
_RU = (
    ("январ", "янв"), ("феврал", "фев"), ("март", "мар"), ("апрел", "апр"), ("ма", "мая"),
    ("июн", "июн"), ("июл", "июл"), ("август", "авг"), ("сентябр", "сен"), ("октябр", "окт"),
    ("ноябр", "ноя"), ("декабр", "дек"),
)
for _num, (_stem, _abbr) in enumerate(_RU, 1):
    for _ending in ("ь", "я", "е", "а", ""):
        MONTHS.setdefault(_stem + _ending, _num)
    MONTHS.setdefault(_abbr, _num)
MONTHS["май"] = 5
MONTHS["мая"] = 5
MONTHS["март"] = 3
MONTHS["марта"] = 3

_MONTH = r"(?P<month>[A-Za-zА-Яа-яЁё]{3,10})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_DAY_FIRST = re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}(?!\d{{2}}[^:\d])")
_MONTH_FIRST = re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}(?!\d{{2}}[^:\d])")
_NUMERIC = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_PLACE = r"(?:[A-ZА-ЯЁ][\w.’'-]+(?:\s[A-ZА-ЯЁ][\w.’'-]+)?,\s+)?"  # a dateline's "Moscow, "
_WEEKDAY = _PLACE + r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_CLOCK = r"(?:,?\s*(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?)?"
_DATE_LINES = (
    re.compile(rf"^{_WEEKDAY}{_DAY}\s+{_MONTH},?(?:\s*{_YEAR})?{_CLOCK}$", re.IGNORECASE),
    re.compile(rf"^{_WEEKDAY}{_MONTH}\s+{_DAY},?(?:\s*{_YEAR})?{_CLOCK}$", re.IGNORECASE),
)


def make_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None when it does not exist (31.02, 00.00)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _from_match(m: re.Match) -> dt.date | None:
    month = MONTHS.get(m.group("month").lower())
    if month is None:
        return None
    year = m.groupdict().get("year")
    if year is None:
        return None
    return make_date(int(year), month, int(m.group("day")))


def title_date(text: str) -> dt.date | None:
    """The last complete date a title states ("published on February 13, 2017", "Moscow, 28 March 2014")."""
    found: list[tuple[int, dt.date]] = []
    for pattern in (_DAY_FIRST, _MONTH_FIRST):
        for m in pattern.finditer(text):
            date = _from_match(m)
            if date is not None:
                found.append((m.end(), date))
    return max(found)[1] if found else None


def numeric_date(text: str) -> tuple[bool, dt.date | None]:
    """Whether `text` is a DD.MM.YYYY date, and the date it names (None when impossible)."""
    m = _NUMERIC.match(text)
    if not m:
        return False, None
    return True, make_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))


def date_line(line: str) -> tuple[bool, dt.date | None]:
    """Whether a whole line is only a date ("21.02.2019", "20 February 2017", "09 august",
    "Friday, 15 June 2018 12:33"), and the date (None when the line gives no year or an impossible day).
    """
    text = line.strip()
    if len(text) > 48:
        return False, None
    is_numeric, date = numeric_date(text)
    if is_numeric:
        return True, date
    m = _DATE_LINES[0].match(text) or _DATE_LINES[1].match(text)
    if not m or m.group("month").lower() not in MONTHS:
        return False, None
    if m.group("year") is None:
        return True, None
    return True, make_date(int(m.group("year")), MONTHS[m.group("month").lower()], int(m.group("day")))


# --- user input -------------------------------------------------------------------------------

_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_YEAR_ONLY = re.compile(r"^(\d{4})$")
_MONTH_YEAR = re.compile(r"^([^\W\d_]{3,10})\.?,?\s+(\d{4})$")
_YEAR_MONTH = re.compile(r"^(\d{4}),?\s+([^\W\d_]{3,10})\.?$")


def _month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    following = dt.date(year + month // 12, month % 12 + 1, 1) if year < 9999 or month < 12 else None
    return dt.date(year, month, 1), (following - dt.timedelta(days=1)) if following else dt.date.max


def parse_user_date(text: str, *, now: dt.datetime | None = None) -> tuple[dt.date, dt.date]:
    """The inclusive span of days a user's date names: a day, or a whole month or year.

    ISO days, DD.MM.YYYY (always day first), YYYY-MM, YYYY and a month named in words with its year
    ("March 2018", "Feb 2017", "март 2018") are read here; anything else goes to dateparser with
    day-first order and a preference for the past. Whatever names a month without naming a day
    ("March", "last month") covers the whole month, never the day of the month it is run on.
    Raises DateError when unreadable.
    """
    raw = text
    text = text.strip()
    if not text:
        raise DateError(f"empty date {raw!r}")
    if m := _ISO_DAY.match(text):
        day = make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if day is None:
            raise DateError(f"no such day: {raw!r}")
        return day, day
    is_numeric, day = numeric_date(text)
    if is_numeric:
        if day is None:
            raise DateError(f"no such day: {raw!r}")
        return day, day
    if m := _ISO_MONTH.match(text):
        year, month = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12 or year < 1:
            raise DateError(f"no such month: {raw!r}")
        return _month_span(year, month)
    m = _MONTH_YEAR.match(text)
    if m or (m := _YEAR_MONTH.match(text)):
        word, year = (m.group(1), m.group(2)) if m.re is _MONTH_YEAR else (m.group(2), m.group(1))
        month = MONTHS.get(word.lower())
        if month is not None and int(year) >= 1:
            return _month_span(int(year), month)
    if m := _YEAR_ONLY.match(text):
        year = int(m.group(1))
        if year < 1:
            raise DateError(f"no such year: {raw!r}")
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    return _dateparser_span(text, now=now)


def _dateparser_span(text: str, *, now: dt.datetime | None) -> tuple[dt.date, dt.date]:
    """A day, or a whole month when the text names no day of it: dateparser fills a missing day from
    PREFER_DAY_OF_MONTH, so reading the text with "first" and with "last" tells which it was."""
    if len(text) > 64 or not re.search(r"[0-9A-Za-zА-Яа-яЁё]", text):
        raise DateError(f"cannot read {text!r} as a date")
    # dateparser takes ~0.3 s to import; only free-form dates pay for it.
    import dateparser

    settings = {"DATE_ORDER": "DMY", "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if now is not None:
        settings["RELATIVE_BASE"] = now
    found = []
    for day_of_month in ("first", "last"):
        try:
            parsed = dateparser.parse(text, languages=["en", "ru"],
                                      settings={**settings, "PREFER_DAY_OF_MONTH": day_of_month})
        except Exception:  # dateparser raises a zoo of types on odd input; all mean "unreadable"
            parsed = None
        if parsed is None:
            raise DateError(f"cannot read {text!r} as a date")
        found.append(parsed.date())
    first, last = found
    if first.day == 1 and (first.year, first.month) == (last.year, last.month) and last > first:
        return first, last
    return last, last
