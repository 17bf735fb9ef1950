"""The ``dopt`` command line's flags (argparse: it loads in a few milliseconds, and its help
shows no Python types), for ``--help`` and for what ``fastargs`` does not read itself.

``cli.commands`` runs a command line: each subcommand's handler hands the parsed flags to its
module (fmt_command, fix_command), which runs the engine over the files.  The usual lines of
the per-file commands never load this module.

The flags of every subcommand in one file, on purpose, so that `--help` texts and shared flag
groups stay consistent; the commands' work lives in their modules.
"""

from __future__ import annotations

import os
import sys

from optimizer import __version__
from optimizer.cli.console import say as _say
from optimizer.errors import EXIT_ERROR

TYPE_CHECKING = False  # not typing's: importing typing costs ~3 ms of every start-up
if TYPE_CHECKING:
    import argparse
    from typing import Any


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


# In the order `dopt --help` lists them.
_SUBPARSERS = {
    "fmt": _add_fmt,
    "fix": _add_fix,
    "check": _add_check,
    "parse": _add_parse,
    "rules": _add_rules,
    "explain": _add_explain,
    "explain-cache": lambda sub: _explain_cache().add_parser(sub),
    "verify": _add_verify,
    "server": _add_server,
}


def _explain_cache() -> Any:
    from optimizer.cli import explain_cache  # lazily: start-up is measured

    return explain_cache


# Where they were: `from optimizer.cli.main import run` keeps working.
from optimizer.cli.commands import context_folder, run  # noqa: E402

__all__ = ["build_parser", "context_folder", "run"]
