"""`mfa sources`: the files read, their snapshot dates, items and warnings."""
from __future__ import annotations

import click

from ..app import App
from .options import SUMMARY_FORMATS, emit, format_option, pass_app


@click.command()
@format_option(choices=SUMMARY_FORMATS)
@pass_app
def sources(app: App, fmt):
    """List the files read: snapshot date, items found and warnings.

    \b
    Examples:
      mfa sources
      mfa --data ~/snapshots sources --format json | jq '.[] | select(.warnings | length > 0)'
    """
    files = app.answer(lambda index: index.files())
    from ..formats import files_text

    def table():
        from ..render import files_table

        return files_table(files)

    emit(app, fmt, lambda f: files_text(files, f), table)
