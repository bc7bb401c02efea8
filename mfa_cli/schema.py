"""How the index is stored: the SQLite schema, its version, and the helpers both sides share.

Items point at the entry whose text they show (`body_entry`), and the full-text table reads its
columns through the `item_text` view, so no text is stored twice. What the full-text table indexes
is each text's stemmed shadow (lang.shadow: Cyrillic words stemmed, token for token), so rows are
added and deleted with `fts_rows`, never with the view's text directly.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from .sources import InputFile

SHORT_ID = 7

SCHEMA_VERSION = 10  # bump whenever what is stored, or how, changes
APPLICATION_ID = 0x6D666121  # "mfa!": tells our cache files from any other SQLite file
# Title matches count ten times a body match, sub-headings five, names two, and words found only in an
# item's earlier wordings half (columns in FTS order).
RANK = "bm25(items_fts, 10.0, 5.0, 1.0, 2.0, 0.5)"
HIGHLIGHT = ("\x02", "\x03")  # private markers around matched words; renderers style them
# Lists are stored joined by separators that page text and paths never carry (control characters
# are removed from them first), which spares every run the import of json.
_UNIT, _RECORD = "\x1f", "\x1e"


def _join(values: Iterable[str]) -> str:
    values = tuple(values)
    joined = _UNIT.join(values)
    if _RECORD in joined or joined.count(_UNIT) != len(values) - 1:  # rare: a value holds a separator
        return _UNIT.join(v.replace(_UNIT, " ").replace(_RECORD, " ") for v in values)
    return joined


def _split(text: str | None) -> list[str]:
    return text.split(_UNIT) if text else []


def manifest(files: Sequence[InputFile]) -> str:
    """A digest of the file list with each file's size and mtime: equal digests, same files."""
    from _blake2 import blake2b  # built in, and four times as fast as SHA-1 here
    from array import array

    if not files:
        return ""
    paths, sizes, mtimes = zip(*files)
    digest = blake2b("\0".join(paths).encode("utf-8", "surrogateescape"), digest_size=20)
    digest.update(array("q", sizes).tobytes())
    digest.update(array("q", mtimes).tobytes())
    return digest.hexdigest()


def _chunks(values: Sequence, size: int = 500):
    """Slices small enough for SQLite's limit on bound parameters."""
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _marks(values: Sequence) -> str:
    return ",".join("?" * len(values))


def stored_path(path: str) -> str:
    """A path as the index keeps and shows it: undecodable bytes of a file name as \\xNN escapes.

    Each path gets its own name: a name with undecodable bytes, or one that already holds the
    text "\\x", has its backslashes escaped too (\\x5c), so `bad\\xff.txt` the literal name and
    `bad<byte ff>.txt` are never stored alike.
    """
    try:
        path.encode("utf-8")
        if "\\x" not in path:
            return path
    except UnicodeEncodeError:
        pass
    return "".join("\\x5c" if c == "\\" else f"\\x{ord(c) - 0xDC00:02x}" if "\udc80" <= c <= "\udcff" else c
                   for c in path)


_SCHEMA = f"""
PRAGMA application_id = {APPLICATION_ID};
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE files (
    id INTEGER PRIMARY KEY, path TEXT UNIQUE NOT NULL, size INTEGER, mtime_ns INTEGER,
    snapshot TEXT, entries INTEGER, warnings TEXT, seen TEXT, estimated INTEGER, site TEXT
);
CREATE INDEX files_warned ON files (path) WHERE warnings != '';
CREATE TABLE entries (
    id INTEGER PRIMARY KEY, file_id INTEGER NOT NULL, line INTEGER, date TEXT, title TEXT,
    subtitle TEXT, body TEXT, complete INTEGER, title_cut INTEGER, key TEXT, tkey TEXT, rkey TEXT,
    tgt TEXT, role INTEGER, opening INTEGER
);
CREATE INDEX entries_file ON entries (file_id);
CREATE INDEX entries_rkey ON entries (rkey);
CREATE INDEX entries_tkey ON entries (tkey);
CREATE INDEX entries_date ON entries (date, title_cut);
CREATE INDEX entries_opening ON entries (opening) WHERE opening IS NOT NULL;
CREATE TABLE items (
    rowid INTEGER PRIMARY KEY, uid TEXT UNIQUE NOT NULL, sid TEXT, key TEXT UNIQUE NOT NULL,
    date TEXT, title TEXT, subtitle TEXT, body_entry INTEGER, kind TEXT, people TEXT,
    people_fold TEXT, speakers TEXT, speakers_fold TEXT, complete INTEGER, sources TEXT, first_source TEXT,
    first_seen TEXT, last_seen TEXT, versions INTEGER, history TEXT, removed TEXT, inserted TEXT,
    language TEXT, site TEXT
);
CREATE INDEX items_order ON items (date, first_source);
-- Every spelling of a name items carry, how many items carry it, and the form it is shown as.
CREATE TABLE names (raw TEXT PRIMARY KEY, n INTEGER NOT NULL, canonical TEXT);
CREATE INDEX items_changed ON items (key) WHERE versions > 1 OR removed IS NOT NULL OR inserted IS NOT NULL;
CREATE VIEW item_text (rowid, title, subtitle, body, people, history) AS
    SELECT items.rowid, items.title, items.subtitle, entries.body, items.people, items.history
    FROM items JOIN entries ON entries.id = items.body_entry;
CREATE VIRTUAL TABLE items_fts USING fts5 (
    title, subtitle, body, people, history, content='item_text', content_rowid='rowid',
    tokenize='porter unicode61 remove_diacritics 2'
);
-- Words held in memory before FTS5 writes them out: 16 MB rather than 1 MB writes fewer, larger
-- segments, which FTS5 then merges less often (a 100k-item build: 6.7 -> 4.8 s of CPU for the
-- full-text rows; searches as fast). Caches made before this setting keep 1 MB.
INSERT INTO items_fts (items_fts, rank) VALUES ('hashsize', 16777216);
-- Versions and the edits and retitles between them, stored only for items with more than one.
CREATE TABLE versions (
    item TEXT NOT NULL, n INTEGER NOT NULL, title TEXT, subtitle TEXT, body_entry INTEGER,
    first_seen TEXT, last_seen TEXT, estimated INTEGER, sources TEXT, PRIMARY KEY (item, n)
);
CREATE TABLE events (
    item TEXT NOT NULL, type TEXT NOT NULL, n INTEGER, snapshot TEXT, estimated INTEGER, previous TEXT,
    old_title TEXT, new_title TEXT, removed_words INTEGER, added_words INTEGER
);
CREATE INDEX events_item ON events (item);
-- A later title's key, the key of the item it is a title of, and the id that title would have had.
CREATE TABLE links (key TEXT PRIMARY KEY, canon TEXT NOT NULL, uid TEXT NOT NULL);
CREATE INDEX links_uid ON links (uid);
CREATE INDEX links_canon ON links (canon);
-- Each listing page, the earlier listing it is compared with, and what the comparison found.
CREATE TABLE listings (file_id INTEGER PRIMARY KEY, pred INTEGER);
CREATE INDEX listings_pred ON listings (pred);
CREATE TABLE moves (
    file_id INTEGER NOT NULL, type TEXT NOT NULL, item TEXT NOT NULL, before TEXT, after TEXT,
    snapshot TEXT, estimated INTEGER, previous TEXT
);
CREATE INDEX moves_file ON moves (file_id);
CREATE INDEX moves_item ON moves (item);
"""


def fts_rows(rows):
    """(rowid, text, ...) rows in the full-text table's column order, as it indexes them: the shadows."""
    from .lang import shadow

    return [(row[0], *map(shadow, row[1:])) for row in rows]
