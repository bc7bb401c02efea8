"""`mfa search`: titles and texts, best matches first."""
from __future__ import annotations

import sys

import click

from ..app import MAX_LIMIT, App, search_expression, write_search
from .options import filter_options, format_option, pass_app


class SearchCommand(click.Command):
    """Reads "-word" in a query as an excluded word, not as a bundle of short options."""

    def parse_args(self, ctx, args):
        options = {name for p in self.params for name in (*p.opts, *p.secondary_opts)}
        valued = {name for p in self.params if isinstance(p, click.Option) and not p.is_flag for name in p.opts}
        words = []
        for n, arg in enumerate(args):
            if arg == "--":
                words += args[n:]
                break
            if (arg.startswith("-") and not arg.startswith("--") and len(arg) > 1 and arg not in options
                    and not (arg[:2] in options and arg[2:].isdigit()) and not (n and args[n - 1] in valued)):
                words += ["NOT", arg[1:]]
            else:
                words.append(arg)
        return super().parse_args(ctx, words)


@click.command(cls=SearchCommand)
@click.argument("query", nargs=-1, required=True)
@filter_options
@click.option("--limit", "-n", type=click.IntRange(min=0, max=MAX_LIMIT), default=20, show_default=True,
              help="At most N results (0: all).")
@click.option("--raw", is_flag=True, help="Pass the query to SQLite FTS5 as written (its syntax).")
@format_option()
@pass_app
def search(app: App, query, filters, limit, raw, fmt):
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
    hits = app.answer(lambda index: index.iter_search(expression, filters, limit=limit))

    def table(hits):
        from ..render import hits_table

        return hits_table(hits, width=app.console().width)

    code = write_search(app, hits, fmt, table, filters=filters, limit=limit, expression=expression)
    if code:
        sys.exit(code)
