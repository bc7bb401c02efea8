"""What a reader of `parse_page` notices: dates, exact titles, sub-headings, whether an item is whole,
where bodies start and end, and the warnings.

Fixtures under tests/fixtures/pages/ are invented text written in the layouts of the embassy's saved
pages (header, home page, archive list, press release, article, Russian header, ...); the golden test
reads the bundled seed page from data/.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mfa_cli.parser import parse_page

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures" / "pages"
SEED = HERE.parent / "data" / "000_44ea932a387847fd.txt"


def read(path: Path) -> str:
    # bytes -> str by hand: Path.read_text would turn CRLF into LF and hide that quirk from the parser
    return path.read_bytes().decode("utf-8")


def parse_fixture(name: str):
    return parse_page(read(FIXTURES / name))


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@dataclass(frozen=True)
class E:
    """An expected entry. `starts`/`ends` are checked against the body; `body` (when given) exactly."""

    date: dt.date | None
    title: str
    subtitle: str | None = None
    complete: bool = True
    title_cut: bool = False
    starts: str = ""
    ends: str = ""
    body: str | None = None
    contains: tuple[str, ...] = field(default=())


def check_entries(entries, expected: list[E]) -> None:
    got_titles = [e.title for e in entries]
    want_titles = [e.title for e in expected]
    assert got_titles == want_titles
    for got, want in zip(entries, expected):
        where = f"entry {want.title!r}"
        assert got.date == want.date, where
        assert got.subtitle == want.subtitle, where
        assert got.complete is want.complete, where
        assert got.title_cut is want.title_cut, where
        if want.body is not None:
            assert got.body == want.body, where
        assert got.body.startswith(want.starts), f"{where}: body starts {got.body[:80]!r}"
        assert got.body.endswith(want.ends), f"{where}: body ends {got.body[-80:]!r}"
        for part in want.contains:
            assert part in got.body, where


# --- (a) golden test of the bundled seed page --------------------------------------------------

SEED_ENTRIES = [
    (11, E(d("2017-02-13"),
           "Deputy Foreign Minister Oleg Syromolotov’s interview with Izvestia newspaper, published on "
           "February 13, 2017",
           starts="Question: In 2016, a wave of terror attacks",
           ends="cooperate in fighting terrorism in an honest and open manner.",
           contains=("\n\nOleg Syromolotov: You are absolutely right:",))),
    (36, E(d("2017-02-20"),
           "Sergey Lavrov’s answer to a media question on the sidelines of the Munich Security Conference, "
           "February 18, 2017",
           starts="Question: How do you feel about the questions?",
           ends="We are doing our best to make our position clear.",
           # the inline answer is set apart from the question
           contains=("Were they easy, as usual?\n\nSergey Lavrov: They were predictable",))),
    (40, E(d("2017-02-20"),
           "Foreign Minister Sergey Lavrov’s remarks and answers to media questions following a G20 "
           "ministerial meeting and the Munich Security Conference, Munich, February 18, 2017",
           starts="Our meetings in Germany are almost over.",
           ends="answer your questions if you have any.")),
    (44, E(d("2017-02-17"),
           "Concept paper on the Joint Group (Agreed on as the outcome of the International Meeting on "
           "Syria in Astana, February 16. 2017)",
           starts="The Islamic Republic of Iran,",
           ends="UN Security Council resolution 2254.")),
    (48, E(d("2017-02-17"),
           "Foreign Minister Sergey Lavrov’s comment and answers to media questions following talks with "
           "US Secretary of State Rex Tillerson, Bonn, February 16, 2017",
           starts="We have held a meeting with US Secretary of State Rex Tillerson.",
           ends="joining the efforts that are being taken to settle these conflicts.")),
    (52, E(d("2017-02-16"),
           "Foreign Minister Sergey Lavrov’s opening remarks during talks with the UN Secretary General’s "
           "Special Envoy for Syria Staffan de Mistura, Moscow, February 16, 2017",
           starts="I would like to welcome you in Moscow",
           ends="mediation of the Russian Federation, Iran and Turkey.")),
    (56, E(d("2017-02-16"),
           "Press release on Foreign Minister Sergey Lavrov’s talks with the UN Secretary General’s Special "
           "Envoy for Syria Staffan de Mistura",
           starts="On February 16, Foreign Minister Sergey Lavrov held talks",
           ends="scheduled for February 23.")),
    (60, E(d("2017-02-15"),
           "Briefing by Foreign Ministry Spokesperson Maria Zakharova, Moscow, February 15, 2017",
           starts="Visit by UN Secretary General Special’s Special Envoy",
           ends="Special Envoy for Syria Staffan de Mistura.")),
    (64, E(d("2017-02-15"),
           "Ambassador Yakovenko congratulates Ambassador Elliott",
           starts="Russian Ambassador to the United Kingdom Dr Alexander Yakovenko",
           ends="bilateral ties and USSR-Africa relations.")),
    (68, E(d("2017-02-14"),
           "Foreign Ministry Spokesperson Maria Zakharova’s reply to a media question regarding transit "
           "trade in the South Caucasus",
           starts="Question: It has been reported",
           ends="negotiated additionally with the transit countries.",
           contains=("republic’s authorities?\n\nMaria Zakharova: This position",))),
    (72, E(d("2017-02-13"),
           "Comment by the Foreign Ministry Press and Information Department on the North Korean missile "
           "test",
           starts="We consider the North Korean missile test,",
           ends="we cannot but express our regret and concern.")),
]


@pytest.fixture(scope="module")
def seed_page():
    return parse_page(read(SEED))


def test_seed_page_snapshot_and_count(seed_page):
    assert seed_page.snapshot == dt.date(2017, 2, 20)
    assert len(seed_page.entries) == 11
    assert seed_page.warnings == ()


def test_seed_page_titles_in_order(seed_page):
    assert [e.title for e in seed_page.entries] == [want.title for _, want in SEED_ENTRIES]


@pytest.mark.parametrize("index", range(len(SEED_ENTRIES)), ids=lambda i: f"entry{i + 1}")
def test_seed_page_entry(seed_page, index):
    line, want = SEED_ENTRIES[index]
    got = seed_page.entries[index]
    check_entries([got], [want])
    assert got.line == line
    assert got.complete  # the page ends with "all messages"


# --- (b) one invented fixture per layout and quirk ---------------------------------------------

CASES = {
    # header with an e-mail line, undated lead whose title states its date, dated list, footer
    "home.txt": (d("2018-04-12"), [
        E(d("2018-03-29"), "Ambassador’s article for the Northern Chronicle, published on March 29, 2018",
          starts="Relations between our two countries have seen better days.",
          ends="could still bring some welcome surprises.",
          contains=("sensible way forward.\n\nQuestion: Do you expect any progress this year?"
                    "\n\nAnna Smirnova: We are always ready for talks",)),
        E(d("2018-04-11"), "Embassy comment on the closure of the “Volga House” trade mission",
          body="We regret the decision to close the trade mission, which has served businesses of both "
               "countries for many years."),
        E(d("2018-04-10"), "Ambassador meets members of the Anglo-Russian Chess Society",
          starts="On 10 April the Ambassador", ends="in the coming season."),
    ]),
    # "[email protected]", Salisbury banner, Pages line; items apart by one or two blank lines; body cut
    "archive.txt": (d("2020-09-03"), [
        E(d("2019-05-14"), "Embassy marks the anniversary of the end of the war in Europe",
          body="Veterans, diplomats and guests gathered at the Embassy to lay flowers and share their "
               "memories."),
        E(d("2019-05-13"), "Reply by the Embassy spokesman to a question about visa processing times",
          body="Question: Are there any delays with visas this spring?\n\n"
               "Answer: No, applications are processed within the usual time."),
        E(d("2019-05-10"), "Ambassador’s speech at the reception for graduates of Russian language courses",
          complete=False, starts="Dear friends, it is a great pleasure", ends="Learning a lang"),
    ]),
    # section heading, then the date alone on a line, blank, title, blank, body; no footer
    "press_release.txt": (d("2021-11-15"), [
        E(d("2019-06-02"),
          "Embassy Press Officer’s reply to a question on consular access to a detained Russian citizen",
          complete=False,
          starts="Q: Has the Embassy been granted consular access to the detained sailor?\n\nA: Not yet.",
          ends="its obligations under the consular convention."),
    ]),
    "article_dated.txt": (d("2014-04-02"), [
        E(d("2014-03-28"),
          "Foreign Minister’s remarks at a joint news conference with the Minister for Foreign Affairs of "
          "Ruritania, Moscow, 28 March 2014",
          complete=False, starts="Ladies and gentlemen,", ends="which will meet in the autumn."),
    ]),
    "article_undated.txt": (d("2019-06-19"), [
        E(None, "Embassy comment on the new edition of the travel advice for Russia",
          complete=False, starts="We have read the updated travel advice",
          ends="issued within ten working days."),
    ]),
    "russian_header.txt": (d("2019-05-14"), [
        E(d("2019-05-07"), "Интервью Посла газете «Вечерний вестник», 7 мая 2019 года",
          body="Вопрос: Как вы оцениваете нынешнее состояние отношений?\n\n"
               "Ответ: Отношения переживают непростой период, но диалог продолжается."),
        E(d("2019-05-13"), "Посол принял участие в церемонии у памятника морякам арктических конвоев",
          body="Посол возложил цветы к памятнику и выступил с краткой речью."),
    ]),
    # three items share date and title and differ only in their sub-heading
    "subtitles.txt": (d("2019-07-25"), [
        E(d("2019-07-22"), "Comment by the Embassy spokesman",
          subtitle="On the detention of a Russian yacht crew in Portsmouth",
          body="The crew of the yacht has been held for three days without any explanation from the port "
               "authorities."),
        E(d("2019-07-22"), "Comment by the Embassy spokesman",
          subtitle="Regarding the new edition of the travel advice",
          body="The advice published yesterday contains misleading statements about safety in Russian "
               "cities."),
        E(d("2019-07-22"), "Comment by the Embassy spokesman",
          subtitle="The anniversary of the first visit of a Russian squadron",
          body="It is worth remembering that Russian sailors were welcomed in Portsmouth as friends more "
               "than two centuries ago."),
        E(d("2019-07-19"), "Ambassador visits the Russian school in Edinburgh",
          complete=False, starts="The Ambassador talked to pupils", ends="books by Russian auth"),
    ]),
    # the snapshot stops inside the last heading
    "title_cut.txt": (d("2018-02-08"), [
        E(d("2018-02-05"), "Embassy comment on the expulsion of two diplomats",
          body="We consider this step unfriendly and reserve the right to respond."),
        E(d("2018-02-02"), "Ambassador’s interview with the Daily Har",
          complete=False, title_cut=True, body=""),
    ]),
    # the snapshot stops just after the last heading
    "title_cut_blank.txt": (d("2018-02-08"), [
        E(d("2018-02-05"), "Embassy comment on the expulsion of two diplomats",
          body="We consider this step unfriendly and reserve the right to respond."),
        E(d("2018-02-02"), "Ambassador’s interview with the Daily Herald",
          complete=False, title_cut=True, body=""),
    ]),
    # lead dated "Moscow, October 14, 2019"; the snapshot stops mid-word in the last body
    "body_cut.txt": (d("2019-10-30"), [
        E(d("2019-10-14"),
          "Joint statement of the participants of the Arctic cultural forum, Moscow, October 14, 2019",
          body="The participants of the forum agreed to hold joint exhibitions and concerts next year."),
        E(d("2019-10-28"), "Ambassador opens a photo exhibition about the Northern Sea Route",
          body="The exhibition shows the work of icebreaker crews and scientists over the last fifty years."),
        E(d("2019-10-25"), "Embassy comment on the cancellation of a cultural festival",
          complete=False, starts="The organisers informed us", ends="and that the delegation will vis"),
    ]),
    "impossible_date.txt": (d("2017-03-05"), [
        E(d("2017-03-01"), "Embassy greets the participants of the Maslenitsa festival",
          body="The festival gathered thousands of visitors in the park despite the rain."),
        E(None, "Ambassador’s greetings on the Defender of the Fatherland Day",
          body="Dear veterans, dear friends, I congratulate you on this holiday."),
        E(d("2017-02-27"), "Reply by the Embassy spokesman to a question about school exchanges",
          complete=False, starts="Question: Will the exchanges continue?\n\nAnswer: Yes,",
          ends="already confirmed their partic"),
    ]),
    # no header, no heading: nothing to report (the date inside the prose is not an item)
    "prose.txt": (None, []),
    # another embassy's site: address block, phones, "updated ..." line, then one item
    "other_site.txt": (d("2016-03-03"), [  # the "updated ..." line dates the snapshot
        E(None, "Deputy Minister meets the Ruritanian Minister of Trade",
          starts="On 2 March the Deputy Minister", ends="in the spring."),
    ]),
    # no site header: a title on the first line, then the body; whole when it ends a sentence
    "headerless.txt": (None, [
        E(None, "Embassy Press Officer’s reply to a question about the consular visit to a Russian citizen",
          body="Question: Have the Embassy officials been able to visit the detained citizen?\n\n"
               "Answer: Yes, the visit took place yesterday. Our citizen is in good health and has no "
               "complaints about the conditions."),
    ]),
    "headerless_cut.txt": (None, [
        E(None, "Embassy Press Officer’s reply to a question about the consular visit to a Russian citizen",
          complete=False, starts="Question: Have the Embassy officials",
          ends="has no complaints about the"),
    ]),
    "plain.txt": (d("2018-12-07"), [
        E(d("2018-12-06"), "Embassy statement on the “St Nicholas” charity fair",
          body="The charity fair will take place on 15 December. All proceeds will go to the children’s "
               "hospice."),
        E(d("2018-12-05"), "Ambassador meets the Mayor of a twin town",
          body="The sides discussed cultural exchanges and a youth football tournament planned for the "
               "summer."),
        E(d("2018-12-04"), "Reply by the Embassy spokesman to a question about new visa rules",
          complete=False, starts="Question: Will the new visa rules affect tourists?\n\nAnswer: No,",
          ends="and their families, as expl"),
    ]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_fixture_page(name):
    snapshot, expected = CASES[name]
    page = parse_fixture(name)
    assert page.snapshot == snapshot
    check_entries(page.entries, expected)
    if name != "impossible_date.txt":
        # a page with no item at all says so, so that it never disappears silently
        assert page.warnings == (() if expected else ("no items found",))


def test_impossible_date_is_kept_undated_with_a_warning():
    page = parse_fixture("impossible_date.txt")
    undated = page.entries[1]
    assert undated.date is None
    assert undated.line == 16
    assert len(page.warnings) == 1
    warning = page.warnings[0]
    assert warning.startswith("line 16:"), warning
    assert "31.02.2017" in warning


def test_quirky_fixture_really_has_the_quirks():
    raw = (FIXTURES / "quirky_crlf_bom_nbsp.txt").read_bytes()
    assert raw.startswith("\ufeff".encode())
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    assert "\u00a0".encode() in raw
    assert b" \r\n" in raw and b"\t\r\n" in raw


def test_crlf_bom_nbsp_trailing_spaces_read_like_the_plain_page():
    plain = parse_fixture("plain.txt")
    quirky = parse_fixture("quirky_crlf_bom_nbsp.txt")
    assert quirky.snapshot == plain.snapshot
    assert quirky.entries == plain.entries
    assert quirky.warnings == plain.warnings


@pytest.mark.parametrize("name", ["other_site_name_line.txt", "other_site_name_two_lines.txt"])
def test_other_site_header_invents_no_item(name):
    # Same page as other_site.txt, with the embassy's name on one line or two.
    page = parse_fixture(name)
    assert [(e.date, e.title) for e in page.entries] == [
        (None, "Deputy Minister meets the Ruritanian Minister of Trade")]


HEADER = (
    "20 February 2017\nMoscow: 01:23\nLondon: 22:23\n\nConsular queries:\n+44 (0) 203 668 7474\n\n\n\n"
)


@pytest.mark.parametrize(("lead", "date"), [
    ("Ambassador’s speech at the conference (Global Diplomatic Forum, 22 October 2013)", d("2013-10-22")),
    ("Foreign Minister’s interview with a Ruritanian daily, Moscow, 28 March 2014", d("2014-03-28")),
    ("Deputy Minister’s article for a weekly, published on February 13, 2017", d("2017-02-13")),
    ("Ambassador’s letter to the editor of a weekly newspaper", None),
])
def test_lead_date_comes_from_its_title(lead, date):
    page = parse_page(f"{HEADER}{lead}\n\nDear colleagues, thank you for coming.\n\n\n"
                      "19.02.2017 - Embassy hosts a concert of young pianists\n\nThe concert was a success.\n\n"
                      "all messages\n")
    assert [(e.date, e.title) for e in page.entries] == [
        (date, lead), (d("2017-02-19"), "Embassy hosts a concert of young pianists")]
    assert all(e.complete for e in page.entries)


def test_lead_date_from_a_date_line_under_its_title():
    page = parse_page(f"{HEADER}Ambassador’s interview with a Ruritanian weekly\n\n13 February 2017\n\n"
                      "Question: How are relations? Ivan Petrov: They could be better.\n\nall messages\n")
    (entry,) = page.entries
    assert entry.date == d("2017-02-13")
    assert entry.body == "Question: How are relations?\n\nIvan Petrov: They could be better."


# --- (c) properties ------------------------------------------------------------------------------

_LINES = st.sampled_from([
    "20 February 2017", "21 октября 2016", "Moscow: 01:23", "London: 22:23", "Москва: 14:11",
    "Consular queries:", "Консульские вопросы:", "+44 (0) 203 668 7474", "[email protected]",
    "933 days have passed since the Salisbury incident - no credible information",
    "Pages: ««« :: 123 :: »»»", "PRESS RELEASES AND NEWS", "all messages", "все сообщения",
    "20.02.2017", "31.02.2017", "00.00.0000", "20.02.2017 - Embassy comment on a thing",
    "31.02.2017 - Impossible", "09 august", "Friday, 15 June 2018 12:33", "Moscow, 28 March 2014",
    "Question: Why? Sergey Lavrov: Because.", "Q:", "A: ", "1.", "-", " - ",
    "Some title with words", "A sentence that ends.", "", "", " ", "\u00a0",
])
_DATED = st.builds(lambda date, title: f"{date} - {title}",
                   st.from_regex(r"\A\d{1,2}\.\d{1,2}\.\d{4}\Z"), st.text(max_size=30))
_PAGES = st.builds(lambda lines, sep: sep.join(lines),
                   st.lists(st.one_of(_LINES, _DATED, st.text(max_size=40)), max_size=30),
                   st.sampled_from(["\n", "\r\n", "\r", "\n\n"]))
_WARNING = re.compile(r"^(?:line \d+: |no items found$)")


def _check_invariants(text: str) -> None:
    page = parse_page(text)
    n_lines = len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    for entry in page.entries:
        assert entry.title.strip(), entry
        assert 1 <= entry.line <= n_lines, entry
    for warning in page.warnings:
        assert _WARNING.match(warning), warning


_SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(st.text())
def test_never_raises_on_arbitrary_text(text):
    _check_invariants(text)


@_SETTINGS
@given(_PAGES)
def test_never_raises_on_page_like_text(text):
    _check_invariants(text)


def test_page_cut_inside_its_lead_heading_keeps_the_heading():
    page = parse_page("3 May 2021\nMoscow: 10:00\nLondon: 08:00\n\nConsular queries:\n+44 (0) 203 668 7474\n\n"
                      "Ambassador’s interview with the Morn")
    (entry,) = page.entries
    assert (entry.title, entry.date, entry.complete, entry.title_cut) == (
        "Ambassador’s interview with the Morn", None, False, True)


HEAD = "3 May 2021\nMoscow: 10:00\nLondon: 08:00\n\nConsular queries:\n+44 (0) 203 668 7474\n\n"


def test_banner_without_a_dash_is_not_a_lead():
    page = parse_page(HEAD + "1100 days have passed since the Salisbury incident\n\n\n"
                      "Embassy comment on the latest report\n\nWe have read the report.\n")
    assert [(e.title, e.body) for e in page.entries] == [
        ("Embassy comment on the latest report", "We have read the report.")]


def test_dateline_under_a_lead_title_dates_it():
    page = parse_page(HEAD + "Remarks by the Ambassador at the reception\n\nLondon, 12 June 2019\n\n"
                      "Ladies and gentlemen, welcome.\n")
    (entry,) = page.entries
    assert (entry.date.isoformat(), entry.subtitle, entry.body) == (
        "2019-06-12", None, "Ladies and gentlemen, welcome.")


def test_a_title_case_section_heading_above_dated_items_is_not_a_lead():
    page = parse_page(HEAD + "Press releases and news\n\n09.04.2018\n\nEmbassy statement on the case\n\nText.\n")
    assert [(str(e.date), e.title) for e in page.entries] == [("2018-04-09", "Embassy statement on the case")]


def test_a_snapshot_cut_inside_the_next_date_ends_the_item_before_it():
    page = parse_page(HEAD + "Pages: ««« :: 123 :: »»»\n\n04.03.2018 - Item one\n\nBody one.\n\n03.03.20")
    (entry,) = page.entries
    assert (entry.title, entry.body, entry.complete) == ("Item one", "Body one.", True)


@pytest.mark.parametrize("title", [
    "DIPLOMATS’ DAY",
    "Embassy Press Officer’s reply to a media question on visas.",
    "Salisbury",
])
def test_the_first_line_under_the_site_header_is_the_heading_whatever_its_shape(title):
    page = parse_page(HEAD + "\n\n" + title + "\n\nThe first paragraph of the article.\n\nA second one.\n")
    assert [(e.title, e.body) for e in page.entries] == [
        (title, "The first paragraph of the article.\n\nA second one.")]


def test_a_section_name_in_capitals_above_the_heading_is_not_the_heading():
    page = parse_page(HEAD + "AMBASSADOR'S ARTICLES\n\nRussia and Britain in a changing world\n\n"
                      "The first paragraph of the article.\n")
    assert [e.title for e in page.entries] == ["Russia and Britain in a changing world"]
