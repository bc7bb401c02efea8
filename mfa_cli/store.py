"""Where the index lives: in a cache file, or in memory for standard input and --no-cache.

The cache is one SQLite file per set of --data paths, under the user cache directory. It is only
trusted when it carries our application id and schema version; anything else (another program's
file, an older schema, random bytes, a truncated file) is set aside and rebuilt, with a warning.
When the cache cannot be written, the index is built in memory and the answers are the same.
"""
from __future__ import annotations

import os
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence

from .index import _SCHEMA, APPLICATION_ID, SCHEMA_VERSION, Index
from .build import Stalled
from .errors import InputError
from .sources import STDIN, InputFile, Walk, discover, is_stream, read_bytes

# Inputs smaller than this are parsed into memory on every run instead of cached. Measured on the
# bundled page (README, "Large archives"): a cache hit costs ~3 ms, while importing the parser and
# compiling its patterns alone costs ~8 ms, so even one small page is answered faster from the cache.
SMALL_INPUT_BYTES = 0
MAX_CACHE_FILES = 32
KEEP_BROKEN = 3


def damaged(exc: BaseException) -> bool:
    """Whether an SQLite error means a broken file (not a busy or read-only one)."""
    name = getattr(exc, "sqlite_errorname", None)
    if name is not None:
        return name in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or name.startswith("SQLITE_CORRUPT_")
    return isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError)


class ForeignIndex(Exception):
    """The cache file is not an mfa index of the current schema."""


def cache_dir() -> str:
    """MFA_CACHE_DIR, else the user cache folder: $XDG_CACHE_HOME/mfa or ~/.cache/mfa on Linux."""
    override = os.environ.get("MFA_CACHE_DIR")
    if override:
        return override
    if sys.platform.startswith("linux"):
        # What platformdirs answers on Linux, without the ~15 ms its import costs every run.
        base = os.environ.get("XDG_CACHE_HOME", "").strip()
        if not os.path.isabs(base):  # the XDG spec: a relative path is invalid and ignored
            base = os.path.expanduser("~/.cache")
        return os.path.join(base, "mfa")
    from platformdirs import user_cache_dir

    return user_cache_dir("mfa", appauthor=False)


def cache_path(data_paths: Sequence[str]) -> str:
    from _blake2 import blake2b

    roots = sorted(os.path.abspath(p) for p in data_paths)
    digest = blake2b("\0".join(roots).encode("utf-8", "surrogateescape"), digest_size=8).hexdigest()
    return os.path.join(cache_dir(), f"index-{digest}.sqlite")


def answer(
    data_paths: Sequence[str],
    fn: Callable[[Index], object],
    *,
    use_cache: bool,
    warn: Callable[[str], None],
    progress: Callable[[int, int, int], None] | None = None,
) -> tuple[object, Index, str | None]:
    """Run `fn` on an up-to-date index of the inputs: (its result, the index, the cache file or None).

    With a cache, the walk that stats every input file runs in a thread while `fn` runs on the index
    as it stands; only when the walk finds a file new, changed or gone is the index brought up to
    date and `fn` run again. Errors `fn` raises are held until the index is known to be current.
    A cache that cannot be written (a full disk, a read-only file) gives way to an index in memory;
    one whose writer has stopped is answered from as it stands; both with a warning.
    """
    streams = list(dict.fromkeys(p for p in data_paths if is_stream(p)))
    if not use_cache or streams:
        files = discover(list(data_paths), warn)
        why = "standard input or a pipe" if streams else "--no-cache"
        return _in_memory(files, streams, fn, warn, progress, why=why)
    walk = Walk.start(data_paths)
    path = cache_path(data_paths)
    index = seen = early = None
    if os.path.exists(path):
        index = _open_cached(path, warn)
        # The commit count is read before the first answer is made: a commit after it means the
        # answer may predate another process's indexing, and is made again.
        seen = _version(index) if index is not None else None
        early = _attempt(fn, index) if index is not None else None
        files = walk.result(warn)
    else:
        files = walk.result(warn)  # a mistyped path fails here, before any cache file is made
        if files:
            index = _open_cached(path, warn)
    if not files:
        return _in_memory(files, [], fn, warn, progress, why="no input files")
    if index is None:
        return _in_memory(files, [], fn, warn, progress, why="the cache cannot be used")
    try:
        return _bring_up_to_date(index, files, fn, early, seen, warn, progress), index, path
    except Stalled as exc:
        warn(f"{exc}; answering from the index as it stands")
        value, error = _attempt(fn, index)
        if error is not None:
            raise error from None
        return value, index, path
    except sqlite3.DatabaseError as exc:
        early = None
        if unwritable(exc):
            index.db.close()
            warn(f"cannot write the index cache {path} ({exc}); indexing in memory")
            return _in_memory(files, [], fn, warn, progress, why="the cache cannot be written")
        if not damaged(exc):
            raise
        # damage the opening checks did not reach
        index.db.close()
        set_aside(path, str(exc), warn)
        index = _open_cached(path, warn)
        if index is None:
            return _in_memory(files, [], fn, warn, progress, why="the cache cannot be used")
        return _bring_up_to_date(index, files, fn, None, None, warn, progress), index, path


def unwritable(exc: BaseException) -> bool:
    """Whether an SQLite error means the cache cannot be written: disk full, read-only, I/O error."""
    name = getattr(exc, "sqlite_errorname", None) or ""
    return name.startswith(("SQLITE_FULL", "SQLITE_READONLY", "SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_PERM"))


def _version(index: Index) -> int:
    """SQLite's count of commits by other connections: it moves when another mfa writes."""
    return index.db.execute("PRAGMA data_version").fetchone()[0]


def _bring_up_to_date(index: Index, files, fn, early, seen, warn, progress):
    changed, dropped = index.check(files)
    if changed or dropped or early is None or isinstance(early[1], sqlite3.DatabaseError):
        # A streamed answer holds a read transaction open; the update cannot begin under it.
        close = getattr(early[0], "close", None) if early else None
        if close is not None:
            close()
        early = None
        _update(index, files, warn, progress, stale=(changed, dropped))
        early = _attempt(fn, index)
    elif _version(index) != seen:  # another process indexed files after the first answer was made
        early = _attempt(fn, index)
    report_warnings(index.warnings(), warn)
    value, error = early
    if error is not None:
        raise error
    return value


def open_index(data_paths: Sequence[str], *, use_cache: bool = True, warn=print, progress=None):
    """An up-to-date index of the inputs and its cache file (None in memory), for use from Python."""
    _, index, path = answer(data_paths, lambda index: None, use_cache=use_cache, warn=warn, progress=progress)
    return index, path


def _in_memory(files, streams: Sequence[str], fn, warn, progress, *, why: str):
    index = Index.memory()
    index.why = why
    _update(index, files, warn, progress)
    for stream in streams:
        try:
            data = read_bytes(stream)
        except OSError as exc:
            raise InputError(f"{stream}: {exc.strerror or exc}") from None
        index.add_text("<stdin>" if stream == STDIN else stream, data, warn=warn)
    report_warnings(index.warnings(), warn)
    return fn(index), index, None


def _attempt(fn, index):
    try:
        return fn(index), None
    except Exception as exc:  # held, and raised only if the index turns out to be current
        return None, exc


def report_warnings(warnings: Sequence[str], warn, *, most: int = 20) -> None:
    """Say what was skipped or odd in the inputs, on every run (as ripgrep does), within reason."""
    for message in warnings[:most]:
        warn(message)
    if len(warnings) > most:
        warn(f"{len(warnings) - most} more warnings; 'mfa sources' lists them all")


def _update(index: Index, files: Sequence[InputFile], warn, progress, stale=None) -> None:
    """index.update(files), with progress when asked; `stale` is what index.check(files) found."""
    if progress is None:
        index.update(files, warn=warn, stale=stale)
        return
    stale = stale or index.stale(files)
    changed = stale[0]
    done = [0, 0]

    def step(n_files: int, n_entries: int) -> None:
        done[0] += n_files
        done[1] += n_entries
        progress(done[0], len(changed), done[1])

    index.update(files, warn=warn, progress=step, stale=stale)


def _open_cached(path: str, warn) -> Index | None:
    folder = os.path.dirname(path)
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        warn(f"cannot use the cache folder {folder} ({exc.strerror or exc}); indexing in memory")
        return None
    if not os.path.exists(path):
        _prune(folder)
    for attempt in (1, 2):
        try:
            index = Index(_connect(path))
            _mark_used(path)
            return index
        except (sqlite3.DatabaseError, ForeignIndex) as exc:
            if attempt == 2 or not os.path.exists(path) or not (isinstance(exc, ForeignIndex) or damaged(exc)):
                warn(f"cannot use the index cache {path} ({exc}); indexing in memory")
                return None
            set_aside(path, str(exc), warn)
        except OSError as exc:
            warn(f"cannot use the index cache {path} ({exc.strerror or exc}); indexing in memory")
            return None
    return None


def _prune(folder: str) -> None:
    """Keep the cache folder from growing without end: drop the indexes used least recently, and
    the set-aside broken ones but the newest few.

    Last use is the cache file's mtime, which every run that opens it sets (see _mark_used): access
    times are not kept up to date on most mounts.
    """
    try:
        names = os.listdir(folder)
        caches = sorted((os.path.join(folder, n) for n in names if n.startswith("index-") and n.endswith(".sqlite")),
                        key=os.path.getmtime)
        broken = sorted((os.path.join(folder, n) for n in names if n.startswith("index-") and ".sqlite.broken-" in n
                         and not n.endswith(("-wal", "-shm"))), key=os.path.getmtime)
        doomed = caches[: max(0, len(caches) - MAX_CACHE_FILES + 1)] + broken[: max(0, len(broken) - KEEP_BROKEN)]
        for old in doomed:
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(old + suffix):
                    os.remove(old + suffix)
    except OSError:
        pass


def _mark_used(path: str) -> None:
    """Record this run's use of the cache file in its mtime, for _prune (at most once a minute)."""
    try:
        if time.time() - os.path.getmtime(path) > 60:
            os.utime(path)
    except OSError:
        pass


def set_aside(path: str, reason: str, warn) -> None:
    """Move an untrustworthy cache file out of the way so a fresh one can be built."""
    aside = f"{path}.broken-{int(time.time())}-{os.getpid()}"
    try:
        os.replace(path, aside)
        for suffix in ("-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.replace(path + suffix, aside + suffix)
        warn(f"the index cache {path} was unusable ({reason}); set aside as "
             f"{os.path.basename(aside)} and rebuilt")
    except FileNotFoundError:
        pass  # another mfa process set it aside first


def _connect(path: str) -> sqlite3.Connection:
    # A short busy wait: a writer in another process is waited for in Builder._begin, with a message.
    db = sqlite3.connect(path, timeout=1, isolation_level=None)
    try:
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if app_id == 0 and version == 0:
            _initialise(db)
            app_id = db.execute("PRAGMA application_id").fetchone()[0]
            version = db.execute("PRAGMA user_version").fetchone()[0]
        if app_id != APPLICATION_ID:
            raise ForeignIndex("not an mfa index")
        if version != SCHEMA_VERSION:
            raise ForeignIndex(f"index schema {version}, expected {SCHEMA_VERSION}")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("SELECT id FROM files LIMIT 1").fetchall()
    except BaseException:
        db.close()
        raise
    return db


def _initialise(db: sqlite3.Connection) -> None:
    db.execute("BEGIN IMMEDIATE")
    try:
        tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        if tables == 0 and app_id == 0:
            for statement in _SCHEMA.split(";\n"):
                if statement.strip():
                    db.execute(statement)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        elif app_id == 0:
            raise ForeignIndex("a SQLite file of another program")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
