"""The ``dopt`` command line (typer)."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from optimizer import __version__
from optimizer.errors import ParseError
from optimizer.sources import SourceError, read

app = typer.Typer(
    name="dopt",
    help="Dockerfile optimizer and formatter: smaller images, fewer layers, faster rebuilds.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

EXIT_OK, EXIT_CHANGES, EXIT_ERROR, EXIT_INTERNAL = 0, 1, 2, 3


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dopt {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Dockerfile optimizer and formatter."""


def error(message: str) -> None:
    print(message, file=sys.stderr)


@app.command("parse")
def parse_cmd(
    path: Annotated[str, typer.Argument(help="A Dockerfile, or - for standard input.")],
) -> None:
    """Print BuildKit's reading of a Dockerfile as JSON, one object per instruction."""
    from optimizer.parser import parse

    try:
        source = read(path)
        tree = parse(source.text)
    except SourceError as exc:
        error(str(exc))
        raise typer.Exit(EXIT_ERROR) from None
    except ParseError as exc:
        error(f"{source.name}:{exc}")
        raise typer.Exit(EXIT_ERROR) from None
    json.dump([c.as_dict() for c in tree.commands()], sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


@app.command("fmt")
def fmt_cmd(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files or folders (found in folders: Dockerfile*, Containerfile*); - for stdin."
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option("--check", help="Write nothing; exit 1 and list files that would change."),
    ] = False,
    diff: Annotated[
        bool,
        typer.Option("--diff", help="Write nothing; print a unified diff (git apply accepts it)."),
    ] = False,
    stdin_filename: Annotated[
        str | None,
        typer.Option(help="Name of the file on stdin, for messages and settings lookup."),
    ] = None,
    color: Annotated[
        bool | None,
        typer.Option(
            "--color/--no-color", help="Colour diffs (default: on a terminal, unless NO_COLOR)."
        ),
    ] = None,
    exclude: Annotated[
        list[str] | None, typer.Option(help="Glob of paths to skip in folders (repeatable).")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors on stderr.")] = False,
    indent_width: Annotated[
        int | None, typer.Option(help="Indent of continuation lines (default 4).")
    ] = None,
    operator_position: Annotated[
        str | None,
        typer.Option(help="'end' (cmd && \\) or 'start' (&& cmd) for multi-line RUN chains."),
    ] = None,
    sort_packages: Annotated[
        bool | None,
        typer.Option("--sort-packages/--no-sort-packages", help="Sort multi-line package lists."),
    ] = None,
    line_width: Annotated[
        int | None,
        typer.Option(help="Break one-line RUN chains longer than this (0: never, the default)."),
    ] = None,
) -> None:
    """Format Dockerfiles in dopt's canonical style; never changes what they mean.

    Files are rewritten in place (atomically); with - (or piped stdin and no paths) the result
    goes to stdout, for editors.  Exit codes: 0 done, 1 changes found with --check/--diff,
    2 unreadable file or parse error, 3 refused by the safety check (a dopt bug).
    """
    from optimizer.fmt_command import FmtOptions, run_fmt

    if operator_position not in (None, "end", "start"):
        error("dopt fmt: --operator-position must be 'end' or 'start'")
        raise typer.Exit(EXIT_ERROR)
    style = {
        "indent": indent_width,
        "operator_first": None if operator_position is None else operator_position == "start",
        "sort_packages": sort_packages,
        "line_width": line_width,
    }
    opts = FmtOptions(
        paths=list(paths or []),
        check=check,
        diff=diff,
        stdin_filename=stdin_filename,
        color=color,
        exclude=list(exclude or []),
        quiet=quiet,
        style=style,
    )
    raise typer.Exit(run_fmt(opts))


_PATHS_HELP = "Files or folders (found in folders: Dockerfile*, Containerfile*); - for stdin."


def _codes(values: list[str] | None) -> tuple[str, ...]:
    return tuple(c.strip().upper() for v in values or [] for c in v.split(",") if c.strip())


@app.command("fix")
def fix_cmd(
    paths: Annotated[list[str] | None, typer.Argument(help=_PATHS_HELP)] = None,
    write: Annotated[
        bool, typer.Option("--write", "-w", help="Rewrite the files in place.")
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Print a unified diff; write nothing.")
    ] = False,
    check: Annotated[
        bool, typer.Option("--check", help="Exit 1 if fixes would apply; write nothing.")
    ] = False,
    unsafe_fixes: Annotated[
        bool, typer.Option("--unsafe-fixes", help="Also apply fixes that may change behaviour.")
    ] = False,
    select: Annotated[
        list[str] | None, typer.Option(help="Only these codes (prefixes ok).")
    ] = None,
    ignore: Annotated[list[str] | None, typer.Option(help="Skip these codes.")] = None,
    stdin_filename: Annotated[str | None, typer.Option(help="Name of the file on stdin.")] = None,
    color: Annotated[bool | None, typer.Option("--color/--no-color", help="Colour diffs.")] = None,
    exclude: Annotated[list[str] | None, typer.Option(help="Glob of paths to skip.")] = None,
) -> None:
    """Apply the safe fixes (and with --unsafe-fixes the others) until none is left.

    With one path or stdin and no --write/--diff/--check, prints the fixed text.  Lines the
    fixes do not touch keep their bytes; changed instructions get the formatter's layout.
    """
    from optimizer.fix_command import run_fix

    raise typer.Exit(
        run_fix(
            list(paths or []),
            write,
            diff,
            check,
            unsafe_fixes,
            _codes(select),
            _codes(ignore),
            stdin_filename,
            color,
            tuple(exclude or []),
        )
    )


@app.command("check")
def check_cmd(
    paths: Annotated[list[str] | None, typer.Argument(help=_PATHS_HELP)] = None,
    output_format: Annotated[
        str, typer.Option("--format", help="text, json, sarif or github.")
    ] = "text",
    select: Annotated[
        list[str] | None, typer.Option(help="Only these codes (prefixes ok).")
    ] = None,
    ignore: Annotated[list[str] | None, typer.Option(help="Skip these codes.")] = None,
    stdin_filename: Annotated[str | None, typer.Option(help="Name of the file on stdin.")] = None,
    exclude: Annotated[list[str] | None, typer.Option(help="Glob of paths to skip.")] = None,
) -> None:
    """List findings as `path:line:col: CODE message` ([*]: fixable); exit 1 if any."""
    from optimizer.fix_command import run_check
    from optimizer.report import FORMATS

    if output_format not in FORMATS:
        error(f"dopt check: --format must be one of {', '.join(FORMATS)}")
        raise typer.Exit(EXIT_ERROR)
    raise typer.Exit(
        run_check(
            list(paths or []),
            output_format,
            _codes(select),
            _codes(ignore),
            stdin_filename,
            tuple(exclude or []),
        )
    )


@app.command("rules")
def rules_cmd() -> None:
    """List every rule: code, name, fix applicability, summary."""
    from optimizer.rules import all_rules

    for rule in all_rules():
        typer.echo(f"{rule.code}  {rule.name:<32} fix: {rule.fix:<9} {rule.summary}")


@app.command("explain")
def explain_cmd(code: Annotated[str, typer.Argument(help="A rule code, e.g. DOP101.")]) -> None:
    """Explain one rule: why it matters, an example, and how it is fixed."""
    from optimizer.rules import by_code

    rule = by_code().get(code.upper())
    if rule is None:
        error(f"dopt explain: no rule {code!r}; `dopt rules` lists them")
        raise typer.Exit(EXIT_ERROR)
    hadolint = f"\nhadolint: {', '.join(rule.hadolint)}" if rule.hadolint else ""
    typer.echo(
        f"{rule.code} ({rule.name})\n\n{rule.summary}\n\nWhy: {rule.why}\n\n"
        f"Fix: {rule.fix}{hadolint}\n\nExample:\n{_indent(rule.bad)}\nBecomes:\n"
        f"{_indent(rule.good)}"
    )


def _indent(text: str) -> str:
    return "".join("    " + line + "\n" for line in text.splitlines())


# `dopt verify` lives in its own module (issue 14).
from optimizer.verify_command import verify_cmd  # noqa: E402

app.command("verify")(verify_cmd)


def run(argv: list[str]) -> int:
    # Standalone mode gives click's own exit codes (2 for usage errors) and messages.
    try:
        app(args=argv, prog_name="dopt")
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else EXIT_ERROR)
    return EXIT_OK
