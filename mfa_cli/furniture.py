"""Site furniture: the lines of a saved page that belong to the site, not to any item.

Language switchers, print and back links, share lines, font-size buttons, download links, style
sheets and photo-gallery file names are blanked before a page is read (line numbers stay), so they
never reach a title or a text. Site-name and contact lines are part of the page header; a site-name
line also says which site the page is from.
"""
from __future__ import annotations

import re

_FURNITURE = re.compile(
    r"^(?:"
    r"(?:•\s*)?(?:[a-z]{2}-[A-Z]{2}\d*\s*){2,}"  # "• en-GB1 ru-RU1"
    r"|(?:en|ru|de|fr|es|pt|it|zh|ar)(?:\s*[|/]?\s*(?:en|ru|de|fr|es|pt|it|zh|ar)){1,6}"  # "en ru"
    r"|print|print version|printable version|печать|версия для печати|vers[ãa]o de impress[ãa]o"
    r"|back|назад|advanced settings|расширенные настройки|additional materials|дополнительные материалы"
    r"|download file|скачать файл|share|поделиться|share on \w+|tweet|read more|подробнее"
    r"|source url:\s*\S+|ссылка на источник:\s*\S+"
    r"|(?:photo|фото)\s*:.{0,80}|(?:hits|views|просмотров|просмотры)\s*:?\s*\d+"
    r"|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    r"|\.[\w-]+[^{}]*\{[^}]*\}.*"  # a style sheet rule
    r"|(?:\d{2}-[\w-]+\s+){3,}\d{2}-[\w-]+"  # a photo gallery's file names: "01-2 02-4 04-5 ..."
    r"|[^\w\s]{1,3}(?:\s+[^\w\s]{1,3})*"  # "+ -", a lone dash or bullet
    r")$",
    re.IGNORECASE,
)
_MARKUP = re.compile(r"<br\s*/?>", re.IGNORECASE)
_MENU_SEPARATOR = re.compile(r"\s[|•·>»/]\s")


def _menu(text: str) -> bool:
    """A menu or breadcrumb line: three or more short labels between separators
    ("Home | News | Contacts", "Главная > Новости > Заявления"); a "Pages: 1 | 2 | 3" line is not."""
    parts = _MENU_SEPARATOR.split(text)
    return len(parts) >= 3 and all(
        0 < len(p.strip()) <= 30 and p.strip()[-1] not in ".?!:" and any(c.isalpha() for c in p) for p in parts)
_SITE_NAME = re.compile(
    r"^(?:the\s+)?(?:embassy|permanent mission|permanent representation|consulate general|consulate|"
    r"mission|trade representation)\s+of\s+(?:the\s+)?russian\s+federation\b.{0,80}$"
    r"|^(?:посольство|постоянное представительство|постпредство|генеральное консульство|консульство|"
    r"представительство)\s+(?:российской федерации|россии)\b.{0,80}$",
    re.IGNORECASE,
)
_CONTACT = re.compile(
    r"^/?(?:phone|tel|telephone|fax|тел|телефон|факс|e-?mail|график работы|schedule|opening hours|"
    r"часы работы)\b[^a-zа-яё]{0,3}.*\d", re.IGNORECASE,
)
_SOURCE_URL = re.compile(r"^(?:source url|ссылка на источник):\s*(?:https?://)?(?:www\.)?([\w.-]+)",
                         re.IGNORECASE)
_ISSUE_LABEL = re.compile(r"^(?:пресс-релиз|press release|сообщение|бюллетень|bulletin)\s*(?:№|no\.?|#)\s*\d+$",
                          re.IGNORECASE)


def strip_furniture(lines: list[str]) -> list[str]:
    """The lines with furniture blanked and stray markup removed; same length, same line numbers."""
    out = []
    for line in lines:
        text = line.strip()
        # Furniture lines are short, but for style sheets and photo file names; prose skips the pattern.
        if text and (len(text) <= 80 or text[0] == "." or text[0].isdigit()) and (
                _FURNITURE.match(text) or _menu(text)):
            out.append("")
        elif "<" in line:
            out.append(_MARKUP.sub("", line).rstrip())
        else:
            out.append(line)
    return out


def is_site_line(text: str) -> bool:
    """Whether a line names the site ("Embassy of the Russian Federation in the USA") or gives its
    contacts and hours ("Phone (consular questions): ...", "Тел.:+43/1/...", "/График работы: ...")."""
    return bool(_SITE_NAME.match(text) or _CONTACT.match(text) or _ISSUE_LABEL.match(text))


def site_of(lines: list[str]) -> str | None:
    """The site a page names: its site-name line (joined when split over short lines), or the host
    of a "Source URL:" line; None when the page does not say."""
    for n, line in enumerate(lines[:12]):
        text = line.strip()
        if not text or line[0].isspace():  # an indented line is a list's, not the page's
            continue
        if _SITE_NAME.match(text):
            return " ".join(text.split())
        joined = text
        for follow in lines[n + 1:n + 4]:
            if not follow.strip() or len(joined) > 120:
                break
            joined += " " + follow.strip()
            if _SITE_NAME.match(joined):
                return " ".join(joined.split())
    for line in lines[-8:]:
        m = _SOURCE_URL.match(line.strip())
        if m:
            return m.group(1).lower()
    return None
