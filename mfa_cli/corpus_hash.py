"""SHA-1 for ids and cache names, from the built-in module: it loads in a fraction of the time
OpenSSL's hashlib takes, and every run of mfa pays for the import."""
from __future__ import annotations

try:
    from _sha1 import sha1
except ImportError:  # pragma: no cover - Pythons built without it
    from hashlib import sha1

__all__ = ["sha1"]
