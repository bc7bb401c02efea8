"""The fast path answers plain pipeline commands exactly as the Click command line does."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from mfa_cli.fast import _parse

CASES = [
    ["list"],
    ["list", "--since", "2017-02-15"],
    ["list", "--since=2017-02-15", "--until", "2017-02-17", "--reverse"],
    ["list", "--on", "2017-02", "-k", "comment", "--kind", "briefing", "-n", "2"],
    ["list", "--person", "zakharova", "--format", "json"],
    ["list", "--format", "csv"],
    ["list", "--format", "ids", "--limit", "0"],
    ["--data", "{data}", "list", "-f", "jsonl"],
    ["--no-cache", "list", "--since", "15.02.2017"],
    ["search", "Astana"],
    ["search", "Astana", "-Lavrov"],
    ["search", "Astana", "NOT", "Lavrov", "--format", "json"],
    ["search", '"de Mistura"', "--since", "2017-02-16", "-n", "1"],
    ["search", "--raw", "astana OR tillerson"],
    ["search", "--raw", "NEAR("],
    ["search", "Skripal"],
    ["search", ""],
    ["search", "*"],
    ["list", "--since", "blah"],
    ["list", "--limit", "-1"],
    ["list", "--format", "table"],
    ["list", "--kind", "gossip"],
    ["list", "--lang", "en", "-n", "3"],
    ["list", "--lang", "RU"],
    ["list", "--lang", "de"],
    ["search", "Astana", "--site", "embassy", "--lang", "en"],
    ["list", "--site", "Ruritania", "--format", "json"],
    ["search"],
    ["--data", "/no/such/place", "list"],
    ["list", "--data", "{data}", "-n", "2"],
    ["search", "Astana", "--no-cache", "--color", "never", "--data={data}"],
    ["list", "--undated", "--since", "2017-02-15"],
    ["list", "--only-undated"],
    ["list", "--only-undated", "--on", "2017"],
    ["list", "--speaker", "lavrov", "--format", "jsonl"],
    ["search", "astana", "--speaker=zakharova", "--format", "csv"],
    ["list", "--since", "2017-02-20", "--until", "2017-02-13"],
    ["trend", "Astana", "Syria", "--by", "day"],
    ["trend", "Astana", "--share", "--format", "json"],
    ["trend", "Astana", "--by=week", "--format", "csv", "--since", "2017-02-14"],
    ["trend", "nosuchword"],
    ["trend", "Astana", "--format", "ids"],
    ["trend", "Astana", "--by", "decade"],
    ["trend", "Astana", "--limit", "3"],
    ["kwic", "Astana"],
    ["kwic", "Astana", "-w", "3", "--sort", "left", "--format", "jsonl"],
    ["kwic", "talks", "-Astana", "--width=5", "-n", "2", "--format", "csv"],
    ["kwic", "Astana", "--sort", "middle"],
    ["kwic", "nosuchword"],
    ["kwic", "Astana", "--by", "day"],
    ["similar", "22dc"],
    ["similar", "992d", "-n", "3", "--format", "json", "--kind", "remarks"],
    ["similar", "22dc", "--since", "2017-02-16", "--format=ids"],
    ["similar", "zzzz"],
    ["similar", "ffff"],
    ["similar", "22dc", "992d"],
    ["similar", "22dc", "--lang", "ru"],
]


@pytest.mark.parametrize("argv", [
    ["list", "--data", "x", "--no-cache"], ["search", "a", "--color", "never", "-d", "x"],
    ["list", "--undated"], ["search", "a", "--only-undated"], ["list", "--speaker", "lavrov"],
    ["trend", "a", "b", "--by", "year", "--share"], ["kwic", "a", "-w", "4", "--sort", "right"],
    ["similar", "22dc", "-n", "5", "--undated"],
])
def test_fast_path_takes_global_options_after_the_command_and_the_newer_filters(argv):
    assert _parse(argv) is not None


def _run(args, tmp_path, fast: bool):
    env = {k: v for k, v in os.environ.items() if k not in ("MFA_DATA", "NO_COLOR", "FORCE_COLOR")}
    env.update(MFA_CACHE_DIR=str(tmp_path / "cache"), MFA_FAST="1" if fast else "0")
    return subprocess.run([sys.executable, "-m", "mfa_cli", *args], capture_output=True, text=True, env=env)


@pytest.mark.parametrize("args", CASES, ids=" ".join)
def test_fast_path_answers_as_click_does(args, tmp_path):
    data = os.path.join(os.path.dirname(__file__), "..", "data")
    args = [a.format(data=data) for a in args]
    fast, slow = _run(args, tmp_path, True), _run(args, tmp_path, False)
    assert (fast.returncode, fast.stdout, fast.stderr) == (slow.returncode, slow.stdout, slow.stderr)


@pytest.mark.parametrize("argv", [
    ["--help"], ["list", "--help"], ["show", "b0ca"], ["stats"], ["list", "--format", "table"],
    ["search"], ["list", "word"], ["--color", "always", "list"], ["search", "x", "--"], ["list", "-n5"],
    ["trend"], ["trend", "a", "--limit", "3"], ["trend", "a", "--format", "ids"], ["kwic", "a", "--by", "day"],
    ["kwic", "a", "--sort", "middle"], ["trend", "a", "--by", "decade"], ["similar"], ["similar", "22dc", "992d"],
    ["similar", "-"], ["similar", "22dc", "--sort", "left"],
])
def test_fast_path_leaves_the_rest_to_click(argv):
    assert _parse(argv) is None


def _imported(args, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("MFA_DATA", "FORCE_COLOR")}
    env["MFA_CACHE_DIR"] = str(tmp_path / "cache")
    out = subprocess.run([sys.executable, "-X", "importtime", "-m", "mfa_cli", *args], capture_output=True,
                         text=True, env=env)
    return {line.rsplit("|", 1)[1].strip() for line in out.stderr.splitlines() if line.startswith("import time:")}


@pytest.mark.parametrize("args, absent", [
    (["list"], ("click", "rich", "rich.table", "dateparser", "mfa_cli.parser")),
    (["search", "Astana"], ("click", "rich", "dateparser", "mfa_cli.parser", "mfa_cli.history", "mfa_cli.corpus",
                            "re")),
    (["trend", "Astana", "Syria"], ("click", "rich", "dateparser", "mfa_cli.parser")),
    (["kwic", "Astana"], ("click", "rich", "dateparser", "mfa_cli.parser")),
    (["similar", "22dc"], ("click", "rich", "dateparser", "mfa_cli.parser")),
    (["list", "--since", "2017-02-15"], ("click", "rich", "dateparser")),
    (["--help"], ("rich", "rich.table", "dateparser", "mfa_cli.parser", "sqlite3", "mfa_cli.index",
                  "mfa_cli.history_queries")),
    (["list", "--help"], ("rich", "dateparser")),
])
def test_light_start(args, absent, tmp_path):
    _imported(["list"], tmp_path)  # the first run builds the cache
    imported = _imported(args, tmp_path)
    assert "mfa_cli" in imported
    assert not imported & set(absent)
