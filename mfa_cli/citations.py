"""Citations of items: a line of text or Markdown to paste, CSL-JSON for Zotero, pandoc and citeproc,
and BibTeX. Pure functions of an Item.

A citation names the title (with its sub-heading), the publisher (the site the page names; left
out when it does not say), the item's date, and as "accessed" the first and last snapshot the item
was seen in: a saved page has no URL to cite, but when it was seen is what a reader can check.
"""
from __future__ import annotations

import datetime as dt

from .formats import dumps, one_line
from .models import Item

STYLES = ("text", "markdown", "csl-json", "bibtex")
_MONTHS = "January February March April May June July August September October November December".split()


def _day(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _words(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def title_of(item: Item) -> str:
    """The title on one line, with the sub-heading after " — " (items of a day can differ only there)."""
    title = one_line(item.title)
    return f"{title} — {one_line(item.subtitle)}" if item.subtitle else title


def seen(item: Item) -> tuple[dt.date, dt.date] | None:
    """(first, last) snapshot dates showing the item, or None when no snapshot had a date."""
    first, last = _day(item.first_seen), _day(item.last_seen)
    if first is None and last is None:
        return None
    return first or last, last or first


def _accessed(item: Item) -> str:
    span = seen(item)
    if span is None:
        return ""
    first, last = span
    if first == last:
        return f" Accessed {_words(first)} (snapshot)."
    return f" Accessed {_words(first)} and {_words(last)} (first and last snapshot)."


def _stop(text: str) -> str:
    """The text ended as a sentence: a full stop unless it ends in one already (or ? or !)."""
    return text if text[-1:] in ".?!…" else text + "."


def cite_text(item: Item) -> str:
    """One line: Publisher. “Title.” 20 February 2017. Accessed ... (first and last snapshot). mfa id ..."""
    parts = []
    if item.site:
        parts.append(_stop(one_line(item.site)) + " ")
    parts.append(f"“{_stop(title_of(item))}” ")
    parts.append(_stop(_words(item.date)) if item.date else "n.d.")
    parts.append(_accessed(item))
    parts.append(f" mfa id {item.id}.")
    return "".join(parts)


_MARKDOWN_SPECIAL = "\\`*_[]<>|~"  # what Markdown reads as markup inside a line


def _markdown(text: str) -> str:
    return "".join("\\" + c if c in _MARKDOWN_SPECIAL else c for c in text)


def cite_markdown(item: Item) -> str:
    """As cite_text, the title in italics and the id as code, Markdown's special characters escaped."""
    parts = []
    if item.site:
        parts.append(_markdown(_stop(one_line(item.site))) + " ")
    parts.append(f"*{_markdown(_stop(title_of(item)))}* ")
    parts.append(_stop(_words(item.date)) if item.date else "n.d.")
    parts.append(_accessed(item))
    parts.append(f" mfa id `{item.id}`.")
    return "".join(parts)


def _date_parts(*days: dt.date) -> dict:
    return {"date-parts": [[d.year, d.month, d.day] for d in days]}


def csl(item: Item) -> dict:
    """The item as a CSL-JSON object (type webpage): id, title, publisher, issued, accessed (a range
    from the first to the last snapshot), genre (its kind), language and a note with the mfa id."""
    out = {"id": f"mfa-{item.id}", "type": "webpage", "title": title_of(item)}
    if item.site:
        out["publisher"] = one_line(item.site)
    if item.date:
        out["issued"] = _date_parts(item.date)
    span = seen(item)
    if span:
        out["accessed"] = _date_parts(span[0]) if span[0] == span[1] else _date_parts(*span)
    out["genre"] = item.kind
    out["language"] = item.language or "en"
    note = f"mfa id {item.id}"
    if span:
        note += (f"; seen in a snapshot of {span[0].isoformat()}" if span[0] == span[1]
                 else f"; seen in snapshots from {span[0].isoformat()} to {span[1].isoformat()}")
    out["note"] = note
    return out


def cite_csl_json(items) -> str:
    """A CSL-JSON array of the items."""
    return dumps([csl(i) for i in items], indent=2) + "\n"


# Characters TeX reads as commands, and braces, which BibTeX counts even when escaped: each is
# written as a command with balanced braces, so any title survives a BibTeX parser and LaTeX.
_TEX = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "%": r"\%",
        "&": r"\&", "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_BIB_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()


def _tex(text: str) -> str:
    return "".join(_TEX.get(c, c) for c in one_line(text))


def cite_bibtex(item: Item) -> str:
    """A @misc entry keyed mfa-ID: title (braced, so styles keep its capitals), howpublished and
    publisher (the site), year, month and date, urldate (a range first/last snapshot, as biblatex
    reads it), and a note saying when it was seen and its mfa id."""
    fields = [("title", "{" + _tex(title_of(item)) + "}")]
    if item.site:
        fields += [("howpublished", _tex(item.site)), ("publisher", _tex(item.site))]
    if item.date:
        fields += [("year", str(item.date.year)), ("date", item.date.isoformat())]
    span = seen(item)
    if span:
        fields.append(("urldate", span[0].isoformat() if span[0] == span[1]
                       else f"{span[0].isoformat()}/{span[1].isoformat()}"))
    note = f"mfa id {item.id}"
    if span:
        note = (f"Seen in snapshots of {_words(span[0])}" + (f" to {_words(span[1])}" if span[1] != span[0] else "")
                + f"; {note}")
    fields.append(("note", _tex(note)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    month = f",\n  month = {_BIB_MONTHS[item.date.month - 1]}" if item.date else ""
    return f"@misc{{mfa-{item.id},\n{body}{month}\n}}\n"


def citations(items, style: str) -> str:
    """The items cited in `style` (one of STYLES): a line each for text and markdown, one JSON array,
    or BibTeX entries separated by blank lines."""
    if style == "csl-json":
        return cite_csl_json(items)
    if style == "bibtex":
        return "\n".join(cite_bibtex(i) for i in items)
    cite = cite_markdown if style == "markdown" else cite_text
    return "".join(cite(i) + "\n" for i in items)
