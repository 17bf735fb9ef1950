"""Formatting one text: parse, emit, and refuse unless the output reads the same."""

from __future__ import annotations

from optimizer.analysis.shell.script import file_scope
from optimizer.errors import Refused
from optimizer.format import guard
from optimizer.format.layout import format_tree
from optimizer.format.style import Style
from optimizer.syntax.parser import parse

TYPE_CHECKING = False  # not typing's: importing typing costs ~3 ms of every start-up
if TYPE_CHECKING:
    from optimizer.syntax import cst

__all__ = ["Refused", "format_text"]


def format_text(text: str, style: Style | None = None, tree: cst.Dockerfile | None = None) -> str:
    """The formatted text. Raises ParseError for bad input, Refused if the guard objects.

    ``tree``: the parse of ``text``, when the caller has it already.
    """
    with file_scope():
        return _format_text(text, style, tree)


def _format_text(text: str, style: Style | None, tree: cst.Dockerfile | None) -> str:
    if tree is None:
        tree = parse(text)
    # First with the layout's per-instruction checks left to the whole-file guard (each one
    # re-parses an instruction); when that guard objects, again with every check.
    with guard.deferred():
        output = format_tree(tree, style)
    if output == text or _reads_the_same(tree, output):
        return output
    return _checked(text, tree, format_tree(tree, style))


def _reads_the_same(tree: cst.Dockerfile, output: str) -> bool:
    try:
        after = parse(output)
    except Exception:
        return False
    return guard.compare(tree, after) is None


def _checked(text: str, tree: cst.Dockerfile, output: str) -> str:
    """``output`` if the guard passes it; else Refused."""
    if output == text:
        return output
    try:
        after = parse(output)
    except Exception as exc:  # the output must parse; anything else is our bug
        raise Refused(1, f"formatted output does not parse ({exc})") from None
    mismatch = guard.compare(tree, after)
    if mismatch is not None:
        raise Refused(mismatch.line, mismatch.reason)
    return output
