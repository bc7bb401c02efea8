"""Finding the input files and turning their bytes into text, with a warning for anything odd.

mfa only ever opens the user's files for reading.
"""
from __future__ import annotations

import os
import stat
import sys
from collections import namedtuple

from .errors import InputError

STDIN = "-"
_SNIFF = 65536


class InputFile(namedtuple("InputFile", "path size mtime_ns")):
    """One file to read: its absolute `path`, with the size and mtime that key the cache."""

    __slots__ = ()


def _mtime(st) -> int:
    """The mtime in nanoseconds, wrapped into SQLite's signed 64 bits (a date past 2262 overflows them)."""
    return (st.st_mtime_ns + 2**63) % 2**64 - 2**63


def is_stream(path: str) -> bool:
    """Whether `path` is standard input or a pipe or device such as `<(cmd)`: read once, never cached."""
    if path == STDIN:
        return True
    try:
        mode = os.stat(os.path.expanduser(path)).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or stat.S_ISSOCK(mode)


def discover(paths: list[str], warn) -> list[InputFile]:
    """Every file named or found below the named folders (recursively, following links once).

    Paths are made absolute, so one folder named two ways is one set of files under one name each.
    Hidden files and folders are passed over, as ripgrep does. A path that does not exist raises
    InputError; an unreadable folder or file is reported through `warn` and skipped; streams
    (standard input, pipes) are left to the caller.
    """
    found: dict[str, InputFile] = {}
    for raw in paths:
        if raw == STDIN:
            continue
        path = os.path.abspath(os.path.expanduser(raw))
        try:
            st = os.stat(path)
        except FileNotFoundError:
            raise InputError(f"{raw}: no such file or folder") from None
        except OSError as exc:
            raise InputError(f"{raw}: {exc.strerror or exc}") from None
        if stat.S_ISDIR(st.st_mode):
            for file in _walk(path, warn):
                found.setdefault(file.path, file)
        elif stat.S_ISREG(st.st_mode):
            found.setdefault(path, InputFile(path, st.st_size, _mtime(st)))
        elif stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode) or stat.S_ISSOCK(st.st_mode):
            continue  # read as a stream by the caller
        else:
            warn(f"{raw}: not a regular file; skipped")
    return sorted(found.values(), key=lambda f: f.path)


def _walk(root: str, warn):
    """Regular files below `root`, each stat-ed once (following links; a folder seen twice is
    not entered again, so link loops end)."""
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            st = os.stat(folder)
            if (st.st_dev, st.st_ino) in seen:
                continue
            seen.add((st.st_dev, st.st_ino))
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as exc:
            warn(f"{folder}: {exc.strerror or exc}; skipped")
            continue
        folders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                est = entry.stat()
            except OSError as exc:
                warn(f"{entry.path}: {exc.strerror or exc}; skipped")
                continue
            if stat.S_ISDIR(est.st_mode):
                folders.append(entry.path)
            elif stat.S_ISREG(est.st_mode):
                yield InputFile(entry.path, est.st_size, _mtime(est))
        stack.extend(sorted(folders, reverse=True))


class Walk:
    """Finds and stats the input files in a thread (os.stat releases the GIL)."""

    _started: dict = {}

    @classmethod
    def start(cls, data_paths) -> Walk:
        """The walk over these paths: one begun earlier in this process (see entry.py), or a new one."""
        return cls._started.pop(tuple(data_paths), None) or cls(data_paths)

    @classmethod
    def prefetch(cls, data_paths) -> None:
        cls._started[tuple(data_paths)] = cls(data_paths)

    def __init__(self, data_paths):
        import threading

        self.warnings = []
        self.files = []
        self.error = None
        self.thread = threading.Thread(target=self._run, args=(list(data_paths),), daemon=True)
        self.thread.start()

    def _run(self, paths: list[str]) -> None:
        try:
            self.files = discover(paths, self.warnings.append)
        except BaseException as exc:  # handed to the main thread in result()
            self.error = exc

    def result(self, warn) -> list:
        self.thread.join()
        for message in self.warnings:
            warn(message)
        if self.error is not None:
            raise self.error
        return self.files


def default_paths() -> list[str]:
    """Where the data is when --data is not given: $MFA_DATA, else the bundled page's folder."""
    env = os.environ.get("MFA_DATA")
    if env:
        paths = [p for p in env.split(os.pathsep) if p]
        if not paths:
            raise InputError(f"MFA_DATA={env!r} names no file or folder")
        return paths
    here = os.path.dirname(os.path.abspath(__file__))
    for candidate in (os.path.join(here, "data"), os.path.join(os.path.dirname(here), "data")):
        if os.path.isdir(candidate):
            return [candidate]
    return [os.path.join(here, "data")]


def read_bytes(path: str) -> bytes:
    """The file's bytes, read once; standard input for "-"."""
    if path == STDIN:
        return sys.stdin.buffer.read()
    with open(path, "rb") as handle:
        return handle.read()


def decode(data: bytes, name: str) -> tuple[str | None, list[str]]:
    """Text from bytes, and warnings naming the file. None when the file is binary.

    UTF-8 (with or without a byte-order mark) is read as is; UTF-16 with a byte-order mark is read
    too; other bytes are tried as cp1251, the encoding of Russian pages saved on Windows, and as a
    last resort as UTF-8 with replacement characters. Text is brought to Unicode's composed form
    (NFC), so a page saved with decomposed letters (и + breve for й) reads as any other.
    """
    text, warnings = _decode(data, name)
    if text is not None and not text.isascii():
        import unicodedata

        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
    return text, warnings


def _decode(data: bytes, name: str) -> tuple[str | None, list[str]]:
    """decode() before the text is normalised."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError:
            return None, [f"{name}: binary file (invalid UTF-16); skipped"]
    head = data[:_SNIFF]
    if b"\x00" in head:
        return None, [f"{name}: binary file; skipped"]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        where = exc.start
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError:
        text = None
    if text is not None and _mostly_cyrillic(text):
        return text, [f"{name}: not valid UTF-8 (byte {where}); read as cp1251"]
    return data.decode("utf-8", errors="replace"), [
        f"{name}: not valid UTF-8 (byte {where}); undecodable bytes replaced with �"
    ]


def _mostly_cyrillic(text: str) -> bool:
    """Whether cp1251 gave Russian words, not Western words with Cyrillic letters inside ("Dйclaration")."""
    import re

    words = re.findall(r"[^\W\d_]+", text)
    cyrillic = [w for w in words if any("\u0400" <= c <= "\u04ff" for c in w)]
    if not cyrillic:
        return False
    pure = sum(1 for w in cyrillic if all("\u0400" <= c <= "\u04ff" for c in w))
    return pure >= 0.8 * len(cyrillic)
