"""`mfa changes`: what was edited, retitled, removed or inserted between snapshots."""
from __future__ import annotations

import sys

import click

from ..app import App
from ..formats import plural
from ..models import CHANGE_TYPES
from .options import filter_options, format_option, pass_app


@click.command()
@filter_options
@click.option("--type", "-t", "types", multiple=True, type=click.Choice(CHANGE_TYPES, case_sensitive=False),
              help="Only this kind of change; repeat for any of several.")
@click.option("--limit", "-n", type=click.IntRange(min=0), default=0, help="At most N changes (0: all).")
@format_option()
@pass_app
def changes(app: App, filters, types, limit, fmt):
    """List what changed between snapshots, newest snapshot first.

    An item is edited when a later snapshot shows a different text within the part both show (a
    snapshot cut shorter is no edit), retitled when its title or sub-heading changed while its date
    and opening text stayed, removed when a later listing shows its former neighbours side by side,
    and inserted when it appears between two items that stood side by side in an earlier listing.
    Exit 1 when nothing changed.

    \b
    Examples:
      mfa --data ~/snapshots changes
      mfa --data ~/snapshots changes --type removed --since 2018-03
      mfa --data ~/snapshots changes --format json | jq -r '.[] | select(.type == "retitled") | .old_title'
      mfa --data ~/snapshots changes --type edited --format ids | xargs mfa show --history
    """
    found = app.answer(lambda index: index.changes(filters, types=[t.lower() for t in types], limit=limit))
    fmt = fmt or ("table" if app.rich_out() else "tsv")
    if found:
        if fmt == "table":
            from ..history_render import changes_table

            app.console().print(changes_table(found))
        else:
            from ..history_formats import changes_text

            sys.stdout.write(changes_text(found, fmt))
    if app.tty() or not found:
        sys.stderr.write(f"{len(found)} {plural(len(found), 'change', 'changes')}\n")
    if not found:
        sys.exit(1)
