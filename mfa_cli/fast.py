"""The commonest pipeline commands answered without importing Click.

`mfa search WORDS`, `mfa list`, `mfa trend TERMS`, `mfa kwic WORDS` and `mfa similar ID` with plain
options, writing to a pipe, are what scripts run over and over; importing Click alone takes longer
than the rest of such a run on a warm index. This
module reads exactly those command lines and hands anything else (help, a terminal, an option it
does not know, a value it cannot read) to the Click command line by returning None, so every error
message and every other behaviour stays Click's. tests/test_fast.py runs both paths side by side.
"""
from __future__ import annotations

import os
import sys

_VALUED = {
    "--since": "since", "--until": "until", "--on": "on", "--kind": "kind", "-k": "kind",
    "--person": "person", "-p": "person", "--limit": "limit", "-n": "limit", "--format": "format",
    "-f": "format", "--speaker": "speaker", "--lang": "lang", "--site": "site", "--by": "by",
    "--width": "width", "-w": "width", "--sort": "sort",
}
# Valued options that only some commands take; the others are every listing command's filters.
_OWN = {"list": {"limit"}, "search": {"limit"}, "kwic": {"limit", "width", "sort"}, "trend": {"by"},
        "similar": {"limit"}}
_WORDS = ("search", "kwic", "trend")  # commands that take query words
_UNDATED = {"--undated": "undated", "--only-undated": "only_undated"}
_FLAGS = {"list": {"--reverse": "reverse", "-r": "reverse", **_UNDATED}, "search": {"--raw": "raw", **_UNDATED},
          "kwic": dict(_UNDATED), "trend": {"--share": "share", **_UNDATED}, "similar": dict(_UNDATED)}
_PLAIN = ("tsv", "json", "jsonl", "csv", "ids")


def run(argv: list[str]) -> int | None:
    """The exit code of a command this path answers, or None to let Click handle the command line."""
    if sys.stdout.isatty() or os.environ.get("FORCE_COLOR") or os.environ.get("_MFA_COMPLETE"):
        return None
    parsed = _parse(argv)
    if parsed is None:
        return None
    command, data, use_cache, options, words = parsed
    from .app import (App, build_filters, report, search_expression, write_items, write_kwic, write_search,
                      write_similar, write_trend)
    from .errors import MfaError

    app = App.current = App(tuple(data), "auto", use_cache)
    try:
        undated = "only" if options.get("only_undated") else "include" if options.get("undated") else None
        filters = build_filters(options.get("since"), options.get("until"), options.get("on"),
                                options.get("kind", []), options.get("person", []), undated=undated,
                                speakers=options.get("speaker", []), languages=options.get("lang", []),
                                sites=options.get("site", []))
        fmt = options.get("format", "tsv")
        if command == "list":
            limit = options.get("limit", 0)
            count = write_items(app, filters, limit=limit, reverse=options.get("reverse", False), fmt=fmt)
            sys.stdout.flush()
            report(app, count, filters=filters, limit=limit, noun=("item", "items"))
            return 0
        if command == "trend":
            code = write_trend(app, words, filters, by=options.get("by", "month"), share=options.get("share", False),
                               fmt=fmt)
            sys.stdout.flush()
            return code
        if command == "kwic":
            code = write_kwic(app, words, filters, words=options.get("width", 8), sort=options.get("sort", "date"),
                              limit=options.get("limit", 0), fmt=fmt)
            sys.stdout.flush()
            return code
        if command == "similar":
            code = write_similar(app, words[0], filters, limit=options.get("limit", 10), fmt=fmt)
            sys.stdout.flush()
            return code
        expression = search_expression(words, raw=options.get("raw", False))
        limit = options.get("limit", 20)
        hits = app.answer(lambda index: index.iter_search(expression, filters, limit=limit))
        code = write_search(app, hits, fmt, None, filters=filters, limit=limit, expression=expression)
        sys.stdout.flush()
        return code
    except MfaError as exc:
        from .formats import clean

        sys.stderr.write(f"mfa: error: {clean(str(exc))}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("mfa: interrupted\n")
        return 130
    except BrokenPipeError:
        from .cli_pipe import quiet_pipe

        quiet_pipe()
    except Exception as exc:
        if os.environ.get("MFA_DEBUG"):
            raise
        if app.started:  # what was written stands: never run the command a second time
            from .formats import clean

            sys.stderr.write(f"mfa: error: unexpected {type(exc).__name__}: {clean(str(exc))}\n")
            return 2
        # A damaged cache, say: the Click path sets it aside and answers afresh, or explains.
    return None


def _parse(argv: list[str]):
    data: list[str] = []
    use_cache = True
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in ("--data", "-d") and i + 1 < len(argv):
            data.append(argv[i + 1])
            i += 2
        elif arg.startswith("--data="):
            data.append(arg[len("--data="):])
            i += 1
        elif arg == "--no-cache":
            use_cache = False
            i += 1
        elif arg in ("--color=auto", "--color=never", "--colour=auto", "--colour=never"):
            i += 1
        elif arg in ("--color", "--colour") and i + 1 < len(argv) and argv[i + 1] in ("auto", "never"):
            i += 2
        else:
            break
    if i >= len(argv) or argv[i] not in _FLAGS:
        return None
    command = argv[i]
    options: dict = {}
    words: list[str] = []
    rest = argv[i + 1:]
    j = 0
    while j < len(rest):
        arg = rest[j]
        name, value = arg, None
        if arg.startswith("--") and "=" in arg:
            name, value = arg.split("=", 1)
        if _global(name, value, rest, j, data):  # global options after the command, as Click reads them
            j += 1 if value is not None or name == "--no-cache" else 2
            use_cache = use_cache and name != "--no-cache"
            continue
        if name in _FLAGS[command] and value is None:
            options[_FLAGS[command][name]] = True
            j += 1
            continue
        if name in _VALUED:
            if value is None:
                if j + 1 >= len(rest):
                    return None
                value = rest[j + 1]
                j += 1
            if not _store(options, _VALUED[name], value, command):
                return None
            j += 1
            continue
        if (command in _WORDS or command == "similar" and not words) and not arg.startswith("-"):
            words.append(arg)
        elif command in ("search", "kwic") and len(arg) > 1 and not arg.startswith("--") and arg[:2] not in _VALUED:
            words += ["NOT", arg[1:]]
        else:
            return None
        j += 1
    if (command in _WORDS or command == "similar") and not words:
        return None
    return command, data, use_cache, options, words


def _global(name: str, value: str | None, rest: list[str], j: int, data: list[str]) -> bool:
    """Whether rest[j] is a global option this path understands; a --data value joins `data`."""
    if name == "--no-cache" and value is None:
        return True
    if name in ("--data", "-d"):
        if value is None and j + 1 >= len(rest):
            return False
        data.append(value if value is not None else rest[j + 1])
        return True
    if name in ("--color", "--colour"):
        given = value if value is not None else (rest[j + 1] if j + 1 < len(rest) else "")
        return given in ("auto", "never")
    return False


def _store(options: dict, key: str, value: str, command: str) -> bool:
    """Keep one option's value as Click would convert it; False when Click should judge it."""
    if key in ("limit", "width", "sort", "by") and key not in _OWN[command]:
        return False
    if key in ("since", "until", "on"):
        from .dates import parse_user_date
        from .errors import DateError

        try:
            options[key] = parse_user_date(value)
        except DateError:
            return False
    elif key == "kind":
        from .models import KINDS

        if value.lower() not in KINDS:
            return False
        options.setdefault("kind", []).append(value.lower())
    elif key in ("person", "speaker", "site"):
        options.setdefault(key, []).append(value)
    elif key == "lang":
        if value.lower() not in ("en", "ru"):
            return False
        options.setdefault("lang", []).append(value.lower())
    elif key == "limit":
        from .app import MAX_LIMIT

        if not (value.isascii() and value.isdigit()) or int(value) > MAX_LIMIT:  # '²'.isdigit() is true
            return False
        options["limit"] = int(value)
    elif key == "width":
        if not (value.isascii() and value.isdigit()) or len(value) > 6:
            return False
        options["width"] = int(value)
    elif key == "sort":
        if value not in ("date", "left", "right"):
            return False
        options["sort"] = value
    elif key == "by":
        if value not in ("day", "week", "month", "year"):
            return False
        options["by"] = value
    elif key == "format":
        if value not in _PLAIN or (command == "trend" and value == "ids"):
            return False
        options["format"] = value
    return True
