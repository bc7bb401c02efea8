"""`mfa similar`: the items most like one item ("more like this")."""
from __future__ import annotations

import sys

import click

from ..app import App, write_similar
from .options import filter_options, format_option, pass_app
from .show import complete_ids


@click.command()
@click.argument("item_id", metavar="ID", shell_complete=complete_ids)
@filter_options
@click.option("--limit", "-n", type=click.IntRange(min=0), default=10, show_default=True,
              help="At most N items (0: all that share a term).")
@format_option()
@pass_app
def similar(app: App, item_id, filters, limit, fmt):
    """List the items most like the item ID, best first, as `search` lists its matches.

    The item's most distinctive words (frequent in it, rare in the archive; a title word counts
    three times) are searched for, and the items holding them are ranked by BM25 as search ranks,
    titles above texts. The item itself (and so its other versions) is never listed. On a terminal
    the words used are named on stderr. Exit 1 when no other item shares them.

    \b
    Examples:
      mfa similar 22dc
      mfa similar 992d -n 3 --format json
      mfa similar 778e --kind remarks
      mfa --data ~/snapshots similar 3f2a --since 2018-03 --format ids | mfa show -
    """

    code = write_similar(app, item_id, filters, limit=limit, fmt=fmt)
    if code:
        sys.exit(code)
