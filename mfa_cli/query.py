"""Turning what a user types into a safe FTS5 query.

Words are AND-ed, "quoted phrases" stay phrases, OR and NOT (or a leading -) are operators, and a
trailing * makes a prefix. Every word goes to FTS5 as a quoted string, so punctuation inside words
(Al-Nusra, U.S., 2254) and stray syntax (col:x, NEAR(, ^) are only ever text.
"""
from __future__ import annotations

from .errors import QueryError

_CONTROL = dict.fromkeys([*range(0x20), 0x7F], " ")


def normal_query(text: str) -> str:
    """Query text in the composed form (NFC) page text is read in (see sources.decode)."""
    if text.isascii():
        return text
    import unicodedata

    return unicodedata.normalize("NFC", text)


def _tokens(text: str):
    """(phrase, None) for a "quoted phrase" (the closing quote may be missing), (None, word) else."""
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
        elif text[i] == '"':
            end = text.find('"', i + 1)
            end = n if end < 0 else end
            yield text[i + 1:end], None
            i = end + 1
        else:
            end = i
            while end < n and not text[end].isspace():
                end += 1
            yield None, text[i:end]
            i = end


def _wordish(text: str) -> bool:
    return any(c.isalnum() for c in text)


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def to_fts(words: list[str] | str) -> str:
    """The FTS5 expression for a user's query; QueryError when nothing in it can be searched for."""
    text = " ".join(words) if isinstance(words, list) else words
    text = normal_query(text).translate(_CONTROL)
    found: list[str] = []
    excluded: list[str] = []
    pending_or = pending_not = False
    for phrase, word in _tokens(text):
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
        if not _wordish(term):
            continue
        if any("\u0400" <= c <= "\u04ff" for c in term):
            from .lang import fts_term  # Russian words are matched by their stems (see lang.py)

            operand = fts_term(term, prefix=prefix, quote=_quote)
        else:
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
