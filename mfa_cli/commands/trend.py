"""`mfa trend`: how many items match each term, period by period."""
from __future__ import annotations

import sys

import click

from ..app import App, write_trend
from .options import SUMMARY_FORMATS, filter_options, format_option, pass_app


@click.command()
@click.argument("terms", nargs=-1, required=True, metavar="TERM...")
@filter_options
@click.option("--by", type=click.Choice(("day", "week", "month", "year")), default="month", show_default=True,
              help="The length of each period.")
@click.option("--share", is_flag=True,
              help="Each count as a percentage of the items published in that period.")
@format_option("a chart on a terminal, tsv in a pipe", SUMMARY_FORMATS)
@pass_app
def trend(app: App, terms, filters, by, share, fmt):
    """Count the items matching each TERM in each period: a column a term.

    Each TERM is a search query as `mfa search` reads it (quote a phrase inside one argument), and
    its count in a period is what `mfa search TERM --on PERIOD -n 0` finds. Every period from the
    first to the last of the filtered items is shown, 0 where nothing matched. --share divides by
    the items published in the period. Undated items are not counted. Exit 1 when no term matches.

    \b
    Examples:
      mfa trend Astana Syria --by day
      mfa trend Lavrov Zakharova --by week --share
      mfa --data ~/snapshots trend Skripal --since 2018 --until 2018 --share
      mfa --data ~/snapshots trend '"chemical weapons"' Salisbury --by year --format csv > trend.csv
    """
    code = write_trend(app, terms, filters, by=by, share=share, fmt=fmt)
    if code:
        sys.exit(code)
