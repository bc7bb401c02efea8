"""Turning what a user types into a safe FTS5 query.

Words are AND-ed, "quoted phrases" stay phrases, OR and NOT (or a leading -) are operators, and a
trailing * makes a prefix. Every word goes to FTS5 as a quoted string, so punctuation inside words
(Al-Nusra, U.S., 2254) and stray syntax (col:x, NEAR(, ^) are only ever text.
"""
from __future__ import annotations

import re

from .errors import QueryError

_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')
_WORDISH = re.compile(r"[^\W_]", re.UNICODE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def to_fts(words: list[str] | str) -> str:
    """The FTS5 expression for a user's query; QueryError when nothing in it can be searched for."""
    text = " ".join(words) if isinstance(words, list) else words
    text = _CONTROL.sub(" ", text)
    found: list[str] = []
    excluded: list[str] = []
    pending_or = pending_not = False
    for m in _TOKEN.finditer(text):
        phrase, word = m.group(1), m.group(2)
        negate = prefix = False
        if word is not None:
            if word in ("OR", "|"):
                pending_or = bool(found)
                continue
            if word in ("AND", "&"):
                continue
            if word == "NOT":
                pending_not = True
                continue
            if word.startswith("-") and len(word) > 1:
                negate, word = True, word[1:]
            if word.endswith("*"):
                prefix, word = True, word.rstrip("*")
            term = word
        else:
            term = phrase
        if not _WORDISH.search(term):
            continue
        operand = _quote(term) + ("*" if prefix else "")
        if negate or pending_not:
            excluded.append(operand)
        elif pending_or:
            found += ["OR", operand]
        else:
            found += ["AND", operand] if found else [operand]
        pending_or = pending_not = False
    if not found:
        if excluded:
            raise QueryError(f"the query {text!r} only excludes words; give a word to find too")
        raise QueryError(f"nothing to search for in {text!r}")
    expression = " ".join(found)
    if excluded:
        expression = f"({expression})" + "".join(f" NOT {e}" for e in excluded)
    return expression
