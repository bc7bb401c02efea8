"""`mfa list`: items, newest first, filtered."""
from __future__ import annotations

import click

from ..app import MAX_LIMIT, App, report, write_items
from .options import filter_options, format_option, pass_app


@click.command("list")
@filter_options
@click.option("--limit", "-n", type=click.IntRange(min=0, max=MAX_LIMIT), default=0, help="At most N items (0: all).")
@click.option("--reverse", "-r", is_flag=True, help="Oldest first (undated items still last).")
@click.option("--changed", is_flag=True,
              help="Only items edited, retitled, removed or inserted between snapshots (see 'mfa changes').")
@format_option()
@pass_app
def list_cmd(app: App, filters, limit, reverse, changed, fmt):
    """List items, newest first; undated items last.

    On a terminal a title ends in "(cut)" when every snapshot it was seen in was cut off inside the
    item, so its text is incomplete (JSON: "complete": false). A sub-heading follows its title
    after " — ", as items of one day often share a title and differ only there.

    \b
    Examples:
      mfa list --since 2017-02-15
      mfa list --on 2017-02-16 --format json
      mfa list --kind briefing --kind interview --limit 5
      mfa list --person zakharova --since "15 Feb 2017"
      mfa --data ~/snapshots list --changed
    """
    filters = filters._replace(changed=changed)
    fmt = app.default_format(fmt)
    if fmt == "table":
        from ..render import items_table

        items = app.answer(lambda index: index.items(filters, limit=limit, reverse=reverse))
        console = app.console()
        console.print(items_table(items, width=console.width))
        count = len(items)
    else:
        count = write_items(app, filters, limit=limit, reverse=reverse, fmt=fmt)
    report(app, count, filters=filters, limit=limit, noun=("item", "items"))
