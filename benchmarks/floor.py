"""The floor of any FTS5 index of an archive: read every file once and insert its whole text, one row
a file, into an FTS5 table with mfa's tokenizer, in one transaction, in a file on disk.

    python benchmarks/floor.py DIR [DIR...]

Prints the seconds it took. bench.py runs it beside mfa's first build, so the two are compared on
the same files in the same run.
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


if __name__ == "__main__":
    print(f"{floor(sys.argv[1:]):.3f}")
