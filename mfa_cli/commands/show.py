"""`mfa show`: items in full, by id prefix, or ids read from standard input with `-`."""
from __future__ import annotations

import os
import sys

import click

from ..app import App
from ..errors import MfaError
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


def read_ids(args, app: App) -> list[str]:
    """The ids asked for, `-` replaced by the first field of each line of standard input (so both
    `--format ids` and tsv listings can be piped in)."""
    ids: list[str] = []
    for arg in args:
        if arg != "-":
            ids.append(arg)
            continue
        if "-" in app.data:
            raise click.UsageError("standard input cannot hold both the pages (--data -) and the ids (show -)")
        ids += [line.split()[0] for line in sys.stdin.read().splitlines() if line.strip()]
    if not ids:
        raise click.UsageError("no ids on standard input")
    return list(dict.fromkeys(ids))


def find_items(app: App, wanted: list[str]) -> tuple[list, list]:
    """The items these id prefixes name, and the errors (unknown, ambiguous) of those that name none."""

    def lookup(index):
        found, failed = [], []
        for prefix in wanted:
            try:
                found.append(index.get(prefix))
            except MfaError as exc:
                failed.append(exc)
        return found, failed

    return app.answer(lookup)


@click.command()
@click.argument("ids", nargs=-1, required=True, shell_complete=complete_ids)
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json", "jsonl", "markdown"]), default="text",
              show_default=True, help="How to show the items (json: always an array; jsonl: one item a line).")
@click.option("--pager/--no-pager", default=None,
              help="Page long output (default: on a terminal, with $MFA_PAGER, else $PAGER, else less).")
@click.option("--history", is_flag=True,
              help="Every version of the items seen across snapshots, oldest first, with word diffs.")
@pass_app
def show(app: App, ids, fmt, pager, history):
    """Show items in full: any unique id prefix of 4 or more characters; - reads ids from standard input.

    An unknown id among several is named on stderr, the others are shown, and the exit code is 1.

    \b
    Examples:
      mfa show b0ca
      mfa show b0cae06 --format markdown > interview.md
      mfa list --kind briefing --format ids | mfa show - --format json | jq -r '.[].title'
      mfa --data ~/snapshots show 3f2a --history
    """
    items, failed = find_items(app, read_ids(ids, app))
    if history:
        _write_history(app, items, fmt, pager)
    else:
        _write(app, items, fmt, pager)
    for exc in failed:
        click.echo(f"mfa: error: {clean(str(exc))}", err=True)
    if failed:
        sys.exit(max(exc.exit_code for exc in failed))


def _write(app: App, items, fmt: str, pager) -> None:
    from .. import formats

    if fmt in ("json", "jsonl"):
        from ..formats import dumps

        if fmt == "json":
            sys.stdout.write(dumps([i.as_dict() for i in items], indent=2) + "\n")
        else:
            sys.stdout.write("".join(dumps(i.as_dict()) + "\n" for i in items))
        return
    if not items:
        return
    if fmt == "markdown":
        sys.stdout.write("\n---\n\n".join(formats.item_markdown(i) for i in items))
        return
    if not (app.tty() or app.color == "always"):
        sys.stdout.write(("\n" + formats.SEPARATOR + "\n").join(formats.item_plain(i) for i in items))
        return
    from ..render import item_view, separator

    page(app, [part for n, item in enumerate(items) for part in ([separator()] if n else []) + [item_view(item)]],
         pager)


def _page(text: str, command: str, app: App) -> bool:
    """Show text through the pager; False when the pager cannot run (then the caller prints it)."""
    import shlex
    import shutil
    import subprocess

    try:
        argv = shlex.split(command)
    except ValueError:
        argv = []
    if not argv or shutil.which(argv[0]) is None:
        app.warn(f"cannot run the pager {command!r}; printing directly")
        return False
    try:
        pager = subprocess.Popen(argv, stdin=subprocess.PIPE)
    except OSError as exc:
        app.warn(f"cannot run the pager {command!r} ({exc.strerror or exc}); printing directly")
        return False
    try:
        with pager.stdin:
            pager.stdin.write(text.encode(sys.stdout.encoding or "utf-8", "replace"))
    except (BrokenPipeError, KeyboardInterrupt):
        pass  # the reader quit early, as `q` in less does
    pager.wait()
    return True


def page(app: App, renderables, pager: bool | None) -> None:
    """Print Rich renderables, through the pager when they are longer than the terminal."""
    console = app.console()
    use_pager = pager if pager is not None else app.tty()
    command = os.environ.get("MFA_PAGER", os.environ.get("PAGER", "less -R"))
    if use_pager and command.strip():
        with console.capture() as captured:
            for renderable in renderables:
                console.print(renderable)
        text = captured.get()
        if text.count("\n") > console.height and _page(text, command, app):
            return
        sys.stdout.write(text)
        return
    for renderable in renderables:
        console.print(renderable)


def _write_history(app: App, items, fmt: str, pager: bool | None) -> None:
    """`show --history`: each item's versions (JSON: one object an item, with a `versions` array)."""
    from .. import history_formats as out
    from ..formats import SEPARATOR

    versions = app.answer(lambda index: [index.versions(item) for item in items])
    pairs = list(zip(items, versions))
    if fmt in ("json", "jsonl"):
        from ..formats import dumps

        if fmt == "json":
            sys.stdout.write(dumps([out.history_dict(i, v) for i, v in pairs], indent=2)
                             + "\n")
        else:
            sys.stdout.write("".join(dumps(out.history_dict(i, v)) + "\n" for i, v in pairs))
    elif not items:
        return
    elif fmt == "markdown":
        sys.stdout.write("\n---\n\n".join(out.history_markdown(i, v) for i, v in pairs))
    elif not (app.tty() or app.color == "always"):
        sys.stdout.write(("\n" + SEPARATOR + "\n").join(out.history_plain(i, v) for i, v in pairs))
    else:
        from ..history_render import history_view
        from ..render import separator

        page(app, [part for n, (i, v) in enumerate(pairs) for part in ([separator()] if n else [])
                   + [history_view(i, v)]], pager)
