"""The build parses on every core: the same index as a serial build, bounded, and stopped cleanly."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from mfa_cli import reading
from mfa_cli.index import Index
from mfa_cli.query import to_fts
from mfa_cli.sources import discover

WORDS = ("embassy statement talks minister sanctions Astana Syria visa note consular relations treaty "
         "cooperation security council resolution briefing interview comment press London Moscow").split()


def write_archive(folder, files: int, per_file: int = 12, seed: int = 7):
    import random

    rng = random.Random(seed)
    folder.mkdir()
    for n in range(files):
        day = 28 - n % 28
        lines = [f"{day} March 2018", "Moscow: 10:00", "London: 07:00", "", ""]
        for k in range(per_file):
            title = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize()
            body = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(40, 400))) + "."
            lines += [f"{day:02d}.03.2018 - {title} {n}-{k}", "", body, ""]
        lines.append("all messages")
        (folder / f"page-{n:04d}.txt").write_text("\n".join(lines) + "\n")
    return folder


def answers(index: Index):
    items = [(i.id, i.date, i.title, i.subtitle, i.body, i.kind, i.people, i.sources) for i in index.items()]
    hits = [(h.item.id, round(h.score, 9), h.snippet) for h in index.search(to_fts("astana syria"), limit=0)]
    files = [(f.path, f.snapshot, f.entries) for f in index.files()]
    return items, hits, files


def test_a_parallel_build_answers_exactly_as_a_serial_one(tmp_path):
    folder = write_archive(tmp_path / "arch", files=40)
    files = discover([str(folder)], print)
    serial, parallel = Index.memory(), Index.memory()
    serial.update(files, warn=print, workers=1)
    parallel.update(files, warn=print, workers=2, batch=16)
    assert answers(parallel) == answers(serial)
    assert len(answers(serial)[0]) == 40 * 12


def test_progress_moves_per_file_from_the_main_process(tmp_path):
    folder = write_archive(tmp_path / "arch", files=20, per_file=3)
    files = discover([str(folder)], print)
    seen = []
    for _ in reading.batches(files, size=7, workers=2, progress=lambda n, entries: seen.append((n, entries))):
        pass
    assert seen == [(1, 3)] * 20


def test_batches_keep_file_order_and_size(tmp_path):
    folder = write_archive(tmp_path / "arch", files=30, per_file=2)
    files = discover([str(folder)], print)
    batches = list(reading.batches(files, size=8, workers=2))
    assert [len(b) for b in batches] == [8, 8, 8, 6]
    assert [row[0] for b in batches for row in b] == files
    assert all(row[1].entries[0].title.endswith(f"{n}-0") for n, row in enumerate(r for b in batches for r in b))


def test_the_first_batches_are_smaller_so_writing_starts_early(tmp_path):
    folder = write_archive(tmp_path / "arch", files=200, per_file=1)
    files = discover([str(folder)], print)
    batches = list(reading.batches(files, size=64, workers=2))
    assert [len(b) for b in batches] == [16, 32, 64, 64, 24]
    assert [row[0] for b in batches for row in b] == files
    assert [len(b) for b in reading.batches(files, size=64, workers=1)] == [64, 64, 64, 8]


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads the process table from /proc")
def test_workers_run_at_a_lower_priority_than_the_writer(tmp_path):
    folder = write_archive(tmp_path / "arch", files=40, per_file=1)
    files = discover([str(folder)], print)
    before = _children()
    niceness = []
    for _ in reading.batches(files, size=8, workers=2):
        if not niceness:
            for pid in _children() - before:
                with open(f"/proc/{pid}/stat") as handle:
                    niceness.append(int(handle.read().rsplit(")", 1)[1].split()[16]))
    mine = os.getpriority(os.PRIO_PROCESS, 0)
    assert len(niceness) == 2 and all(n == min(19, mine + reading.NICENESS) for n in niceness)


def _children() -> set[int]:
    me = str(os.getpid())
    found = set()
    for pid in os.listdir("/proc"):
        try:
            with open(f"/proc/{pid}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if pid.isdigit() and fields[1] == me and fields[0] != "Z":
            found.add(int(pid))
    return found


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads the process table from /proc")
def test_leaving_the_parsed_files_early_ends_every_worker_at_once(tmp_path):
    folder = write_archive(tmp_path / "arch", files=200, per_file=2)
    before = _children()
    parsed = reading._parallel([f.path for f in discover([str(folder)], print)], 2)
    next(parsed)
    time.sleep(0.5)  # the workers have parsed as far ahead as they may, and wait for tasks
    assert len(_children() - before) == 2
    started = time.monotonic()
    parsed.close()
    assert time.monotonic() - started < 5
    assert _children() - before == set()


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads the process table from /proc")
def test_a_worker_killed_mid_build_is_one_line_and_the_next_run_completes_the_index(tmp_path):
    folder, env, args, proc = _start_parallel_build(tmp_path)
    workers = [pid for pid in _processes_reading(str(folder)) if pid != proc.pid]
    if not workers:
        proc.communicate()
        pytest.skip("the build finished before a worker could be stopped")
    os.kill(workers[0], signal.SIGKILL)
    out, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the build finished before the worker was stopped")
    assert proc.returncode == 2
    assert err.decode().strip().splitlines()[-1] == (
        "mfa: error: a parsing process ended unexpectedly (killed by signal 9); the files read before it "
        "are indexed, and the next run reads the rest")
    assert b"Traceback" not in err
    time.sleep(0.5)
    assert _processes_reading(str(folder)) == []
    done = subprocess.run(args + ["list", "--format", "ids"], capture_output=True, env=env, timeout=120,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 0 and len(done.stdout.split()) == 400 * 12


@pytest.mark.skipif("fork" not in __import__("multiprocessing").get_all_start_methods(),
                    reason="the workers inherit the patched reader by fork")
def test_an_error_in_a_worker_is_raised_in_the_main_process(tmp_path, monkeypatch):
    folder = write_archive(tmp_path / "arch", files=40, per_file=2)
    paths = [f.path for f in discover([str(folder)], print)]

    def read(path):
        if path == paths[20]:
            raise ValueError(f"cannot read {path}")
        return path

    monkeypatch.setattr(reading, "read", read)  # the forked workers inherit it
    got = []
    with pytest.raises(ValueError, match="cannot read"):
        for path in reading._parallel(paths, 2):
            got.append(path)
    assert got == paths[:16]  # everything before the failing chunk, in order


def test_small_inputs_are_parsed_in_the_main_process(tmp_path, monkeypatch):
    folder = write_archive(tmp_path / "arch", files=3, per_file=2)
    files = discover([str(folder)], print)
    monkeypatch.setattr(reading, "_parallel", lambda *a: pytest.fail("a pool for three small files"))
    assert sum(len(b) for b in reading.batches(files, size=200)) == 3


@pytest.mark.parametrize(("value", "expected"), [("1", 1), ("3", 3), ("0", None), ("x", None), ("-2", None)])
def test_mfa_jobs_sets_the_number_of_parsing_processes(monkeypatch, value, expected):
    monkeypatch.setenv("MFA_JOBS", value)
    assert reading.jobs() == (expected or os.cpu_count() or 1)


def _start_parallel_build(tmp_path):
    """(folder, env, args, the running `mfa index`) of a 4,800-item archive, once its workers run."""
    folder = write_archive(tmp_path / "arch", files=400, per_file=12)
    env = dict(os.environ, MFA_CACHE_DIR=str(tmp_path / "cache"), MFA_JOBS="2")
    args = [sys.executable, "-m", "mfa_cli", "--data", str(folder)]
    proc = subprocess.Popen(args + ["index"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                            stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(_processes_reading(str(folder))) < 3 and proc.poll() is None:
        time.sleep(0.05)
    return folder, env, args, proc


def _processes_reading(path: str) -> list[int]:
    found = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as handle:
                    if path.encode() in handle.read():
                        found.append(int(pid))
            except OSError:
                pass
    return found


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc to find worker processes")
def test_ctrl_c_during_a_parallel_build_exits_130_leaves_no_workers_and_an_index_to_complete(tmp_path):
    folder, env, args, proc = _start_parallel_build(tmp_path)
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    try:
        out, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        for pid in _processes_reading(str(folder)):
            os.kill(pid, signal.SIGKILL)
        pytest.fail("an interrupted parallel build did not end within 60 s")
    if proc.returncode == 0:
        pytest.skip("the build finished before it could be interrupted")
    assert proc.returncode == 130, err
    assert b"Traceback" not in err and err.decode().strip().endswith("interrupted")
    time.sleep(0.5)
    assert _processes_reading(str(folder)) == []
    done = subprocess.run(args + ["list", "--format", "ids"], capture_output=True, env=env, timeout=120,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 0 and len(done.stdout.split()) == 400 * 12
