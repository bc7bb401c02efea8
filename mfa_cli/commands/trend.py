"""`mfa trend`: how many items match each term, period by period."""
from __future__ import annotations

import sys

import click

from ..app import App, search_expression
from ..formats import one_line, plural
from .options import SUMMARY_FORMATS, emit, filter_options, format_option, pass_app


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
    terms = tuple(dict.fromkeys(terms))
    pairs = [(term, search_expression([term], raw=False)) for term in terms]
    found = app.answer(lambda index: index.trend(pairs, filters, by=by))
    matched = sum(sum(row.counts) for row in found.rows)
    if not matched:
        sys.stderr.write(f"no dated item matches {', '.join(repr(one_line(t)) for t in terms)}\n")
        sys.exit(1)
    from ..analysis_formats import trend_text

    def chart():
        from ..analysis_render import trend_chart

        return trend_chart(found, width=app.console().width, share=share)

    emit(app, fmt, lambda f: trend_text(found, f, share=share), chart)
    undated = sum(found.undated)
    if undated and sys.stderr.isatty():
        sys.stderr.write(f"{undated} undated {plural(undated, 'match', 'matches')} not counted "
                         "(no period to count them in)\n")
