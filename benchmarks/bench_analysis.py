"""Benchmark the analyst's commands against a warm search, side by side. Run by hand; never in CI.

    python benchmarks/bench_analysis.py --items 100000 --runs 7

On bench.py's archive of N entries, with the index built once into a new cache (or --cache DIR
kept from an earlier run), it times as whole processes, round after round so that each round's
commands share the machine's load: a warm `mfa search astana -n 20`, `mfa trend` of three terms
by month, `mfa kwic` of a word held by about 1% of the items, and `mfa similar` of one item (a
different one each round, spread over the archive), and the same search through the Click command
line (MFA_FAST=0), which the new commands take: a piped search skips importing Click. It prints
medians, each command's median ratio to the search of its own round (the figure the targets are
set on: trend <= 2, kwic <= 3, similar <= 2 times a warm search) and to the Click search, and what
each command answered.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import DATA_ROOT, Runner, archive, machine, mfa_env, source_hash

TREND = ["trend", "astana", "Skripal", "Izvestia", "--by", "month"]
KWIC_WORD = "Izvestia"  # in the titles of ~1.6% of the items at 100k
TARGETS = {"trend": 2.0, "kwic": 3.0, "similar": 2.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--data-root", type=Path, default=DATA_ROOT)
    parser.add_argument("--cache", help="a cache folder to use and keep (built into when empty)")
    parser.add_argument("--mfa", default=str(Path(sys.executable).parent / "mfa"))
    args = parser.parse_args()
    data = archive(args.items, args.seed, args.data_root)
    base = [args.mfa, "--data", str(data)]
    cache = args.cache or tempfile.mkdtemp(prefix="mfa-bench-analysis-")
    runner = Runner()
    try:
        env = mfa_env(cache)
        build = runner.once(base + ["index"], env=env)
        print(f"index ready in {build[0]:.1f} s ({args.items} entries, {data})", flush=True)
        ids = subprocess.run(base + ["list", "--format", "ids"], env=env, capture_output=True, text=True).stdout.split()
        picks = [ids[(k * 7919) % len(ids)] for k in range(args.runs + 1)]
        held = len(subprocess.run(base + ["search", KWIC_WORD, "-n", "0", "--format", "ids"], env=env,
                                  capture_output=True, text=True).stdout.split())
        click_env = {**env, "MFA_FAST": "0"}
        commands = {
            "search": lambda r: base + ["search", "astana", "-n", "20"],
            "search (Click)": lambda r: base + ["search", "astana", "-n", "20"],
            "trend": lambda r: base + TREND,
            "kwic": lambda r: base + ["kwic", KWIC_WORD],
            "similar": lambda r: base + ["similar", picks[r]],
        }
        envs = {name: click_env if "Click" in name else env for name in commands}
        for name, cmd in commands.items():  # one untimed warm-up each
            runner.once(cmd(args.runs), env=envs[name])
        times: dict[str, list[float]] = {name: [] for name in commands}
        for r in range(args.runs):
            for name, cmd in commands.items():
                times[name].append(runner.once(cmd(r), env=envs[name])[0])
        answers = {
            "trend": subprocess.run(base + TREND, env=env, capture_output=True, text=True).stdout.count("\n") - 1,
            "kwic": subprocess.run(base + ["kwic", KWIC_WORD], env=env, capture_output=True,
                                   text=True).stdout.count("\n"),
        }
    finally:
        if not args.cache:
            shutil.rmtree(cache, ignore_errors=True)
    m = machine()
    print(f"{m['nproc']} cores, {m['cpu']}, Python {m['python']}, SQLite {m['sqlite']}; mfa_cli {source_hash()}")
    print(f"{args.items} entries, medians of {args.runs} rounds (each round runs the four side by side)")
    print(f"{'command':15} {'median s':>9} {'/ search':>9} {'/ Click search':>15}  target (on / search)")
    for name, samples in times.items():
        ratio = statistics.median(t / s for t, s in zip(samples, times["search"]))
        click = statistics.median(t / s for t, s in zip(samples, times["search (Click)"]))
        target = TARGETS.get(name)
        verdict = "" if target is None else f"<= {target}  {'ok' if ratio <= target else 'MISSED'}"
        print(f"{name:15} {statistics.median(samples):9.3f} {ratio:9.2f} {click:15.2f}  {verdict}")
    print(f"trend: {' '.join(TREND[1:4])} by month, {answers['trend']} months; kwic {KWIC_WORD}: in {held} items "
          f"({100 * held / len(ids):.1f}%), {answers['kwic']} lines; similar: {args.runs} items, one a round")
    for (cmd, code, text), n in runner.errors.items():
        print(f"said {n}x (exit {code}): {cmd}\n{text}")


if __name__ == "__main__":
    main()
