"""What the commands share: the date option type, the filter and format options, and writing output."""
from __future__ import annotations

import functools
import sys

import click

from ..app import App, build_filters
from ..formats import FORMATS
from ..models import KINDS

pass_app = click.make_pass_decorator(App)


class DateSpan(click.ParamType):
    """A --since/--until/--on value: the inclusive span of days it names."""

    name = "DATE"

    def convert(self, value, param, ctx):
        if isinstance(value, tuple):
            return value
        from ..dates import parse_user_date
        from ..errors import DateError

        try:
            return parse_user_date(value)
        except DateError as exc:
            self.fail(f"{exc} (try 2017-02-15, 15.02.2017, 2017-02, 2017 or '3 days ago')", param, ctx)


def filter_options(func):
    """The filters that list, search and stats share, handed to the command as one `filters`
    argument (an index.Filters) built by app.build_filters."""

    @functools.wraps(func)
    def command(*args, since, until, on, kinds, people, speakers, undated, only_undated, languages, sites,
                **kwargs):
        which = "only" if only_undated else "include" if undated else None
        kwargs["filters"] = build_filters(since, until, on, kinds, people, undated=which, languages=languages,
                                          sites=sites, speakers=speakers)
        return func(*args, **kwargs)

    options = [
        click.option("--since", type=DateSpan(), help="Items on or after this day (a month or year: its first day)."),
        click.option("--until", type=DateSpan(), help="Items on or before this day (a month or year: its last day)."),
        click.option("--on", "on", type=DateSpan(), help="Items of this day (or month, or year)."),
        click.option("--kind", "-k", "kinds", multiple=True, type=click.Choice(KINDS, case_sensitive=False),
                     help="Only this kind; repeat for any of several."),
        click.option("--person", "-p", "people", multiple=True, metavar="NAME",
                     help="Only items naming this person, as speaker or mentioned (any part of the name, "
                          "any spelling the archive shows is theirs, any case, Latin or Cyrillic); repeatable."),
        click.option("--speaker", "speakers", multiple=True, metavar="NAME",
                     help="Only items this person or role speaks or issues (\"Lavrov\", \"press officer\"); "
                          "repeatable."),
        click.option("--lang", "languages", multiple=True, type=click.Choice(("en", "ru"), case_sensitive=False),
                     help="Only items in this language (en or ru); repeatable."),
        click.option("--site", "sites", multiple=True, metavar="NAME",
                     help="Only items from pages naming this site (any part of its name, any case); repeatable."),
        click.option("--undated", is_flag=True,
                     help="Keep items without a date beside those within --since/--until/--on."),
        click.option("--only-undated", is_flag=True, help="Only items without a date."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def format_option(default_help: str = "table on a terminal, tsv in a pipe", choices=FORMATS):
    """--format; `excel` is CSV with a byte-order mark, which Excel opens as UTF-8."""
    return click.option("--format", "-f", "fmt", type=click.Choice(choices), default=None,
                        help=f"Output format ({default_help}; excel: CSV that Excel opens as UTF-8).")


SUMMARY_FORMATS = tuple(f for f in FORMATS if f != "ids")  # counts and files have no ids


def emit(app: App, fmt: str | None, plain, rich_renderable) -> None:
    """Write results: a Rich renderable on a terminal (or with --format table), else plain text."""
    fmt = app.default_format(fmt)
    if fmt == "table":
        app.console().print(rich_renderable())
    else:
        text = plain(fmt)
        sys.stdout.write(text)
