"""The floor of any FTS5 index of an archive: read every file once and insert its whole text, one row
a file, into an FTS5 table with mfa's tokenizer, in one transaction, in a file on disk.

    python benchmarks/floor.py DIR [DIR...]
    python benchmarks/floor.py --items INDEX.sqlite

Prints the seconds it took. bench.py runs it beside mfa's first build, so the two are compared on
the same files in the same run.

With --items, the floor of an index of items rather than files: the texts an mfa index holds (title,
sub-heading, text, names and earlier wordings of each item, as it indexes them), already in memory,
inserted into a new FTS5 table of those columns in one transaction; only the insert is timed. An
archive's items are twenty times its files and FTS5 keeps a posting per word per row and column,
so this is the part of a first build no parsing or merging can remove.
"""
from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from mfa_cli.schema import _SCHEMA  # noqa: E402  (the tokenizer is read from mfa's own schema)

TOKENIZE = _SCHEMA.split("tokenize=", 1)[1].split("\n", 1)[0].rstrip(",")


def floor(folders: list[str]) -> float:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="mfa-floor-") as tmp:
        db = sqlite3.connect(os.path.join(tmp, "floor.sqlite"), isolation_level=None)
        db.execute(f"CREATE VIRTUAL TABLE pages USING fts5 (text, tokenize={TOKENIZE})")
        db.execute("BEGIN")
        for folder in folders:
            for root, _, names in os.walk(folder):
                for name in names:
                    with open(os.path.join(root, name), "rb") as handle:
                        text = handle.read().decode("utf-8", "replace")
                    db.execute("INSERT INTO pages (text) VALUES (?)", (text,))
        db.execute("COMMIT")
        db.close()
    return time.perf_counter() - started


def item_floor(index: str) -> float:
    from mfa_cli.schema import fts_rows

    source = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
    rows = fts_rows(source.execute("SELECT rowid, title, subtitle, body, people, history FROM item_text"))
    source.close()
    with tempfile.TemporaryDirectory(prefix="mfa-floor-") as tmp:
        db = sqlite3.connect(os.path.join(tmp, "floor.sqlite"), isolation_level=None)
        db.execute(f"CREATE VIRTUAL TABLE items USING fts5 (title, subtitle, body, people, history, "
                   f"content='', tokenize={TOKENIZE})")
        started = time.perf_counter()
        db.execute("BEGIN")
        db.executemany("INSERT INTO items (rowid, title, subtitle, body, people, history) VALUES (?,?,?,?,?,?)",
                       rows)
        db.execute("COMMIT")
        seconds = time.perf_counter() - started
        db.close()
    return seconds


if __name__ == "__main__":
    if sys.argv[1:2] == ["--items"]:
        print(f"{item_floor(sys.argv[2]):.3f}")
    else:
        print(f"{floor(sys.argv[1:]):.3f}")
