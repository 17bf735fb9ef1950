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


def run(argv: list[str]) -> int:
    # Standalone mode gives click's own exit codes (2 for usage errors) and messages.
    try:
        app(args=argv, prog_name="dopt")
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else EXIT_ERROR)
    return EXIT_OK
