"""The `mfa` console script: the fast path for plain pipeline commands, else the Click command line."""
from __future__ import annotations

import os
import sys

_READING = {"list", "search", "show", "stats", "sources", "index", "trend", "kwic", "cite", "similar"}


def main() -> None:
    if not _streams():
        sys.stderr.write("mfa: error: standard output is closed\n")
        sys.stderr.flush()
        os._exit(2)
    try:
        _main()
    except KeyboardInterrupt:  # Ctrl-C between the handlers' reach, say during an import
        sys.stderr.write("mfa: interrupted\n")
        os._exit(130)


def _streams() -> bool:
    """Make the standard streams safe to use; False when standard output is closed.

    A closed descriptor is opened on the null device, so no file mfa opens (an index) takes its
    number and receives output meant for the terminal; a closed stderr just swallows warnings.
    Text the output's encoding cannot show is printed with replacements ("Caf?" for ASCII).
    """
    closed = []
    for fd, mode in ((0, os.O_RDONLY), (1, os.O_WRONLY), (2, os.O_WRONLY)):
        try:
            os.fstat(fd)
        except OSError:
            os.open(os.devnull, mode)  # the lowest free descriptor: this one
            closed.append(fd)
    if 2 in closed or sys.stderr is None:
        sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False)
    if 1 in closed or sys.stdout is None:
        return False
    if sys.stdout.errors == "strict":
        sys.stdout.reconfigure(errors="replace")
    return True


def _main() -> None:
    argv = sys.argv[1:]
    _prefetch(argv)
    if os.environ.get("MFA_FAST", "1") != "0":
        from .fast import run

        code = run(argv)
        if code is not None:
            # Everything is written and committed: skip the interpreter's teardown of modules.
            try:
                sys.stdout.flush()
            except BrokenPipeError:
                code = 0
            sys.stderr.flush()
            os._exit(code)
    from .commands import cli

    cli(prog_name="mfa")


def _prefetch(argv: list[str]) -> None:
    """Start stat-ing the input files at once, so the walk overlaps the imports that follow.

    Only the global --data options are read here; when the command line is anything unusual the
    walk simply starts later, in store.answer.
    """
    if "--no-cache" in argv or "-h" in argv or "--help" in argv or not _READING & set(argv):
        return
    data: list[str] = []
    i = 0
    while i < len(argv) and argv[i] not in _READING:
        if argv[i] in ("--data", "-d") and i + 1 < len(argv):
            data.append(argv[i + 1])
            i += 1
        elif argv[i].startswith("--data="):
            data.append(argv[i][len("--data="):])
        i += 1
    if "-" in data:
        return
    # The walk waits on the GIL after every stat; at the default 5 ms switch interval it spends
    # most of its time waiting while the main thread imports and queries. 0.5 ms cut a warm search
    # at 100k items from ~47 to ~37 ms here; with one thread left, nothing switches.
    sys.setswitchinterval(0.0005)
    from .errors import MfaError
    from .sources import Walk, default_paths

    try:
        Walk.prefetch(data or default_paths())
    except MfaError:  # said once, by the command itself
        pass
