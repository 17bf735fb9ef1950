"""The ``dopt`` command line (argparse: it loads in a few milliseconds, which format-on-save
pays on every save, and its help shows no Python types).

Each subcommand parses its flags here and hands them to its module (fmt_command,
fix_command), which runs the engine over the files.  Exit codes: 0 done, 1 findings or
changes, 2 usage or input error, 3 internal error (a dopt bug).

About 500 lines, on purpose: the flags of every subcommand in one file, so that `--help`
texts and shared flag groups stay consistent; the commands' work lives in their modules.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from optimizer import __version__
from optimizer.cli.console import say as _say
from optimizer.errors import EXIT_ERROR, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK

TYPE_CHECKING = False  # not typing's: importing typing costs ~3 ms of every start-up
if TYPE_CHECKING:
    import argparse
    from pathlib import Path
    from typing import Any

    from optimizer.lint.selection import Selection
    from optimizer.syntax import cst

_PATHS_HELP = (
    "files or folders (in folders: Dockerfile*, Containerfile*, *.dockerfile); - for stdin"
)
_EXIT_CODES = (
    "exit codes: 0 done, 1 findings or changes, 2 usage or input error, "
    "3 internal error (a dopt bug: please report)"
)


def _columns() -> int:
    """``shutil.get_terminal_size().columns``, without importing shutil (it loads bz2, lzma
    and zlib: ~3 ms of every start-up, for a width that only help text uses)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def _parser_class() -> type[argparse.ArgumentParser]:
    """argparse's parser with dopt's help width and usage errors; argparse is imported here
    only, as ``fastargs`` reads the usual per-file command lines without it."""
    import argparse

    class _Formatter(argparse.HelpFormatter):
        """argparse's help formatter, sized as argparse sizes it (the terminal's width - 2)."""

        def __init__(
            self,
            prog: str,
            indent_increment: int = 2,
            max_help_position: int = 24,
            width: int | None = None,
        ) -> None:
            width = _columns() - 2 if width is None else width
            super().__init__(prog, indent_increment, max_help_position, width)

    class _Parser(argparse.ArgumentParser):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("formatter_class", _Formatter)
            super().__init__(*args, **kwargs)

        def error(self, message: str) -> None:  # type: ignore[override]
            self.print_usage(sys.stderr)
            _say(f"{self.prog}: error: {message}")
            raise SystemExit(EXIT_ERROR)

    return _Parser


def _lower(value: str) -> str:
    return value.lower()


def _add_paths(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH", help=_PATHS_HELP)


def _add_common(p: argparse.ArgumentParser, color: bool = True) -> None:
    import argparse

    p.add_argument(
        "--stdin-filename",
        metavar="PATH",
        help="name of the file on stdin, for messages and settings lookup",
    )
    p.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="skip these paths in folders (repeatable)",
    )
    if color:
        p.add_argument(
            "--color",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="colour diffs (default: on a terminal, unless NO_COLOR is set)",
        )


def _add_codes(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--select",
        action="append",
        metavar="CODES",
        help="only these rules: codes or prefixes, comma-separated; ALL; hadolint codes",
    )
    p.add_argument(
        "--extend-select",
        action="append",
        default=[],
        metavar="CODES",
        help="add these rules to the selection",
    )
    p.add_argument(
        "--ignore", action="append", default=[], metavar="CODES", help="skip these rules"
    )
    p.add_argument(
        "--preview",
        action="store_true",
        help="also run the rules still in preview (`dopt rules` marks them)",
    )
    p.add_argument(
        "--cache-mounts",
        action="store_true",
        help="BuildKit cache mounts instead of cache cleanups (DOP203; `cache-mounts = true`)",
    )


def _add_report(p: argparse.ArgumentParser, fix: bool) -> None:
    from optimizer.cli.formats import FORMATS

    p.add_argument(
        "--output-format",
        "--format",
        dest="output_format",
        type=_lower,
        choices=FORMATS,
        default="text",
        metavar="FORMAT",
        help=f"{'findings left: ' if fix else ''}{', '.join(FORMATS)} (default: text; "
        "docs/output-formats.md)",
    )
    p.add_argument(
        "-o", "--output-file", metavar="FILE", help="write the report to FILE (atomically)"
    )
    p.add_argument(
        "--exit-zero",
        action="store_true",
        help="exit 0 even when findings are left (errors still exit 2 or 3)",
    )
    if fix:
        p.add_argument(
            "--show-fixes", action="store_true", help="list the fixes applied, per file and code"
        )
        p.add_argument(
            "--exit-non-zero-on-fix",
            action="store_true",
            help="exit 1 if any fix was applied, even when no finding is left",
        )
    else:
        p.add_argument(
            "--statistics",
            action="store_true",
            help="count the findings per code (and how many are fixable) instead",
        )


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with ``only``, just that subcommand under the root (what
    ``run`` builds for ``dopt fmt ...``: each subparser costs start-up time, and the
    subcommands do not see each other)."""
    _Parser = _parser_class()
    root = _Parser(
        prog="dopt",
        description="Dockerfile optimizer and formatter: smaller images, fewer layers, "
        "faster rebuilds, every untouched byte kept.",
        epilog=_EXIT_CODES,
    )
    root.add_argument("-V", "--version", action="version", version=f"dopt {__version__}")
    sub = root.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, add in _SUBPARSERS.items():
        if only is None or name == only:
            add(sub)
    return root


def _add_fmt(sub: Any) -> None:
    fmt = sub.add_parser(
        "fmt",
        help="format Dockerfiles in dopt's style; never changes what they mean",
        description="Format Dockerfiles in dopt's canonical style; never changes what they "
        "mean. Files are rewritten in place (atomically); with - (or piped stdin and no "
        "paths) the result goes to stdout, for editors.",
        epilog=_EXIT_CODES,
    )
    import argparse

    _add_paths(fmt)
    fmt.add_argument("--check", action="store_true", help="write nothing; exit 1 if changes")
    fmt.add_argument(
        "--diff", action="store_true", help="write nothing; print a unified diff (git apply)"
    )
    fmt.add_argument("-q", "--quiet", action="store_true", help="only errors on stderr")
    _add_common(fmt)
    fmt.add_argument(
        "--indent-width", type=int, metavar="N", help="indent of continuation lines (4)"
    )
    fmt.add_argument(
        "--operator-position",
        type=_lower,
        choices=("end", "start"),
        help="'end' (cmd && \\) or 'start' (&& cmd) in multi-line RUN chains",
    )
    fmt.add_argument(
        "--sort-packages",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="sort multi-line package lists (default: on)",
    )
    fmt.add_argument(
        "--line-width",
        type=int,
        metavar="N",
        help="break one-line RUN chains longer than N (0: never, the default)",
    )


def _add_fix(sub: Any) -> None:
    fix = sub.add_parser(
        "fix",
        help="apply the safe fixes (--unsafe-fixes: also the others) until none is left",
        description="Apply the safe fixes (and with --unsafe-fixes the others) until none "
        "is left. With one path or stdin and no --write/--diff/--check, prints the fixed "
        "text. With no path: stdin when it is piped, else the working folder.",
        epilog="exit codes: 0 done, 1 --write left findings (or --check/--diff found fixes "
        "to apply), 2 usage or input error, 3 internal error (a dopt bug: please report)",
    )
    _add_paths(fix)
    fix.add_argument("-w", "--write", action="store_true", help="rewrite the files in place")
    fix.add_argument("--diff", action="store_true", help="print a unified diff; write nothing")
    fix.add_argument("--check", action="store_true", help="exit 1 if fixes would apply")
    fix.add_argument(
        "--unsafe-fixes", action="store_true", help="also apply fixes that may change behaviour"
    )
    _add_report(fix, fix=True)
    _add_codes(fix)
    _add_context(fix)
    _add_common(fix)


def _add_check(sub: Any) -> None:
    check = sub.add_parser(
        "check",
        help="list findings as path:line:col: CODE message",
        description="List findings as `path:line:col: CODE message` ([*]: fixable). With no "
        "path: stdin when it is piped, else the working folder.",
        epilog=_EXIT_CODES,
    )
    _add_paths(check)
    _add_report(check, fix=False)
    _add_codes(check)
    _add_context(check)
    _add_common(check, color=False)


def _add_context(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--context",
        metavar="DIR",
        help="the build context the rules read (.dockerignore, dependency manifests); "
        "default: each Dockerfile's folder (none for stdin)",
    )


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


def _add_parse(sub: Any) -> None:
    parse = sub.add_parser(
        "parse",
        help="print BuildKit's reading of a Dockerfile as JSON",
        description="Print BuildKit's reading of a Dockerfile as JSON, one object per instruction.",
    )
    parse.add_argument("path", metavar="PATH", help="a Dockerfile, or - for standard input")


def _add_rules(sub: Any) -> None:
    sub.add_parser("rules", help="list every rule", description="List every rule.")


def _add_explain(sub: Any) -> None:
    explain = sub.add_parser(
        "explain", help="explain one rule", description="Explain one rule: why, example, fix."
    )
    explain.add_argument("code", metavar="CODE", help="a rule code, e.g. DOP101")


def _add_server(sub: Any) -> None:
    server = sub.add_parser(
        "server",
        help="run the language server (LSP on stdin/stdout) for editors",
        description="Run the language server on stdin and stdout: diagnostics, quick fixes, "
        "formatting and hover for editors (docs/editors.md shows the set-up).",
        epilog="exit codes: 0 after the client's shutdown and exit, 2 otherwise",
    )
    server.add_argument(
        "--stdio", action="store_true", help="accepted for clients that pass it (the default)"
    )


def _add_verify(sub: Any) -> None:
    verify = sub.add_parser(
        "verify",
        help="build a Dockerfile and its fixed version and prove the images equivalent",
        description="Build the Dockerfile and its fixed version; exit 0 if the images are "
        "equivalent. Compares the image config (Env per variable, Cmd, Entrypoint, User, "
        "WorkingDir, ports, volumes, labels, healthcheck, shell, stop signal, onbuild) and every "
        "file (type, mode, owner, symlink target, size, sha256), apart from a noise list and "
        "the caches the applied rules declare they delete.",
        epilog="exit codes: 0 equivalent, 1 not equivalent, 2 a build failed or no engine, "
        "3 internal error",
    )
    verify.add_argument("path", nargs="?", default="Dockerfile", metavar="PATH")
    verify.add_argument("--context", metavar="DIR", help="build context (default: its folder)")
    verify.add_argument(
        "--unsafe-fixes", action="store_true", help="also apply fixes that may change behaviour"
    )
    verify.add_argument("--select", action="append", default=[], metavar="CODES")
    verify.add_argument("--ignore", action="append", default=[], metavar="CODES")
    verify.add_argument(
        "--engine", type=_lower, default="auto", help="auto, docker, podman or buildah"
    )
    verify.add_argument(
        "--build-arg", action="append", default=[], metavar="K=V", help="for both builds"
    )
    verify.add_argument("--target", metavar="STAGE", help="build and compare this stage")
    verify.add_argument("--keep", action="store_true", help="keep both images (tags printed)")
    verify.add_argument(
        "--format", dest="output_format", type=_lower, default="text", help="text or json"
    )
    verify.add_argument(
        "--ignore-path",
        action="append",
        default=[],
        metavar="GLOB",
        help="image paths to leave out of the comparison (repeatable)",
    )


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


# In the order `dopt --help` lists them.
_SUBPARSERS = {
    "fmt": _add_fmt,
    "fix": _add_fix,
    "check": _add_check,
    "parse": _add_parse,
    "rules": _add_rules,
    "explain": _add_explain,
    "explain-cache": lambda sub: _explain_cache_module().add_parser(sub),
    "verify": _add_verify,
    "server": _add_server,
}

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
