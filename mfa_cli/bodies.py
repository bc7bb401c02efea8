"""The text under a heading: its blocks, the sub-heading, paragraphs and question-and-answer turns.

Parts of the parser (parser.py) that read one entry's lines once its start and end are known.
"""
from __future__ import annotations

import datetime as dt
import re

from .dates import date_line

_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b")
QA_LABEL = re.compile(
    r"^(?:Q|A|Q\.|A\.|Question|Answer|QUESTION|ANSWER|Вопрос|Ответ|ВОПРОС|ОТВЕТ)\s*:", re.IGNORECASE
)
LIST_MARK = re.compile(r"^(?:\d{1,3}[.)]|[-–•*])\s")
# Where a question-and-answer turn starts inside a paragraph: the white space (group 1) after a
# sentence's end and before a label or a speaker's name and a colon. The pattern opens with the
# sentence's end rather than a look-behind, which lets the regex engine skip to those characters.
_TURN = re.compile(
    r"[.?!…\"”»)](\s+)(?=(?:Q|A|Q\.|A\.|Question|Answer|QUESTION|ANSWER)\s*:"
    r"|[A-Z][a-z]+(?: [A-Z][a-z]+){1,2}:\s)"
)
# The same with Russian labels and speakers, tried only on paragraphs with Cyrillic in them.
_TURN_RU = re.compile(
    r"[.?!…\"”»)](\s+)(?=(?:Q|A|Q\.|A\.|Question|Answer|QUESTION|ANSWER)\s*:"
    r"|Вопрос\s*:|Ответ\s*:|ВОПРОС\s*:|ОТВЕТ\s*:"
    r"|[A-Z][a-z]+(?: [A-Z][a-z]+){1,2}:\s|[А-ЯЁ][а-яё]+(?: [А-ЯЁ][а-яё]+){1,2}:\s"
    r"|(?:[А-ЯЁ]\.){1,2}\s?[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?:\s)"
)
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_CONTENTS = re.compile(r"^(?:table of contents|contents|содержание|оглавление)$", re.IGNORECASE)


def restated_date(title: str, text: str) -> dt.date | None:
    """The date in brackets after a teaser's restatement of its heading ("<title> (25.12.2020 г.) ...")."""
    if not text.startswith(title):
        return None
    rest = text[len(title):].lstrip()
    if not rest.startswith("("):
        return None
    close = rest.find(")")
    return date_line(rest[1:close])[1] if 0 < close <= 40 else None


def first_sentence(text: str) -> str:
    m = re.search(r"[.!?](?:\s|$)", text)
    return text[: m.end()] if m else text


def blocks_of(content: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in content:
        if line.strip():
            current.append(line.strip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def is_subtitle(block: list[str], title: str, *, followed: bool) -> bool:
    """A one-line sub-heading under a title: short, no closing punctuation, not the title restated."""
    if len(block) != 1 or not followed or _CONTENTS.match(block[0]):
        return False
    text = block[0]
    return (
        len(text) <= 200
        and len(text.split()) <= 25
        and text[0].isupper()
        and text[-1] not in ".?!,;:…"
        and not text.startswith(title[: max(12, len(title) // 2)])
        and not QA_LABEL.match(text)
        and not _CLOCK.search(text)
        and not LIST_MARK.match(text)
        and not re.match(r"^[A-Z][\w.’' -]{0,40}:\s", text)
    )


def paragraphs(block: list[str]) -> list[str]:
    """The paragraphs of a block: hard-wrapped lines are joined, other lines stand alone, and
    question-and-answer turns written inline are set apart."""
    paragraphs = block
    if len(block) > 1 and all(len(line) <= 100 for line in block[:-1]) and max(map(len, block)) >= 50:
        paragraphs = block[:1]
        for line in block[1:]:
            if QA_LABEL.match(line) or LIST_MARK.match(line):
                paragraphs.append(line)
            else:
                paragraphs[-1] += " " + line
    out: list[str] = []
    for paragraph in paragraphs:
        if ":" not in paragraph:  # every turn has its colon: most paragraphs need no search
            out.append(paragraph)
        else:
            out.extend(p for p in _turns(paragraph) if p)
    return out


def _turns(paragraph: str) -> list[str]:
    """The paragraph cut at the white space before each turn written inline."""
    # A turn's label ends at a colon and one character more: none starts in the text after the last.
    end = paragraph.rfind(":") + 2
    turn = _TURN if paragraph.isascii() or not _CYRILLIC.search(paragraph, 0, end) else _TURN_RU
    parts = []
    start = 0
    for m in turn.finditer(paragraph, 0, end):
        parts.append(paragraph[start:m.start(1)])
        start = m.end(1)
    parts.append(paragraph[start:])
    return parts
