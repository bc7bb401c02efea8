"""What kind an item is and who is in it, read from its title and its speaker labels."""
from __future__ import annotations

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
_KIND_RE = re.compile(
    "|".join(rf"(?P<k{i}>\b(?:{words}))" for i, (_, words) in enumerate(_KIND_WORDS)), re.IGNORECASE
)


def kind_of(title: str) -> str:
    """The kind a title announces (see models.KINDS); "news" when it announces none."""
    m = _KIND_RE.search(title)
    if not m:
        from .lang import russian_kind

        return russian_kind(title) or "news"
    return _KIND_WORDS[int(m.lastgroup[1:])][0]


_NAME_WORD = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
_PARTICLE = r"(?:de|da|di|du|van|von|der|al|el|bin|ibn|le|la)"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_WORD}){{0,2}}"
_OFFICE = (
    r"(?:Minister|Spokesperson|Spokesman|Spokeswoman|Ambassador|President|Secretary|Envoy|Director|"
    r"Chairman|Chairperson|Chair|Consul General|Consul|Counsellor|Attach[eé]|Officer|Head|Chief|"
    r"Commissioner|Representative|Prime Minister|Premier|Chancellor|King|Queen|Prince|"
    r"Professor|Dr|Mr|Ms|Mrs|Senator|Governor|Mayor|General|Patriarch|Emir|Sheikh)"
)
_TITLED = re.compile(rf"\b{_OFFICE}\.?\s+(?P<name>{_NAME})")
_SPEAKER = re.compile(rf"^(?P<name>{_NAME})(?:\s*\([^)]{{0,40}}\))?\s*:")
_NOT_NAMES = {
    "question", "answer", "q", "a", "note", "source", "moscow", "london", "update", "photo", "video",
    "ambassador", "minister", "president", "comment", "statement", "press", "the", "foreign",
    "embassy", "consular", "ministry", "department", "state", "general", "deputy", "colleagues",
}
_NOT_NAME_WORDS = {
    "Of", "And", "The", "For", "On", "In", "At", "To", "Foreign", "Ministry", "Affairs", "Embassy",
    "State", "General", "Office", "Department", "Federation", "Republic", "Kingdom", "Council",
    "Minister", "Secretary", "Spokesperson", "Ambassador", "President", "Russian", "British", "Deputy",
    "Press", "Information", "Union", "Nations", "Security", "Special", "Envoy", "United", "Question",
    "Answer", "Syria", "Russia", "Britain", "Moscow", "London", "Director",
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


def people_in(title: str, body: str) -> tuple[str, ...]:
    """Officials named in the title after their office, and speakers labelling turns in the body.

    A bare surname ("Ambassador Yakovenko") is dropped when a full name ending in it is also found.
    """
    found: list[str] = []
    for m in _TITLED.finditer(title.replace("’", "'")):
        name = _clean_name(re.sub(r"'s?$", "", m.group("name")))
        if name:
            found.append(name)
    for paragraph in body.split("\n\n"):
        m = _SPEAKER.match(paragraph)
        if m:
            name = _clean_name(m.group("name"))
            if name and len(name.split()) >= 2:
                found.append(name)
    from .lang import russian_people

    found += russian_people(title, body)
    unique = list(dict.fromkeys(found))
    full = [n for n in unique if " " in n]
    return tuple(
        n for n in unique if " " in n or not any(f.split()[-1] == n for f in full)
    )
