"""`mfa stats`: counts of items by period, kind, person, site or language."""
from __future__ import annotations

import click

from ..app import App
from .options import SUMMARY_FORMATS, emit, filter_options, format_option, pass_app

STATS_BY = ("day", "week", "month", "year", "kind", "person", "speaker", "site", "language")


@click.command()
@filter_options
@click.option("--by", type=click.Choice(STATS_BY), default="month", show_default=True, help="What to count by.")
@format_option("a bar chart on a terminal, tsv in a pipe", SUMMARY_FORMATS)
@pass_app
def stats(app: App, filters, by, fmt):
    """Count items by day, week, month, year, kind, person (anyone named), speaker, site or language.

    Periods run from the first to the last without a gap (0 where there were no items); undated
    items, and items naming nobody, are counted on a row of their own.

    \b
    Examples:
      mfa stats --by kind
      mfa stats --by day --since 2017-02
      mfa stats --by person --format csv
      mfa stats --by language --since 2018
      mfa stats --by speaker --since 2018
    """
    rows = app.answer(lambda index: index.stats(filters, by))
    from ..formats import counts_text

    def chart():
        from ..render import bars

        return bars(rows, width=app.console().width)

    emit(app, fmt, lambda f: counts_text(rows, f, by), chart)
