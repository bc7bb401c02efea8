"""Score the parser on the labelled corpus: precision and recall by site and layout, by site, and by
language.

Run by hand: python benchmarks/corpus_score.py [../shared/corpus] [-v]
An item counts when its date and exact title match a labelled item whose title is whole; an item the
snapshot cut inside its title counts when the label begins with what was read.
"""
from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from mfa_cli.parser import parse_page


def score(corpus: Path, verbose: bool = False) -> dict:
    manifest = {m["file"]: m for m in json.loads((corpus / "manifest.json").read_text())}
    labels = json.loads((corpus / "labels.json").read_text())
    totals: dict = defaultdict(lambda: [0, 0, 0])  # true positives, found, expected, per group
    for name, meta in sorted(manifest.items()):
        page = parse_page((corpus / "pages" / name).read_text(encoding="utf-8"))
        expected = labels[name]["items"]
        groups = (f"{meta['site']}/{meta['layout']}", f"site {meta['site']}",
                  f"language {meta.get('language', 'en')}", "all")
        got = [(e.date.isoformat() if e.date else None, e.title, e.title_cut) for e in page.entries]
        matched = set()
        tp = 0
        for date, title, _cut in got:
            for k, lab in enumerate(expected):
                if k in matched or lab["date"] != date:
                    continue
                whole = lab["complete"] or lab["has_body"]
                if title == lab["title"] or (not whole and lab["title"].rstrip().startswith(title.rstrip())):
                    matched.add(k)
                    tp += 1
                    break
            else:
                if verbose:
                    print(f"  {name}: INVENTED {date} {title!r}")
        for k, lab in enumerate(expected):
            if k not in matched and verbose:
                print(f"  {name}: MISSED {lab['date']} {lab['title']!r}")
        for group in groups:
            t = totals[group]
            t[0] += tp
            t[1] += len(got)
            t[2] += len(expected)
        if meta["site"] == "rusemb" and verbose:
            snap = labels[name]["snapshot_date"]
            mine = page.snapshot.isoformat() if page.snapshot else None
            if snap != mine:
                print(f"  {name}: snapshot {mine} != {snap}")
    return totals


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    corpus = Path(args[0] if args else "../shared/corpus")
    totals = score(corpus, verbose="-v" in sys.argv)
    print(f"{'group':40} {'precision':>9} {'recall':>7} {'found':>6} {'labelled':>8}")
    order = {"site": 1, "language": 2, "all": 3}
    for group, (tp, found, expected) in sorted(totals.items(), key=lambda kv: (order.get(kv[0].split()[0], 0), kv[0])):
        p = tp / found if found else 1.0
        r = tp / expected if expected else 1.0
        print(f"{group:40} {p:9.3f} {r:7.3f} {found:6} {expected:8}")


if __name__ == "__main__":
    main()
