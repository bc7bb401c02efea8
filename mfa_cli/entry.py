"""The `mfa` console script: the fast path for plain pipeline commands, else the Click command line."""
from __future__ import annotations

import os
import sys


def main() -> None:
    if os.environ.get("MFA_FAST", "1") != "0":
        from .fast import run

        code = run(sys.argv[1:])
        if code is not None:
            sys.exit(code)
    from .cli import cli

    cli(prog_name="mfa")
