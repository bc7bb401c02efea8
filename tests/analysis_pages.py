"""An invented archive for the analyst's commands: four snapshots of an embassy's news page over
five months (one month without a single item), in English and Russian, and one undated lead item."""
from __future__ import annotations

from pathlib import Path

HEADER = ("{snap}\nMoscow: 10:00\nLondon: 08:00\n\nEmbassy of the Russian Federation in the Kingdom of Ruritania\n"
          "Phone (consular questions): (111) 222-3333\n\n")

JANUARY = [
    ("30.01.2018", "Embassy comment on new sanctions against Russia",
     "The Embassy regrets the sanctions announced today. Sanctions have never changed our course, "
     "and these sanctions will not either."),
    ("12.01.2018", "Reply by the Embassy spokesman to a question about visa issues",
     "Question: Are visas delayed? Answer: The consular section issues visas within ten days."),
    ("05.01.2018", "Ambassador’s New Year message",
     "We wish our partners peace and [bold]prosperity[/bold] in the coming\x1b[31m year."),
]
MARCH = [
    ("20.03.2018", "Statement on the Salisbury incident",
     "The Skripal case remains unexplained. We demand consular access to the Skripals. "
     "The sanctioning of Russian diplomats over the Skripal case is a provocation."),
    ("14.03.2018", "Embassy comment on the expulsion of diplomats",
     "The expulsion is a provocation, and the Skripal case is its pretext."),
    ("02.03.2018", "Press release on cultural exchanges",
     "A festival of Ruritanian film opens in Moscow; the tour of the ballet follows."),
]
APRIL = [
    ("25.04.2018", "Statement on the Skripal case and the OPCW report",
     "The OPCW report does not name Russia. The Skripal case calls for a joint investigation, "
     "not sanctions."),
    ("03.04.2018", "Embassy comment on the chemical weapons allegations",
     "There is no credible evidence about chemical weapons; the allegations are a provocation."),
]
MAY_RU = [
    ("16.05.2018", "Комментарий Посольства о новых санкциях",
     "Посольство сожалеет о санкциях. Новые санкции против России не изменят нашего курса."),
    ("08.05.2018", "Ответ Посла на вопрос о деле Скрипалей",
     "Дело Скрипалей остаётся без ответа; санкциям нет оправдания."),
]
UNDATED = ("Ambassador’s interview with the Ruritanian Herald on sanctions",
           "Question: What about the sanctions? Answer: The sanctions are a mistake.")


def page(snap: str, entries, lead=None) -> str:
    text = HEADER.format(snap=snap)
    if lead:
        text += f"{lead[0]}\n\n{lead[1]}\n\n"
    for date, title, body in entries:
        text += f"{date} - {title}\n\n{body}\n\n"
    return text


def write_archive(root: Path) -> Path:
    """The four snapshots in `root`; April's page repeats March's newest item, so it merges."""
    (root / "2018-01.txt").write_text(page("31 January 2018", JANUARY), encoding="utf-8")
    (root / "2018-03.txt").write_text(page("21 March 2018", MARCH, lead=UNDATED), encoding="utf-8")
    (root / "2018-04.txt").write_text(page("26 April 2018", APRIL + MARCH[:1]), encoding="utf-8")
    (root / "2018-05.txt").write_text(page("17 May 2018", MAY_RU), encoding="utf-8")
    return root
