"""`mfa kwic`: a concordance, every occurrence of a query's words with the words around it."""
from __future__ import annotations

import sys

import click

from ..app import App, write_kwic
from .options import filter_options, format_option, pass_app
from .search import SearchCommand


@click.command(cls=SearchCommand)
@click.argument("query", nargs=-1, required=True)
@filter_options
@click.option("--width", "-w", "words", type=click.IntRange(min=0), default=8, show_default=True,
              help="Words of context on each side.")
@click.option("--sort", type=click.Choice(("date", "left", "right")), default="date", show_default=True,
              help="Newest first, or by the words nearest the match on the left or on the right.")
@click.option("--limit", "-n", type=click.IntRange(min=0), default=0, help="At most N lines (0: all).")
@format_option()
@pass_app
def kwic(app: App, query, filters, words, sort, limit, fmt):
    """Show every occurrence of the query's words in titles and texts, in context (a concordance).

    The query is read and matched as `mfa search` does (case, accents and word forms folded,
    "quoted phrases" as phrases), so `kwic sanction` lists "sanctions" too. One line an occurrence,
    with its item's id and date; on a terminal the matches stand in one column. In a pipe: tsv
    `id date left match right`. Exit 1 when nothing is found.

    \b
    Examples:
      mfa kwic terrorist
      mfa kwic '"de Mistura"' -w 4 --sort left
      mfa kwic Syria --since 2017-02-16 --format csv > syria.csv
      mfa --data ~/snapshots kwic provocation --sort right -n 50
    """
    code = write_kwic(app, query, filters, words=words, sort=sort, limit=limit, fmt=fmt)
    if code:
        sys.exit(code)
