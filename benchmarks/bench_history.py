"""Benchmark `mfa changes` on an archive with a second round of snapshots. Run by hand; never in CI.

    python benchmarks/bench_history.py --items 100000 --runs 5

The first round is bench.py's archive of N entries. The second round saves a later snapshot of one
listing file in ten (dated 20 to 40 days after the first), and seeds changes into each: one entry's
text edited inside its first paragraph, one entry removed (half of the files), one entry inserted
between two others and dated before the first snapshot (half of those files where the entry below
is older than the first snapshot), one entry retitled (a fifth). It
writes them to items-N-seedS-later beside the archive, with the seeded changes in items-N-seedS-later.json.

It then times, each as whole processes: the first build of both rounds into a new cache, a warm
`mfa changes --format tsv`, a warm `mfa search astana -n 20` on the same archive, and `rg -c -i astana`
over the same files; and checks that `mfa changes` found exactly the changes that were seeded.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import DATA_ROOT, MONTHS, Runner, archive, mfa_env, summary

HEADING = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4}) - (.+)$", re.MULTILINE)
LATER = 3  # bump when what the second round writes changes


def second_round(first: Path, seed: int) -> Path:
    """Write the later snapshots beside `first` (once); the folder, with later.json listing the seeds."""
    out = first.with_name(first.name + "-later")
    marker = out.with_name(out.name + ".json")
    if marker.exists() and json.loads(marker.read_text()).get("version") == LATER:
        return out
    shutil.rmtree(out, ignore_errors=True)
    rng = random.Random(seed * 7919)
    seeded = {"edited": [], "removed": [], "inserted": [], "retitled": []}
    files = sorted(first.rglob("*.txt"))
    for n, path in enumerate(files[::10]):
        text = path.read_text(encoding="utf-8")
        head, _, rest = text.partition("\n\n" + HEADING.search(text).group(0))
        starts = [m.start() for m in HEADING.finditer(text)]
        if len(starts) < 8:
            continue
        header = text[:starts[0]]
        entries = [text[a:b] for a, b in zip(starts, starts[1:] + [text.index("all messages")])]
        day, month, year = header.split("\n", 1)[0].split()
        snapshot = dt.date(int(year), MONTHS.index(month) + 1, int(day))
        later = snapshot + dt.timedelta(days=rng.randrange(20, 41))
        header = header.replace(header.split("\n", 1)[0], f"{later.day} {MONTHS[later.month - 1]} {later.year}", 1)
        # Positions apart from each other and from both ends, so each change has standing neighbours.
        edit, remove, insert, retitle = rng.sample(range(2, len(entries) - 2, 2), 4)
        title = lambda e: HEADING.match(e).group(4)  # noqa: E731
        date = lambda e: HEADING.match(e).group(0)[:10]  # noqa: E731
        head_line, _, body = entries[edit].partition("\n\n")
        words = body.split(" ")
        at = min(6, len(words) - 2)
        entries[edit] = head_line + "\n\n" + " ".join(words[:at] + ["[amended]"] + words[at + 1:])
        seeded["edited"].append(title(entries[edit]))
        if rng.random() < 0.2:
            new_title = title(entries[retitle]) + " (updated title)"
            entries[retitle] = entries[retitle].replace(title(entries[retitle]), new_title, 1)
            seeded["retitled"].append(new_title)
        if rng.random() < 0.5:
            seeded["removed"].append(title(entries[remove]))
            entries[remove] = ""
        day_after = dt.datetime.strptime(date(entries[insert + 1]), "%d.%m.%Y").date()
        # Dated on the day of the first snapshot, it may have been published after that save: not late.
        if rng.random() < 0.5 and day_after < snapshot:
            late = f"Embassy statement published late, number {n}"
            entries[insert] += f"{date(entries[insert + 1])} - {late}\n\nA statement dated before the first " \
                               f"snapshot but published after it, number {n}.\n\n"
            seeded["inserted"].append(late)
        target = out / path.relative_to(first)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(header + "".join(entries) + "all messages\n", encoding="utf-8")
    marker.write_text(json.dumps({"version": LATER, "seeded": seeded}) + "\n")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--data-root", type=Path, default=DATA_ROOT)
    parser.add_argument("--mfa", default=str(Path(sys.executable).parent / "mfa"))
    args = parser.parse_args()
    first = archive(args.items, args.seed, args.data_root)
    later = second_round(first, args.seed)
    seeded = json.loads(later.with_name(later.name + ".json").read_text())["seeded"]
    runner = Runner()
    base = [args.mfa, "--data", str(first), "--data", str(later)]
    cache = tempfile.mkdtemp(prefix="mfa-bench-history-")
    try:
        env = mfa_env(cache)
        build = summary([runner.once(base + ["index"], env=env)], base + ["index"])
        changes = runner.median(base + ["changes", "--format", "tsv"], args.runs, env=env)
        search = runner.median(base + ["search", "astana", "-n", "20"], args.runs, env=env)
        rg = runner.median(["rg", "-c", "-i", "astana", str(first), str(later)], args.runs, env=env)
        found = subprocess.run(base + ["changes", "--format", "json"], env=env, capture_output=True, text=True)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    events = json.loads(found.stdout or "[]")
    got = {kind: sorted(e["title"] for e in events if e["type"] == kind) for kind in seeded}
    want = {kind: sorted(titles) for kind, titles in seeded.items()}
    want["edited"] = sorted(set(want["edited"]))
    for kind in seeded:
        extra = sorted(set(got[kind]) - set(want[kind]))
        missed = sorted(set(want[kind]) - set(got[kind]))
        print(f"{kind:9} seeded {len(want[kind]):5}  found {len(got[kind]):5}  missed {len(missed):4}  "
              f"extra {len(extra):4}" + (f"  e.g. missed {missed[:2]} extra {extra[:2]}" if missed or extra else ""))
    files = sum(1 for _ in first.rglob("*.txt")) + sum(1 for _ in later.rglob("*.txt"))
    print(f"{args.items} entries + second round: {files} files")
    print(f"first build          {build['seconds']:8.2f} s  {build['rss_mib']:6.0f} MiB")
    print(f"warm changes (tsv)   {changes['seconds']:8.3f} s  {changes['rss_mib']:6.0f} MiB")
    print(f"warm search astana   {search['seconds']:8.3f} s  {search['rss_mib']:6.0f} MiB")
    print(f"rg -c -i astana      {rg['seconds']:8.3f} s")
    print(f"changes / search     {changes['seconds'] / search['seconds']:8.2f}  (target <= 2)")
    print(f"search / rg          {search['seconds'] / rg['seconds']:8.2f}  (target <= 1.0 at 100k)")
    for (cmd, code, text), times in runner.errors.items():
        if not (code == 0 and not text.strip()):
            print(f"said {times}x (exit {code}): {cmd}\n{text}")


if __name__ == "__main__":
    main()
