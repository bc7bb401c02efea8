"""Faults around the index cache: locks held by other processes, full disks, read-only caches,
failed reads, odd paths and mtimes. Each case runs mfa as a real process and checks what the user
sees: the exit code, the warning on stderr, and answers equal to a build without a cache.

Permission cases run as root too: the command is started without the capabilities that let root
ignore permission bits (setpriv), and are skipped only where that tool is missing.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from mfa_cli.corpus import entry_key, uid_of
from test_hostile import GOOD_PAGE, make_page, mfa_env, no_traceback

IS_ROOT = os.geteuid() == 0
_DROP = "-dac_override,-dac_read_search,-fowner"
SETPRIV = shutil.which("setpriv")
needs_permissions = pytest.mark.skipif(IS_ROOT and not SETPRIV,
                                       reason="root ignores permission bits and setpriv is missing")


def mfa(args, cache: Path, *, cwd=None, stdin=None, plain_user=False, timeout: float = 60, **env):
    """Run `python -m mfa_cli ARGS`; with plain_user, as root without its power over permissions."""
    command = [sys.executable, "-m", "mfa_cli", *map(str, args)]
    if plain_user and IS_ROOT:
        command = [SETPRIV, f"--inh-caps={_DROP}", f"--bounding-set={_DROP}", *command]
    proc = subprocess.run(command, capture_output=True, timeout=timeout, env=mfa_env(cache, **env), cwd=cwd,
                          input=stdin if stdin is not None else b"")
    return SimpleNamespace(code=proc.returncode, out=proc.stdout.decode("utf-8", "surrogateescape"),
                           err=proc.stderr.decode("utf-8", "surrogateescape"))


def ok(r) -> str:
    no_traceback(r)
    assert r.code == 0, r.err
    return r.out


def entries(prefix: str, n: int, *, day: int = 1) -> list[tuple]:
    return [(f"{1 + (day + k) % 28:02d}.03.2018", f"Notice {prefix} number {k} on consular matters",
             f"Text of notice {prefix} {k}. The Embassy informs about consular matters.") for k in range(n)]


def archive(folder: Path, files: int = 12, per_file: int = 5) -> Path:
    folder.mkdir(parents=True)
    for f in range(files):
        (folder / f"page{f:03d}.txt").write_text(make_page(entries(f"p{f}", per_file, day=f)), encoding="utf-8")
    return folder


def fresh(data, cache: Path, *command) -> str:
    """What a build without the cache answers."""
    return ok(mfa(["--no-cache", *(a for d in data for a in ("--data", d)), *command], cache))


def cache_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("index-*.sqlite")) if cache.exists() else []


def touch_all(folder: Path, offset: int = 100) -> None:
    for path in folder.iterdir():
        st = path.stat()
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + offset * 1_000_000_000))


# === 1, 5: another process holds the write lock =================================================


@pytest.fixture
def indexed(tmp_path):
    data = archive(tmp_path / "arch")
    cache = tmp_path / "cache"
    ok(mfa(["--data", data, "index"], cache))
    return SimpleNamespace(data=data, cache=cache, db=cache_files(cache)[0])


def hold_lock(db_path: Path, *, commit_after: float | None):
    """Take the cache's write lock in this process; commit (a harmless change) after a while, or never."""
    db = sqlite3.connect(db_path, isolation_level=None)
    db.execute("BEGIN IMMEDIATE")
    db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('probe', 'x')")
    return db


def test_list_waits_for_a_writer_that_commits_then_answers(indexed):
    """A listing started while another process writes must wait, not fail 'database is locked'."""
    touch_all(indexed.data)
    expected = fresh([indexed.data], indexed.cache, "list", "--format", "ids")
    for command in (["list", "--format", "ids"], ["list", "--format", "json"], ["search", "consular", "-n", "0"]):
        touch_all(indexed.data)
        holder = hold_lock(indexed.db, commit_after=None)
        proc = subprocess.Popen([sys.executable, "-m", "mfa_cli", "--data", str(indexed.data), *command],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=mfa_env(indexed.cache))
        time.sleep(2.5)
        holder.execute("COMMIT")
        holder.close()
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err.decode()
        assert b"Traceback" not in err and b"locked" not in err, err.decode()
        if command[-1] == "ids":
            assert out.decode() == expected
    assert ok(mfa(["--data", indexed.data, "list", "--format", "ids"], indexed.cache)) == expected


def test_four_listings_in_parallel_after_changes(indexed):
    touch_all(indexed.data)
    expected = fresh([indexed.data], indexed.cache, "list", "--format", "ids")
    procs = [subprocess.Popen([sys.executable, "-m", "mfa_cli", "--data", str(indexed.data), "list", "--format",
                               "ids"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=mfa_env(indexed.cache))
             for _ in range(4)]
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0 and out.decode() == expected, err.decode()


@pytest.mark.parametrize("command", [["list", "--format", "ids"], ["search", "consular", "-n", "0"],
                                     ["stats", "--by", "day"], ["sources"]])
def test_a_stopped_writer_is_waited_for_a_bounded_time(indexed, command):
    before = fresh([indexed.data], indexed.cache, *command)
    (indexed.data / "page000.txt").write_text(make_page(entries("new", 3)), encoding="utf-8")
    holder = hold_lock(indexed.db, commit_after=None)  # a writer stopped with kill -STOP, as far as mfa sees
    try:
        started = time.monotonic()
        r = mfa(["--data", indexed.data, *command], indexed.cache, MFA_LOCK_WAIT="1", timeout=30)
        elapsed = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert ok(r) == before  # what was committed: the page as it was
    assert "waiting for another mfa indexing this archive" in r.err
    assert "answering from the index as it stands" in r.err
    assert elapsed < 20
    # and once the writer is gone, the change is picked up
    after = ok(mfa(["--data", indexed.data, *command], indexed.cache))
    assert after == fresh([indexed.data], indexed.cache, *command) != before


# === 2, 3: a cache that cannot be written =======================================================

needs_mount = pytest.mark.skipif(not IS_ROOT, reason="mounting a small tmpfs needs root")


@pytest.fixture
def small_disk(tmp_path):
    where = tmp_path / "small"
    where.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(where)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


@needs_mount
def test_a_full_disk_gives_answers_from_memory_and_the_cache_recovers(tmp_path, small_disk):
    data = archive(tmp_path / "arch", files=40, per_file=20)  # ~1 MB of index, four times the disk
    expected = fresh([data], tmp_path / "unused", "list", "--format", "ids")
    for _ in range(2):  # a later run must not fail either
        r = mfa(["--data", data, "list", "--format", "ids"], small_disk)
        assert ok(r) == expected
        assert "cannot write the index cache" in r.err and "in memory" in r.err, r.err
    r = mfa(["--data", data, "index", "--rebuild"], small_disk)
    ok(r)
    assert "in memory" in r.out
    subprocess.run(["mount", "-o", "remount,size=64m", str(small_disk)], check=True)
    r = mfa(["--data", data, "list", "--format", "ids"], small_disk)
    assert ok(r) == expected and "warning" not in r.err, r.err
    r = mfa(["--data", data, "index"], small_disk)
    assert str(small_disk) in ok(r) and "memory" not in r.out


@needs_permissions
@pytest.mark.parametrize("how", ["files", "another-user"])
def test_a_read_only_cache_gives_answers_from_memory(tmp_path, how):
    data = archive(tmp_path / "arch")
    cache = tmp_path / "cache"
    ok(mfa(["--data", data, "list"], cache))  # as a pipeline leaves it: with its -wal and -shm files
    (data / "page001.txt").write_text(make_page(entries("changed", 4)), encoding="utf-8")
    expected = fresh([data], tmp_path / "unused", "list", "--format", "json")
    for path in cache.iterdir():
        path.chmod(0o444)
    if how == "another-user":  # as `sudo mfa` leaves it
        cache.chmod(0o555)
        if IS_ROOT:
            for path in [cache, *cache.iterdir()]:
                os.chown(path, 65534, 65534)
                path.chmod(0o755 if path == cache else 0o644)
    try:
        for _ in range(2):
            r = mfa(["--data", data, "list", "--format", "json"], cache, plain_user=True)
            assert ok(r) == expected
            assert "warning" in r.err and "in memory" in r.err, r.err
            assert "readonly" not in r.err.replace("read-only", "") or "indexing in memory" in r.err
    finally:
        cache.chmod(0o755)
        for path in cache.iterdir():
            path.chmod(0o644)


# === 4: a file unreadable once is read again ====================================================


@needs_permissions
def test_a_failed_read_is_retried_on_the_next_run(tmp_path):
    data = archive(tmp_path / "arch", files=3)
    cache = tmp_path / "cache"
    expected = fresh([data], tmp_path / "unused", "list", "--format", "ids")
    victim = data / "page001.txt"
    victim.chmod(0)
    try:
        r = mfa(["--data", data, "list", "--format", "ids"], cache, plain_user=True)
        ok(r)
        assert "page001.txt" in r.err and "skipped" in r.err, r.err
        assert r.out != expected
    finally:
        victim.chmod(0o644)
    for _ in range(2):
        r = mfa(["--data", data, "list", "--format", "ids"], cache, plain_user=True)
        assert ok(r) == expected
        assert "page001.txt" not in r.err, r.err


# === 6: short ids after a removal ===============================================================


def _seven_digit_twins() -> tuple[str, str]:
    """Two titles whose items' ids (on 01.03.2018) share their first 7 hex digits."""
    seen: dict[str, str] = {}
    for n in range(2_000_000):
        title = f"Embassy notice number {n}"
        head = uid_of(entry_key(dt.date(2018, 3, 1), title, None))[:7]
        if head in seen:
            return seen[head], title
        seen[head] = title
    raise AssertionError("no collision")


def test_short_ids_after_a_removal_match_a_fresh_build(tmp_path):
    first, second = _seven_digit_twins()
    data = tmp_path / "arch"
    data.mkdir()
    (data / "a.txt").write_text(make_page([("01.03.2018", first, "The first notice.")]), encoding="utf-8")
    (data / "b.txt").write_text(make_page([("01.03.2018", second, "The second notice.")]), encoding="utf-8")
    cache = tmp_path / "cache"
    both = ok(mfa(["--data", data, "list", "--format", "ids"], cache)).split()
    assert len(both) == 2 and all(len(i) == 8 for i in both), both
    (data / "b.txt").unlink()
    cached = ok(mfa(["--data", data, "list", "--format", "ids"], cache))
    assert cached == fresh([data], cache, "list", "--format", "ids")
    assert len(cached.strip()) == 7



def test_short_ids_grow_when_a_later_run_adds_an_item_sharing_seven_digits(tmp_path):
    first, second = _seven_digit_twins()
    data = tmp_path / "arch"
    data.mkdir()
    (data / "a.txt").write_text(make_page([("01.03.2018", first, "The first notice.")]), encoding="utf-8")
    cache = tmp_path / "cache"
    alone = ok(mfa(["--data", data, "list", "--format", "ids"], cache)).split()
    assert len(alone) == 1 and len(alone[0]) == 7
    (data / "b.txt").write_text(make_page([("01.03.2018", second, "The second notice.")]), encoding="utf-8")
    cached = ok(mfa(["--data", data, "list", "--format", "ids"], cache))
    assert cached == fresh([data], cache, "list", "--format", "ids")
    assert sorted(len(i) for i in cached.split()) == [8, 8]

# === 7: one folder named two ways ===============================================================


def test_a_folder_named_relatively_and_absolutely_is_one_index(tmp_path):
    data = archive(tmp_path / "arch")
    cache = tmp_path / "cache"
    ok(mfa(["--data", "arch", "index"], cache, cwd=tmp_path))
    db = cache_files(cache)[0]

    def rows():
        with sqlite3.connect(db) as con:
            return con.execute("SELECT count(*), max(id) FROM files").fetchone()

    before = rows()
    listed = ok(mfa(["--data", str(data), "list", "--format", "json"], cache))
    assert rows() == before, "the same files were read again under another name"
    again = ok(mfa(["--data", "arch", "list", "--format", "json"], cache, cwd=tmp_path))
    assert again == listed and rows() == before
    twice = ok(mfa(["--data", "arch", "--data", str(data), "list", "--format", "ids"], cache, cwd=tmp_path))
    assert twice == ok(mfa(["--data", data, "list", "--format", "ids"], cache))
    sources = json.loads(ok(mfa(["--data", "arch", "--data", str(data), "sources", "--format", "json"], cache,
                                cwd=tmp_path)))
    assert len(sources) == 12


# === 8: pruning old caches ======================================================================


def test_a_mistyped_data_path_creates_no_cache(tmp_path):
    cache = tmp_path / "cache"
    r = mfa(["--data", tmp_path / "no-such-folder", "list"], cache)
    assert r.code == 2 and "no-such-folder" in r.err
    assert cache_files(cache) == []


def test_pruning_keeps_the_cache_in_use_and_drops_old_broken_ones(tmp_path):
    cache = tmp_path / "cache"
    data = archive(tmp_path / "arch", files=2)
    ok(mfa(["--data", data, "index"], cache))
    real = cache_files(cache)[0]
    long_ago = time.time() - 10 * 86400
    os.utime(real, (long_ago, long_ago))
    day_ago = time.time() - 86400
    for n in range(31):
        other = cache / f"index-{n:016x}.sqlite"
        other.write_bytes(b"")
        os.utime(other, (day_ago, day_ago))
    for n in range(8):
        broken = cache / f"{real.name}.broken-{1000 + n}-1"
        broken.write_bytes(b"x")
        os.utime(broken, (long_ago + n, long_ago + n))
    ok(mfa(["--data", data, "list"], cache))  # in use today ...
    os.utime(real, (long_ago, real.stat().st_mtime))  # ... on a mount that does not update access times
    ok(mfa(["--data", archive(tmp_path / "other", files=1), "list"], cache))  # a new cache: pruning
    assert real.exists(), "the cache in use was pruned"
    assert len(cache_files(cache)) == 32
    assert len(list(cache.glob("*.broken-*"))) <= 3


# === 9, 10: paths and mtimes the index must hold ================================================


def test_names_that_would_be_stored_alike_are_both_read(tmp_path):
    data = tmp_path / "arch"
    data.mkdir()
    with open(os.path.join(os.fsencode(data), b"bad\xff.txt"), "w", encoding="utf-8") as handle:
        handle.write(make_page(entries("bytes", 1)))
    (data / "bad\\xff.txt").write_text(make_page(entries("literal", 1, day=5)), encoding="utf-8")
    cache = tmp_path / "cache"
    for args in (["--data", data], ["--no-cache", "--data", data]):
        titles = {i["title"] for i in json.loads(ok(mfa([*args, "list", "--format", "json"], cache)))}
        assert titles == {"Notice bytes number 0 on consular matters", "Notice literal number 0 on consular matters"}
    (tmp_path / "<stdin>").write_text(make_page(entries("file", 1)), encoding="utf-8")
    r = mfa(["--data", "-", "--data", "<stdin>", "list", "--format", "json"], cache, cwd=tmp_path,
            stdin=make_page(entries("piped", 1, day=9)).encode())
    titles = {i["title"] for i in json.loads(ok(r))}
    assert titles == {"Notice file number 0 on consular matters", "Notice piped number 0 on consular matters"}


def test_an_mtime_after_2262(tmp_path):
    data = archive(tmp_path / "arch", files=2)
    far = 2**63 + 86400 * 10**9
    try:
        os.utime(data / "page000.txt", ns=(far, far))
    except (OSError, OverflowError) as exc:
        pytest.skip(f"the file system cannot hold such a date: {exc}")
    if (data / "page000.txt").stat().st_mtime_ns < 2**63:
        pytest.skip("the file system clamps such a date")
    cache = tmp_path / "cache"
    expected = fresh([data], cache, "list", "--format", "ids")
    assert len(expected.split()) == 10
    assert ok(mfa(["--data", data, "list", "--format", "ids"], cache)) == expected
    assert ok(mfa(["--data", data, "list", "--format", "ids"], cache)) == expected
