"""The commands that read one Dockerfile and print what they make of it (``dopt parse``,
``dopt explain-cache``): reading, decoding and parsing it, and the per-file error reporting
every command shares (``path:line:col: message``, exit 2; a dopt bug is exit 3, never a
traceback)."""

from __future__ import annotations

import sys
from collections.abc import Callable

from optimizer.cli.console import say
from optimizer.errors import EXIT_INTERNAL, EXIT_OK

TYPE_CHECKING = False  # not typing's: start-up is measured
if TYPE_CHECKING:
    from optimizer.syntax import cst


def run_on_one_file(
    path: str, render: Callable[[cst.Dockerfile], str], *, buildable: bool = True
) -> int:
    """Parse the file at ``path`` (``-``: stdin) and write ``render(tree)`` to stdout; the
    exit code.  ``buildable``: also refuse what BuildKit would refuse to build (an unknown
    instruction...), not only what its parser refuses."""
    from optimizer.engine import decode_bytes, parse_source, read_input
    from optimizer.errors import DoptError
    from optimizer.syntax.parser import parse

    inp = read_input(path)
    try:
        if inp.error is not None or inp.data is None:
            raise inp.error or DoptError("cannot read")
        text = decode_bytes(inp.data)
        out = render(parse_source(text) if buildable else parse(text))
    except DoptError as exc:
        say(exc.located(inp.name))
        return exc.exit_code
    except Exception as exc:  # a dopt bug, reported as one
        from optimizer.errors import Unexpected

        say(Unexpected.wrap(exc).located(inp.name))
        return EXIT_INTERNAL
    sys.stdout.write(out)
    return EXIT_OK
