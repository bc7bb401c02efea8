"""What kind an item is and who is in it, read from its title and its speaker labels."""
from __future__ import annotations

import functools
import re

# Each kind with the title words that announce it; the earliest announcement in a title wins, so
# "Press release on Lavrov's talks" is a press release and "Interview by Ambassador ..." an interview.
_KIND_WORDS = (
    ("press-release", r"press[- ]release"),
    ("briefing", r"briefing"),
    ("interview", r"interview"),
    ("remarks", r"remarks|talking points|opening words|closing words"),
    ("speech", r"speech|address(?:es)? (?:of|by|to|at)|lecture"),
    ("statement", r"statement|declaration"),
    ("comment", r"comments?|commentary|reply|replies|response|answers?|responds?|replies"),
    ("letter", r"letter|message to|open letter"),
    ("article", r"article|op-ed|column|\(by [^)]*\)|notebook"),
    ("document", r"concept|memorandum|agreement|treaty|communiqu[eé]|joint [a-z]+|protocol|"
                 r"resolution|convention|programme|roadmap|road map|paper"),
)
# One word boundary in front of all the kinds: only the starts of words try them.
_KIND_RE = re.compile(
    r"\b(?:" + "|".join(rf"(?P<k{i}>{words})" for i, (_, words) in enumerate(_KIND_WORDS)) + ")",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=4096)  # as _title_speakers: titles come back page after page
def kind_of(title: str) -> str:
    """The kind a title announces (see models.KINDS); "news" when it announces none."""
    m = _KIND_RE.search(title)
    if not m:
        from .lang import russian_kind

        return russian_kind(title) or "news"
    return _KIND_WORDS[int(m.lastgroup[1:])][0]


_NAME_WORD = r"(?:Mc|Mac|O')?[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
_INITIALS = r"(?:[A-Z]\.\s?){1,3}[A-Z][a-z]+(?:-[A-Z][a-z]+)?"  # A.K.Lukashevich, H. Nauert
_PARTICLE = r"(?:de|da|di|du|van|von|der|al|el|bin|ibn|le|la)"
_NAME = rf"(?:{_INITIALS}|{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_WORD}){{0,2}})"
_OFFICES = (
    "Minister", "Spokesperson", "Spokesman", "Spokeswoman", "Ambassador", "President", "Secretary", "Envoy",
    "Director", "Chairman", "Chairperson", "Chair", "Consul General", "Consul", "Counsellor", "Attach[eé]",
    "Officer", "Head", "Chief", "Commissioner", "Representative", "Prime Minister", "Premier", "Chancellor",
    "King", "Queen", "Prince", "Princess", "Professor", "Dr", "Mr", "Ms", "Mrs", "Sir", "Lord", "Lady",
    "Senator", "Governor", "Mayor", "General", "Patriarch", "Emir", "Sheikh", "Executive",
    "Spokesman of MFA of Russia", "FM", "Sgt", "Colonel", "Captain", "Admiral",
)


def _by_first_letter(words: tuple[str, ...]) -> str:
    """An alternation of the words (patterns starting with a letter), those with one first letter
    under one branch, each in its order: it matches as the plain alternation does, but at a letter
    the regex engine only tries the words that start with it."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(word[1:])
    return "(?:" + "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items()) + ")"


_OFFICE = _by_first_letter(_OFFICES)
# No \b in front: a pattern that starts with the offices' alternation lets the regex engine skip to
# their first letters, three times as fast on long texts; _titled checks the word boundary instead.
_TITLED = re.compile(rf"{_OFFICE}\.?\s+(?P<name>{_NAME})")


def _titled(text: str):
    """Matches of an office followed by a name, starting at a word boundary."""
    return (m for m in _TITLED.finditer(text) if m.start() == 0 or not text[m.start() - 1].isalnum())
_SPEAKER = re.compile(rf"^(?P<name>{_NAME})(?:\s*\([^)]{{0,40}}\))?\s*:")
_NOT_NAMES = {
    "question", "answer", "q", "a", "note", "source", "moscow", "london", "update", "photo", "video",
    "ambassador", "minister", "president", "comment", "statement", "press", "the", "foreign",
    "embassy", "consular", "ministry", "department", "state", "general", "deputy", "colleagues",
}
# Words that belong to offices, bodies and places, never to a person's name. A run of capitalised
# words is trimmed of these at both ends ("Chief Executive Gary Aitkenhead" is Gary Aitkenhead).
_NOT_NAME_WORDS = {
    "Of", "And", "The", "For", "On", "In", "At", "To", "Foreign", "Ministry", "Affairs", "Embassy",
    "State", "General", "Office", "Department", "Federation", "Republic", "Kingdom", "Council",
    "Minister", "Secretary", "Spokesperson", "Ambassador", "President", "Russian", "British", "Deputy",
    "Press", "Information", "Union", "Nations", "Security", "Special", "Envoy", "United", "Question",
    "Answer", "Syria", "Russia", "Britain", "Moscow", "London", "Director", "Executive", "Chief",
    "Head", "Officer", "Attaché", "Attache", "Consul", "Professor", "Dr", "Mr", "Ms", "Mrs", "Sir",
    "Prime", "Chairman", "Chargé", "Charge", "Commissioner", "Representative", "Permanent", "Spokesman",
    "Spokeswoman", "First", "Senior", "Acting", "Interim", "Vice", "Assistant", "Mission", "Consulate",
    "Embassy’s", "Ambassador’s", "Lord", "Lady", "Queen", "King", "Prince", "Princess", "Sgt",
    "European", "American", "International", "National", "Committee", "House", "Commons", "Parliament",
    "Government", "Defence", "Chancellor", "Governor", "Mayor", "Senator", "Colonel", "Captain", "Admiral",
    "Crimea", "Ukraine", "Salisbury", "Kremlin", "Westminster", "Whitehall", "Briefing", "Comment",
    "Statement", "Interview", "Remarks", "Speech", "Media", "Notebook", "Forum", "Summit", "Conference",
    "Business", "Agency", "News", "Times", "Post", "Magazine", "Channel", "Assembly", "Resolution",
    "Human", "Rights", "Court", "Prosecutor", "Police", "Service", "Group", "Society", "Fund", "Bank",
    "Commission", "Organisation", "Organization", "Day", "Week", "Year", "Presidents", "Ministers",
    "From", "By", "With", "About", "After", "Before", "Under", "Over", "An", "As", "If", "When", "While",
    "He", "She", "It", "We", "They", "This", "That", "His", "Her", "Our", "Their", "Today", "Yesterday",
}


def _clean_name(name: str) -> str | None:
    words = name.split()
    while words and words[-1] in _NOT_NAME_WORDS:
        words.pop()
    while words and words[0] in _NOT_NAME_WORDS:
        words.pop(0)
    if not words or words[0].lower() in _NOT_NAMES:
        return None
    return " ".join(words)


_RUN = re.compile(rf"{_INITIALS}|{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_WORD})*")
_POSSESSIVE = re.compile(r"['’]s?$")
_AFTER_OFFICE = re.compile(rf"\b{_OFFICE}\.?\s+$")


def _name_of(text: str) -> str | None:
    """The person a phrase names ("Foreign Minister Sergey Lavrov", "Ambassador Yakovenko",
    "the Spokesman of MFA of Russia A.K.Lukashevich"): the last run of capitalised words, trimmed of
    office words. A single word is a name only right after an office or honorific ("Ms. Rudd")."""
    text = _POSSESSIVE.sub("", text.strip())
    for m in reversed(list(_RUN.finditer(text))):
        name = _clean_name(m.group(0))
        if not name:
            continue
        words = name.split()
        if len(words) == 1 and "." not in name:
            before = text[:m.start() + m.group(0).index(name)]
            if not _AFTER_OFFICE.search(before):
                return None
        return _clean_name(" ".join(words[-3:]))
    return None


# --- who speaks ---------------------------------------------------------------------------------

# Roles that issue items without a name, each with the phrases that announce it (any case).
ROLES = (
    ("Embassy Press Officer", r"(?:embassy['’]?s?\s+)?press[- ]officer"),
    ("Embassy Press Attaché", r"(?:embassy['’]?s?\s+)?press[- ]attach[eé]"),
    ("Foreign Ministry Spokesperson", r"(?:foreign ministry|mfa)\s+spokes(?:person|man|woman)|"
                                      r"spokes(?:person|man|woman) of (?:the )?(?:mfa|foreign ministry)"),
    ("Information and Press Department", r"(?:information and press|press and information) department"),
    ("Foreign Ministry", r"\b(?:mfa|foreign ministry|ministry of foreign affairs)\b"),
    ("Embassy", r"\b(?:russian )?embassy\b"),
)
_ROLE_RES = tuple((role, re.compile(words, re.IGNORECASE)) for role, words in ROLES)
_ROLE_NAMES = frozenset(role for role, _ in ROLES)
_ACT_WORDS = (
    "reply", "replies", "answers?", "responses?", "comments?", "commentary", "remarks", "statements?", "interview",
    "briefing", "speech", "address", "article", "letter", "talking points", "press conference", "press release",
    "op-ed", "notebook", "message", "greetings", "congratulations", "words", "views?", "lecture", "presentation",
)
_ACT = (_by_first_letter(("opening ", "closing ", "concluding ", "welcoming ", "introductory ")) + "?"
        + _by_first_letter(_ACT_WORDS))
_SAYS = ("answers", "replies", "responds", "comments", "held a", "holds a", "gave an?", "gives an?", "says", "said",
         "speaks", "spoke", "writes", "wrote", "on")
_BOUNDARY = r"(?=\s+(?:on|to|at|for|with|about|in|regarding|concerning|during|following|after|upon)\b|[,(:;–—-]|$)"
_TITLE_SPEAKER = (  # tried in turn; the first that finds a speaker wins
    # "(by Ambassador Yakovenko for The Observer)", "(by Alexander Yakovenko, Russia Today)"
    re.compile(r"\(by\s+(?P<who>[^,)]+?)(?:\s+for\b[^)]*|,[^)]*)?\)", re.IGNORECASE),
    # "Embassy press officer answers ...", "Alexander Yakovenko held a briefing", "Embassy comment on ...",
    # "Foreign Minister Sergey Lavrov’s remarks", "Kiev: Embassy Press Officer on the article by ..."
    re.compile(rf"(?:^|:\s+)(?P<who>[^:,;()]+?)\s+(?:{_by_first_letter(_SAYS)}|{_ACT})\b", re.IGNORECASE),
    # "Ambassador Alexander Yakovenko: History proves ..." (the look-ahead, which every match passes,
    # spares the backtracking over the words of a title without such a colon)
    re.compile(rf"^(?=[^:]*:\s)(?P<who>(?:[A-Z][\w.’'-]*\s+){{0,4}}{_NAME}):\s"),
    # "From Foreign Minister Sergey Lavrov's answers", "Embassy’s statement"
    re.compile(rf"(?:^|:\s+|\bfrom\s+)(?P<who>[^:,;()]+?)['’]s?\s+{_ACT}\b", re.IGNORECASE),
    # "Briefing by Foreign Ministry Spokesperson Maria Zakharova", "Comment by the Information and Press
    # Department", "Address of Professor Stephen Hawking to ...", "Remarks by Andrey Rudenko, Director ..."
    re.compile(rf"\b{_ACT}\s+(?:by|of|from)\s+(?:the\s+)?(?P<who>[^,;:()]+?){_BOUNDARY}", re.IGNORECASE),

)


def _who(phrase: str) -> str | None:
    """A speaker from the phrase before or after a speech act: a person's name, else a role."""
    phrase = phrase.strip()
    if len(phrase) > 120:
        return None
    name = _name_of(phrase)
    if name:
        return name
    for role, pattern in _ROLE_RES:
        if pattern.search(phrase):
            return role
    return None


def speakers_in(title: str, body: str) -> tuple[str, ...]:
    """Who speaks or issues an item: officials named as the title's speaker or author, roles such as
    "Embassy Press Officer" when no one is named, and the names labelling turns in the body."""
    return _prefer_full([*_title_speakers(title), *_labels(body)])


# Titles come back page after page (an item on every snapshot of its listing, and titles written
# to a pattern: 61% of the titles of the 100k benchmark archive are among the last 4,096 read), and
# reading one is a good part of an item's cost. A title is at most parser.MAX_TITLE characters, so
# the cache holds at most some 4 million characters.
@functools.lru_cache(maxsize=4096)
def _title_speakers(title: str) -> tuple[str, ...]:
    """Who a title names as its speaker or author: what the first of _TITLE_SPEAKER that finds
    anyone finds."""
    for pattern in _TITLE_SPEAKER:
        found = tuple(who for who in (_who(m.group("who")) for m in pattern.finditer(title)) if who)
        if found:
            return found
    return ()


def _labels(body: str) -> list[str]:
    """Names labelling question and answer turns ("Sergey Lavrov: ...")."""
    names = []
    if ":" not in body:  # no label, and no need to cut the text into paragraphs
        return names
    for paragraph in body.split("\n\n"):
        m = _SPEAKER.match(paragraph) if ":" in paragraph[:80] else None
        if m:
            name = _clean_name(m.group("name"))
            if name and (len(name.split()) >= 2 or "." in name):
                names.append(name)
    return names


_TITLE_NAME = re.compile(rf"^(?P<name>{_NAME_WORD}\s+{_NAME_WORD}(?:\s+{_NAME_WORD})?)\s+(?=[a-z])")


def who_is_in(title: str, body: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(people, speakers) of an item: see people_in and speakers_in."""
    speakers = speakers_in(title, body)
    return people_in(title, body, speakers=speakers), speakers


def people_in(title: str, body: str, *, speakers: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """Every person an item names: officials after their office (in the title and the text), the
    speakers, a name opening the title ("Maria Butina has ..."), and the names labelling turns.

    A bare surname ("Ambassador Yakovenko") is dropped when a full name ending in it is also found.
    """
    titled, opening = _title_people(title)
    found = [*titled, *_titled_names(body), *opening]
    if speakers is None:
        speakers = speakers_in(title, body)
    found += [s for s in speakers if s not in _ROLE_NAMES]
    if not title.isascii():  # else no Cyrillic, and no Russian name
        found += _lang().russian_people(title, body)
    return _prefer_full(found)


@functools.cache
def _lang():
    """The lang module, imported when first needed (a warm search, which imports this module, never
    needs it), without an import statement's cost on every item after that."""
    from . import lang

    return lang


@functools.lru_cache(maxsize=4096)  # as _title_speakers
def _title_people(title: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the names after an office in a title, the name opening it if any) for people_in."""
    m = _TITLE_NAME.match(title)
    name = _clean_name(m.group("name")) if m else None
    return tuple(_titled_names(title.replace("’", "'"))), (name,) if name and " " in name else ()


def _titled_names(text: str) -> list[str]:
    """The names after an office in a text ("Foreign Minister Sergey Lavrov")."""
    names = []
    for m in _titled(text):
        name = _clean_name(m.group("name"))  # a name ends in a letter: never a possessive "'s"
        if name:
            names.append(name)
    return names


def _prefer_full(found: list[str]) -> tuple[str, ...]:
    unique = list(dict.fromkeys(found))
    bare = [n for n in unique if " " not in n and "." not in n]
    if not bare:
        return tuple(unique)
    surnames = {_surname(n) for n in unique if n not in bare}
    return tuple(n for n in unique if n not in bare or n not in surnames)


# --- one form per person ------------------------------------------------------------------------

_NAME_SEPARATORS = re.compile(r"[\s.]+")


def _surname(name: str) -> str:
    return _NAME_SEPARATORS.split(name.strip())[-1]


def canonical_names(counts: dict[str, int]) -> dict[str, str]:
    """For every name seen in an archive (with the number of items naming it), the one form it is
    shown and counted as. Which names are one person is decided across scripts and spellings by
    lang.person_groups ("Sergei Lavrov", "S.V.Lavrov", "Лаврова" and, when the archive holds no other
    Lavrov, "Lavrov" are all "Sergey Lavrov"); extend it there for other scripts or conventions."""
    from .lang import person_groups

    return person_groups(counts)
