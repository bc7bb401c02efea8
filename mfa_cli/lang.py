"""Russian beside English: which language a text is in, Russian kinds and names, the stemmed shadow
that full-text search indexes, and names compared across scripts.

Search: SQLite's FTS5 in Python's sqlite3 takes no custom tokenizer, so Russian words reach it
already stemmed. The index is fed a *shadow* of each text in which every Cyrillic word is replaced
by its Snowball stem (PyStemmer, C) and everything else is left as it is, for FTS5's porter
tokenizer to stem English as before. The shadow has exactly the tokens of the text, in the same
order, so FTS5 highlights snippets in the original text that the content table holds. Query words in
Cyrillic are stemmed the same way (see `fts_term`). Text without Cyrillic is returned unchanged.

Names: a name in Cyrillic is compared through its Latin transliteration (anyascii), folded so that
common spellings agree (Yakovenko/Iakovenko, Sergey/Sergei, Zakharova/Zaharova).
"""
from __future__ import annotations

import functools
import re

_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
# Letters are counted in bytes, where deleting every other byte is one quick call: cp1251 writes
# А-я as C0-FF and Ё, ё as A8, B8, and nothing else as those bytes; UTF-8 writes the Latin letters as
# themselves, and nothing else as those bytes.
_CP1251_NOT_CYRILLIC = bytes(b for b in range(256) if b < 0xC0 and b not in (0xA8, 0xB8))
_UTF8_NOT_LATIN = bytes(b for b in range(256) if not (0x41 <= b <= 0x5A or 0x61 <= b <= 0x7A))
_WORD = re.compile(r"[^\W_]+")


def has_cyrillic(text: str) -> bool:
    return not text.isascii() and _CYRILLIC.search(text) is not None


def language_of(*texts: str | None) -> str:
    """"ru" when most letters of the texts (their first 400 characters) are Cyrillic, else "en"."""
    sample = " ".join(t[:400] for t in texts if t)
    if not has_cyrillic(sample):
        return "en"
    cyrillic = len(sample.encode("cp1251", "ignore").translate(None, _CP1251_NOT_CYRILLIC))
    latin = len(sample.encode("utf-8", "surrogatepass").translate(None, _UTF8_NOT_LATIN))
    return "ru" if cyrillic > latin else "en"


# --- stemming --------------------------------------------------------------------------------

_stemmer = None


def _stem_words(words: list[str]) -> list[str]:
    global _stemmer
    if _stemmer is None:
        # PyStemmer is a C extension; it is loaded the first time Russian text is indexed or searched.
        import Stemmer

        _stemmer = Stemmer.Stemmer("russian")
    # Stemmed again until nothing changes: Snowball takes "визиты" to "визит" but "визите" to "виз",
    # and "Лаврова" to "лавров" but "Лавров" to "лавр"; the fixed point puts each pair together.
    stems = _stemmer.stemWords(words)
    for _ in range(3):
        again = _stemmer.stemWords(stems)
        if again == stems:
            break
        stems = again
    return stems


# A word of a lower-cased text with a Cyrillic letter in it, and no digit before its first one.
_SPLIT = re.compile(r"([^\W\d_]*[а-яё][^\W_]*)")
_STEMS: dict[str, str] = {}  # word -> stem: an archive's vocabulary is small beside its text
# Words kept in _STEMS before it starts afresh: ~20 MB of Russian words and stems. Each parsing
# process keeps its own, beside the main process's, so a build holds up to three.
STEMS_KEPT = 100_000


def shadow(text: str | None) -> str | None:
    """The text as the full-text index reads it: lower-cased, ё as е, Cyrillic words stemmed.

    Lower-casing the whole text at once, rather than word by word, takes a third off the time of a
    Russian build's shadows; FTS5 folds case itself, so the words it indexes are the same."""
    if not text or not has_cyrillic(text):
        return text
    parts = _SPLIT.split(text.lower().replace("ё", "е"))  # Russian writes ё and е alike
    words = parts[1::2]
    new = [w for w in set(words) if w not in _STEMS]
    if new:
        if len(_STEMS) + len(new) > STEMS_KEPT:
            _STEMS.clear()
        _STEMS.update(zip(new, _stem_words(new)))
    parts[1::2] = [_STEMS[w] or w for w in words]
    return "".join(parts)


def stem(word: str) -> str:
    """The stem of one query word (Cyrillic words only; others unchanged)."""
    if not has_cyrillic(word):
        return word
    return shadow(word)


def fts_term(term: str, *, prefix: bool, quote) -> str:
    """The FTS5 operand for one query word or phrase, `quote` being the caller's quoting function.

    A Cyrillic word matches its stem ("санкции", "санкций", "санкциям" are all "санкц"), a phrase
    the phrase of stems, and a prefix the stem of the prefix as a prefix ("санкци*" -> "санкц"*).
    """
    if not has_cyrillic(term):
        return quote(term) + ("*" if prefix else "")
    words = _WORD.findall(term)
    return quote(shadow(" ".join(words))) + ("*" if prefix and len(words) == 1 else "")


# --- kinds -----------------------------------------------------------------------------------

# As classify._KIND_WORDS, for Russian titles: the earliest announcement in a title wins.
_RU_KIND_WORDS = (
    ("press-release", r"пресс-релиз\w*|сообщени\w* для сми|информационн\w+ сообщени\w*"),
    ("briefing", r"брифинг\w*"),
    ("interview", r"интервью"),
    ("remarks", r"вступительн\w+ слов\w*|тезис\w*|заключительн\w+ слов\w*"),
    ("speech", r"выступлени\w*|реч[ьи]|лекци\w*|обращени\w*"),
    ("statement", r"заявлени\w*|декларац\w*"),
    ("comment", r"комментари\w*|ответ(?:ы|а|у|ом|ов|ам|ах)?|отклик\w*"),
    ("letter", r"письм(?:о|а|у|ом|е)|послани\w*"),
    ("article", r"стать[яиюе]\w*|колонк\w*"),
    ("document", r"концепци\w*|меморандум\w*|соглашени\w*|договор(?:а|у|ом|е|ы|ов)?|коммюнике|"
                 r"протокол\w*|резолюци\w*|конвенци\w*|дорожн\w+ карт\w*"),
)
_RU_KIND_RE = re.compile(
    "|".join(rf"(?P<k{i}>(?<![\w-])(?:{words})(?![\w-]))" for i, (_, words) in enumerate(_RU_KIND_WORDS)),
    re.IGNORECASE,
)


def russian_kind(title: str) -> str | None:
    """The kind a Russian title announces (брифинг -> briefing, ответ на вопрос СМИ -> comment), or None."""
    if not has_cyrillic(title):
        return None
    m = _RU_KIND_RE.search(title)
    return _RU_KIND_WORDS[int(m.lastgroup[1:])][0] if m else None


# --- names -----------------------------------------------------------------------------------

_UP = "А-ЯЁ"
_LOW = "а-яё"
_SURNAME = rf"[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?"
_INITIALS = rf"(?:[{_UP}]\.\s?){{1,2}}"
_RU_OFFICE = (
    r"(?:[Мм]инистр\w*|[Пп]осл(?:ом|а|у|е)?|[Пп]ослом|[Пп]редставител\w+|[Зз]аместител\w+|[Пп]резидент\w*|"
    r"[Пп]ремьер-министр\w*|[Пп]остпред\w*|[Пп]редседател\w+|[Сс]екретар\w+|[Дд]иректор\w*|[Сс]пецпредставител\w+|"
    r"[Гг]лав\w+|[Кк]онсул\w*|[Пп]оверенн\w+ в делах|[Сс]оветник\w*|[Аа]таше|[Гг]енсек\w*|[Сс]енатор\w*)"
)
# "С.В.Лавров", "С.В. Лаврова"; or a first name and a surname after an office ("Министра ... Сергея Лаврова")
_RU_INITIALED = re.compile(rf"(?<![\w.]){_INITIALS}\s?{_SURNAME}")
_RU_NAMED = re.compile(rf"\b{_RU_OFFICE}(?:\s+(?:[{_LOW}\-]+|России|Российской|Федерации|РФ|МИД)){{0,6}}?"
                       rf"\s+(?P<name>(?!России|Российской|Федерации)[{_UP}][{_LOW}]+\s+{_SURNAME})")
_RU_SPEAKER = re.compile(rf"^(?P<name>{_INITIALS}\s?{_SURNAME}|[{_UP}][{_LOW}]+\s+{_SURNAME})\s*:")
_NOT_RU_NAMES = {"российской", "федерации", "россии", "москве", "москва", "сирии", "соединенных",
                 "объединенных", "европейского", "организации"}
_NOT_RU_SPEAKERS = _NOT_RU_NAMES | {"вопрос", "ответ"}


def russian_people(title: str, body: str) -> list[str]:
    """People a Russian title or its text's speaker labels name, as printed ("С.В.Лавров", "Сергея Лаврова")."""
    if not has_cyrillic(title):
        return []
    found = list(_russian_title_people(title))
    for paragraph in body.split("\n\n") if ":" in body else ():  # a label ends at a colon
        m = _RU_SPEAKER.match(paragraph)
        if m and m.group("name").split()[0].lower() not in _NOT_RU_SPEAKERS:
            found.append(" ".join(m.group("name").replace(". ", ".").split()))
    return found


@functools.lru_cache(maxsize=4096)  # titles come back page after page (see classify._title_speakers)
def _russian_title_people(title: str) -> tuple[str, ...]:
    found = [" ".join(m.group(0).replace(". ", ".").split()) for m in _RU_INITIALED.finditer(title)]
    for m in _RU_NAMED.finditer(title):
        name = m.group("name")
        if not any(w.lower() in _NOT_RU_NAMES for w in name.split()):
            found.append(name)
    return tuple(found)


def latin(text: str) -> str:
    """Text in Latin letters: Cyrillic transliterated, the rest as it is."""
    if not has_cyrillic(text):
        return text
    from anyascii import anyascii  # only names in Cyrillic need it

    return anyascii(text)


_SPELLINGS = (("iy", "y"), ("yy", "y"), ("ii", "y"), ("ei", "ey"), ("ia", "ya"), ("iu", "yu"), ("kh", "h"),
              ("j", "y"), ("x", "ks"), ("w", "v"))


def name_fold(text: str) -> str:
    """A name folded for comparison across scripts and spellings: Latin, lower case, one spelling."""
    text = latin(text).casefold().replace("ё", "е")
    for old, new in _SPELLINGS:
        text = text.replace(old, new)
    return text


_NAME_ENDING = re.compile(r"(?<=[a-z]{3})(?:oy|om|ym|im|yu|ya|a|u|e)(?![a-z])")


@functools.lru_cache(maxsize=4096)  # the same few names come back item after item
def name_key(text: str) -> str:
    """name_fold without Russian case endings, so that --person Zakharova finds "М.В.Захаровой"
    and Лаврова finds "Sergey Lavrov"."""
    return _NAME_ENDING.sub("", name_fold(text))


_CASE_ENDINGS = (("oy", "a"), ("oy", ""), ("ym", ""), ("im", ""), ("om", ""), ("a", ""), ("u", ""),
                 ("e", ""), ("ya", "y"), ("yu", "y"))


def _name_parts(name: str) -> tuple[str, str]:
    """(folded surname, first initial or "") of a name such as "С.В.Лаврова" or "Sergey Lavrov"."""
    parts = [p for p in re.split(r"[\s.]+", name_fold(name)) if p]
    if not parts:
        return "", ""
    return parts[-1], parts[0][0] if len(parts) > 1 else ""


def person_groups(names) -> dict[str, str]:
    """Each name (an iterable of names as found, or a mapping of names to counts) mapped to the one
    name shown for its person.

    Names are one person when the archive shows they are: the same surname in any script and case
    form ("Лаврова" is "Лавров" when "Лавров" or "Lavrov" is in the archive too) and compatible first
    names or initials (a bare surname joins its surname's only person). The name shown is the
    commonest full Latin form, else a form in the nominative, a full name before initials.
    """
    if isinstance(names, dict):  # name -> how many items name it
        counts = dict(names)
    else:
        counts = {}
        for name in names:
            counts[name] = counts.get(name, 0) + 1
    parts = {name: _name_parts(name) for name in counts}
    surnames = {surname for surname, _ in parts.values()}

    def base(surname: str) -> str:
        for ending, replacement in _CASE_ENDINGS:
            if surname.endswith(ending) and len(surname) > len(ending) + 2:
                candidate = surname[: -len(ending)] + replacement
                if candidate in surnames:
                    return candidate
        return surname

    groups: dict[tuple[str, str], list[str]] = {}
    nominative = set()
    for name, (surname, initial) in parts.items():
        groups.setdefault((base(surname), initial), []).append(name)
        if base(surname) == surname:
            nominative.add(name)
    for (surname, initial), members in list(groups.items()):
        if initial:
            continue
        others = [key for key in groups if key[0] == surname and key[1]]
        if len(others) == 1:
            groups[others[0]] += groups.pop((surname, initial))
    shown = {}
    for members in groups.values():
        def rank(n: str) -> tuple:
            return (not has_cyrillic(n) and " " in n, n in nominative, " " in n, counts[n], len(n), n)

        best = max(members, key=rank)
        shown.update((member, best) for member in members)
    return shown
