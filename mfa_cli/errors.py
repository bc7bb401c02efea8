"""Domain errors. The core raises these; the command line (mfa_cli.commands) turns each into one line on stderr and an exit code."""
from __future__ import annotations


class MfaError(Exception):
    """Anything mfa can explain to the user in one line."""

    exit_code = 2


class DateError(MfaError, ValueError):
    """A date the user typed cannot be read."""


class RangeError(MfaError, ValueError):
    """Filters that contradict each other: a reversed date range, undated items only within dates."""


class QueryError(MfaError, ValueError):
    """A search query cannot be run (empty, or malformed raw FTS5 syntax)."""


class InputError(MfaError):
    """An input path cannot be used (it does not exist)."""


class NotFound(MfaError):
    """No item has the id the user gave."""

    exit_code = 1


class BadId(MfaError):
    """An id that cannot be one: fewer than 4 characters, or not hex digits."""


class AmbiguousId(MfaError):
    """An id prefix matches several items; the message lists them."""
