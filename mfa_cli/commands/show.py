"""`mfa show`: items in full, by id prefix."""
from __future__ import annotations

import os
import sys

import click

from ..app import App
from ..formats import clean
from .options import pass_app


def complete_ids(ctx, param, incomplete):
    from click.shell_completion import CompletionItem

    try:
        root = ctx.find_root()
        app = App(root.params.get("data") or (), "never", not root.params.get("no_cache"))
        app.warn = lambda message: None
        ids = app.answer(lambda index: index.ids(incomplete))
        return [CompletionItem(sid, help=clean(title)[:60]) for sid, title in ids]
    except Exception:  # completion must never print a traceback into the user's shell
        return []


@click.command()
@click.argument("ids", nargs=-1, required=True, shell_complete=complete_ids)
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text",
              show_default=True, help="How to show the items.")
@click.option("--pager/--no-pager", default=None,
              help="Page long output (default: on a terminal, with $MFA_PAGER, else $PAGER, else less).")
@pass_app
def show(app: App, ids, fmt, pager):
    """Show items in full: any unique id prefix of 4 or more characters.

    \b
    Examples:
      mfa show b0ca
      mfa show b0cae06 --format markdown > interview.md
      mfa list --kind briefing --format ids | xargs mfa show --format json
    """
    items = app.answer(lambda index: [index.get(i) for i in ids])
    import json as _json

    from ..formats import item_markdown, item_plain

    if fmt == "json":
        sys.stdout.write(_json.dumps([i.as_dict() for i in items] if len(items) > 1 else items[0].as_dict(),
                                     ensure_ascii=False, indent=2) + "\n")
        return
    if fmt == "markdown":
        sys.stdout.write("\n---\n\n".join(item_markdown(i) for i in items))
        return
    if not app.rich_out():
        sys.stdout.write("\n".join(item_plain(i) for i in items))
        return
    from ..render import item_view

    console = app.console()
    use_pager = pager if pager is not None else app.tty()
    command = os.environ.get("MFA_PAGER", os.environ.get("PAGER", "less -R"))
    if use_pager and command.strip():
        with console.capture() as captured:
            for item in items:
                console.print(item_view(item))
        text = captured.get()
        if text.count("\n") > console.height:
            import pydoc

            pydoc.pipepager(text, command)
            return
        sys.stdout.write(text)
        return
    for item in items:
        console.print(item_view(item))
