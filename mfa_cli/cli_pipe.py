"""Ending quietly when the reader of a pipe has gone (`mfa list | head -1`)."""
from __future__ import annotations

import os
import sys


def quiet_pipe() -> None:
    """Exit 0 at once; stdout points at /dev/null so the interpreter's last flush raises nothing."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os._exit(0)
