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
_RU_YEAR = r"(?:\s*(?:года|год|г\.?)(?![\w]))?"  # "16 февраля 2017 года", "... 2017 г."
_DAY_FIRST = re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}(?!\d{{2}}[^:\d])")
_MONTH_FIRST = re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}(?!\d{{2}}[^:\d])")
_NUMERIC = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_PLACE = r"(?:[A-ZА-ЯЁ][\w.’'-]+(?:\s[A-ZА-ЯЁ][\w.’'-]+)?,\s+)?"  # a dateline's "Moscow, "
_WEEKDAY = _PLACE + (r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+"
                     r"|(?:пн|вт|ср|чт|пт|сб|вс|понедельник|вторник|среда|четверг|пятница|суббота|"
                     r"воскресенье),?\s+)?")
_CLOCK = r"(?:(?:,|\s+-)?\s*(?:at\s+|в\s+)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?)?"
_YEAR_PART = rf"(?:\s*/?\s*{_YEAR}{_RU_YEAR})"  # "19 june / 2018": the year on the line's right
_DATE_LINES = (
    re.compile(rf"^{_WEEKDAY}{_DAY}\s+(?:of\s+)?{_MONTH},?{_YEAR_PART}?{_CLOCK}$", re.IGNORECASE),
    re.compile(rf"^{_WEEKDAY}{_MONTH}\s+{_DAY},?{_YEAR_PART}?{_CLOCK}$", re.IGNORECASE),
)
# A posting line ("Submitted on Tue, 04/05/2022 - 17:08", "Опубликовано пт, 06/21/2019 - 16:29",
# "Submitted on 2024-05-27 17:19:41"), and a mid.ru document number with its date ("1871-04-10-2012").
_POSTED = re.compile(r"^(?:submitted|posted|published|updated|опубликовано|обновлено|дата публикации)"
                     r"(?:\s+by\s+[\w.-]+)?(?:\s+on)?:?\s+", re.IGNORECASE)
_SLASH = re.compile(rf"^{_WEEKDAY}(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})/(?P<year>\d{{4}}){_CLOCK}$", re.IGNORECASE)
_ISO_LINE = re.compile(rf"^{_WEEKDAY}(?P<year>\d{{4}})-(?P<month>\d{{2}})-(?P<day>\d{{2}}){_CLOCK}$",
                       re.IGNORECASE)
_DOC_CODE = re.compile(r"^\d{1,6}-(?P<day>\d{2})-(?P<month>\d{2})-(?P<year>\d{4})$")
_NUMERIC_RU = re.compile(rf"^(\d{{1,2}})\.(\d{{1,2}})\.(\d{{4}}){_RU_YEAR}{_CLOCK}$")


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


def date_line(line: str, *, order: str | None = None) -> tuple[bool, dt.date | None]:
    """Whether a whole line is only a date ("21.02.2019", "20 February 2017", "09 august",
    "Friday, 15 June 2018 12:33", "16 февраля 2017 г.", "19 june / 2018", "Submitted on
    2024-05-27 17:19:41"), and the date (None when the line gives no year or an impossible day).

    A date such as 04/05/2022 is read in `order` ("mdy" or "dmy", as the page confirms it; see
    `slash_order`); without one it is unknown, unless only one reading exists.
    """
    text = line.strip()
    if len(text) > 60:
        return False, None
    posted = _POSTED.match(text)
    if posted:
        text = text[posted.end():]
    m = _NUMERIC_RU.match(text)
    if m:
        return True, make_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    m = _SLASH.match(text)
    if m:
        return True, _slash_date(int(m.group("a")), int(m.group("b")), int(m.group("year")), order)
    m = _ISO_LINE.match(text) or (None if posted else _DOC_CODE.match(text))
    if m:
        return True, make_date(int(m.group("year")), int(m.group("month")), int(m.group("day")))
    m = _DATE_LINES[0].match(text) or _DATE_LINES[1].match(text)
    if not m or m.group("month").lower() not in MONTHS:
        return False, None
    if m.group("year") is None:
        return True, None
    return True, make_date(int(m.group("year")), MONTHS[m.group("month").lower()], int(m.group("day")))


def _slash_date(a: int, b: int, year: int, order: str | None) -> dt.date | None:
    if a > 12 or order == "dmy":
        return make_date(year, b, a)
    if b > 12 or order == "mdy":
        return make_date(year, a, b)
    return make_date(year, a, b) if a == b else None


_SLASH_ANY = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")


def slash_order(text: str) -> str | None:
    """How a page writes dates such as 04/05/2022: "mdy" or "dmy" when the page itself confirms it.

    Another date of that form that can only be read one way (06/21/2019) settles it; else a written
    date elsewhere on the page ("On 5 April 2022") that matches one of the two readings; else None.
    """
    found = [(int(a), int(b), int(y)) for a, b, y in _SLASH_ANY.findall(text)]
    if not found:
        return None
    if any(a > 12 >= b for a, b, _ in found):
        return None if any(b > 12 >= a for a, b, _ in found) else "dmy"
    if any(b > 12 >= a for a, b, _ in found):
        return "mdy"
    written = set()
    for pattern in (_DAY_FIRST, _MONTH_FIRST):
        for m in pattern.finditer(text):
            date = _from_match(m)
            if date is not None:
                written.add(date)
    mdy = any(make_date(y, a, b) in written for a, b, y in found)
    dmy = any(make_date(y, b, a) in written for a, b, y in found)
    return "mdy" if mdy and not dmy else "dmy" if dmy and not mdy else None


def stated_date(text: str) -> dt.date | None:
    """The one complete date a sentence states ("was held on 11 of June 2013"); None for none or several."""
    found = set()
    for pattern in (_DAY_FIRST, _MONTH_FIRST):
        for m in pattern.finditer(text):
            date = _from_match(m)
            if date is not None:
                found.add(date)
    return found.pop() if len(found) == 1 else None


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

    ISO days, DD.MM.YYYY (always day first), YYYY-MM, YYYY, a month named in words with its year
    ("March 2018", "Feb 2017", "март 2018") and a day written out in English or Russian ("15 Feb 2017",
    "1 марта 2018", "16 февраля 2017 г.") are read here; anything else goes to dateparser with
    day-first order and a preference for the past. Whatever names a month without naming a day
    ("March", "last month") covers the whole month, never the day of the month it is run on.
    Raises DateError when unreadable.
    """
    raw = text
    text = text.strip()
    if not text:
        raise DateError(f"empty date {raw!r}")
    if text[0] in "+-" and text[1:].strip().isdigit():  # dateparser reads "-3" as the 3rd of this month
        raise DateError(f"not a date: {raw!r}")
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
    m = _DATE_LINES[0].match(text) or _DATE_LINES[1].match(text)
    if m and m.group("year") and m.group("month").lower() in MONTHS:
        # A day written out as pages write it ("1 марта 2018", "16 февраля 2017 г.", "Feb 15, 2017")
        # is read here, sparing dateparser's import.
        day = make_date(int(m.group("year")), MONTHS[m.group("month").lower()], int(m.group("day")))
        if day is None:
            raise DateError(f"no such day: {raw!r}")
        return day, day
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
