"""`mfa cite`: citations of items, to paste or to import into a reference manager."""
from __future__ import annotations

import sys

import click

from ..app import App
from ..citations import STYLES
from ..formats import clean
from .options import filter_options, pass_app
from .show import complete_ids, find_items, read_ids


@click.command()
@click.argument("ids", nargs=-1, shell_complete=complete_ids)
@filter_options
@click.option("--style", type=click.Choice(STYLES), default="text", show_default=True,
              help="A line of text or Markdown, CSL-JSON (Zotero, pandoc, citeproc) or BibTeX.")
@pass_app
def cite(app: App, ids, filters, style):
    """Cite items: title, publisher (the site the page names), date, and as "accessed" the first and
    last snapshot the item was seen in.

    Give ids (- reads them from standard input), or filters instead to cite every item they select.
    An unknown id among several is named on stderr, the others are cited, and the exit code is 1.

    \b
    Examples:
      mfa cite 778e
      mfa cite 778e b0ca --style markdown
      mfa cite 778e --style csl-json > refs.json
      mfa list --kind briefing --format ids | mfa cite - --style bibtex > briefings.bib
      mfa --data ~/snapshots cite --person Zakharova --on 2018-03 --style bibtex
    """
    from ..index import Filters

    if ids and filters != Filters():
        raise click.UsageError("give ids or filters, not both")
    if not ids and filters == Filters():
        raise click.UsageError("give the ids of the items to cite (or - to read them), or filters to select them")
    if ids:
        items, failed = find_items(app, read_ids(ids, app))
    else:
        items, failed = app.answer(lambda index: index.items(filters)), []
    from ..citations import citations

    if items:
        sys.stdout.write(citations(items, style))
    for exc in failed:
        click.echo(f"mfa: error: {clean(str(exc))}", err=True)
    if failed:
        sys.exit(max(exc.exit_code for exc in failed))
    if not items:
        sys.stderr.write("0 items\n")
        sys.exit(1)
