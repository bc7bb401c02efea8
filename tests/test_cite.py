"""`mfa cite`: a line to paste, CSL-JSON that citeproc renders, BibTeX that a BibTeX parser reads."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from mfa_cli.citations import cite_bibtex, cite_markdown, cite_text, csl
from mfa_cli.models import Item
from tests.analysis_pages import write_archive
from tests.test_hostile import mfa_env, run_mfa

HOSTILE = r"Reply on {odd} titles: 100% & $5, #1, a_b ~x^2 back\slash *starred* [link](x) <b>"


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return write_archive(tmp_path_factory.mktemp("archive"))


def mfa(archive, tmp_path, *args):
    return run_mfa(["--data", archive, *args], tmp_path / "cache")


def item(title=HOSTILE, *, site="Embassy of the Russian Federation in the Kingdom of Ruritania",
         date=dt.date(2018, 3, 20), first="2018-03-21", last="2018-04-26", subtitle=None) -> Item:
    return Item(uid="ef8cf38aa", date=date, title=title, subtitle=subtitle, body="Text.", kind="statement",
                people=(), complete=True, sources=(), id="ef8cf38", first_seen=first, last_seen=last, site=site)


def test_text_names_publisher_title_date_and_first_and_last_snapshot(archive, tmp_path):
    result = mfa(archive, tmp_path, "cite", "ef8c", "e4dc")
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        "Embassy of the Russian Federation in the Kingdom of Ruritania. “Statement on the Salisbury incident.” "
        "20 March 2018. Accessed 21 March 2018 and 26 April 2018 (first and last snapshot). mfa id ef8cf38.",
        "Embassy of the Russian Federation in the Kingdom of Ruritania. “Ambassador’s interview with the "
        "Ruritanian Herald on sanctions.” n.d. Accessed 21 March 2018 (snapshot). mfa id e4dc321.",
    ]


def test_publisher_is_left_out_when_the_page_does_not_say(tmp_path):
    result = run_mfa(["cite", "778e"], tmp_path / "cache")  # the bundled page names no site
    assert result.out == ("“Sergey Lavrov’s answer to a media question on the sidelines of the Munich Security "
                          "Conference, February 18, 2017.” 20 February 2017. Accessed 20 February 2017 (snapshot). "
                          "mfa id 778e64b.\n")


def test_markdown_is_one_line_with_markup_in_the_title_escaped():
    line = cite_markdown(item(subtitle="Second\nline"))
    assert "\n" not in line
    assert line.startswith("Embassy of the Russian Federation in the Kingdom of Ruritania. *Reply on {odd} titles: "
                           r"100% & $5, #1, a\_b \~x^2 back\\slash \*starred\* \[link\](x) \<b\> — Second line.* ")
    assert line.endswith(" mfa id `ef8cf38`.")
    assert cite_text(item(title="Is it over?", site=None, date=None, first=None, last=None)) == \
        "“Is it over?” n.d. mfa id ef8cf38."


def test_csl_json_renders_with_citeproc(archive, tmp_path):
    citeproc = pytest.importorskip("citeproc")
    from citeproc.source.json import CiteProcJSON

    data = json.loads(mfa(archive, tmp_path, "cite", "ef8c", "5750", "--style", "csl-json").out)
    assert data[0] == {
        "id": "mfa-ef8cf38", "type": "webpage", "title": "Statement on the Salisbury incident",
        "publisher": "Embassy of the Russian Federation in the Kingdom of Ruritania",
        "issued": {"date-parts": [[2018, 3, 20]]}, "accessed": {"date-parts": [[2018, 3, 21], [2018, 4, 26]]},
        "genre": "statement", "language": "en",
        "note": "mfa id ef8cf38; seen in snapshots from 2018-03-21 to 2018-04-26",
    }
    assert data[1]["language"] == "ru" and data[1]["accessed"] == {"date-parts": [[2018, 5, 17]]}
    data.append(csl(item()))
    data[-1]["id"] = "hostile"
    source = CiteProcJSON(data)
    style = citeproc.CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = citeproc.CitationStylesBibliography(style, source, citeproc.formatter.plain)
    for entry in data:
        bibliography.register(citeproc.Citation([citeproc.CitationItem(entry["id"])]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    assert len(rendered) == 3
    salisbury = next(r for r in rendered if "Salisbury" in r)
    assert "(2018)" in salisbury and "Embassy of the Russian Federation in the Kingdom of Ruritania" in salisbury
    assert any("Комментарий Посольства о новых санкциях" in r for r in rendered)
    assert any("[link](x)" in r for r in rendered)


def _read_tex(text: str) -> str:
    """The text a LaTeX field stands for, for the commands cite writes."""
    for command, char in ((r"\textbackslash{}", "\\"), (r"\textbraceleft{}", "{"), (r"\textbraceright{}", "}"),
                          (r"\textasciitilde{}", "~"), (r"\textasciicircum{}", "^"), ("\\%", "%"), ("\\&", "&"),
                          ("\\$", "$"), ("\\#", "#"), ("\\_", "_")):
        text = text.replace(command, char)
    return text


def test_bibtex_parses_and_gives_back_every_field(archive, tmp_path):
    database = pytest.importorskip("pybtex.database")

    out = mfa(archive, tmp_path, "cite", "ef8c", "e4dc", "--style", "bibtex").out
    parsed = database.parse_string(out, "bibtex")  # strict: a syntax error raises
    assert list(parsed.entries) == ["mfa-ef8cf38", "mfa-e4dc321"]
    fields = parsed.entries["mfa-ef8cf38"].fields
    assert fields["title"] == "{Statement on the Salisbury incident}"
    assert fields["howpublished"] == "Embassy of the Russian Federation in the Kingdom of Ruritania"
    assert (fields["year"], fields["month"], fields["date"]) == ("2018", "March", "2018-03-20")
    assert fields["urldate"] == "2018-03-21/2018-04-26"
    assert "year" not in parsed.entries["mfa-e4dc321"].fields
    hostile = database.parse_string(cite_bibtex(item(site="Embassy & {Co}")), "bibtex").entries["mfa-ef8cf38"]
    assert _read_tex(hostile.fields["title"]) == "{" + HOSTILE + "}"
    assert _read_tex(hostile.fields["publisher"]) == "Embassy & {Co}"


def test_ids_from_standard_input_filters_and_errors(archive, tmp_path):
    ids = mfa(archive, tmp_path, "list", "--lang", "ru", "--format", "ids").out
    piped = subprocess.run([sys.executable, "-m", "mfa_cli", "--data", str(archive), "cite", "-"], input=ids,
                           capture_output=True, text=True, env=mfa_env(tmp_path / "cache"))
    assert piped.returncode == 0 and [line.split("“")[1][:10] for line in piped.stdout.splitlines()] == [
        "Комментари", "Ответ Посл"]
    by_filter = mfa(archive, tmp_path, "cite", "--lang", "ru", "--style", "bibtex")
    assert by_filter.code == 0 and by_filter.out.count("@misc{") == len(ids.split()) == 2
    unknown = mfa(archive, tmp_path, "cite", "ef8c", "ffff")
    assert unknown.code == 1 and unknown.out.count("\n") == 1 and "ffff" in unknown.err
    for args in (["cite"], ["cite", "ef8c", "--kind", "comment"], ["cite", "ef8c", "--style", "apa"], ["cite", "x!"]):
        result = mfa(archive, tmp_path, *args)
        assert result.code in (1, 2) and "Traceback" not in result.err and len(result.err.splitlines()) == 1, args
    assert mfa(archive, tmp_path, "cite", "--on", "2018-02").code == 1
