"""The `mfa` command line: options in, one query, output out; every error one line and one exit code."""
from __future__ import annotations

import os
import sys

import click

from . import __version__
from .cli_pipe import quiet_pipe
from .app import App, build_filters, search_expression, write_items, write_search
from .errors import MfaError
from .formats import FORMATS, clean
from .models import KINDS

EXIT_OK, EXIT_NOTHING, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
STATS_BY = ("day", "week", "month", "year", "kind", "person")


class DateSpan(click.ParamType):
    """A --since/--until/--on value: the inclusive span of days it names."""

    name = "DATE"

    def convert(self, value, param, ctx):
        if isinstance(value, tuple):
            return value
        from .dates import parse_user_date
        from .errors import DateError

        try:
            return parse_user_date(value)
        except DateError as exc:
            self.fail(f"{exc} (try 2017-02-15, 15.02.2017, 2017-02, 2017 or '3 days ago')", param, ctx)


def sqlite3_error():
    import sqlite3

    return sqlite3.DatabaseError


pass_app = click.make_pass_decorator(App)


class MfaGroup(click.Group):
    """The one place errors leave mfa: each becomes one line on stderr and one exit code.

    Click's own usage errors would print four lines (usage, hint, blank, error); here they get the
    same single line as mfa's errors. Ctrl-C exits 130 and a closed pipe ends quietly with 0.
    """

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        try:
            try:
                code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            except sqlite3_error() as exc:
                # A cache file damaged in a way its first checks missed: set it aside, answer afresh.
                from .store import damaged, set_aside

                app = App.current
                if app is None or app.cache_file is None or os.environ.get("MFA_DEBUG") or not damaged(exc):
                    raise

                set_aside(app.cache_file, str(exc), app.warn)
                code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            sys.stdout.flush()
        except click.UsageError as exc:
            if type(exc).__name__ == "NoArgsIsHelpError" and exc.ctx is not None:
                click.echo(exc.ctx.get_help())  # plain `mfa`, as `gh` does: the help, exit 0
                return 0 if not standalone_mode else sys.exit(EXIT_OK)
            hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx else ""
            click.echo(f"mfa: error: {clean(exc.format_message())}{hint}", err=True)
            code = EXIT_USAGE
        except click.ClickException as exc:
            click.echo(f"mfa: error: {clean(exc.format_message())}", err=True)
            code = exc.exit_code
        except MfaError as exc:
            click.echo(f"mfa: error: {clean(str(exc))}", err=True)
            code = exc.exit_code
        except (KeyboardInterrupt, click.Abort):
            click.echo("mfa: interrupted", err=True)
            code = EXIT_INTERRUPTED
        except BrokenPipeError:
            quiet_pipe()
        except Exception as exc:  # the last line of defence: a message, never a traceback
            if os.environ.get("MFA_DEBUG"):
                raise
            click.echo(f"mfa: error: unexpected {type(exc).__name__}: {clean(str(exc))} "
                       "(run with MFA_DEBUG=1 for details)", err=True)
            code = EXIT_USAGE
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else EXIT_OK)


class SearchCommand(click.Command):
    """Reads "-word" in a query as an excluded word, not as a bundle of short options."""

    def parse_args(self, ctx, args):
        options = {name for p in self.params for name in (*p.opts, *p.secondary_opts)}
        words = []
        for n, arg in enumerate(args):
            if arg == "--":
                words += args[n:]
                break
            if (arg.startswith("-") and not arg.startswith("--") and len(arg) > 1 and arg not in options
                    and not (arg[:2] in options and arg[2:].isdigit())):
                words += ["NOT", arg[1:]]
            else:
                words.append(arg)
        return super().parse_args(ctx, words)


@click.group(cls=MfaGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--data", "-d", multiple=True, metavar="PATH",
              help="A page, a folder of pages (read recursively) or - for standard input; repeatable. "
                   "Default: $MFA_DATA (paths separated by the OS path separator), else the bundled page.")
@click.option("--color", "--colour", type=click.Choice(["auto", "always", "never"]), default="auto",
              show_default=True, help="Colour on the terminal. NO_COLOR and FORCE_COLOR are honoured.")
@click.option("--no-cache", is_flag=True, help="Do not read or write the index cache of a large archive.")
@click.version_option(__version__, "--version", "-V", prog_name="mfa")
@click.pass_context
def cli(ctx, data, color, no_cache):
    """List, filter, read and search the bulletin items in saved pages of Russian embassy sites.

    On a terminal results are tables; in a pipe they are tab-separated lines (id, date, kind, title).
    Exit codes: 0 results, 1 nothing found or unknown id, 2 usage or input error, 130 interrupted.

    \b
    Examples:
      mfa list --since 2017-02-15
      mfa search Astana
      mfa --data ~/snapshots list --person Zakharova --format jsonl | jq -r .title
    """
    if os.environ.get("FORCE_COLOR") and color == "auto":
        color = "always"
    elif os.environ.get("NO_COLOR") and color == "auto":
        color = "never"
    ctx.obj = App.current = App(data, color, not no_cache)


def filter_options(func):
    """The filters that list, search and stats share."""
    options = [
        click.option("--since", type=DateSpan(), help="Items on or after this day (a month or year: its first day)."),
        click.option("--until", type=DateSpan(), help="Items on or before this day (a month or year: its last day)."),
        click.option("--on", "on", type=DateSpan(), help="Items of this day (or month, or year)."),
        click.option("--kind", "-k", "kinds", multiple=True, type=click.Choice(KINDS, case_sensitive=False),
                     help="Only this kind; repeat for any of several."),
        click.option("--person", "-p", "people", multiple=True, metavar="NAME",
                     help="Only items naming this person (any part of the name, any case); repeatable."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def format_option(default_help: str = "table on a terminal, tsv in a pipe"):
    return click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default=None,
                        help=f"Output format ({default_help}).")


def emit(app: App, fmt: str | None, plain, rich_renderable) -> None:
    """Write results: a Rich renderable on a terminal (or with --format table), else plain text."""
    fmt = fmt or ("table" if app.rich_out() else "tsv")
    if fmt == "table":
        app.console().print(rich_renderable())
    else:
        text = plain(fmt)
        sys.stdout.write(text)


@cli.command("list")
@filter_options
@click.option("--limit", "-n", type=click.IntRange(min=0), default=0, help="At most N items (0: all).")
@click.option("--reverse", "-r", is_flag=True, help="Oldest first.")
@format_option()
@pass_app
def list_cmd(app: App, since, until, on, kinds, people, limit, reverse, fmt):
    """List items, newest first.

    \b
    Examples:
      mfa list --since 2017-02-15
      mfa list --on 2017-02-16 --format json
      mfa list --kind briefing --kind interview --limit 5
      mfa list --person zakharova --since "15 Feb 2017"
    """
    filters = build_filters(since, until, on, kinds, people)
    fmt = fmt or ("table" if app.rich_out() else "tsv")
    if fmt == "table":
        from .render import items_table

        items = app.answer(lambda index: index.items(filters, limit=limit, reverse=reverse))
        app.console().print(items_table(items))
        count = len(items)
    else:
        count = write_items(app, filters, limit=limit, reverse=reverse, fmt=fmt)
    if app.tty():
        click.echo(f"{count} item{'s' if count != 1 else ''}", err=True)


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


@cli.command()
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

    from .formats import item_markdown, item_plain

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
    from .render import item_view

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


@cli.command(cls=SearchCommand)
@click.argument("query", nargs=-1, required=True)
@filter_options
@click.option("--limit", "-n", type=click.IntRange(min=0), default=20, show_default=True,
              help="At most N results (0: all).")
@click.option("--raw", is_flag=True, help="Pass the query to SQLite FTS5 as written (its syntax).")
@format_option()
@pass_app
def search(app: App, query, since, until, on, kinds, people, limit, raw, fmt):
    """Search titles and texts, best matches first.

    Words are all required; "quoted phrases", OR, NOT or -word, and prefix* work; case and accents
    are ignored and English words match their other forms. Exit 1 when nothing is found.

    \b
    Examples:
      mfa search Astana
      mfa search '"de Mistura"' --since 2017-02-16
      mfa search Syria -Astana --kind comment
      mfa search sanction* --format csv > hits.csv
    """
    expression = search_expression(query, raw=raw)
    filters = build_filters(since, until, on, kinds, people)
    hits = app.answer(lambda index: index.search(expression, filters, limit=limit))

    def table():
        from .render import hits_table

        return hits_table(hits)

    code = write_search(app, hits, fmt, table)
    if code:
        sys.exit(code)


@cli.command()
@filter_options
@click.option("--by", type=click.Choice(STATS_BY), default="month", show_default=True, help="What to count by.")
@format_option("a bar chart on a terminal, tsv in a pipe")
@pass_app
def stats(app: App, since, until, on, kinds, people, by, fmt):
    """Count items by day, week, month, year, kind or person.

    \b
    Examples:
      mfa stats --by kind
      mfa stats --by day --since 2017-02
      mfa stats --by person --format csv
    """
    filters = build_filters(since, until, on, kinds, people)
    rows = app.answer(lambda index: index.stats(filters, by))
    from .formats import counts_text

    def chart():
        from .render import bars

        return bars(rows, width=app.console().width)

    emit(app, fmt if fmt != "ids" else "tsv", lambda f: counts_text(rows, f, by), chart)


@cli.command()
@format_option()
@pass_app
def sources(app: App, fmt):
    """List the files read: snapshot date, items found and warnings.

    \b
    Examples:
      mfa sources
      mfa --data ~/snapshots sources --format json | jq '.[] | select(.warnings | length > 0)'
    """
    files = app.answer(lambda index: index.files())
    from .formats import files_text

    def table():
        from .render import files_table

        return files_table(files)

    emit(app, fmt, lambda f: files_text(files, f), table)


@cli.command("index")
@click.option("--rebuild", is_flag=True, help="Throw the cache away and build it again.")
@pass_app
def index_cmd(app: App, rebuild):
    """Build or refresh the index of the data now, and say where it lives and how big it is.

    Large archives are indexed into a cache file that later runs only refresh; small inputs are
    read into memory each time.

    \b
    Examples:
      mfa --data ~/snapshots index
      mfa --data ~/snapshots index --rebuild
    """
    if rebuild:
        from .store import cache_path

        target = cache_path(app.paths)
        for suffix in ("", "-wal", "-shm"):
            try:
                os.remove(target + suffix)
            except FileNotFoundError:
                pass
    count, n_files = app.answer(lambda index: (index.count(), len(index.files())))
    where = str(app.cache_file) if app.cache_file else "memory (input too small to cache)"
    size = ""
    if app.cache_file and os.path.exists(app.cache_file):
        size = f", {os.path.getsize(app.cache_file) / 1e6:.1f} MB"
    click.echo(f"{count} items from {n_files} files; index in {where}{size}")


def main() -> None:
    """Run the Click command line (the console script goes through entry.main first)."""
    cli(prog_name="mfa")
