"""The `mfa` command line, kept importable here: the group and its commands live in mfa_cli.commands."""
from __future__ import annotations

from .commands import cli, main

__all__ = ["cli", "main"]
