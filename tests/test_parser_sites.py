"""Pages of other ministry and embassy sites, in English and in Russian: invented text in their layouts.

What a reader notices: the item's date and exact title, that the site's header, switchers, print links
and style sheets never show up as items or in a text, and that dates read two ways stay unknown
unless the page itself settles them.
"""
from __future__ import annotations

import datetime as dt

import pytest

from mfa_cli.dates import date_line, slash_order
from mfa_cli.parser import parse_page


def only(text: str):
    page = parse_page(text)
    assert len(page.entries) == 1, [e.title for e in page.entries]
    return page, page.entries[0]


def test_embassy_header_date_with_year_after_a_slash_and_furniture_out_of_the_text():
    page, entry = only(
        "Embassy of the Russian Federation in the Kingdom of Ruritania\n"
        "Phone (consular questions): (111) 222-3333 | Emergency line : (111) 222-4444\n"
        "/Schedule work today: 9:00–18:00\n"
        "en ru\n"
        "03 march / 2019\n\n"
        "Embassy Statement\n\n"
        "The Embassy notes with regret the decision announced yesterday.<br />\n<br />\n"
        "We call on the authorities to reconsider it.\n"
        ".footer a.menu__link { color: #67717b; } .footer a:hover { color: #212b34; }\n"
    )
    assert (entry.date, entry.title) == (dt.date(2019, 3, 3), "Embassy Statement")
    assert "<br" not in entry.body and "footer" not in entry.body
    assert entry.body.endswith("reconsider it.")
    assert page.site == "Embassy of the Russian Federation in the Kingdom of Ruritania"


def test_glued_date_and_time_language_switcher_and_settings_link():
    _, entry = only(
        "4 March 201911:20\n\nPress release\n\n\n  • en-GB1 ru-RU1\n\n"
        "The Ministry held consultations with its partners on the situation in the region.\n\n"
        "Advanced settings\n"
    )
    assert (entry.date, entry.title) == (dt.date(2019, 3, 4), "Press release")
    assert "en-GB" not in entry.body and "Advanced" not in entry.body


@pytest.mark.parametrize("posted, body, expected", [
    ("Submitted on Tue, 03/04/2021 - 10:15", "On 4 March 2021 the Mission said", dt.date(2021, 3, 4)),
    ("Submitted on Tue, 03/04/2021 - 10:15", "On 3 April 2021 the Mission said", dt.date(2021, 4, 3)),
    ("Submitted on Tue, 03/04/2021 - 10:15", "Yesterday the Mission said", None),
    ("Опубликовано пт, 06/21/2019 - 16:29", "Вчера Постпред заявил", dt.date(2019, 6, 21)),
    ("Submitted on 2020-02-03 10:00:00", "The Mission said", dt.date(2020, 2, 3)),
])
def test_submitted_on_line_read_as_the_page_confirms(posted, body, expected):
    _, entry = only(f"A demarche of the day\n\n{posted}\n\n{body} that the step was groundless.\n")
    assert (entry.title, entry.date) == ("A demarche of the day", expected)
    assert not entry.body.startswith(("Submitted", "Опубликовано"))


def test_site_name_above_a_posting_line_is_not_the_heading():
    page, entry = only(
        "+ -\nPermanent Mission of the Russian Federation to the Ruritanian Union\n\n"
        "Submitted on 2022-01-10 09:00:00\n\n"
        "Comment by the Permanent Representative on the new restrictions, 10 January 2022\n\n"
        "The restrictions announced today are illegitimate.\n"
    )
    assert entry.date == dt.date(2022, 1, 10)
    assert entry.title.startswith("Comment by the Permanent Representative")
    assert page.site.startswith("Permanent Mission")


def test_russian_embassy_page():
    page, entry = only(
        "21 октября 2016\nМосква: 01:23\nЛондон: 22:23\n\nКонсульские вопросы:\n+44 (0) 100 000 0000\n\n"
        "ПРЕСС-РЕЛИЗЫ И НОВОСТИ\n\n16.02.2016\n\n"
        "Интервью Посла России информагентству, 15 февраля 2016 года\n\n"
        "Вопрос: Как Вы оцениваете отношения? Ответ: Они непростые. Вопрос: А перспективы?\n"
    )
    assert page.snapshot == dt.date(2016, 10, 21)
    assert entry.date == dt.date(2016, 2, 16)
    assert entry.body.split("\n\n") == ["Вопрос: Как Вы оцениваете отношения?", "Ответ: Они непростые.",
                                        "Вопрос: А перспективы?"]


def test_russian_two_line_heading_under_a_numbered_release_and_a_print_link():
    _, entry = only(
        "Пресс-релиз № 12\n\nПечать\n\n"
        "Брифинг официального представителя МИД России,\nМосква, 3 марта 2016 года\n\n"
        "О ситуации в регионе\nПосле завершения переговоров стороны договорились продолжить контакты.\n"
    )
    assert entry.title == "Брифинг официального представителя МИД России, Москва, 3 марта 2016 года"
    assert entry.date == dt.date(2016, 3, 3)
    assert entry.subtitle is None and "Печать" not in entry.body


def test_single_spaced_russian_page_with_a_section_name_and_a_kind_line():
    _, entry = only(
        "Новости\n"
        "О встрече заместителя Министра иностранных дел России с Послом Руритании\n"
        "СООБЩЕНИЕ ДЛЯ СМИ\n"
        "28 декабря состоялась встреча, в ходе которой обсуждалась ситуация в регионе.\n"
        "Стороны договорились продолжить контакты.\n"
    )
    assert entry.title.startswith("О встрече заместителя")
    assert entry.subtitle == "СООБЩЕНИЕ ДЛЯ СМИ"
    assert entry.date is None  # a day and month without a year
    assert entry.body.startswith("28 декабря")


def test_undated_listing_of_headings_and_teasers():
    page = parse_page(
        "2021 год\n\n"
        "Интервью Посла России местной газете\n\n"
        "Интервью Посла России местной газете (14.01.2021 г.) Посол ответил на вопросы о двусторонних "
        "отношениях и о планах на год…\n\n"
        "О приёме по случаю Нового года\n\n"
        "10 января с.г. в посольстве прошёл приём, на котором присутствовали представители общественности…\n"
    )
    assert [(e.date, e.title) for e in page.entries] == [
        (dt.date(2021, 1, 14), "Интервью Посла России местной газете"),
        (None, "О приёме по случаю Нового года"),
    ]


def test_document_code_under_the_heading_dates_the_item():
    _, entry = only(
        "13:33\n\nPress release on the Deputy Minister’s meeting with the Ambassador of Ruritania\n\n"
        "1234-08-10-2015\n\nOn October 8, the Deputy Minister met the Ambassador.\n"
    )
    assert entry.date == dt.date(2015, 10, 8)
    assert "1234" not in entry.body


def test_a_headerless_article_takes_the_date_its_first_sentence_states():
    _, entry = only("The reception on National Day\n\nThe reception was held on 12 of June 2014 at the Embassy. "
                    "On 13 June 2014 guests left.\n")
    assert entry.date == dt.date(2014, 6, 12)


def test_a_page_without_items_says_so():
    page = parse_page("Directory\n\n  • Ruritania\n    Embassy of Russia in Ruritania (Capital)\n"
                      "    1 Main Street, Capital\n  • Utopia\n    Embassy of Russia in Utopia (Town)\n")
    assert page.entries == ()
    assert page.warnings == ("no items found",)


@pytest.mark.parametrize("line, expected", [
    ("16 февраля 2017 года", dt.date(2017, 2, 16)),
    ("16 февраля 2017 г.", dt.date(2017, 2, 16)),
    ("16.02.2017 г.", dt.date(2017, 2, 16)),
    ("31 июля 2016", dt.date(2016, 7, 31)),
    ("08 мая / 2021", dt.date(2021, 5, 8)),
    ("28 декабря", None),
    ("09 august", None),
    ("Опубликовано пт, 04/05/2022 - 16:29", None),
])
def test_date_lines(line, expected):
    assert date_line(line) == (True, expected)


def test_slash_order_from_the_page():
    assert slash_order("posted 04/05/2022; also 06/21/2019") == "mdy"
    assert slash_order("posted 04/05/2022; also 21/06/2019") == "dmy"
    assert slash_order("posted 04/05/2022. On 4 May 2022 it said") == "dmy"
    assert slash_order("posted 04/05/2022") is None


def test_numeric_date_under_a_heading_dates_it_and_is_not_a_title():
    _, entry = only("О встрече Посла с министром\n\n16.02.2017\n\nПосол встретился с министром.\n")
    assert (entry.date, entry.title, entry.body) == (dt.date(2017, 2, 16), "О встрече Посла с министром",
                                                     "Посол встретился с министром.")


def test_russian_listing_with_yearless_dates():
    page = parse_page("09 августа\n\nО посещении соотечественницы\n\nСотрудники посольства посетили её.\n\n"
                      "08 августа\n\nНовые санкции против России\n\nСанкционный конвейер наращивает обороты.\n")
    assert [(e.date, e.title) for e in page.entries] == [(None, "О посещении соотечественницы"),
                                                        (None, "Новые санкции против России")]


def test_russian_briefing_with_its_table_of_contents_is_one_item():
    _, entry = only("16 февраля 201716:30\n\n"
                    "Брифинг официального представителя МИД России, Москва, 16 февраля 2017 года\n\n\n"
                    "  • ru-RU1 en-GB1\nСодержание\n\n  1. О переговорах Министра\n  2. О ситуации в регионе\n\n"
                    "О переговорах Министра\n\nВ ходе переговоров стороны обсудили ситуацию.\n")
    assert entry.date == dt.date(2017, 2, 16) and entry.subtitle is None
    assert "ru-RU" not in entry.body and "2. О ситуации в регионе" in entry.body


def test_heading_printed_twice_photo_credit_and_view_count_are_not_text():
    _, entry = only("Russian Ambassador met the Governor of the Province\n\n\n"
                    "Russian Ambassador met the Governor of the Province\n\nPhoto: Embassy press service\n\n"
                    "Hits: 1234\n\nOn Monday the Ambassador met the Governor.\n")
    assert entry.title == "Russian Ambassador met the Governor of the Province"
    assert entry.body == "On Monday the Ambassador met the Governor."


@pytest.mark.parametrize("line, expected", [
    ("Submitted by admin on Tue, 13/05/2022 - 17:08", dt.date(2022, 5, 13)),
    ("Опубликовано: 16.05.2016 10:00", dt.date(2016, 5, 16)),
    ("28 декабря 2017 г. 15:20", dt.date(2017, 12, 28)),
    ("16 февраля 201716:30", dt.date(2017, 2, 16)),
])
def test_more_date_lines(line, expected):
    assert date_line(line) == (True, expected)


@pytest.mark.parametrize("title, kind", [
    ("Брифинг официального представителя МИД России, Москва, 16 февраля 2017 года", "briefing"),
    ("Заявление МИД России о ситуации в Сирии", "statement"),
    ("Комментарий Департамента информации и печати", "comment"),
    ("Ответ официального представителя МИД России на вопрос СМИ", "comment"),
    ("Интервью Посла России газете «Вести»", "interview"),
    ("Выступление Министра на конференции", "speech"),
    ("Пресс-релиз о переговорах", "press-release"),
    ("О заседании попечительского совета программы «Стипендия»", "news"),
    ("Стороны договорились о встрече", "news"),
    ("Об ответственности сторон", "news"),
])
def test_kinds_of_russian_titles(title, kind):
    from mfa_cli.classify import kind_of

    assert kind_of(title) == kind


def test_menus_and_breadcrumbs_are_not_items_or_text():
    _, entry = only("Home | News | Statements | Contacts\n\nГлавная > Новости > Заявления\n\n"
                    "Statement by the Embassy on the visa decision\n\n"
                    "The Embassy regrets the decision.\n\nShare | Tweet | Print\n")
    assert entry.title == "Statement by the Embassy on the visa decision"
    assert entry.body == "The Embassy regrets the decision."
