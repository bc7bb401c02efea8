"""Benchmark mfa on synthetic archives as whole processes. Run by hand; never in CI.

    python benchmarks/bench.py generate --items 100000 --out ../bench-data/items-100000-seed1 --seed 1
    python benchmarks/bench.py run --items 10000 100000 --runs 5
    python benchmarks/bench.py profile --items 100000

`generate` writes N entries as archive-list snapshots (header, dated entries newest first, "all
messages"), 20 a file, at most 250 files a folder (DIR/YEAR/NN/page-NNNNNN.txt): ~2 KB of body an
entry, dates over ten years, "Astana" in ~2% of items, and ~5% of entries repeated at the top of the
next file, as overlapping snapshots repeat them, so merging is exercised. A seed gives the same bytes.

`run` generates each missing archive under --data-root (default $MFA_BENCH_DATA, else bench-data beside
the checkout; a complete archive has DIR.done beside it, outside the files searched), then times whole
processes (wall clock, median of --runs) and their peak memory (the larger of /usr/bin/time's %M, else
os.wait4, and the sum of the PSS of the command's process group, which counts parsing workers): the
first build into a fresh MFA_CACHE_DIR, warm `search astana`, warm `list --since 2020-01-01`, the first
search after one file changed (restored afterwards), and `rg -c -i astana` and `grep -ric astana` on the
same files; floor.py beside each first build (the same text into FTS5 in one transaction) and, on the
index built, `floor.py --items` (its items' texts into FTS5, the insert alone: median of 3); and
`mfa list` on the bundled page against `python -c 'import click'` and `python -c pass`.
Every command runs with bytecode caching on (see mfa_env). It prints a table and merges the figures
into benchmarks/results-<date>.json.

`profile` shows where time goes: cProfile of a first build and of a warm search, -X importtime of a search.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import pstats
import random
import shlex
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import SimpleNamespace

HERE = Path(__file__).resolve().parent
DATA_ROOT = Path(os.environ.get("MFA_BENCH_DATA") or HERE.parent.parent / "bench-data")
GNU_TIME = "/usr/bin/time"
PER_FILE, PER_FOLDER, GENERATOR, SMALL_RUNS = 20, 250, 1, 20
START, DAYS = dt.date(2012, 1, 1), 3653  # ten years of items
MONTHS = "January February March April May June July August September October November December".split()


OURS = [("Sergey Lavrov", "Foreign Minister"), ("Maria Zakharova", "Foreign Ministry Spokesperson"),
        ("Alexander Yakovenko", "Ambassador"), ("Sergey Ryabkov", "Deputy Foreign Minister"),
        ("Mikhail Bogdanov", "Deputy Foreign Minister"), ("Grigory Karasin", "State Secretary"),
        ("Oleg Syromolotov", "Deputy Foreign Minister"), ("Vasily Nebenzya", "Permanent Representative")]
THEIRS = [("Staffan de Mistura", "UN Special Envoy for Syria"), ("Rex Tillerson", "US Secretary of State"),
          ("Boris Johnson", "Foreign Secretary"), ("Federica Mogherini", "EU High Representative"),
          ("Antonio Guterres", "UN Secretary-General"), ("Mevlut Cavusoglu", "Foreign Minister of Turkey"),
          ("Javad Zarif", "Foreign Minister of Iran"), ("Wang Yi", "Foreign Minister of China")]
PLACES = ("Moscow London Geneva Vienna Bonn Munich Brussels Beijing Ankara Tehran Minsk Berlin Paris Helsinki "
          "Sochi Tokyo Salisbury Kiev Damascus Baku Yerevan Tashkent").split() + ["New York"]
COUNTRIES = ("Britain Germany France Turkey Iran China Syria Ukraine Japan India Egypt Italy Norway Finland "
             "Serbia Cuba Brazil").split() + ["the United States"]
TOPICS = ("the situation in Syria|the Salisbury incident|the crisis in Ukraine|events in Kiev|the Korean Peninsula|"
          "the Iranian nuclear programme|the Middle East settlement|strategic stability|the INF Treaty|"
          "chemical weapons in Syria|the OPCW report|Russian-British relations|visa issues|the Arctic Council|"
          "international information security|the fight against terrorism|the humanitarian situation in Aleppo|"
          "the Minsk agreements|sanctions against Russia|the situation in Libya|the crisis in Yemen|Afghanistan|"
          "Venezuela|the BRICS summit|the G20 meeting|the anniversary of Victory Day|the Arctic convoys|"
          "cultural exchanges|the 2018 FIFA World Cup|Russian compatriots abroad|media freedom|the Skripal case|"
          "the Balkans|NATO enlargement|missile defence|the Caspian Sea").split("|")
ASTANA_TOPICS = ["the International Meeting on Syria in Astana", "the Astana talks on Syria", "the Astana format",
                 "the results of the consultations in Astana"]
OUTLETS = ("Izvestia newspaper|RT|The Sunday Times|Kommersant|Rossiya Segodnya|TASS|the BBC|Sky News|Channel 4|"
           "the Financial Times|Sputnik|Euronews|RIA Novosti").split("|")
PRINCIPLES = ["international law", "the UN Charter", "mutual respect", "equality and mutual benefit",
              "non-interference in internal affairs", "the relevant Security Council resolutions"]
TITLES = ("Foreign Minister Sergey Lavrov’s remarks and answers to media questions following talks with {fo}, "
          "{place}, {when}|"
          "Comment by the Information and Press Department on {topic}|"
          "Briefing by Foreign Ministry Spokesperson Maria Zakharova, {place}, {when}|"
          "Press release on {rp}’s talks with {fo}|{rpo}’s interview with {outlet}, published on {when}|"
          "Statement by the Ministry of Foreign Affairs on {topic}|"
          "Foreign Ministry Spokesperson Maria Zakharova’s reply to a media question regarding {topic}|"
          "Embassy comment on {topic}|Reply by the Embassy spokesman to a question about {topic}|"
          "Ambassador Alexander Yakovenko’s interview with {outlet} on {topic}|"
          "Article by Ambassador Alexander Yakovenko for {outlet} on {topic}|"
          "Joint statement by the foreign ministers of Russia and {country} on {topic}|"
          "Speech by {rpo} at the conference on {topic}, {place}, {when}|"
          "{rpo}’s opening remarks at talks with {fo}, {place}").split("|")
SENTENCES = ("{rpo} held talks with {fo} in {place} to discuss {topic}.|"
             "The parties exchanged views on {topic} and reaffirmed their commitment to {principle}.|"
             "We have repeatedly stated that {topic} can only be settled on the basis of {principle}.|"
             "Our Western partners continue to ignore the facts about {topic}, which is deeply regrettable.|"
             "Russia stands ready to work with {country} on {topic}, provided that {principle} is respected.|"
             "On {when}, {rp} will visit {place} for consultations on {topic}.|"
             "The Embassy has sent a note to the Foreign Office requesting information on {topic}.|"
             "We call on {country} to abandon its confrontational approach to {topic}.|"
             "I would like to emphasise that {topic} is high on the agenda of our relations with {country}.|"
             "There is still no credible evidence to support the allegations concerning {topic}.|"
             "Contacts between experts from Russia and {country} on {topic} will continue in {place}.|"
             "The meeting took place in a constructive and business-like atmosphere.|"
             "We expect a substantive response from the British authorities, as required by {principle}.|"
             "As {rp} noted in {place}, attempts to politicise {topic} lead nowhere.").split("|")
QUESTIONS = ["How do you assess the prospects for {topic}", "What is Russia’s position on {topic}",
             "Has the approach of {country} to {topic} changed", "Will you discuss {topic} in {place}"]
ASTANA_SENTENCES = ["The next round of the International Meeting on Syria will be held in Astana on {when}.",
                    "The guarantor countries met in Astana to discuss {topic}.",
                    "{rp} praised the contribution of the Astana format to {topic}."]



def _english_people(rng: random.Random) -> dict:
    rp, rp_office = rng.choice(OURS)
    fo, fo_office = rng.choice(THEIRS)
    return {"rp": rp, "rps": rp, "rpo": f"{rp_office} {rp}", "fo": f"{fo_office} {fo}"}


EN = SimpleNamespace(
    MONTHS=MONTHS, PLACES=PLACES, COUNTRIES=COUNTRIES, TOPICS=TOPICS, ASTANA_TOPICS=ASTANA_TOPICS,
    OUTLETS=OUTLETS, PRINCIPLES=PRINCIPLES, TITLES=TITLES, SENTENCES=SENTENCES, QUESTIONS=QUESTIONS,
    ASTANA_SENTENCES=ASTANA_SENTENCES, people=_english_people, speaker=lambda rng: rng.choice(OURS)[0],
    when=lambda d: f"{MONTHS[d.month - 1]} {d.day}, {d.year}", QUESTION="Question",
    HEADER="{day} {month} {year}\nMoscow: {hh:02d}:{mm:02d}\nLondon: {lh:02d}:{mm:02d}\n\nConsular queries:  \n"
           "+44 (0) 203 668 7474  \n\nPages: ««« :: {numbers} :: »»»  \n\n",
    FOOTER="all messages\n", CHANGE_TITLE="Embassy comment on the benchmark change {tag}",
    CHANGE_TEXT="The Embassy notes the change {tag} made to this snapshot, and the talks in Astana.",
    SEARCH="astana", RG="astana", SUFFIX="",
)


def _russian() -> SimpleNamespace:
    """The Russian words (bench_ru.py) in the shape of EN."""
    import bench_ru as ru

    def people(rng: random.Random) -> dict:
        subject, genitive, office = rng.choice(ru.OURS)
        return {"rp": genitive, "rps": subject, "rpo": office, "fo": rng.choice(ru.THEIRS)}

    words = {k: getattr(ru, k) for k in dir(ru) if k.isupper()}
    return SimpleNamespace(**words, people=people, speaker=lambda rng: rng.choice(ru.OURS)[0],
                           when=lambda d: f"{d.day} {ru.MONTHS[d.month - 1]} {d.year} года", SUFFIX="-ru")


def words_for(lang: str) -> SimpleNamespace:
    if lang == "ru":
        sys.path.insert(0, str(HERE))
        return _russian()
    return EN


# --- generating ------------------------------------------------------------------------------------

def _fill(rng: random.Random, template: str, day: dt.date, w: SimpleNamespace, topics=None) -> str:
    people = w.people(rng)
    when = day - dt.timedelta(days=rng.randrange(3))
    return template.format(
        **people, place=rng.choice(w.PLACES), country=rng.choice(w.COUNTRIES),
        topic=rng.choice(topics or w.TOPICS), outlet=rng.choice(w.OUTLETS), principle=rng.choice(w.PRINCIPLES),
        when=w.when(when))


class Generator:
    """Entries' text for one seed, made in date order (newest first) as they are reached."""

    def __init__(self, seed: int, words: SimpleNamespace = EN):
        self.rng = random.Random(seed)
        self.w = w = words
        day = START + dt.timedelta(days=1000)
        self.pool = [_fill(self.rng, self.rng.choice(w.SENTENCES), day, w) for _ in range(20000)]
        self.questions = [_fill(self.rng, self.rng.choice(w.QUESTIONS), day, w) + "?" for _ in range(2000)]
        self.topic_titles = [t for t in w.TITLES if "{topic}" in t]
        self.day, self.seen = None, set()  # the titles used on the current day

    def _paragraph(self, astana: bool) -> str:
        rng, w = self.rng, self.w
        sentences = [rng.choice(self.pool) for _ in range(rng.choice((1, 1, 2, 2, 3, 4, 5, 7)))]
        if astana:
            sentences.insert(rng.randrange(len(sentences) + 1), _fill(rng, rng.choice(w.ASTANA_SENTENCES), START, w))
        if rng.random() < 0.2:
            return f"{w.QUESTION}: {rng.choice(self.questions)} {w.speaker(rng)}: {' '.join(sentences)}"
        return " ".join(sentences)

    def entry(self, day: dt.date) -> str:
        rng = self.rng
        astana = rng.random() < 0.02
        in_title = astana and rng.random() < 0.4
        if day != self.day:
            self.day, self.seen = day, set()
        for attempt in range(50):
            title = _fill(rng, rng.choice(self.topic_titles if in_title else self.w.TITLES), day, self.w,
                          self.w.ASTANA_TOPICS if in_title else None)
            if attempt >= 20:  # (date, title) must be unique, or two items would merge
                title += f" (part {attempt - 19})"
            if title not in self.seen:
                break
        self.seen.add(title)
        target = min(15000, max(150, int(rng.lognormvariate(7.13, 0.7))))
        paragraphs: list[str] = []
        inject = rng.randrange(8) if astana and not in_title else -1
        while sum(map(len, paragraphs)) < target:
            paragraphs.append(self._paragraph(len(paragraphs) == inject))
        if inject >= len(paragraphs):
            paragraphs.append(self._paragraph(True))
        return f"{day.day:02d}.{day.month:02d}.{day.year} - {title}\n\n" + "\n\n".join(paragraphs) + "\n\n"


def page_header(snapshot: dt.date, page: int, rng: random.Random, w: SimpleNamespace = EN) -> str:
    hour, minute = rng.randrange(24), rng.randrange(60)
    first = max(1, page - 7)
    numbers = "".join(str(k) for k in range(first, first + 15))
    return w.HEADER.format(day=snapshot.day, month=w.MONTHS[snapshot.month - 1], year=snapshot.year, hh=hour,
                           mm=minute, lh=(hour - 3) % 24, numbers=numbers)


def generate(n_entries: int, out: Path, seed: int, lang: str = "en") -> None:
    """Write the archive into `out` (replacing it), then the marker DIR.done beside it."""
    marker = out.with_name(f"{out.name}.done")
    marker.unlink(missing_ok=True)
    if out.exists():
        shutil.rmtree(out)
    w = words_for(lang)
    gen = Generator(seed, w)
    rng = gen.rng
    sizes = [min(PER_FILE, n_entries - k) for k in range(0, n_entries, PER_FILE)]
    repeats = [0] + [min(rng.choice((0, 1, 2)), size - 1) for size in sizes[1:]]  # mean 1 in 20: ~5%
    unique = n_entries - sum(repeats)
    days = sorted((START + dt.timedelta(days=rng.randrange(DAYS)) for _ in range(unique)), reverse=True)
    previous: list[str] = []
    per_year: dict[int, int] = {}
    made = total = 0
    for k, (size, again) in enumerate(zip(sizes, repeats)):
        newest = days[made - again]  # the repeated entries are the newest in the file
        entries = previous[len(previous) - again:] if again else []
        entries += [gen.entry(day) for day in days[made:made + size - again]]
        made += size - again
        count = per_year[newest.year] = per_year.get(newest.year, -1) + 1
        path = out / str(newest.year) / f"{count // PER_FOLDER:02d}" / f"page-{k:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        snapshot = newest + dt.timedelta(days=rng.randrange(60))
        data = (page_header(snapshot, k + 1, rng, w) + "".join(entries) + w.FOOTER).encode("utf-8")
        path.write_bytes(data)
        total += len(data)
        previous = entries
    marker.write_text(json.dumps({"entries": n_entries, "items": unique, "files": len(sizes), "seed": seed,
                                  "bytes": total, "generator": GENERATOR}) + "\n")
    print(f"wrote {n_entries} entries ({unique} items) in {len(sizes)} files, {total / 1e6:.1f} MB, to {out}")


def archive(n_entries: int, seed: int, root: Path, lang: str = "en") -> Path:
    """The archive for (n_entries, seed, lang) under root; generated unless its marker says it is complete."""
    out = root / f"items-{n_entries}-seed{seed}{words_for(lang).SUFFIX}"
    marker = out.with_name(f"{out.name}.done")
    if not (out.is_dir() and marker.exists() and json.loads(marker.read_text())["generator"] == GENERATOR):
        started = time.perf_counter()
        generate(n_entries, out, seed, lang)
        print(f"  generated in {time.perf_counter() - started:.0f} s", flush=True)
    return out


# --- measuring -------------------------------------------------------------------------------------

class TreeMemory:
    """The peak memory of a process group (a command and the workers it starts), all together: the
    sum of each process's proportional set size (PSS, so pages that forked workers share count
    once), sampled every 50 ms from /proc. 0 where /proc has no smaps_rollup."""

    def __init__(self, group: int):
        self.group, self.peak_mib, self.done = group, 0.0, threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.done.wait(0.05):
            total = 0
            for pid in os.listdir("/proc"):
                if not pid.isdigit():
                    continue
                try:
                    if os.getpgid(int(pid)) != self.group:
                        continue
                    with open(f"/proc/{pid}/smaps_rollup") as handle:
                        total += next(int(line.split()[1]) for line in handle if line.startswith("Pss:"))
                except (OSError, StopIteration, ValueError):
                    continue
            self.peak_mib = max(self.peak_mib, total / 1024)

    def stop(self) -> None:
        self.done.set()
        self.thread.join()


class Runner:
    """Runs whole processes: wall clock and peak RSS, stdout drained through a pipe and dropped."""

    def __init__(self):
        self.gnu_time = os.access(GNU_TIME, os.X_OK)
        self.errors: dict[tuple[str, int, str], int] = {}  # (command, exit, stderr): how many times

    def once(self, cmd: list[str], *, env: dict, timeout: float | None = None) -> tuple[float, float]:
        """(seconds, peak RSS MiB) of one run; a non-zero exit or any stderr is kept in `errors`."""
        with tempfile.NamedTemporaryFile("r") as rss, tempfile.TemporaryFile() as err:
            full = [GNU_TIME, "-f", "%M", "-o", rss.name, *cmd] if self.gnu_time else cmd
            started = time.perf_counter()
            proc = subprocess.Popen(full, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                    stderr=err, start_new_session=True)
            # Kills only the new process group of /usr/bin/time and the command; without a timeout, never.
            timer = threading.Timer(timeout or 1e9, os.killpg, (proc.pid, signal.SIGKILL))
            timer.start()
            tree = TreeMemory(proc.pid)
            while proc.stdout.read(1 << 16):
                pass
            tree.stop()
            _, status, usage = os.wait4(proc.pid, 0)
            elapsed = time.perf_counter() - started
            timer.cancel()
            proc.stdout.close()
            proc.returncode = code = os.waitstatus_to_exitcode(status)
            if code == -signal.SIGKILL:
                raise TimeoutError(f"{shlex.join(cmd)}: killed after {timeout} s")
            # GNU time's last line is %M (a failed command gets a line before it); wait4 gives KiB too.
            kib = int(rss.read().split()[-1]) if self.gnu_time else usage.ru_maxrss
            err.seek(0)
            text = err.read().decode("utf-8", "replace")
        if code != 0 or text.strip():
            self.error(shlex.join(cmd), code, text[-4000:])
        return elapsed, max(kib / 1024, tree.peak_mib)

    def error(self, cmd: str, code: int, text: str) -> None:
        self.errors[cmd, code, text] = self.errors.get((cmd, code, text), 0) + 1

    def median(self, cmd: list[str], runs: int, *, env: dict) -> dict:
        """Medians of `runs` runs after one untimed warm-up run."""
        self.once(cmd, env=env)
        return summary([self.once(cmd, env=env) for _ in range(runs)], cmd)


def summary(samples: list[tuple[float, float]], cmd: list[str]) -> dict:
    return {"cmd": shlex.join(cmd), "seconds": statistics.median(s for s, _ in samples),
            "rss_mib": statistics.median(r for _, r in samples), "samples": [round(s, 4) for s, _ in samples],
            "rss_samples": [round(r, 1) for _, r in samples]}


def source_hash() -> str:
    """A digest of mfa_cli/*.py, to tie figures to a state of code that others are editing meanwhile."""
    files = sorted((HERE.parent / "mfa_cli").glob("*.py"))
    return hashlib.sha1(b"".join(f.name.encode() + f.read_bytes() for f in files)).hexdigest()[:12]


def mfa_env(cache: str | None = None) -> dict:
    """The environment of every measured command: no MFA_DATA, the given cache, and bytecode caching on.

    An installed mfa has its .pyc files; with PYTHONDONTWRITEBYTECODE set (as on some shared machines)
    every run would compile the changed modules again, so .pyc files go to a folder of our own instead.
    """
    drop = ("MFA_DATA", "MFA_CACHE_DIR", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "mfa-bench-pycache")
    if cache:
        env["MFA_CACHE_DIR"] = cache
    return env


def change_file(path: Path, tag: str, w: SimpleNamespace = EN) -> None:
    """Add a dated entry before the footer (dated like the file's oldest) and bump the mtime."""
    text = path.read_text(encoding="utf-8")
    last = [line for line in text.splitlines() if line[:2].isdigit() and line[10:13] == " - "][-1]
    entry = f"{last[:10]} - {w.CHANGE_TITLE.format(tag=tag)}\n\n{w.CHANGE_TEXT.format(tag=tag)}\n\n"
    path.write_text(text.replace(w.FOOTER, entry + w.FOOTER), encoding="utf-8")
    now = time.time_ns()
    os.utime(path, ns=(now, now))


def bench_size(runner: Runner, mfa: str, n: int, args) -> dict:
    data = archive(n, args.seed, args.data_root, args.lang)
    w = words_for(args.lang)
    files = sorted(data.rglob("*.txt"))
    result = {"entries": n, "files": len(files), "mb": round(sum(f.stat().st_size for f in files) / 1e6, 1),
              "runs": args.runs, "source": source_hash(), "lang": args.lang, "query": w.SEARCH}
    base = [mfa, "--data", str(data)]
    search = base + ["search", w.SEARCH, "--limit", "20"]
    caches: list[str] = []
    floor = [sys.executable, str(HERE / "floor.py"), str(data)]
    try:
        builds, floors = [], []
        for _ in range(args.build_runs or args.runs):  # each build into a new, empty MFA_CACHE_DIR
            if caches:
                shutil.rmtree(caches.pop(), ignore_errors=True)
            caches.append(tempfile.mkdtemp(prefix=f"mfa-bench-{n}-"))
            builds.append(runner.once(base + ["index"], env=mfa_env(caches[-1]), timeout=args.build_timeout))
            floors.append(runner.once(floor, env=mfa_env(), timeout=args.build_timeout))
            print(f"  {n}: first build {builds[-1][0]:.1f} s, {builds[-1][1]:.0f} MiB; "
                  f"floor {floors[-1][0]:.1f} s", flush=True)
        env = mfa_env(caches[-1])
        result["build"] = summary(builds, base + ["index"])
        result["floor"] = summary(floors, floor)
        result["cores"] = os.cpu_count()
        index = next(Path(caches[-1]).glob("*.sqlite"))
        result["item_floor"] = statistics.median(
            float(subprocess.run([sys.executable, str(HERE / "floor.py"), "--items", str(index)], env=mfa_env(),
                                 capture_output=True, text=True, check=True).stdout) for _ in range(3))
        result["search"] = runner.median(search, args.runs, env=env)
        result["list"] = runner.median(base + ["list", "--since", "2020-01-01", "--format", "tsv"], args.runs,
                                       env=env)
        changed = []
        for r in range(args.runs):
            victim = files[(r + 1) * len(files) // (args.runs + 1)]
            before, stat = victim.read_bytes(), victim.stat()
            try:
                change_file(victim, f"run-{r}", w)
                changed.append(runner.once(search, env=env))
            finally:
                victim.write_bytes(before)
                os.utime(victim, ns=(stat.st_atime_ns, stat.st_mtime_ns))
            runner.once(search, env=env)  # re-index the restored file, untimed
        result["after_change"] = summary(changed, search)
        result["rg"] = runner.median(["rg", "-c", "-i", w.RG, str(data)], args.runs, env=env)
        result["grep"] = runner.median(["grep", "-ric", w.RG, str(data)], args.runs, env=env)
        if source_hash() != result["source"]:
            runner.error("-", 0, f"mfa_cli changed during this run: {result['source']} -> {source_hash()}")
    finally:
        for cache in caches:
            shutil.rmtree(cache, ignore_errors=True)
    return result


def bench_small(runner: Runner, mfa: str) -> dict:
    py = sys.executable
    with tempfile.TemporaryDirectory(prefix="mfa-bench-small-") as cache:  # never the user's own cache
        env = mfa_env(cache)
        return {"mfa_list": runner.median([mfa, "list", "--format", "tsv"], SMALL_RUNS, env=env),
                "import_click": runner.median([py, "-c", "import click"], SMALL_RUNS, env=env),
                "python_pass": runner.median([py, "-c", "pass"], SMALL_RUNS, env=env)}


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    rg = subprocess.run(["rg", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    grep = subprocess.run(["grep", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    return {"nproc": os.cpu_count(), "cpu": cpu, "python": sys.version.split()[0], "sqlite": sqlite3.sqlite_version,
            "platform": platform.platform(), "rg": rg, "grep": grep,
            "rss_from": GNU_TIME if os.access(GNU_TIME, os.X_OK) else "os.wait4"}


# --- reporting -------------------------------------------------------------------------------------

def _size_order(kv) -> tuple:
    number, _, lang = kv[0].partition("-")
    return lang, int(number)


def table(results: dict) -> list[str]:
    rows = [f"{'size':>8}  {'metric':27} {'mfa':>9} {'rg':>9} {'grep':>9} {'mfa/rg':>7}"]

    def row(size, metric, mfa, rg=None, grep=None):
        cells = " ".join(f"{v:9.3f}" if v is not None else f"{'-':>9}" for v in (mfa, rg, grep))
        ratio = f"{mfa / rg:7.2f}" if rg else f"{'-':>7}"
        rows.append(f"{size:>8}  {metric:27} {cells} {ratio}")

    for size, r in sorted(results.get("sizes", {}).items(), key=_size_order):
        rg, grep = r["rg"], r["grep"]
        rows.append(f"{size:>8}  {r['files']} files, {r['mb']} MB, medians of {r['runs']}, mfa_cli {r['source']}")
        row(size, "first build s", r["build"]["seconds"])
        row(size, "first build peak MiB", r["build"]["rss_mib"])
        if "floor" in r:
            rows.append(f"{size:>8}  {'FTS5 floor s':27} {r['floor']['seconds']:9.3f}   first build / floor "
                        f"{r['build']['seconds'] / r['floor']['seconds']:.2f} on {r.get('cores', '?')} cores")
        if "item_floor" in r:
            rows.append(f"{size:>8}  {'FTS5 floor of its items s':27} {r['item_floor']:9.3f}   item floor / floor "
                        f"{r['item_floor'] / r['floor']['seconds']:.2f}")
        row(size, "warm search s", r["search"]["seconds"], rg["seconds"], grep["seconds"])
        row(size, "warm search peak MiB", r["search"]["rss_mib"], rg["rss_mib"], grep["rss_mib"])
        row(size, "list --since 2020 s", r["list"]["seconds"])
        row(size, "list --since 2020 peak MiB", r["list"]["rss_mib"])
        row(size, "search after 1 change s", r["after_change"]["seconds"], rg["seconds"], grep["seconds"])
        row(size, "search after 1 change MiB", r["after_change"]["rss_mib"])
    if small := results.get("small"):
        ms = {k: v["seconds"] * 1e3 for k, v in small.items()}
        rows.append(f"bundled page, medians of {SMALL_RUNS}: mfa list --format tsv {ms['mfa_list']:.1f} ms, "
                    f"python -c 'import click' {ms['import_click']:.1f} ms, python -c pass {ms['python_pass']:.1f} ms")
    return rows


def targets(results: dict) -> list[str]:
    out = []

    def check(label, value, limit):
        out.append(f"  {label}: {value:.2f} (target <= {limit}) {'ok' if value <= limit else 'MISSED'}")

    if small := results.get("small"):
        check("bundled list / import click", small["mfa_list"]["seconds"] / small["import_click"]["seconds"], 1.25)
    for size, r in sorted(results.get("sizes", {}).items(), key=_size_order):
        if size in ("100000", "500000", "100000-ru"):
            check(f"{size} warm search / rg", r["search"]["seconds"] / r["rg"]["seconds"],
                  0.5 if size == "500000" else 1.0)
        check(f"{size} search after change / warm search", r["after_change"]["seconds"] / r["search"]["seconds"], 3)
        check(f"{size} warm search peak MiB", r["search"]["rss_mib"], 80)
        if size in ("100000", "100000-ru"):
            check(f"{size} first build s", r["build"]["seconds"], 25)
        if size == "500000":
            check("500000 first build peak MiB", r["build"]["rss_mib"], 400)
        if "floor" in r:
            check(f"{size} first build / FTS5 floor", r["build"]["seconds"] / r["floor"]["seconds"], 1.5)
    return out


def cmd_run(args) -> None:
    mfa = args.mfa or str(Path(sys.executable).parent / "mfa")
    runner = Runner()
    path = HERE / f"results-{dt.date.today().isoformat()}.json"
    results = json.loads(path.read_text()) if path.exists() else {}
    results["machine"] = machine()
    results.setdefault("sizes", {})

    def save(label: str) -> None:  # this run's errors for `label` replace an earlier run's
        results["errors"] = [e for e in results.get("errors", []) if e["size"] != label]
        results["errors"] += [{"size": label, "cmd": c, "exit": x, "stderr": t, "times": k}
                              for (c, x, t), k in runner.errors.items()]
        runner.errors.clear()
        path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")

    if not args.no_small:
        results["small"] = bench_small(runner, mfa)
        save("bundled")
    for n in args.items:
        label = f"{n}{words_for(args.lang).SUFFIX}"
        print(f"size {label}:", flush=True)
        results["sizes"][label] = bench_size(runner, mfa, n, args)
        save(label)
    print("\n".join(table(results)))
    print("targets:\n" + "\n".join(targets(results)))
    for e in results.get("errors", []):
        print(f"said {e['times']}x (size {e['size']}, exit {e['exit']}): {e['cmd']}\n{e['stderr']}")
    print(f"saved {path}")


def cmd_profile(args) -> None:
    data = archive(args.items, args.seed, args.data_root, args.lang)
    base = [sys.executable, "-X", "importtime", "-m", "mfa_cli", "--data", str(data)]
    search = ["search", words_for(args.lang).SEARCH, "--limit", "20"]
    with tempfile.TemporaryDirectory(prefix="mfa-bench-profile-") as tmp:
        env, prof = mfa_env(str(Path(tmp) / "cache")), str(Path(tmp) / "out.prof")
        quiet = {"env": env, "stdin": subprocess.DEVNULL, "stdout": subprocess.DEVNULL}
        for name, argv in (("first build", ["index"]), ("warm search", search)):
            for _ in range(2 if argv == search else 0):  # warm the index and the .pyc files; show imports
                err = subprocess.run([*base, *search], **quiet, stderr=subprocess.PIPE, text=True).stderr
            subprocess.run([base[0], "-m", "cProfile", "-o", prof, *base[3:], *argv], **quiet)
            print(f"\n=== cProfile, {name}: mfa {shlex.join(argv)} (top {args.top} by cumulative time)")
            pstats.Stats(prof).sort_stats("cumulative").print_stats(args.top)
    rows = sorted((line.split("|") for line in err.splitlines() if line.startswith("import time:")),
                  key=lambda r: -int(r[1]) if r[1].strip().isdigit() else 0)
    print(f"=== -X importtime, warm search: top {args.top} by cumulative µs (self | cumulative | module)")
    print("\n".join(f"{r[0][12:].strip():>9} | {r[1].strip():>9} | {r[2].rstrip()}" for r in rows[:args.top]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="write a seeded synthetic archive")
    gen.add_argument("--items", type=int, required=True, help="entries to write, 20 a file")
    gen.add_argument("--out", type=Path, required=True, help="the folder to write (replaced)")
    gen.add_argument("--seed", type=int, default=1)
    gen.add_argument("--lang", choices=("en", "ru"), default="en", help="English or Russian pages")
    run = sub.add_parser("run", help="time mfa, rg and grep; print and save a table")
    run.add_argument("--items", type=int, nargs="+", default=[10000, 100000], help="archive sizes (entries)")
    run.add_argument("--runs", type=int, default=5, help="runs per median (default 5)")
    run.add_argument("--build-runs", type=int, default=0, help="first builds per size (default: --runs)")
    run.add_argument("--build-timeout", type=float, default=1800, help="seconds before a build is killed")
    run.add_argument("--mfa", help="the mfa executable (default: the one beside this Python)")
    run.add_argument("--no-small", action="store_true", help="skip the bundled-page comparison")
    prof = sub.add_parser("profile", help="cProfile a first build and a warm search; importtime of a search")
    prof.add_argument("--items", type=int, default=100000, help="archive size (entries)")
    prof.add_argument("--top", type=int, default=25, help="lines of each profile")
    for p in (run, prof):
        p.add_argument("--seed", type=int, default=1)
        p.add_argument("--lang", choices=("en", "ru"), default="en",
                       help="an English archive, or a Russian one made the same way from Russian words")
        p.add_argument("--data-root", type=Path, default=DATA_ROOT, help=f"where archives live ({DATA_ROOT})")
    args = parser.parse_args()
    if args.command == "generate":
        generate(args.items, args.out, args.seed, args.lang)
    elif args.command == "run":
        cmd_run(args)
    else:
        cmd_profile(args)


if __name__ == "__main__":
    main()
