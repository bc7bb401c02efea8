"""The `mfa` command line: options in, one query, output out; every error one line and one exit code.

The group and its error handling live here; each command's options live in the module named for it
(list_cmd, show, search, stats, trend, kwic, cite, similar, changes, sources, index_cmd), and what they share in options.py. This package
(and the thin cli.py) are the only modules that import Click.
"""
from __future__ import annotations

import os
import sys

import click

from .. import __version__
from ..app import App
from ..cli_pipe import quiet_pipe
from ..errors import MfaError
from ..formats import clean
from .changes import changes
from .cite import cite
from .index_cmd import index_cmd
from .kwic import kwic
from .list_cmd import list_cmd
from .options import DateSpan, emit, filter_options, format_option, pass_app
from .search import search
from .show import show
from .similar import similar
from .sources import sources
from .stats import stats
from .trend import trend

EXIT_OK, EXIT_NOTHING, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

__all__ = ["cli", "main", "DateSpan", "emit", "filter_options", "format_option", "pass_app"]


def sqlite3_error():
    import sqlite3

    return sqlite3.DatabaseError


GLOBAL_VALUED = ("--data", "-d", "--color", "--colour")
GLOBAL_FLAGS = ("--no-cache",)


def hoist_globals(args: list[str], commands) -> list[str]:
    """The arguments with global options given after the command moved before it, as `gh` allows:
    `mfa list --data DIR` reads as `mfa --data DIR list`. Nothing after `--` is touched."""
    at = 0
    while at < len(args) and args[at] not in commands:
        at += 2 if args[at] in GLOBAL_VALUED else 1
    if at >= len(args):
        return args
    before, command, rest = args[:at], args[at], args[at + 1:]
    kept: list[str] = []
    n = 0
    while n < len(rest):
        arg = rest[n]
        name = arg.split("=", 1)[0] if arg.startswith("--") else arg
        if arg == "--":
            kept += rest[n:]
            break
        if name in GLOBAL_VALUED and "=" in arg:
            before.append(arg)
        elif name in GLOBAL_VALUED and n + 1 < len(rest):
            before += [arg, rest[n + 1]]
            n += 1
        elif arg in GLOBAL_FLAGS:
            before.append(arg)
        else:
            kept.append(arg)
        n += 1
    return [*before, command, *kept]


class MfaGroup(click.Group):
    """The one place errors leave mfa: each becomes one line on stderr and one exit code.

    Click's own usage errors would print four lines (usage, hint, blank, error); here they get the
    same single line as mfa's errors. Ctrl-C exits 130 and a closed pipe ends quietly with 0.
    """

    def parse_args(self, ctx, args):
        return super().parse_args(ctx, hoist_globals(args, self.commands))

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        try:
            try:
                code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            except sqlite3_error() as exc:
                # A cache file damaged in a way its first checks missed: set it aside, answer afresh.
                from ..store import damaged, set_aside

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


for _command in (list_cmd, show, search, stats, trend, kwic, cite, similar, changes, sources, index_cmd):
    cli.add_command(_command)


def main() -> None:
    """Run the Click command line (the console script goes through entry.main first)."""
    cli(prog_name="mfa")
