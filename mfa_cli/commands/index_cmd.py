"""`mfa index`: build or refresh the index now, and say where it lives."""
from __future__ import annotations

import os

import click

from ..app import App
from ..formats import plural
from .options import pass_app


@click.command("index")
@click.option("--rebuild", is_flag=True, help="Throw the cache away and build it again.")
@pass_app
def index_cmd(app: App, rebuild):
    """Build or refresh the index of the data now, and say where it lives and how big it is.

    The index is a cache file that later runs only refresh, whatever the size of the input (even
    one page answers faster from it); standard input and --no-cache are read into memory each time.

    \b
    Examples:
      mfa --data ~/snapshots index
      mfa --data ~/snapshots index --rebuild
    """
    if rebuild:
        from ..store import cache_path

        target = cache_path(app.paths)
        for suffix in ("", "-wal", "-shm"):
            try:
                os.remove(target + suffix)
            except FileNotFoundError:
                pass
    count, n_files = app.answer(lambda index: (index.count(), len(index.files())))
    where = str(app.cache_file) if app.cache_file else f"memory ({app.index.why})"
    size = ""
    if app.cache_file and os.path.exists(app.cache_file):
        size = f", {os.path.getsize(app.cache_file) / 1e6:.1f} MB"
    click.echo(f"{count} {plural(count, 'item', 'items')} from {n_files} {plural(n_files, 'file', 'files')}; "
               f"index in {where}{size}")
