"""`mfa list`: items, newest first, filtered."""
from __future__ import annotations

import click

from ..app import App, report, write_items
from .options import filter_options, format_option, pass_app


@click.command("list")
@filter_options
@click.option("--limit", "-n", type=click.IntRange(min=0), default=0, help="At most N items (0: all).")
@click.option("--reverse", "-r", is_flag=True, help="Oldest first (undated items still last).")
@format_option()
@pass_app
def list_cmd(app: App, filters, limit, reverse, fmt):
    """List items, newest first.

    \b
    Examples:
      mfa list --since 2017-02-15
      mfa list --on 2017-02-16 --format json
      mfa list --kind briefing --kind interview --limit 5
      mfa list --person zakharova --since "15 Feb 2017"
    """
    fmt = fmt or ("table" if app.rich_out() else "tsv")
    if fmt == "table":
        from ..render import items_table

        items = app.answer(lambda index: index.items(filters, limit=limit, reverse=reverse))
        app.console().print(items_table(items))
        count = len(items)
    else:
        count = write_items(app, filters, limit=limit, reverse=reverse, fmt=fmt)
    report(app, count, filters=filters, limit=limit, noun=("item", "items"))
