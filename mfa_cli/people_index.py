"""People in the index: every name items carry, counted, and the one form each is shown as.

Items store the names as the pages spell them (`items.people`, `items.speakers`). The `names`
table counts, for each spelling, the items naming it, and holds its canonical form, which
classify.canonical_names decides for the whole archive ("Sergei Lavrov" and "Lavrov" become
"Sergey Lavrov" when the archive shows they are one person). Reading maps spellings to canonical
forms; filtering by a person matches every spelling of them.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable

from .schema import _RECORD, _split

NOBODY = "(nobody named)"
NO_SPEAKER = "(no speaker found)"


@functools.lru_cache(maxsize=1 << 16)  # the same few names recur across a whole archive
def people_fold(people: str) -> str:
    """Names as --person (and --speaker) compares them: as written, case-folded, and in folded Latin
    letters without Russian case endings (lang.name_key), so "Lavrov" finds "С.В.Лаврова" and
    "Лавров" finds "Sergey Lavrov"."""
    if not people:
        return ""
    from .lang import name_key

    return f"{people.casefold()}{_RECORD}{name_key(people)}"


class PeopleIndex:
    """The names table's upkeep (for Builder) and reading (for Index), over `self.db`."""

    def _count_names(self, rows: Iterable[tuple[str | None, str | None]], step: int) -> None:
        """Add `step` (1 or -1) to the count of every name in these (people, speakers) columns."""
        counts: dict[str, int] = {}
        for people, speakers in rows:
            for name in set(_split(people)) | set(_split(speakers)):
                counts[name] = counts.get(name, 0) + step
        if counts:
            self.db.executemany(
                "INSERT INTO names (raw, n) VALUES (?, ?) ON CONFLICT (raw) DO UPDATE SET n = n + excluded.n",
                counts.items())
            self.__dict__.pop("_canon", None)

    def _settle_names(self) -> None:
        """Decide every name's canonical form again from the counts, writing only what changed."""
        from .classify import canonical_names

        db = self.db
        db.execute("DELETE FROM names WHERE n <= 0")
        rows = db.execute("SELECT raw, n, canonical FROM names").fetchall()
        forms = canonical_names({raw: n for raw, n, _ in rows})
        db.executemany("UPDATE names SET canonical = ? WHERE raw = ?",
                       [(forms[raw], raw) for raw, _, old in rows if forms[raw] != old])
        self.__dict__.pop("_canon", None)

    def canon(self) -> dict[str, str]:
        """Spelling -> canonical form, for the spellings whose form differs (read once per index)."""
        cached = self.__dict__.get("_canon")
        if cached is None:
            cached = dict(self.db.execute("SELECT raw, canonical FROM names WHERE canonical != raw"))
            self.__dict__["_canon"] = cached
        return cached

    def canonical(self, names: list[str]) -> tuple[str, ...]:
        """Names in their canonical forms, each once, in order."""
        canon = self.canon()
        if len(names) == 1:  # the common case, without building a dict
            return (canon.get(names[0], names[0]),)
        return tuple(dict.fromkeys(canon.get(n, n) for n in names))

    def spellings(self, terms: Iterable[str]) -> tuple[str, ...]:
        """Filter terms widened to every spelling of the people they name: a term matches a name
        when it is part of the name or of its canonical form (any case). Spellings come back
        between unit separators, so they match whole names only."""
        terms = tuple(terms)
        if not terms:
            return ()
        from .lang import name_key

        folded = [(t.casefold(), name_key(t)) for t in terms]
        names = self.db.execute("SELECT raw, coalesce(canonical, raw) FROM names").fetchall()
        people = {canonical for raw, canonical in names
                  if any(t in f"{raw.casefold()}\x1f{canonical.casefold()}" or k in name_key(canonical)
                         for t, k in folded)}
        spelled = [f"\x1f{raw.casefold()}\x1f" for raw, canonical in names if canonical in people]
        return tuple(dict.fromkeys([*terms, *spelled]))

    def name_counts(self, where: str, params: dict, column: str) -> list[tuple[str, int]]:
        """Items per canonical person in `column` (people or speakers), most first, with the items
        naming nobody as a last row."""
        counts: dict[str, int] = {}
        nobody = 0
        for (names,) in self.db.execute(f"SELECT items.{column} FROM items{where}", params):
            found = self.canonical(_split(names))
            nobody += not found
            for name in found:
                counts[name] = counts.get(name, 0) + 1
        rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        if nobody:
            rows.append((NOBODY if column == "people" else NO_SPEAKER, nobody))
        return rows
