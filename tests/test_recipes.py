"""The README's recipe for newsroom scale: JSON Lines from mfa load into DuckDB as written."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

duckdb = pytest.importorskip("duckdb")


def test_jsonl_loads_into_duckdb_for_sql_over_dates_kinds_and_people(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "MFA_DATA"}
    env["MFA_CACHE_DIR"] = str(tmp_path / "cache")
    jsonl = tmp_path / "items.jsonl"
    with jsonl.open("w") as out:
        subprocess.run([sys.executable, "-m", "mfa_cli", "list", "--format", "jsonl"], stdout=out, env=env,
                       check=True)
    db = duckdb.connect()
    db.execute(f"CREATE TABLE items AS SELECT * FROM read_json_auto('{jsonl}')")
    assert db.execute("SELECT count(*) FROM items").fetchone()[0] == 11
    kinds = dict(db.execute("SELECT kind, count(*) FROM items WHERE date >= '2017-02-15' GROUP BY kind").fetchall())
    assert kinds["comment"] == 2 and sum(kinds.values()) == 8
    people = dict(db.execute(
        "SELECT p, count(*) FROM items, unnest(people) AS t(p) GROUP BY p ORDER BY 2 DESC").fetchall())
    # people: everyone named (the briefing mentions Lavrov too); speakers: who speaks
    assert people["Sergey Lavrov"] == 6 and people["Maria Zakharova"] == 2
    speakers = dict(db.execute(
        "SELECT s, count(*) FROM items, unnest(speakers) AS t(s) GROUP BY s").fetchall())
    assert speakers["Sergey Lavrov"] == 4 and speakers["Maria Zakharova"] == 2
    sources = db.execute("SELECT sources[1].line FROM items WHERE title LIKE 'Concept paper%'").fetchone()[0]
    assert sources == 44
