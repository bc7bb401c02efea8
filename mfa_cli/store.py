"""Where the index lives: in memory for small inputs, in a cache file for large archives.

The cache is one SQLite file per set of --data paths, under the user cache directory. It is only
trusted when it carries our application id and schema version; anything else (another program's
file, an older schema, random bytes, a truncated file) is set aside and rebuilt, with a warning.
When the cache cannot be written, the index is built in memory and the answers are the same.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from .index import _SCHEMA, APPLICATION_ID, SCHEMA_VERSION, Index
from .sources import STDIN, InputFile, discover, read_bytes

# Below this much input, parsing into memory (about 60 ms a megabyte here) is quicker than opening,
# checking and querying a cache file; benchmarks/bench.py measures both sides.
SMALL_INPUT_BYTES = 2_000_000


class ForeignIndex(Exception):
    """The cache file is not an mfa index of the current schema."""


def cache_dir() -> Path:
    override = os.environ.get("MFA_CACHE_DIR")
    if override:
        return Path(override)
    # platformdirs is only needed once an archive is large enough to cache.
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("mfa", appauthor=False))


def cache_path(data_paths: Sequence[str]) -> Path:
    roots = sorted(os.path.abspath(p) for p in data_paths)
    digest = hashlib.sha1("\0".join(roots).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return cache_dir() / f"index-{digest}.sqlite"


def open_index(
    data_paths: Sequence[str],
    *,
    use_cache: bool,
    warn: Callable[[str], None],
    progress: Callable[[int, int, int], None] | None = None,
) -> tuple[Index, Path | None]:
    """Index the inputs; returns the index and the cache file it lives in (None when in memory)."""
    files = discover(list(data_paths), warn)
    wants_stdin = STDIN in data_paths
    total = sum(f.size for f in files)
    index = None
    path = None
    if use_cache and not wants_stdin and total >= SMALL_INPUT_BYTES:
        path = cache_path(data_paths)
        index = _open_cached(path, warn)
        if index is None:
            path = None
    if index is None:
        index = Index.memory()
    _update(index, files, warn, progress)
    if wants_stdin:
        index.add_text("<stdin>", read_bytes(STDIN), warn=warn)
    return index, path


def _update(index: Index, files: Sequence[InputFile], warn, progress) -> None:
    if progress is None:
        index.update(files, warn=warn)
        return
    done = [0, 0]

    def step(n_files: int, n_entries: int) -> None:
        done[0] += n_files
        done[1] += n_entries
        progress(done[0], len(files), done[1])

    changed, dropped = index.stale(files)
    progress(0, len(changed), 0) if changed else None
    index.update(files, warn=warn, progress=step)


def _open_cached(path: Path, warn) -> Index | None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        warn(f"cannot use the cache folder {path.parent} ({exc.strerror or exc}); indexing in memory")
        return None
    for attempt in (1, 2):
        try:
            return Index(_connect(path))
        except (sqlite3.DatabaseError, ForeignIndex) as exc:
            if attempt == 2 or not path.exists():
                warn(f"cannot use the index cache {path} ({exc}); indexing in memory")
                return None
            set_aside(path, str(exc), warn)
        except OSError as exc:
            warn(f"cannot use the index cache {path} ({exc.strerror or exc}); indexing in memory")
            return None
    return None


def set_aside(path: Path, reason: str, warn) -> None:
    """Move an untrustworthy cache file out of the way so a fresh one can be built."""
    aside = path.with_name(f"{path.name}.broken-{int(time.time())}-{os.getpid()}")
    try:
        os.replace(path, aside)
        for suffix in ("-wal", "-shm"):
            side = Path(str(path) + suffix)
            if side.exists():
                os.replace(side, Path(str(aside) + suffix))
        warn(f"the index cache {path} was unusable ({reason}); set aside as {aside.name} and rebuilt")
    except FileNotFoundError:
        pass  # another mfa process set it aside first


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=600, isolation_level=None)
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
        db.execute("SELECT count(*) FROM files").fetchone()
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
