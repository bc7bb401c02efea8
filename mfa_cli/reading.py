"""Reading and parsing the files a build needs, on every core.

Reading and parsing a file depends on nothing else, so worker processes do it, a few files at a time,
while the main process alone writes to SQLite (build.py). At most one transaction's files are parsed
ahead of the writer, so memory stays bounded whatever the size of the archive. Small inputs are read in the
main process: starting workers costs more than it saves there (see PARALLEL_BYTES).

What a worker returns for each file is all the main process needs to store it: the parsed page, its
warnings, whether reading failed, and each entry's merge key, title key, opening checksum, people,
speakers, kind and language, which together cost as much to compute as parsing does.
"""
from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence

from .sources import InputFile

CHUNK = 8  # files a worker parses per task: few enough that progress moves, enough to be cheap to send
# Below this many bytes to read, the files are parsed in the main process. Measured on the 10k
# benchmark archive (2 cores): forking two workers and feeding them costs ~40 ms, which 2 MB of
# parsing (~45 ms at 43 MB/s) just pays for.
PARALLEL_BYTES = 2_000_000


def jobs() -> int:
    """How many processes parse: MFA_JOBS when set to a whole number of 1 or more, else the cores."""
    try:
        wanted = int(os.environ.get("MFA_JOBS", "0"))
    except ValueError:
        wanted = 0
    return wanted if wanted >= 1 else (os.cpu_count() or 1)


def derive(page) -> list[tuple[str, str, int | None, tuple, tuple]]:
    """(merge key, title key, opening checksum, corpus.facts_of, alone) of each entry of a parsed page.

    `alone` is what an item seen only in this entry needs beyond the entry: its uid, its names
    joined and folded as `items` stores them (people, people_fold, speakers, speakers_fold), and
    what the full-text index reads of it: the shadows (lang.shadow) of its title, sub-heading,
    text and names. Made here, beside the parsing, because the writer is the slower half of a
    build: stemming Russian text for the shadows alone took ~40% of its time on a Russian archive.
    An English shadow is the text itself, the same object, which pickle sends once."""
    from .corpus import entry_key, facts_of, uid_of
    from .history import opening
    from .lang import shadow
    from .people_index import people_fold
    from .schema import _join

    out = []
    for e in page.entries if page else ():
        key = entry_key(e.date, e.title, e.subtitle)
        facts = facts_of(e)
        people, speakers = _join(facts[0]), _join(facts[1])
        alone = (uid_of(key), people, people_fold(people), speakers, people_fold(speakers),
                 shadow(e.title), shadow(e.subtitle), shadow(e.body), shadow(people))
        out.append((key, key.split("\x1f", 1)[1], opening(e.body), facts, alone))
    return out


def read(path: str) -> tuple:
    """(page, warnings, failed, derived) for one file; a file that cannot be read gives no page."""
    # The parser's imports and compiled patterns are only paid for when a file needs reading.
    from .parser import parse_page
    from .schema import stored_path
    from .sources import decode, read_bytes

    try:
        data = read_bytes(path)
    except OSError as exc:
        return None, [f"{stored_path(path)}: {exc.strerror or exc}; skipped"], True, []
    name = stored_path(path)
    text, warnings = decode(data, name)
    page = parse_page(text) if text is not None else None
    if page is not None:
        warnings += [f"{name}: {w}" for w in page.warnings]
    return page, warnings, False, derive(page)


def _read_many(paths: list[str]) -> list[tuple]:
    return [read(p) for p in paths]


# How much lower workers run than the main process. The writer is the slower half of a build; when
# the workers and it want more cores than there are (two workers and the writer on two cores), the
# writer should not wait its turn: on the 100k-item benchmark (2 cores), with the small first
# batches below, the build's wall time fell from a median of 5.2 s more than the writer's CPU time
# to 4.0 s more (six side-by-side pairs).
NICENESS = 10


def _quiet_worker() -> None:
    """Workers leave Ctrl-C to the main process, which stops them; they never print a traceback.
    They run at a lower priority than the main process (NICENESS)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        os.nice(NICENESS)
    except (AttributeError, OSError):  # no nice() (Windows), or not allowed: run as we are
        pass


def batches(files: Sequence[InputFile], *, size: int, workers: int | None = None,
            progress: Callable[[int, int], None] | None = None) -> Iterator[list[tuple]]:
    """The files read and parsed, in their order, as lists of (file, page, warnings, failed, derived)
    of up to `size` files: one list for each transaction of the writer. `workers`: how many processes
    parse (by default jobs(), or 1 for a small input).

    With workers, the first list is an eighth of `size` (at least a task for each worker) and each
    next one twice the last, up to `size`: on the 100k benchmark archive the writer gets its first
    files 0.3 s after mfa starts rather than 0.9-1.2 s, when a whole first batch had to be parsed."""
    small = len(files) <= CHUNK or sum(max(f.size, 0) for f in files) < PARALLEL_BYTES
    if workers is None:
        workers = 1 if small else jobs()
    if workers < 2:
        results: Iterator[tuple] = (read(f.path) for f in files)
    else:
        # The workers parse up to one transaction's files ahead: while the writer stores one batch they
        # parse the next, never more, so memory stays bounded by the batch size.
        results = _parallel([f.path for f in files], workers, ahead=-(-size // (CHUNK * workers)) + 1)
    batch = []
    wanted = min(size, max(CHUNK * workers, size // 8)) if workers >= 2 else size
    for f, result in zip(files, results):
        batch.append((f, *result))
        if progress:
            progress(1, len(result[0].entries) if result[0] else 0)
        if len(batch) >= wanted:
            yield batch
            batch = []
            wanted = min(size, wanted * 2)
    if batch:
        yield batch


def _serve(tasks, results) -> None:
    """A worker: read() each list of paths that comes in until None comes. Results go out from a
    thread of their own, so the worker goes on parsing while the main process is busy writing and
    not yet reading (a pipe holds 64 kB; a chunk's results are far more)."""
    import queue
    import threading

    _quiet_worker()
    outbox: queue.SimpleQueue = queue.SimpleQueue()

    def sender() -> None:
        while (done := outbox.get()) is not None:
            try:
                results.send(done)
            except OSError:  # the main process has gone
                return
            except Exception as exc:  # an exception that cannot be pickled
                results.send(RuntimeError(f"{type(exc).__name__}: {exc}"))

    thread = threading.Thread(target=sender, daemon=True)
    thread.start()
    try:
        while (paths := tasks.recv()) is not None:
            try:
                outbox.put(_read_many(paths))
            except Exception as exc:  # raised again in the main process, which reports it
                outbox.put(exc)
    except (EOFError, OSError):  # the main process has gone
        return
    outbox.put(None)
    thread.join()


def _parallel(paths: list[str], workers: int, ahead: int = 3) -> Iterator[tuple]:
    """read() of each path, in order, from worker processes; they end with the generator, and are
    killed at once if the generator is left early (Ctrl-C, an error).

    Each worker has a pipe of its own for tasks and one for results, and nothing else is shared: a
    worker killed mid-task leaves no lock held that would keep the others, or the main process, from
    ending (multiprocessing.Pool's shared task queue can, when interrupted while its workers wait).
    Each worker has `ahead` tasks in flight and gets its next one when a result of its is taken, so
    faster workers get more."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    chunks = iter(range(0, len(paths), CHUNK))
    procs, links = [], []
    pending: deque = deque()  # the worker of each task sent, in the order sent

    def send(worker: int) -> None:
        start = next(chunks, None)
        if start is not None:
            links[worker][0].send(paths[start:start + CHUNK])
            pending.append(worker)

    done = False
    try:
        for _ in range(workers):
            task_out, task_in = context.Pipe(duplex=False)
            result_out, result_in = context.Pipe(duplex=False)
            proc = context.Process(target=_serve, args=(task_out, result_in), daemon=True)
            proc.start()
            task_out.close()
            result_in.close()
            procs.append(proc)
            links.append((task_in, result_out))
        for _ in range(ahead):
            for worker in range(workers):
                send(worker)
        while pending:
            worker = pending.popleft()
            try:
                results = links[worker][1].recv()
            except (EOFError, OSError):  # killed (out of memory, say): what was stored stands
                from .errors import MfaError

                procs[worker].join(1)
                code = procs[worker].exitcode
                how = f"killed by signal {-code}" if code and code < 0 else f"exit code {code}"
                raise MfaError(f"a parsing process ended unexpectedly ({how}); the files read before it are "
                               "indexed, and the next run reads the rest") from None
            if isinstance(results, BaseException):
                raise results
            send(worker)
            yield from results
        done = True
    finally:
        for proc, (task_in, result_out) in zip(procs, links):
            if done:
                try:
                    task_in.send(None)
                except OSError:
                    pass
            else:
                proc.kill()
            task_in.close()
            result_out.close()
        for proc in procs:
            proc.join()
