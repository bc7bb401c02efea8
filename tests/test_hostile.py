"""Hostile inputs, arguments, queries and faults: what a user of `mfa` sees when things go wrong.

Every file is made in tmp_path. Each case checks what the user sees: the exit code, a stderr that
names the file or argument and holds no traceback, the good items still listed, and the input
files byte for byte unchanged afterwards. Most cases run mfa as a real process
(`python -m mfa_cli`) with its own MFA_CACHE_DIR and NO_COLOR=1; the many small argument and
query cases use click's CliRunner, which is quicker.
"""
from __future__ import annotations

import hashlib
import json
import os
import random
import re
import shlex
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from hypothesis import example, given, settings
from hypothesis import strategies as st

from mfa_cli import store
from mfa_cli.cli import cli
from mfa_cli.corpus import entry_key, uid_of
from mfa_cli.errors import QueryError
from mfa_cli.query import to_fts

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
as_root_skip = pytest.mark.skipif(IS_ROOT, reason="root reads files whatever their permissions")

# --- pages --------------------------------------------------------------------------------------

HEADER = "20 February 2017\nMoscow: 01:23\nLondon: 22:23\n\nConsular queries:  \n+44 (0) 203 668 7474  \n\n\n\n"

GOOD_ENTRIES = [
    ("20.02.2017", "Sergey Lavrov’s answer to a media question on the sidelines of the Munich Security "
                   "Conference, February 18, 2017",
     "Question: How do you feel about the questions? Sergey Lavrov: They were predictable, given our "
     "Western colleagues’ fixation on seeing Russia as the only party responsible."),
    ("17.02.2017", "Concept paper on the Joint Group (Agreed on as the outcome of the International Meeting "
                   "on Syria in Astana, February 16. 2017)",
     "The Islamic Republic of Iran, the Russian Federation and the Republic of Turkey decide to establish "
     "the Joint Group as part of a trilateral mechanism."),
    ("16.02.2017", "Press release on Foreign Minister Sergey Lavrov’s talks with the UN Secretary General’s "
                   "Special Envoy for Syria Staffan de Mistura",
     "On February 16, Foreign Minister Sergey Lavrov held talks in Moscow with Staffan de Mistura ahead of "
     "the intra-Syrian talks in Geneva."),
    ("15.02.2017", "Briefing by Foreign Ministry Spokesperson Maria Zakharova, Moscow, February 15, 2017",
     "Maria Zakharova: On February 16, Moscow will host talks between Foreign Minister Sergey Lavrov and "
     "the UN Special Envoy for Syria."),
    ("13.02.2017", "Comment by the Foreign Ministry Press and Information Department on the North Korean "
                   "missile test",
     "We consider the North Korean missile test another demonstrative act of ignoring the UN Security "
     "Council resolutions. In this context, we cannot but express our regret and concern."),
]
GOOD_TITLES = {title for _, title, _ in GOOD_ENTRIES}

OTHER_ENTRIES = [
    ("10.01.2017", "Ambassador Yakovenko congratulates Ambassador Elliott",
     "Russian Ambassador Dr Alexander Yakovenko sent a message to Mr John Banks Elliott."),
    ("09.01.2017", "Statement by the Embassy on the anniversary of the Arctic convoys",
     "The Embassy honours the veterans of the Arctic convoys of the Second World War."),
]


def make_page(entries, *, header: str = HEADER) -> str:
    """A snapshot in the bundled page's layout: header, "DD.MM.YYYY - Title" entries, footer."""
    parts = [header]
    for date, title, body in entries:
        parts.append(f"{date} - {title}\n\n{body}\n\n")
    parts.append("all messages\n")
    return "".join(parts)


GOOD_PAGE = make_page(GOOD_ENTRIES)


# --- running mfa --------------------------------------------------------------------------------

_DROP_ENV = ("FORCE_COLOR", "PAGER", "COLUMNS", "LINES", "NO_COLOR")


def mfa_env(cache: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MFA_") and k not in _DROP_ENV}
    env.update(MFA_CACHE_DIR=str(cache), NO_COLOR="1", COLUMNS="200")
    env.update(extra)
    return env


def run_mfa(args, cache: Path, *, timeout: float = 30, **env) -> SimpleNamespace:
    """Run `python -m mfa_cli ARGS` to the end; stdout and stderr as text (bytes kept via surrogates)."""
    started = time.monotonic()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "mfa_cli", *map(str, args)], capture_output=True, timeout=timeout,
            env=mfa_env(cache, **env), stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"mfa {' '.join(map(str, args))!r} did not finish within {timeout} s")
    return SimpleNamespace(
        code=proc.returncode, out=proc.stdout.decode("utf-8", "surrogateescape"),
        err=proc.stderr.decode("utf-8", "surrogateescape"), elapsed=time.monotonic() - started,
    )


def invoke(args, cache: Path) -> SimpleNamespace:
    """The same through CliRunner, in process; an uncaught exception fails the test as a traceback would."""
    env = {"MFA_CACHE_DIR": str(cache), "NO_COLOR": "1", "MFA_DATA": None, "FORCE_COLOR": None}
    result = CliRunner().invoke(cli, [str(a) for a in args], env=env, catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        tb = "".join(traceback.format_exception(result.exception))
        pytest.fail(f"mfa {args!r} raised (the user would see a traceback):\n{tb}")
    return SimpleNamespace(code=result.exit_code, out=result.stdout, err=result.stderr)


def no_traceback(r) -> None:
    assert "Traceback" not in r.err, r.err
    assert "Traceback" not in r.out, r.out[:2000]


def items_of(r) -> list[dict]:
    assert r.code == 0, r.err
    return json.loads(r.out)


def titles_of(r) -> set[str]:
    return {i["title"] for i in items_of(r)}


# --- the input folder must not change -----------------------------------------------------------


def tree_state(folder: Path) -> dict[str, str]:
    """Every entry below `folder` (links not followed): sha256 of files, mode of folders, link targets."""
    state = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = os.path.join(root, name)
            rel = os.path.relpath(path, folder)
            st_ = os.lstat(path)
            if stat.S_ISLNK(st_.st_mode):
                state[rel] = "link -> " + os.readlink(path)
            elif stat.S_ISDIR(st_.st_mode):
                state[rel] = f"dir {stat.S_IMODE(st_.st_mode):o}"
            else:
                try:
                    with open(path, "rb") as handle:
                        digest = hashlib.sha256(handle.read()).hexdigest()
                except OSError:
                    digest = f"unreadable size={st_.st_size} mtime={st_.st_mtime_ns}"
                state[rel] = f"file {stat.S_IMODE(st_.st_mode):o} {digest}"
    return state


@contextmanager
def unchanged(*folders: Path):
    """Assert that nothing below `folders` was written, added, removed or re-permissioned."""
    before = [tree_state(f) for f in folders]
    yield
    assert [tree_state(f) for f in folders] == before, "mfa changed its input files"


# --- what may appear in output ------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # everything but \t and \n
_SGR = re.compile(r"\x1b\[[0-9;]*m")


def assert_plain(text: str, where: str) -> None:
    bad = sorted(set(_CONTROL.findall(text)))
    assert not bad, f"{where}: control characters {bad!r} in {text[:800]!r}"


# --- fixtures -----------------------------------------------------------------------------------


@pytest.fixture
def cache(tmp_path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def good_dir(tmp_path) -> Path:
    """A folder holding one good page."""
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_PAGE, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def small_archive(tmp_path_factory) -> Path:
    """One good page, for the many argument and query cases (never written to)."""
    folder = tmp_path_factory.mktemp("small") / "pages"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_PAGE, encoding="utf-8")
    return folder


_WORDS = ("syria astana geneva talks minister lavrov zakharova briefing ceasefire embassy sanctions "
          "cooperation security council resolution terrorism consular visa ukraine settlement").split()


def make_archive(folder: Path, total_bytes: int, *, seed: int) -> int:
    """Pages of unique dated items, at least `total_bytes` in all; returns the number of items."""
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    total = n_items = f = 0
    while total < total_bytes:
        entries = []
        for n in range(40):
            day = 1 + (f * 40 + n) % 28
            title = f"Statement {seed}-{f}-{n} on {rng.choice(_WORDS)} and {rng.choice(_WORDS)}"
            body = " ".join(rng.choice(_WORDS) for _ in range(250)) + "."
            entries.append((f"{day:02d}.02.2017", title, body))
        text = make_page(entries)
        (folder / f"page{f:04d}.txt").write_text(text, encoding="utf-8")
        total += len(text.encode())
        n_items += len(entries)
        f += 1
    return n_items


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> SimpleNamespace:
    """An archive just over the size mfa caches, and its `list --format json` without a cache."""
    root = tmp_path_factory.mktemp("big")
    data = root / "archive"
    n_items = make_archive(data, max(2_600_000, int(store.SMALL_INPUT_BYTES * 1.3)), seed=1)
    fresh = run_mfa(["--no-cache", "--data", data, "list", "--format", "json"], root / "unused-cache")
    assert fresh.code == 0 and "Traceback" not in fresh.err, fresh.err
    assert len(json.loads(fresh.out)) == n_items
    assert not (root / "unused-cache").exists(), "--no-cache wrote a cache"
    return SimpleNamespace(data=data, expected=fresh.out, n_items=n_items)


def only_cache_file(cache: Path) -> Path:
    found = sorted(cache.glob("index-*.sqlite"))
    assert len(found) == 1, f"expected one cache file in {cache}: {sorted(os.listdir(cache))}"
    return found[0]


# === inputs =====================================================================================


def test_binary_file_is_skipped_with_a_warning(good_dir, cache):
    (good_dir / "scan.pdf").write_bytes(b"%PDF-1.4\n\x00\x01\x02\xff\xfe binary \x00" * 100)
    with unchanged(good_dir):
        r = run_mfa(["--data", good_dir, "list", "--format", "json"], cache)
    no_traceback(r)
    assert r.code == 0
    assert "scan.pdf" in r.err and "binary" in r.err
    assert titles_of(r) == GOOD_TITLES


def test_cp1251_russian_page_is_read_with_a_warning(good_dir, cache):
    title = "Брифинг официального представителя МИД России М.В.Захаровой, Москва, 16 февраля 2017 года"
    body = "Вопрос: Как вы прокомментируете переговоры в Астане? Ответ: Переговоры прошли успешно."
    (good_dir / "russian.txt").write_bytes(make_page([("16.02.2017", title, body)]).encode("cp1251"))
    with unchanged(good_dir):
        r = run_mfa(["--data", good_dir, "list", "--format", "json"], cache)
    no_traceback(r)
    assert "russian.txt" in r.err and "cp1251" in r.err
    items = items_of(r)
    assert title in {i["title"] for i in items}
    assert GOOD_TITLES <= {i["title"] for i in items}
    russian = next(i for i in items if i["title"] == title)
    assert russian["date"] == "2017-02-16" and "Астане" in russian["body"]


def test_undecodable_bytes_become_replacement_characters(good_dir, cache):
    # 0x98 is undefined in cp1251 too, so no 8-bit reading fits: bytes are replaced, with a warning.
    raw = make_page([("16.02.2017", "Statement on the \x98\x98 forum", "Text \x98\xad\x98 of the statement.")])
    (good_dir / "garbled.txt").write_bytes(raw.encode("latin-1"))
    with unchanged(good_dir):
        r = run_mfa(["--data", good_dir, "list", "--format", "json"], cache)
    no_traceback(r)
    assert r.code == 0
    assert "garbled.txt" in r.err and "UTF-8" in r.err
    titles = titles_of(r)
    assert "Statement on the \ufffd\ufffd forum" in titles
    assert GOOD_TITLES <= titles


def test_latin1_page_is_not_read_as_cyrillic(good_dir, cache):
    title = "Déclaration conjointe à Genève sur la coopération"
    body = "Le ministre a rappelé l’importance du dialogue."
    (good_dir / "french.txt").write_bytes(make_page([("16.02.2017", title, body)]).encode("cp1252"))
    with unchanged(good_dir):
        r = run_mfa(["--data", good_dir, "list", "--format", "json"], cache)
    no_traceback(r)
    assert "french.txt" in r.err
    items = items_of(r)
    french = [i for i in items if i["title"] not in GOOD_TITLES]
    assert len(french) == 1
    # Either read as Latin-1/cp1252, or bytes replaced: never turned into Cyrillic letters.
    assert not re.search("[\u0400-\u04ff]", french[0]["title"] + french[0]["body"]), french[0]


def _variants() -> dict[str, bytes]:
    plain = GOOD_PAGE
    return {
        "bom": b"\xef\xbb\xbf" + plain.encode(),
        "crlf": plain.replace("\n", "\r\n").encode(),
        "cr": plain.replace("\n", "\r").encode(),
        "trailing-spaces": "\n".join(line + "  \t " for line in plain.split("\n")).encode(),
        "nbsp": plain.replace(" ", "\u00a0").encode(),
        "narrow-nbsp": plain.replace(" ", "\u202f").encode(),
        "figure-space": plain.replace(" - ", "\u2007-\u2007").encode(),
        "utf16-bom": plain.encode("utf-16"),
        "all-at-once": b"\xef\xbb\xbf"
        + "\r\n".join(line.replace(" ", "\u00a0") + " \u00a0" for line in plain.split("\n")).encode(),
    }


@pytest.fixture(scope="module")
def plain_items(tmp_path_factory) -> list[tuple]:
    root = tmp_path_factory.mktemp("plain")
    (root / "pages").mkdir()
    (root / "pages" / "page.txt").write_text(GOOD_PAGE, encoding="utf-8")
    r = run_mfa(["--data", root / "pages", "list", "--format", "json"], root / "cache")
    return [(i["id"], i["date"], i["title"], i["subtitle"], i["body"]) for i in items_of(r)]


@pytest.mark.parametrize("variant", sorted(_variants()))
def test_encoding_and_line_end_variants_give_the_same_items_and_ids(variant, tmp_path, cache, plain_items):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "page.txt").write_bytes(_variants()[variant])
    with unchanged(folder):
        r = run_mfa(["--data", folder, "list", "--format", "json"], cache)
    no_traceback(r)
    got = [(i["id"], i["date"], i["title"], i["subtitle"], i["body"]) for i in items_of(r)]
    assert got == plain_items
    assert len(got) == len(GOOD_ENTRIES)


@pytest.mark.parametrize("content", [b"", "This page says nothing.\nNo dates, no items.\n".encode(),
                                     b"\n\n\n   \n", HEADER.encode()],
                         ids=["empty", "prose", "blank-lines", "header-only"])
def test_files_without_items(content, tmp_path, cache):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "nothing.txt").write_bytes(content)
    (folder / "good.txt").write_text(GOOD_PAGE, encoding="utf-8")
    with unchanged(folder):
        alone = run_mfa(["--data", folder / "nothing.txt", "list", "--format", "json"], cache)
        both = run_mfa(["--data", folder, "list", "--format", "json"], cache)
        sources = run_mfa(["--data", folder, "sources", "--format", "json"], cache)
    for r in (alone, both, sources):
        no_traceback(r)
        assert r.code == 0, r.err
    assert json.loads(alone.out) == []
    assert titles_of(both) == GOOD_TITLES
    files = {Path(f["path"]).name: f for f in json.loads(sources.out)}
    assert files["nothing.txt"]["items"] == 0 and files["good.txt"]["items"] == len(GOOD_ENTRIES)


@pytest.fixture(scope="module")
def five_mb(tmp_path_factory) -> Path:
    """The good page, a bare 5 MB line (no line end at all), and a page whose body is a 5 MB line."""
    folder = tmp_path_factory.mktemp("five") / "pages"
    folder.mkdir()
    rng = random.Random(5)
    line = " ".join(rng.choice(_WORDS) for _ in range(800_000))[:5_000_000]
    assert len(line) == 5_000_000
    (folder / "good.txt").write_text(GOOD_PAGE, encoding="utf-8")
    (folder / "oneline.txt").write_text(line, encoding="utf-8")
    (folder / "longbody.txt").write_text(
        make_page([("18.02.2017", "Statement with a five megabyte paragraph", line)]), encoding="utf-8")
    return folder


def test_five_megabyte_single_line(five_mb, cache):
    with unchanged(five_mb):
        r = run_mfa(["--data", five_mb, "list", "--format", "json"], cache)
        again = run_mfa(["--data", five_mb, "list", "--format", "json"], cache)
        t = run_mfa(["--data", five_mb, "list", "--format", "tsv"], cache)
    for x in (r, again, t):
        no_traceback(x)
        assert x.code == 0, x.err
    assert again.out == r.out
    items = items_of(r)
    titles = {i["title"] for i in items}
    assert titles == GOOD_TITLES | {"Statement with a five megabyte paragraph"}
    long = next(i for i in items if i["title"] == "Statement with a five megabyte paragraph")
    assert len(long["body"]) >= 4_900_000
    assert len(t.out.splitlines()) == len(titles)


def test_search_in_a_five_megabyte_paragraph(five_mb, cache):
    with unchanged(five_mb):
        run_mfa(["--data", five_mb, "index"], cache)  # build first: time only the search
        s = run_mfa(["--data", five_mb, "search", "ceasefire", "--format", "tsv"], cache, timeout=10)
    no_traceback(s)
    assert s.code == 0 and "five megabyte" in s.out


def test_ten_thousand_character_title(good_dir, cache):
    title = "Statement on " + " ".join(f"topic{n}" for n in range(1500))
    assert len(title) > 10_000
    (good_dir / "longtitle.txt").write_text(
        make_page([("18.02.2017", title, "A short body.")]), encoding="utf-8")
    with unchanged(good_dir):
        r = run_mfa(["--data", good_dir, "list", "--format", "json"], cache)
        t = run_mfa(["--data", good_dir, "list", "--format", "tsv"], cache)
        s = run_mfa(["--data", good_dir, "search", "topic1499"], cache)
    for x in (r, t, s):
        no_traceback(x)
        assert x.code == 0, x.err
    # A heading line that long is a title run on into the text: the title is its first 1,000
    # characters or less, cut at a space, and the rest opens the body; nothing is lost.
    long = next(i for i in items_of(r) if i["title"].startswith("Statement on topic0 "))
    assert len(long["title"]) <= 1000 and title.startswith(long["title"])
    assert long["body"].startswith(title[len(long["title"]):].strip()) and long["body"].endswith("A short body.")
    assert GOOD_TITLES <= titles_of(r)
    assert any(line.endswith(long["title"]) for line in t.out.splitlines())  # tsv never truncates
    assert len(s.out.splitlines()) == 1


@pytest.mark.parametrize("wrapped", [False, True], ids=["one-line", "hard-wrapped"])
def test_two_hundred_thousand_word_paragraph(wrapped, good_dir, cache):
    rng = random.Random(200)
    words = [rng.choice(_WORDS) for _ in range(200_000)]
    if wrapped:
        paragraph = "\n".join(" ".join(words[k:k + 10]) for k in range(0, len(words), 10))
    else:
        paragraph = " ".join(words)
    (good_dir / "wordy.txt").write_text(
        make_page([("18.02.2017", "Statement with two hundred thousand words", paragraph + ".")]),
        encoding="utf-8")
    with unchanged(good_dir):
        r = run_mfa(["--data", good_dir, "list", "--format", "json"], cache)
        s = run_mfa(["--data", good_dir, "search", "ceasefire", "--limit", "1"], cache)
    for x in (r, s):
        no_traceback(x)
        assert x.code == 0, x.err
    items = items_of(r)
    wordy = next(i for i in items if i["title"] == "Statement with two hundred thousand words")
    assert len(wordy["body"].split()) == 200_000
    assert GOOD_TITLES <= {i["title"] for i in items}


def test_impossible_dates_in_headings(good_dir, cache):
    bad = [("31.02.2017", "Ambassador’s greetings on the Defender of the Fatherland Day",
            "Dear veterans, I congratulate you."),
           ("99.99.9999", "Statement dated ninety-nine", "Text of the statement."),
           ("00.00.0000", "Statement dated zero", "Text of the statement.")]
    text = make_page(bad + [("01.03.2017", "Embassy greets the Maslenitsa festival", "Thousands came.")])
    (good_dir / "dates.txt").write_text(text, encoding="utf-8")
    lines = text.split("\n")
    with unchanged(good_dir):
        r = run_mfa(["--data", good_dir, "list", "--format", "json"], cache)
    no_traceback(r)
    assert r.code == 0
    items = {i["title"]: i for i in items_of(r)}
    for date, title, _ in bad:
        number = lines.index(f"{date} - {title}") + 1
        warning = [w for w in r.err.splitlines() if "dates.txt" in w and date in w]
        assert warning and f"line {number}" in warning[0], r.err
        assert title not in items or items[title]["date"] is None
    assert items["Embassy greets the Maslenitsa festival"]["date"] == "2017-03-01"
    assert GOOD_TITLES <= set(items)


def test_folders_are_read_recursively(tmp_path, cache):
    deep = tmp_path / "pages" / "2017" / "02" / "london"
    deep.mkdir(parents=True)
    (tmp_path / "pages" / "top.txt").write_text(GOOD_PAGE, encoding="utf-8")
    (deep / "deep.txt").write_text(make_page(OTHER_ENTRIES), encoding="utf-8")
    with unchanged(tmp_path / "pages"):
        r = run_mfa(["--data", tmp_path / "pages", "list", "--format", "json"], cache)
    no_traceback(r)
    assert titles_of(r) == GOOD_TITLES | {t for _, t, _ in OTHER_ENTRIES}


def test_symlink_loops_terminate(tmp_path, cache):
    folder = tmp_path / "pages"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text(GOOD_PAGE, encoding="utf-8")
    (folder / "sub" / "other.txt").write_text(make_page(OTHER_ENTRIES), encoding="utf-8")
    os.symlink(folder, folder / "link")  # pages/link -> pages
    os.symlink(folder, folder / "sub" / "up")  # pages/sub/up -> pages
    os.symlink("self.txt", folder / "self.txt")  # a link to itself
    os.symlink("gone.txt", folder / "dangling.txt")
    with unchanged(folder):
        r = run_mfa(["--data", folder, "list", "--format", "json"], cache, timeout=30)
    no_traceback(r)
    assert r.code == 0
    items = items_of(r)
    ids = [i["id"] for i in items]
    assert len(ids) == len(set(ids)), "an item was listed twice through a link"
    assert {i["title"] for i in items} == GOOD_TITLES | {t for _, t, _ in OTHER_ENTRIES}
    assert "self.txt" in r.err  # the self-link cannot be read: say so


@contextmanager
def chmod_000(path: Path):
    mode = stat.S_IMODE(path.stat().st_mode)
    path.chmod(0)
    try:
        yield
    finally:
        path.chmod(mode)


@as_root_skip
def test_unreadable_file_is_skipped_with_a_warning(good_dir, cache):
    secret = good_dir / "secret.txt"
    secret.write_text(make_page(OTHER_ENTRIES), encoding="utf-8")
    with chmod_000(secret), unchanged(good_dir):
        r = run_mfa(["--data", good_dir, "list", "--format", "json"], cache)
    no_traceback(r)
    assert r.code == 0
    assert "secret.txt" in r.err
    assert titles_of(r) == GOOD_TITLES


@as_root_skip
def test_unreadable_folder_is_skipped_with_a_warning(good_dir, cache):
    locked = good_dir / "locked"
    locked.mkdir()
    (locked / "other.txt").write_text(make_page(OTHER_ENTRIES), encoding="utf-8")
    with chmod_000(locked), unchanged(good_dir):
        r = run_mfa(["--data", good_dir, "list", "--format", "json"], cache)
    no_traceback(r)
    assert r.code == 0
    assert "locked" in r.err
    assert titles_of(r) == GOOD_TITLES


def test_missing_path_is_a_usage_error_naming_it(good_dir, cache):
    missing = good_dir.parent / "no-such-folder"
    with unchanged(good_dir):
        r = run_mfa(["--data", good_dir, "--data", missing, "list"], cache)
    no_traceback(r)
    assert r.code == 2
    assert str(missing) in r.err
    assert len(r.err.strip().splitlines()) == 1, r.err


def test_file_name_that_is_not_utf8(good_dir, cache):
    with open(os.path.join(os.fsencode(good_dir), b"caf\xe9.txt"), "w", encoding="utf-8") as handle:
        handle.write(make_page(OTHER_ENTRIES))
    with unchanged(good_dir):
        r = run_mfa(["--data", good_dir, "list", "--format", "json"], cache)
        s = run_mfa(["--data", good_dir, "sources"], cache)
    no_traceback(r)
    no_traceback(s)
    assert r.code == 0 and s.code == 0
    assert GOOD_TITLES <= titles_of(r)
    assert "caf" in s.out


# === hostile text ===============================================================================

TITLE_MARKUP = ("[bold red]x[/] Briefing by Ambassador Ivan Petrov \x1b[31mRED\x1b[0m "
                "[link=http://e.com]y[/link] :smile:")
TITLE_CONTROLS = ("Statement on \x1b]0;pwned\x07 window titles \x1b]8;;http://evil.example/\x07click"
                  "\x1b]8;;\x07 bell\x07 back\x08space \x9b31mcsi \x7fdel")
BODY_HOSTILE = ("Ivan Petrov: [bold red]x[/] [link=http://e.com]y[/link] :smile: hostile \x1b[2J\x1b[31mred"
                "\x1b[0m \x1b]0;title\x07 ring\x07 back\x08space carriage\rreturn hostile "
                "\x1b]8;;http://evil.example/\x1b\\linktext\x1b]8;;\x1b\\ end.")
# Sequences the page injects; none may reach the user as written.
INJECTED = ("\x1b[31mRED", "\x1b[2J", "\x1b]0;", "\x1b]8;;", "\x07", "\x08", "\r", "\x9b", "\x7f")
EVIL_FILE = "evil\x1b]0;pwned\x07\x1b[31m.txt"
EVIL_BINARY = "bin\x1b[2J\x08.dat"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> SimpleNamespace:
    root = tmp_path_factory.mktemp("hostile")
    folder = root / "pages"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_PAGE, encoding="utf-8")
    page = make_page([("21.02.2017", TITLE_MARKUP, BODY_HOSTILE),
                      ("21.02.2017", TITLE_CONTROLS, "Another hostile text \x1b[5mblink\x1b[0m."),
                      ("31.02.2017", "Impossible date so that a warning names this file", "Text.")])
    (folder / EVIL_FILE).write_text(page, encoding="utf-8")
    (folder / EVIL_BINARY).write_bytes(b"\x00\x01binary\x00")
    state = tree_state(folder)
    listing = run_mfa(["--data", folder, "list", "--format", "json"], root / "cache")
    # The first run reads every file, so it warns about both hostile files: by cleaned names.
    assert "evil]0;pwned[31m.txt" in listing.err and "bin[2J.dat" in listing.err, listing.err
    assert_plain(listing.err, "first run's stderr")
    items = {i["title"]: i for i in items_of(listing)}
    yield SimpleNamespace(folder=folder, cache=root / "cache", items=items,
                          markup_id=items[TITLE_MARKUP]["id"], controls_id=items[TITLE_CONTROLS]["id"])
    assert tree_state(folder) == state, "mfa changed its input files"


def test_hostile_text_is_data_in_json(hostile):
    # json.loads gives back exactly what the page holds; the raw output carries no control bytes.
    assert TITLE_MARKUP in hostile.items and TITLE_CONTROLS in hostile.items
    assert "\x1b[2J" in hostile.items[TITLE_MARKUP]["body"]
    paths = {s["path"] for i in hostile.items.values() for s in i["sources"]}
    assert any(p.endswith(EVIL_FILE) for p in paths)
    for args in (["list", "--format", "json"], ["list", "--format", "jsonl"],
                 ["show", hostile.markup_id, "--format", "json"], ["search", "hostile", "--format", "json"],
                 ["sources", "--format", "json"], ["stats", "--by", "person", "--format", "json"]):
        r = run_mfa(["--data", hostile.folder, *args], hostile.cache)
        no_traceback(r)
        assert r.code == 0, (args, r.err)
        assert not re.search(r"[\x00-\x08\x0b-\x1f]", r.out), (args, r.out[:500])
        if args[-1] == "jsonl":
            [json.loads(line) for line in r.out.splitlines()]
        else:
            json.loads(r.out)
    sources = json.loads(run_mfa(["--data", hostile.folder, "sources", "--format", "json"], hostile.cache).out)
    assert EVIL_FILE in {Path(s["path"]).name for s in sources}


PLAIN_COMMANDS = {
    "list-tsv": ["list", "--format", "tsv"],
    "list-csv": ["list", "--format", "csv"],
    "list-ids": ["list", "--format", "ids"],
    "show-text": ["show", "{markup}", "{controls}"],
    "show-markdown": ["show", "{markup}", "{controls}", "--format", "markdown"],
    "search-tsv": ["search", "hostile"],
    "search-csv": ["search", "hostile", "--format", "csv"],
    "search-title": ["search", "pwned OR bell OR smile"],
    "stats-person": ["stats", "--by", "person"],
    "stats-person-csv": ["stats", "--by", "person", "--format", "csv"],
    "sources-tsv": ["sources"],
    "sources-csv": ["sources", "--format", "csv"],
    "sources-excel": ["sources", "--format", "excel"],
    "list-excel": ["list", "--format", "excel"],
}


def _fill(args, hostile):
    return [a.format(markup=hostile.markup_id, controls=hostile.controls_id) for a in args]



@pytest.mark.parametrize("name", sorted(PLAIN_COMMANDS))
def test_hostile_text_in_plain_output(name, hostile):
    # --no-cache: every run reads the files again, so the warnings come too.
    r = run_mfa(["--no-cache", "--data", hostile.folder, *_fill(PLAIN_COMMANDS[name], hostile)], hostile.cache)
    no_traceback(r)
    assert r.code == 0, r.err
    assert r.out.strip()
    assert_plain(r.out, f"{name} stdout")
    assert_plain(r.err, f"{name} stderr")
    # the warnings name both hostile files, cleaned
    assert "evil]0;pwned[31m.txt" in r.err and "bin[2J.dat" in r.err, r.err
    if name.startswith(("list", "show", "search-tsv", "search-csv")) and name != "list-ids":
        assert "[bold red]x[/]" in r.out and "[link=http://e.com]y[/link]" in r.out and ":smile:" in r.out


COLOUR_COMMANDS = {  # in a pipe colour never changes the format: tables are asked for
    "list": ["list", "--format", "table"],
    "show": ["show", "{markup}", "{controls}"],
    "search": ["search", "hostile", "--format", "table"],
    "stats-person": ["stats", "--by", "person", "--format", "table"],
    "sources": ["sources", "--format", "table"],
}


@pytest.mark.parametrize("name", sorted(COLOUR_COMMANDS))
def test_hostile_text_with_colour_forced(name, hostile):
    r = run_mfa(["--no-cache", "--color", "always", "--data", hostile.folder,
                 *_fill(COLOUR_COMMANDS[name], hostile)], hostile.cache)
    no_traceback(r)
    assert r.code == 0, r.err
    for stream in (r.out, r.err):
        assert "\x1b]" not in stream and "\x07" not in stream, stream[:800]
        for seq in INJECTED:
            assert seq not in stream, (seq, stream[:800])
        assert "\x1b" not in _SGR.sub("", stream), "only mfa's own colour codes may be escapes"
    assert "\x1b[" in r.out, "--color always should colour"
    assert "evil]0;pwned[31m.txt" in r.err and "bin[2J.dat" in r.err, r.err
    if name in ("list", "show", "search"):
        assert "[bold red]x[/]" in r.out and "[link=http://e.com]y[/link]" in r.out and ":smile:" in r.out
        assert "😄" not in r.out


@pytest.mark.parametrize("arg", ["nope\x1b]0;pwned\x07", "nope\x1b[31m\x08\r"])
def test_hostile_path_in_error_message(arg, tmp_path, cache):
    r = run_mfa(["--data", tmp_path / arg, "list"], cache)
    no_traceback(r)
    assert r.code == 2
    assert "nope" in r.err
    assert_plain(r.err, "stderr")


@pytest.mark.parametrize("args", [
    ["list", "--since", "\x1b]0;x\x07"], ["list", "--format", "\x1b[31mtsv"], ["list", "--kind", "\x1b[2J"],
    ["list", "--limit", "\x07"], ["show", "\x1b[31mabcd"], ["search", "\x1b]0;x\x07\x08"],
    ["stats", "--by", "\x1b[31m"], ["search", "--raw", "NEAR(\x1b[31m"],
], ids=["since", "format", "kind", "limit", "show", "search", "stats-by", "raw"])
def test_hostile_argument_in_error_message(args, small_archive, cache):
    r = run_mfa(["--data", small_archive, *args], cache)
    no_traceback(r)
    assert r.code in (1, 2), r.err
    assert r.err.strip()
    assert_plain(r.err, "stderr")
    assert_plain(r.out, "stdout")


# === arguments ==================================================================================

BAD_ARGUMENTS = {
    # name: (args, exit code, text the one message must contain)
    "negative-limit": (["list", "--limit", "-1"], 2, "--limit"),
    "negative-search-limit": (["search", "Syria", "--limit", "-5"], 2, "--limit"),
    "impossible-iso-date": (["list", "--since", "2017-02-30"], 2, "2017-02-30"),
    "impossible-dotted-date": (["list", "--until", "31.02.2017"], 2, "31.02.2017"),
    "unreadable-date": (["list", "--on", "blah"], 2, "blah"),
    "unknown-format": (["list", "--format", "xml"], 2, "--format"),
    "unknown-kind": (["list", "--kind", "gossip"], 2, "--kind"),
    "unknown-stats-by": (["stats", "--by", "century"], 2, "--by"),
    "empty-query": (["search", ""], 2, "search"),
    "blank-query": (["search", "   "], 2, "search"),
    "unknown-id": (["show", "ffffffff"], 1, "ffffffff"),
    "too-short-id": (["show", "ab"], 2, "'ab'"),
    "not-hex-id": (["show", "zz"], (1, 2), "'zz'"),
}
MFA_ONE_LINERS = {"empty-query", "blank-query", "unknown-id", "too-short-id", "not-hex-id"}


@pytest.mark.parametrize("name", sorted(set(BAD_ARGUMENTS) - {"too-short-id"}))
def test_bad_argument(name, small_archive, cache):
    args, code, named = BAD_ARGUMENTS[name]
    r = invoke(["--data", small_archive, *args], cache)
    assert r.code in (code if isinstance(code, tuple) else (code,)), (r.code, r.err)
    assert named in r.err, r.err
    assert "error" in r.err.lower()
    assert r.out == ""


def test_too_short_id_is_a_usage_error(small_archive, cache):
    r = invoke(["--data", small_archive, "show", "ab"], cache)
    assert r.code == 2, (r.code, r.err)
    assert "'ab'" in r.err and len(r.err.strip().splitlines()) == 1


@pytest.mark.parametrize("name", sorted(MFA_ONE_LINERS - {"too-short-id"}))
def test_bad_argument_is_one_line(name, small_archive, cache):
    args, _, _ = BAD_ARGUMENTS[name]
    r = invoke(["--data", small_archive, *args], cache)
    assert len(r.err.strip().splitlines()) == 1, r.err


@pytest.mark.parametrize("name", sorted(set(BAD_ARGUMENTS) - MFA_ONE_LINERS))
def test_click_usage_error_is_one_line(name, small_archive, cache):
    args, _, _ = BAD_ARGUMENTS[name]
    r = invoke(["--data", small_archive, *args], cache)
    assert len(r.err.strip().splitlines()) == 1, r.err


def _colliding_titles() -> tuple[str, str]:
    """Two titles whose items' ids (on 20.02.2017, no sub-heading) share their first 4 hex digits."""
    import datetime as dt

    seen: dict[str, str] = {}
    for n in range(100_000):
        title = f"Embassy notice number {n}"
        head = uid_of(entry_key(dt.date(2017, 2, 20), title, None))[:4]
        if head in seen:
            return seen[head], title
        seen[head] = title
    raise AssertionError("no collision")


def test_ambiguous_id_prefix(tmp_path, cache):
    first, second = _colliding_titles()
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "page.txt").write_text(make_page([("20.02.2017", first, "Text of the first notice."),
                                                ("20.02.2017", second, "Text of the second notice.")]))
    with unchanged(folder):
        listed = run_mfa(["--data", folder, "list", "--format", "json"], cache)
        ids = sorted(i["id"] for i in items_of(listed))
        assert len(ids) == 2 and ids[0][:4] == ids[1][:4], ids
        r = run_mfa(["--data", folder, "show", ids[0][:4]], cache)
        whole = run_mfa(["--data", folder, "show", ids[0]], cache)
    no_traceback(r)
    assert r.code == 2
    assert "ambiguous" in r.err and ids[0][:4] in r.err
    assert ids[0] in r.err and ids[1] in r.err  # the message lists the candidates
    assert len(r.err.strip().splitlines()) == 1, r.err
    assert r.out == ""
    assert whole.code == 0 and whole.out.count("Embassy notice number") == 1


# === queries ====================================================================================

QUERIES = ["*", "NEAR(", '"', "'", "(", "-", "^", "col:x", "OR OR", "AND", "NOT x", '"de Mistura', "a OR",
           ")", "{x}", "NEAR(a b)", "title:Syria", "Syria AND", "OR Syria", "Syria -", "***",
           '""', "a*b", "Al-Nusra", "U.S.", "\\", "%", "\x00", "Syria NOT", "( Syria )", "+Syria", "Syria --"]


@pytest.mark.parametrize("query", QUERIES, ids=[repr(q) for q in QUERIES])
def test_queries_never_crash(query, small_archive, cache):
    r = invoke(["--data", small_archive, "search", query], cache)
    assert r.code in (0, 1, 2), (r.code, r.err)
    lines = r.err.strip().splitlines()
    assert len(lines) <= 1 and all(len(line) < 200 for line in lines), r.err
    if r.code == 2:
        assert lines and lines[0].startswith("mfa: error:"), r.err
    assert_plain(r.out, "stdout")


def test_excluded_word_from_the_help_example(small_archive, cache):
    r = invoke(["--data", small_archive, "search", "Syria", "-Astana", "--kind", "comment"], cache)
    assert r.code in (0, 1), r.err
    assert "Astana" not in r.out


def test_raw_malformed_query_is_a_usage_error(small_archive, cache):
    r = run_mfa(["--data", small_archive, "search", "--raw", "NEAR("], cache)
    no_traceback(r)
    assert r.code == 2
    assert r.err.startswith("mfa: error:") and "NEAR(" in r.err
    assert len(r.err.strip().splitlines()) == 1, r.err
    assert r.out == ""


@pytest.fixture(scope="module")
def fts_db():
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE docs USING fts5 (title, body, "
               "tokenize='porter unicode61 remove_diacritics 2')")
    db.executemany("INSERT INTO docs VALUES (?, ?)", [
        ("Talks on Syria in Astana", "Staffan de Mistura met Sergey Lavrov."),
        ("Al-Nusra and the U.S.", "Resolution 2254 of the UN Security Council, café."),
    ])
    yield db
    db.close()


_PIECES = st.sampled_from([
    "OR", "AND", "NOT", "NEAR", "NEAR(", '"', "'", "(", ")", "*", "-", "+", "^", ":", "col:x", "title:",
    "{x}", "|", "&", "a", "b", "Syria", "x*", "-y", '"de Mistura"', "Al-Nusra", "U.S.", "2254", "café",
    "Жук", "\x00", "\u200b", "_", "\\", ",", "；", "ǅ", "\ufffd", "",
])
_QUERY_TEXT = st.one_of(
    st.text(max_size=40),
    st.lists(_PIECES, max_size=8).map(" ".join),
    st.lists(_PIECES, max_size=8).map("".join),
    st.lists(st.one_of(_PIECES, st.text(max_size=4)), max_size=6).map(" ".join),
)


def _check_fts(db, text: str) -> None:
    try:
        expression = to_fts(text)
    except QueryError:
        return
    try:
        db.execute("SELECT rowid FROM docs WHERE docs MATCH ?", (expression,)).fetchall()
    except sqlite3.OperationalError as exc:
        raise AssertionError(f"to_fts({text!r}) = {expression!r}, which FTS5 rejects: {exc}") from None


@settings(max_examples=500, deadline=None, database=None)
@given(text=_QUERY_TEXT)
@example(text="0\x00")
def test_to_fts_gives_valid_fts5_or_a_query_error(fts_db, text):
    _check_fts(fts_db, text)


@settings(max_examples=500, deadline=None, database=None)
@given(text=_QUERY_TEXT.map(lambda t: t.replace("\x00", "")))
def test_to_fts_without_nul_gives_valid_fts5_or_a_query_error(fts_db, text):
    # The same property where a NUL cannot occur (no shell can pass one in an argument).
    _check_fts(fts_db, text)


# === faults =====================================================================================


def _random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(3).randbytes(path.stat().st_size))


def _truncate_half(path: Path) -> None:
    with open(path, "r+b") as handle:
        handle.truncate(path.stat().st_size // 2)


def _foreign_sqlite(path: Path) -> None:
    for side in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if side.exists():
            side.unlink()
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    db.executemany("INSERT INTO notes (text) VALUES (?)", [("someone else's data",)] * 100)
    db.commit()
    db.close()


def _foreign_with_our_tables(path: Path) -> None:
    # Looks like ours at a glance (a `files` table), but without our application id.
    for side in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if side.exists():
            side.unlink()
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE files (id INTEGER PRIMARY KEY, path TEXT)")
    db.execute("PRAGMA user_version = 3")
    db.commit()
    db.close()


CORRUPTIONS = {"random-bytes": _random_bytes, "truncated-half": _truncate_half,
               "foreign-sqlite": _foreign_sqlite, "foreign-with-files-table": _foreign_with_our_tables}


@pytest.mark.parametrize("name", sorted(CORRUPTIONS))
def test_corrupt_cache_is_rebuilt_with_a_warning(name, big, cache):
    with unchanged(big.data):
        first = run_mfa(["--data", big.data, "list", "--format", "json"], cache)
        assert first.code == 0 and first.out == big.expected, first.err
        target = only_cache_file(cache)
        CORRUPTIONS[name](target)
        second = run_mfa(["--data", big.data, "list", "--format", "json"], cache)
        third = run_mfa(["--data", big.data, "list", "--format", "json"], cache)
    no_traceback(second)
    assert second.code == 0, second.err
    assert "warning" in second.err and "cache" in second.err, second.err
    assert second.out == big.expected
    assert third.code == 0 and third.out == big.expected and third.err == "", third.err


def test_cache_dir_that_is_a_file(big, tmp_path):
    not_a_dir = tmp_path / "cachefile"
    not_a_dir.write_text("I am a file")
    with unchanged(big.data):
        r = run_mfa(["--data", big.data, "list", "--format", "json"], not_a_dir)
        below = run_mfa(["--data", big.data, "list", "--format", "json"], not_a_dir / "sub")
    for x in (r, below):
        no_traceback(x)
        assert x.code == 0, x.err
        assert "warning" in x.err and "cache" in x.err, x.err
        assert x.out == big.expected
    assert not_a_dir.read_text() == "I am a file"


@as_root_skip
def test_read_only_cache_dir(big, tmp_path):
    ro = tmp_path / "ro-cache"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        with unchanged(big.data):
            r = run_mfa(["--data", big.data, "list", "--format", "json"], ro)
    finally:
        ro.chmod(0o755)
    no_traceback(r)
    assert r.code == 0, r.err
    assert "warning" in r.err and "cache" in r.err, r.err
    assert r.out == big.expected


def test_four_processes_on_a_cold_cache(big, cache):
    args = [sys.executable, "-m", "mfa_cli", "--data", str(big.data), "list", "--format", "json"]
    with unchanged(big.data):
        procs = [subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  stdin=subprocess.DEVNULL, env=mfa_env(cache)) for _ in range(4)]
        results = []
        for p in procs:
            try:
                out, err = p.communicate(timeout=60)
            except subprocess.TimeoutExpired:
                for q in procs:
                    q.kill()
                pytest.fail("concurrent mfa processes did not finish within 60 s")
            results.append((p.returncode, out.decode(), err.decode()))
    for code, out, err in results:
        assert "Traceback" not in err, err
        assert code == 0, err
        assert out == big.expected
    again = run_mfa(["--data", big.data, "list", "--format", "json"], cache)
    assert again.code == 0 and again.out == big.expected and again.err == ""


@pytest.fixture(scope="module")
def huge(tmp_path_factory) -> SimpleNamespace:
    """An archive whose first build takes a few seconds, to interrupt."""
    root = tmp_path_factory.mktemp("huge")
    data = root / "archive"
    n_items = make_archive(data, max(12_000_000, int(store.SMALL_INPUT_BYTES * 6)), seed=2)
    return SimpleNamespace(data=data, n_items=n_items)


def test_sigint_during_a_long_build(huge, cache):
    with unchanged(huge.data):
        proc = subprocess.Popen([sys.executable, "-m", "mfa_cli", "--data", str(huge.data), "index"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                env=mfa_env(cache))
        started = time.monotonic()
        # About 0.5 s in, once the build has begun (the cache file exists); at the latest after 1.5 s.
        while proc.poll() is None and time.monotonic() - started < 1.5:
            if time.monotonic() - started >= 0.5 and list(cache.glob("index-*.sqlite")):
                break
            time.sleep(0.02)
        assert proc.poll() is None, "the build finished before it could be interrupted; make `huge` bigger"
        proc.send_signal(signal.SIGINT)
        try:
            out, err = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            pytest.fail("mfa did not stop within 30 s of SIGINT")
        err = err.decode()
        assert "Traceback" not in err, err
        assert proc.returncode == 130, (proc.returncode, err)
        assert "interrupted" in err
        after = run_mfa(["--data", huge.data, "index"], cache, timeout=60)
        ids = run_mfa(["--data", huge.data, "list", "--format", "ids"], cache)
        fresh = run_mfa(["--no-cache", "--data", huge.data, "list", "--format", "ids"], cache, timeout=60)
    no_traceback(after)
    assert after.code == 0 and after.out.startswith(f"{huge.n_items} items from"), after.out + after.err
    assert ids.code == 0 and ids.out == fresh.out and len(ids.out.splitlines()) == huge.n_items


@pytest.mark.parametrize("fmt", ["tsv", "json"])
def test_closed_pipe_ends_quietly(fmt, big, cache, tmp_path):
    err_file = tmp_path / "mfa.err"
    command = (f"set +o pipefail; {shlex.quote(sys.executable)} -m mfa_cli --data {shlex.quote(str(big.data))} "
               f"list --format {fmt} 2>{shlex.quote(str(err_file))} | head -1; "
               'echo "mfa-status=${PIPESTATUS[0]}"')
    with unchanged(big.data):
        proc = subprocess.run(["bash", "-c", command], capture_output=True, timeout=60, env=mfa_env(cache),
                              stdin=subprocess.DEVNULL)
    lines = proc.stdout.decode().splitlines()
    assert lines[-1] == "mfa-status=0", (lines[-1:], err_file.read_text())
    assert err_file.read_text() == ""
    assert len(lines) == 2 and lines[0]
