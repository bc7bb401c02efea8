"""mfa: list, filter, read and search the bulletin items in saved pages of Russian embassy sites."""
from __future__ import annotations

__version__ = "0.1.0"
