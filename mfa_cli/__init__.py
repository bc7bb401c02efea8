"""mfa: list, filter, read and search the bulletin items in saved pages of Russian embassy sites.

The library behind the command line, for use from Python:

    >>> from mfa_cli import open_index, to_fts
    >>> index, _ = open_index(["data"])
    >>> [hit.item.title for hit in index.search(to_fts("Astana"), limit=1)]

Names are imported on first use, so `mfa` itself starts without loading what a command does not need.
"""
from __future__ import annotations

__version__ = "0.1.0"

_EXPORTS = {
    "parse_page": "parser", "Page": "models", "Entry": "models", "Item": "models", "Source": "models",
    "KINDS": "models", "Index": "index", "Filters": "index", "Hit": "index", "open_index": "store",
    "to_fts": "query", "parse_user_date": "dates", "MfaError": "errors",
}
__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str):
    if name in _EXPORTS:
        from importlib import import_module

        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
