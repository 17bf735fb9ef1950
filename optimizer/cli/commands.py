"""Running a ``dopt`` command line: its flags read (``fastargs`` for the per-file commands'
usual lines, else argparse's parser from ``cli.main``), then its subcommand's handler, which
turns the flags into its module's call (fmt_command, fix_command...).  Kept apart from the
argparse definitions, which a per-file command never needs (~0.3 ms of each start-up).

Exit codes: 0 done, 1 findings or changes, 2 usage or input error, 3 internal error (a dopt
bug).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from optimizer.cli.console import say as _say
from optimizer.errors import EXIT_ERROR, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK

TYPE_CHECKING = False  # not typing's: importing typing costs ~3 ms of every start-up
if TYPE_CHECKING:
    import argparse
    from pathlib import Path
    from typing import Any

    from optimizer.lint.selection import Selection
    from optimizer.syntax import cst


def context_folder(args: argparse.Namespace) -> Path | None:
    """--context DIR as a folder; a usage error (exit 2) when it is none."""
    if args.context is None:
        return None
    from optimizer.errors import UsageError
    from optimizer.io.fspath import Path  # pathlib's, without its ~4 ms of imports

    folder = Path(args.context)
    if not folder.is_dir():
        why = "does not exist" if not folder.exists() else "is not a folder"
        raise UsageError(f"{args.context}: the build context (--context) {why}")
    return folder


def _split(values: Sequence[str] | None) -> tuple[str, ...] | None:
    if values is None:
        return None
    return tuple(c.strip().upper() for v in values for c in v.split(",") if c.strip())


def _selection(args: argparse.Namespace) -> Selection:
    """The command line's rule codes, each checked: an unknown one is a usage error."""
    from optimizer.errors import UsageError
    from optimizer.lint.selection import Selection, UnknownCode, check_codes

    chosen = Selection(
        _split(args.select), _split(args.extend_select) or (), _split(args.ignore) or ()
    )
    for flag, codes in (
        ("--select", chosen.select or ()),
        ("--extend-select", chosen.extend_select),
        ("--ignore", chosen.ignore),
    ):
        try:
            check_codes(codes)
        except UnknownCode as exc:
            raise UsageError(f"{flag}: {exc.code}: {exc.reason}") from None
    return chosen


def _fmt(args: argparse.Namespace) -> int:
    from optimizer.cli.fmt_command import FmtOptions, run_fmt
    from optimizer.errors import ConfigError
    from optimizer.format.style import style_value

    style = {
        "indent": args.indent_width,
        "operator_first": None
        if args.operator_position is None
        else args.operator_position == "start",
        "sort_packages": args.sort_packages,
        "line_width": args.line_width,
    }
    for key, value in (("indent-width", args.indent_width), ("line-width", args.line_width)):
        if value is not None:
            try:  # the settings file's rules: "dopt fmt: --indent-width must be between ..."
                style_value(key, value, "dopt fmt: --")
            except ConfigError as exc:
                _say(exc.message)
                return EXIT_ERROR
    opts = FmtOptions(
        paths=list(args.paths),
        check=args.check,
        diff=args.diff,
        stdin_filename=args.stdin_filename,
        color=args.color,
        exclude=list(args.exclude),
        quiet=args.quiet,
        style=style,
    )
    return run_fmt(opts)


def _fix(args: argparse.Namespace) -> int:
    from optimizer.cli.fix_command import ReportOptions, run_fix

    return run_fix(
        list(args.paths),
        args.write,
        args.diff,
        args.check,
        args.unsafe_fixes,
        _selection(args),
        args.stdin_filename,
        args.color,
        tuple(args.exclude),
        bool(args.preview),
        args.output_format,
        ReportOptions(
            args.output_file,
            exit_zero=args.exit_zero,
            show_fixes=args.show_fixes,
            exit_non_zero_on_fix=args.exit_non_zero_on_fix,
        ),
        context_folder(args),
        cache_mounts=bool(args.cache_mounts),
    )


def _check(args: argparse.Namespace) -> int:
    from optimizer.cli.fix_command import ReportOptions, run_check

    return run_check(
        list(args.paths),
        args.output_format,
        _selection(args),
        args.stdin_filename,
        tuple(args.exclude),
        bool(args.preview),
        ReportOptions(
            args.output_file,
            exit_zero=args.exit_zero,
            statistics=args.statistics,
        ),
        context_folder(args),
        cache_mounts=bool(args.cache_mounts),
    )


def _verify(args: argparse.Namespace) -> int:
    from optimizer.verify.command import VerifyOptions, verify_main

    opts = VerifyOptions(
        path=args.path,
        context=args.context,
        unsafe=args.unsafe_fixes,
        select=_split(args.select) or (),
        ignore=_split(args.ignore) or (),
        engine=args.engine,
        build_args=tuple(args.build_arg),
        target=args.target,
        keep=args.keep,
        fmt=args.output_format,
        ignore_paths=tuple(args.ignore_path),
    )
    return verify_main(opts)


def _server(args: argparse.Namespace) -> int:
    try:  # pygls loads only here: the other commands never pay for it
        from optimizer.server.server import serve
    except ImportError as exc:
        _say(f"dopt server: cannot load the language server ({exc}); pip install 'pygls>=2.0'")
        return EXIT_ERROR
    return serve()


def _parse(args: argparse.Namespace) -> int:
    from optimizer.cli.one_file import run_on_one_file

    def commands_as_json(tree: cst.Dockerfile) -> str:
        import json  # only here: json costs every other command start-up time

        return json.dumps([c.as_dict() for c in tree.commands()], indent=2, ensure_ascii=False)

    # BuildKit's parser's reading: it takes what only its builder refuses (`FORM a`).
    return run_on_one_file(args.path, lambda tree: commands_as_json(tree) + "\n", buildable=False)


def _rules(args: argparse.Namespace) -> int:
    from optimizer.lint.rules import all_rules
    from optimizer.lint.rules.base import fix_label

    for rule in all_rules():
        mark = " (preview: runs with --preview)" if rule.preview else ""
        print(f"{rule.code}  {rule.name:<32} fix: {fix_label(rule):<9} {rule.summary}{mark}")
    return EXIT_OK


def _explain(args: argparse.Namespace) -> int:
    from optimizer.lint.docs import explain_text
    from optimizer.lint.rules import by_code

    rule = by_code().get(args.code.upper())
    if rule is None:
        _say(f"dopt explain: no rule {args.code!r}; `dopt rules` lists them")
        return EXIT_ERROR
    sys.stdout.write(explain_text(rule))
    return EXIT_OK


def _explain_cache_module() -> Any:
    from optimizer.cli import explain_cache  # lazily: start-up is measured

    return explain_cache


_COMMANDS = {
    "fmt": _fmt,
    "fix": _fix,
    "check": _check,
    "parse": _parse,
    "rules": _rules,
    "explain": _explain,
    "explain-cache": lambda args: _explain_cache_module().run(args),
    "verify": _verify,
    "server": _server,
}


def run(argv: list[str]) -> int:
    """Run ``dopt`` with these arguments; the exit code.  Never a traceback: a dopt bug
    outside any one file is reported as an internal error (exit 3)."""
    from optimizer.cli import fastargs
    from optimizer.errors import DoptError, Unexpected

    try:
        args: argparse.Namespace | None = fastargs.parse(argv)  # the usual lines, no argparse
        if args is None:
            from optimizer.cli.main import _SUBPARSERS, build_parser

            parser = build_parser(argv[0] if argv and argv[0] in _SUBPARSERS else None)
            args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help(sys.stderr)
            return EXIT_ERROR
        return _COMMANDS[args.command](args)
    except SystemExit as exc:  # argparse: --help, --version, usage errors
        code = exc.code
        return code if isinstance(code, int) else (EXIT_OK if code is None else EXIT_ERROR)
    except DoptError as exc:
        _say(f"dopt: {exc.message}" if exc.exit_code != EXIT_INTERNAL else exc.located("dopt"))
        return exc.exit_code
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `dopt ... | head`: the reader left; say nothing more
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR
    except Exception as exc:
        _say(Unexpected.wrap(exc).located("dopt"))
        return EXIT_INTERNAL
