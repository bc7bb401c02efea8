"""Russian beside English, through the real command line: word forms found by search, names matched
across scripts, the language and site of each item, and the filters and counts over them.

The pages are invented text in the layouts of the ministry's and embassies' sites.
"""
from __future__ import annotations

import json

import pytest

from tests.test_hostile import run_mfa

RU_RELEASE = """\
21 октября 2016
Москва: 01:23
Лондон: 22:23

Консульские вопросы:
+44 (0) 100 000 0000

ПРЕСС-РЕЛИЗЫ И НОВОСТИ

16.02.2016

Интервью Министра иностранных дел России Сергея Лаврова газете «Вести Руритании»

Вопрос: Как Вы оцениваете новые санкции против России? Ответ: Санкциям нет оправдания.

12.02.2016

Ответ официального представителя МИД России М.В.Захаровой на вопрос СМИ о визите в Руританию

Мы приветствуем решение о визите. Переговоры с министром пройдут в столице.
"""

EN_EMBASSY = """\
Embassy of the Russian Federation in the Kingdom of Ruritania
Phone (consular questions): (111) 222-3333
/Schedule work today: 9:00–18:00
en ru
03 march / 2016

Foreign Minister Sergey Lavrov’s interview with the Ruritanian Herald

Question: What about the sanctions? Sergey Lavrov: They were a mistake, as the running talks show.
"""

EN_OTHER = """\
Ambassador Yakovenko’s reply to a question on the consular visit

Question: Has the visit taken place? Alexander Yakovenko: Yes, it has.
"""

RU_OTHER = """\
Ответы Посла России А.В.Яковенко на вопросы газеты, 5 мая 2016 года

Вопрос: Как прошёл визит? Ответ: Визит прошёл успешно, хотя санкций никто не отменял.
"""


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    root = tmp_path_factory.mktemp("archive")
    for name, text in (("ru.txt", RU_RELEASE), ("en.txt", EN_EMBASSY), ("en2.txt", EN_OTHER), ("ru2.txt", RU_OTHER)):
        (root / name).write_text(text, encoding="utf-8")
    return root


def mfa(archive, tmp_path, *args):
    return run_mfa(["--data", archive, *args], tmp_path / "cache")


def titles(result) -> list[str]:
    return [line.split("\t")[3] for line in result.out.splitlines()]


@pytest.mark.parametrize("word, expected", [
    ("Лавров", ["Интервью Министра иностранных дел России Сергея Лаврова газете «Вести Руритании»"]),
    ("санкции", ["Интервью Министра иностранных дел России Сергея Лаврова газете «Вести Руритании»",
                 "Ответы Посла России А.В.Яковенко на вопросы газеты, 5 мая 2016 года"]),
    ("визиты", ["Ответ официального представителя МИД России М.В.Захаровой на вопрос СМИ о визите в Руританию",
                "Ответы Посла России А.В.Яковенко на вопросы газеты, 5 мая 2016 года"]),
    ("sanction", ["Foreign Minister Sergey Lavrov’s interview with the Ruritanian Herald"]),
    ("run", ["Foreign Minister Sergey Lavrov’s interview with the Ruritanian Herald"]),
])
def test_search_finds_word_forms_in_both_languages(archive, tmp_path, word, expected):
    result = mfa(archive, tmp_path, "search", word)
    assert result.code == 0, result.err
    assert sorted(titles(result)) == sorted(expected)


def test_russian_phrase_prefix_and_snippet_in_the_original_words(archive, tmp_path):
    result = mfa(archive, tmp_path, "search", '"новые санкции"', "--format", "json")
    (hit,) = json.loads(result.out)
    assert "**новые санкции**" in hit["snippet"]
    assert titles(mfa(archive, tmp_path, "search", "санкци*")) and mfa(archive, tmp_path, "search", "санкци*").code == 0
    nothing = mfa(archive, tmp_path, "search", "Руритания", "NOT", "визит")
    assert nothing.code == 0 and len(titles(nothing)) == 1


def test_a_russian_query_never_crashes_on_english_items_and_vice_versa(archive, tmp_path):
    assert mfa(archive, tmp_path, "search", "Zakharova").code == 1
    assert mfa(archive, tmp_path, "search", "ёлка", "--lang", "en").code == 1


@pytest.mark.parametrize("person, count", [("Lavrov", 2), ("Лавров", 2), ("Yakovenko", 2), ("Яковенко", 2),
                                           ("Zakharova", 1), ("Iakovenko", 2)])
def test_person_matches_across_scripts(archive, tmp_path, person, count):
    result = mfa(archive, tmp_path, "list", "--person", person)
    assert result.code == 0 and len(result.out.splitlines()) == count, result.out


def test_stats_count_one_person_once_whatever_the_form(archive, tmp_path):
    rows = dict(line.split("\t") for line in mfa(archive, tmp_path, "stats", "--by", "person").out.splitlines())
    assert rows["Sergey Lavrov"] == "2"
    assert rows["Alexander Yakovenko"] == "2"
    assert not any("Лавров" in name or "Яковенко" in name for name in rows)


def test_language_and_site_fields_filters_and_counts(archive, tmp_path):
    items = {i["title"][:20]: i for i in json.loads(mfa(archive, tmp_path, "list", "--format", "json").out)}
    assert items["Интервью Министра ин"]["language"] == "ru"
    assert items["Foreign Minister Ser"]["language"] == "en"
    assert items["Foreign Minister Ser"]["site"] == "Embassy of the Russian Federation in the Kingdom of Ruritania"
    assert items["Интервью Министра ин"]["site"] is None
    assert items["Интервью Министра ин"]["kind"] == "interview"
    assert items["Ответ официального п"]["kind"] == "comment"
    assert len(mfa(archive, tmp_path, "list", "--lang", "ru").out.splitlines()) == 3
    assert titles(mfa(archive, tmp_path, "list", "--site", "ruritania")) == [
        "Foreign Minister Sergey Lavrov’s interview with the Ruritanian Herald"]
    assert mfa(archive, tmp_path, "search", "sanctions", "--lang", "ru").code == 1
    by_language = dict(line.split("\t") for line in mfa(archive, tmp_path, "stats", "--by", "language").out.splitlines())
    assert by_language == {"ru": "3", "en": "2"}
    by_site = mfa(archive, tmp_path, "stats", "--by", "site").out.splitlines()
    assert by_site == ["unnamed\t4", "Embassy of the Russian Federation in the Kingdom of Ruritania\t1"]


def test_russian_dates_in_options(archive, tmp_path):
    result = mfa(archive, tmp_path, "list", "--since", "13 февраля 2016 г.", "--until", "1 марта 2016")
    assert titles(result) == ["Интервью Министра иностранных дел России Сергея Лаврова газете «Вести Руритании»"]
    bad = mfa(archive, tmp_path, "list", "--lang", "de")
    assert bad.code == 2 and "--lang" in bad.err


def test_russian_turns_are_set_apart(archive, tmp_path):
    items = json.loads(mfa(archive, tmp_path, "list", "--lang", "ru", "--format", "json").out)
    interview = next(i for i in items if i["kind"] == "interview")
    assert interview["body"].split("\n\n") == ["Вопрос: Как Вы оцениваете новые санкции против России?",
                                               "Ответ: Санкциям нет оправдания."]


def test_show_names_the_language_and_the_site(archive, tmp_path):
    ids = mfa(archive, tmp_path, "list", "--format", "ids").out.split()
    shown = mfa(archive, tmp_path, "show", *ids).out
    assert "language: ru" in shown
    assert "site:    Embassy of the Russian Federation in the Kingdom of Ruritania" in shown
    herald = mfa(archive, tmp_path, "list", "--site", "ruritania", "--format", "ids").out.split()
    markdown = mfa(archive, tmp_path, "show", *herald, "--format", "markdown").out
    assert "- site: Embassy of the Russian Federation in the Kingdom of Ruritania" in markdown
    assert "- language:" not in markdown  # English goes without saying


def test_a_file_without_items_is_reported_in_sources_and_warned_about(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "directory.txt").write_text("Публикатор\n\n  • Руритания\n    Посольство России в Руритании\n",
                                          encoding="utf-8")
    (folder / "item.txt").write_text(RU_OTHER, encoding="utf-8")
    listed = run_mfa(["--data", folder, "list"], tmp_path / "cache")
    assert listed.code == 0 and len(listed.out.splitlines()) == 1
    assert listed.err.count("no items found") == 1 and "directory.txt" in listed.err
    files = json.loads(run_mfa(["--data", folder, "sources", "--format", "json"], tmp_path / "cache").out)
    empty = next(f for f in files if f["path"].endswith("directory.txt"))
    assert empty["items"] == 0 and any("no items found" in w for w in empty["warnings"])


def test_the_stem_cache_stays_small_and_stems_alike_when_it_starts_afresh(monkeypatch):
    from mfa_cli import lang

    text = ("Министр иностранных дел Сергей Лавров провёл переговоры с министром иностранных дел "
            "Казахстана в Астане; визиты министров обсуждались на переговорах в Астане.")
    monkeypatch.setattr(lang, "_STEMS", {})
    expected = lang.shadow(text)
    assert expected.startswith("министр иностр дел серг лавр")
    monkeypatch.setattr(lang, "_STEMS", {})
    monkeypatch.setattr(lang, "STEMS_KEPT", 6)
    other = "Посольство России опубликовало заявление о санкциях против российских журналистов."
    sizes = []
    for sentence in [text, other, text, other]:
        lang.shadow(sentence)
        sizes.append(len(lang._STEMS))
    assert lang.shadow(text) == expected
    assert sizes[1] < sizes[0] and sizes[2] == sizes[0]  # it started afresh for each new text
    assert max(sizes) == len(set(lang._SPLIT.split(text.lower())[1::2]))
