"""Formatting one text: parse, emit, and refuse unless the output reads the same."""

from __future__ import annotations

from typing import TYPE_CHECKING

from optimizer.analysis.shell.script import file_scope
from optimizer.errors import Refused
from optimizer.format import guard
from optimizer.format.layout import format_tree
from optimizer.format.style import Style
from optimizer.syntax.parser import parse

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
    output = format_tree(tree, style)
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
