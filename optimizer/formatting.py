"""Formatting one text: parse, emit, and refuse unless the output reads the same."""

from __future__ import annotations

from optimizer import guard
from optimizer.analysis.shell import file_scope
from optimizer.emit import Style, format_tree
from optimizer.parser import parse


class Refused(Exception):
    """The guard found that formatting would change meaning (a dopt bug)."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(line, reason)
        self.line = line
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.line}: {self.reason}; left unchanged"


def format_text(text: str, style: Style | None = None) -> str:
    """The formatted text. Raises ParseError for bad input, Refused if the guard objects."""
    with file_scope():
        return _format_text(text, style)


def _format_text(text: str, style: Style | None) -> str:
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
