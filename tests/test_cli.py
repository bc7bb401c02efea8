"""The commands as a user meets them on the bundled page: CliRunner for breadth, real processes,
real pipes and a pseudo-terminal for the paths that depend on them."""
from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys

import pytest
from click.testing import CliRunner

from mfa_cli.cli import cli

SEED_IDS = 11


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.setenv("MFA_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("MFA_DATA", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)

    def invoke(*args, input=None):
        return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)

    return invoke


def lines(result):
    return result.stdout.splitlines()


def titles(result):
    return [line.split("\t")[3] for line in lines(result)]


@pytest.mark.parametrize(
    "args, count",
    [
        (["--since", "2017-02-15"], 8),
        (["--until", "2017-02-14"], 3),
        (["--on", "2017-02-16"], 2),
        (["--since", "15 Feb 2017"], 8),
        (["--since", "15.02.2017"], 8),
        (["--on", "2017-02"], 11),
        (["--on", "2017"], 11),
        (["--since", "2017-03"], 0),
        (["--kind", "comment"], 4),
        (["--kind", "comment", "--kind", "briefing"], 5),
        (["--person", "lavrov", "--since", "2017-02-17"], 3),
        (["--limit", "3"], 3),
        ([], SEED_IDS),
    ],
)
def test_list_filters(run, args, count):
    result = run("list", *args)
    assert result.exit_code == 0
    assert len(lines(result)) == count


def test_list_is_newest_first_and_reverse_is_oldest_first(run):
    dates = [line.split("\t")[1] for line in lines(run("list"))]
    assert dates == sorted(dates, reverse=True)
    assert [line.split("\t")[1] for line in lines(run("list", "--reverse"))] == sorted(dates)


def test_person_filter_finds_zakharova_items(run):
    result = run("list", "--person", "Zakharova")
    assert [line.split("\t")[1] for line in lines(result)] == ["2017-02-15", "2017-02-14"]


def test_json_has_the_published_fields(run):
    items = json.loads(run("list", "--format", "json").stdout)
    assert len(items) == SEED_IDS
    assert len({i["id"] for i in items}) == SEED_IDS
    assert list(items[0])[:9] == ["id", "date", "title", "subtitle", "kind", "people", "body", "complete", "sources"]
    assert {"first_seen", "last_seen", "versions", "removed", "language", "site"} <= set(items[0])
    lead = next(i for i in items if "Syromolotov" in i["title"])
    assert lead["date"] == "2017-02-13" and lead["kind"] == "interview"
    assert lead["body"].startswith("Question: In 2016") and lead["body"].endswith("in an honest and open manner.")
    assert lead["people"] == ["Oleg Syromolotov"]
    assert lead["sources"][0]["line"] == 11 and lead["sources"][0]["snapshot"] == "2017-02-20"


def test_jsonl_csv_ids_formats(run):
    assert len(lines(run("list", "--format", "jsonl"))) == SEED_IDS
    import csv
    import io

    rows = list(csv.reader(io.StringIO(run("list", "--format", "csv").stdout)))
    assert rows[0][:4] == ["id", "date", "kind", "title"] and len(rows) == SEED_IDS + 1
    ids = lines(run("list", "--format", "ids"))
    assert len(ids) == SEED_IDS and all(len(i) == 7 for i in ids)


@pytest.mark.parametrize(
    "query, count, first",
    [
        (["Astana"], 3, "Concept paper on the Joint Group"),
        (["Al-Nusra"], 1, "Concept paper on the Joint Group"),
        (['"de Mistura"'], 3, None),
        (["2254"], 2, None),
        (["astana", "lavrov"], 2, "Foreign Minister Sergey Lavrov’s opening remarks"),
        (["Astana", "OR", "Tillerson"], 4, None),
        (["Astana", "-Lavrov"], 1, "Concept paper on the Joint Group"),
        (["Astana", "NOT", "Lavrov"], 1, "Concept paper on the Joint Group"),
        (["terror*"], 3, None),
        (["ASTANÁ"], 3, None),
    ],
)
def test_search(run, query, count, first):
    result = run("search", *query)
    assert result.exit_code == 0
    assert len(lines(result)) == count
    if first:
        assert titles(result)[0].startswith(first)


def test_search_json_adds_score_and_highlighted_snippet(run):
    hits = json.loads(run("search", "Al-Nusra", "--format", "json").stdout)
    assert hits[0]["score"] > 0
    assert "**Al-Nusra**" in hits[0]["snippet"]


def test_search_with_filters_and_limit(run):
    assert len(lines(run("search", "Astana", "--since", "2017-02-16"))) == 2
    assert len(lines(run("search", "Astana", "--limit", "1"))) == 1


def test_search_nothing_found_exits_1(run):
    result = run("search", "Skripal")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "0 matches" in result.stderr


@pytest.mark.parametrize("query", ["NEAR(", '"', "(", "col:x", "OR OR", "*", "-", "^"])
def test_odd_queries_never_crash(run, query):
    result = run("search", query)
    assert result.exit_code in (0, 1, 2)
    assert "Traceback" not in result.output


def test_raw_query_passes_fts_syntax_and_reports_bad_syntax(run):
    assert len(lines(run("search", "--raw", "astana NOT lavrov"))) == 1
    result = run("search", "--raw", "NEAR(")
    assert result.exit_code == 2
    assert "invalid search query" in result.stderr


def test_show_by_prefix_text_json_markdown(run):
    uid = json.loads(run("list", "--format", "json").stdout)[-2]["id"]  # the lead interview
    text = run("show", uid[:4])
    assert text.exit_code == 0
    assert text.stdout.startswith("Deputy Foreign Minister Oleg Syromolotov’s interview")
    assert "date:    2017-02-13" in text.stdout and "kind:    interview" in text.stdout
    assert "\n\nOleg Syromolotov: You are absolutely right" in text.stdout
    data = json.loads(run("show", uid, "--format", "json").stdout)
    assert [i["id"] for i in data] == [uid]
    assert run("show", uid, "--format", "markdown").stdout.startswith("# Deputy Foreign Minister")


def test_show_unknown_and_short_ids(run):
    unknown = run("show", "ffffffff")
    assert unknown.exit_code == 1 and "no item with id 'ffffffff'" in unknown.stderr
    assert run("show", "ab").exit_code == 2


def test_stats_by_kind_and_day(run):
    by_kind = dict(line.split("\t") for line in lines(run("stats", "--by", "kind")))
    assert by_kind["comment"] == "4" and sum(map(int, by_kind.values())) == SEED_IDS
    by_day = [line.split("\t") for line in lines(run("stats", "--by", "day"))]
    assert by_day[0] == ["2017-02-13", "2"] and len(by_day) == 8  # the 13th to the 20th, none left out


def test_sources_lists_the_bundled_page(run):
    (line,) = lines(run("sources"))
    path, snapshot, items, warnings = line.split("\t")
    assert path.endswith("000_44ea932a387847fd.txt") and snapshot == "2017-02-20" and items == "11"


def test_stdin_and_mfa_data(run, tmp_path, monkeypatch):
    page = (tmp_path / "p.txt")
    page.write_text("01.03.2018 - Statement on something\n\nBody text.\n\nall messages\n")
    assert titles(run("--data", "-", "list", input=page.read_text())) == ["Statement on something"]
    monkeypatch.setenv("MFA_DATA", str(page))
    assert titles(run("list")) == ["Statement on something"]


def test_bad_arguments_are_usage_errors(run):
    for args in (["list", "--limit", "-1"], ["list", "--since", "blah"], ["list", "--since", "2017-02-30"],
                 ["list", "--format", "xml"], ["list", "--kind", "gossip"], ["search", ""],
                 ["--data", "/no/such/path", "list"]):
        result = run(*args)
        assert result.exit_code == 2, args
        assert "Traceback" not in result.output


def test_every_command_help_ends_with_examples(run):
    for command in ("list", "show", "search", "stats", "trend", "kwic", "cite", "similar", "sources", "index"):
        result = run(command, "--help")
        assert result.exit_code == 0
        assert "Examples:" in result.stdout and "mfa " in result.stdout.split("Examples:")[1]


def test_version(run):
    assert run("--version").stdout.startswith("mfa, version ")


# --- real processes, pipes and a terminal -------------------------------------------------------


def _env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if k not in ("MFA_DATA", "NO_COLOR", "FORCE_COLOR", "PAGER")}
    env.update(MFA_CACHE_DIR=str(tmp_path / "cache"), **extra)
    return env


def test_pipe_gets_plain_tsv(tmp_path):
    out = subprocess.run([sys.executable, "-m", "mfa_cli", "list"], capture_output=True, text=True,
                         env=_env(tmp_path), check=True)
    assert "\x1b" not in out.stdout and out.stderr == ""
    assert len(out.stdout.splitlines()) == SEED_IDS and out.stdout.count("\t") == 3 * SEED_IDS


def test_closed_pipe_is_quiet(tmp_path):
    out = subprocess.run(
        ["bash", "-c", f"'{sys.executable}' -m mfa_cli list | head -1; echo \"status=${{PIPESTATUS[0]}}\""],
        capture_output=True, text=True, env=_env(tmp_path),
    )
    assert out.stderr == ""
    assert out.stdout.splitlines()[-1] == "status=0"


def _on_terminal(tmp_path, *args, **env):
    """Run mfa under a pseudo-terminal and return what the terminal showed."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(sys.executable, [sys.executable, "-m", "mfa_cli", *args],
                  _env(tmp_path, COLUMNS="120", LINES="50", TERM="xterm-256color", **env))
    chunks = []
    while True:
        ready, _, _ = select.select([fd], [], [], 20)
        if not ready:
            break
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), b"".join(chunks).decode("utf-8", "replace")


def test_terminal_gets_a_coloured_table(tmp_path):
    code, screen = _on_terminal(tmp_path, "list", "--since", "2017-02-17")
    assert code == 0
    assert "\x1b[" in screen
    assert "Concept paper on the Joint Group" in screen
    assert "4 items" in screen


def test_terminal_no_color(tmp_path):
    code, screen = _on_terminal(tmp_path, "search", "Astana", NO_COLOR="1")
    assert code == 0 and "\x1b[3" not in screen and "Concept paper" in screen


def test_terminal_show_without_pager(tmp_path):
    code, screen = _on_terminal(tmp_path, "show", "--no-pager", "b0cae06")
    assert code == 0 and "Oleg Syromolotov" in screen and "2017-02-13" in screen


def test_show_completes_ids(tmp_path):
    env = _env(tmp_path, _MFA_COMPLETE="bash_complete", COMP_WORDS="mfa show b0", COMP_CWORD="2")
    out = subprocess.run([sys.executable, "-m", "mfa_cli"], capture_output=True, text=True, env=env)
    assert "b0cae06" in out.stdout


def test_too_long_a_query_or_date_is_never_a_traceback(run):
    assert run("list", "--since", "x" * 5000).exit_code == 2
    assert run("search", "astana " * 2000).exit_code in (0, 1)


def test_long_show_goes_through_the_pager_on_a_terminal(tmp_path):
    code, screen = _on_terminal(tmp_path, "show", "b0cae06", MFA_PAGER="head -3")
    assert code == 0 and "Syromolotov" in screen and "honest and open manner" not in screen
    code, screen = _on_terminal(tmp_path, "show", "b0cae06", MFA_PAGER="")
    assert code == 0 and "honest and open manner" in screen
