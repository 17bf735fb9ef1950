"""Between the engine's results and the Language Server Protocol's types.

The engine counts lines and columns from 1, in characters (code points); LSP counts from 0,
and its columns are in the code units of the negotiated position encoding: UTF-16 unless
the client offers another (a character outside the BMP, such as an emoji, is two UTF-16
units, one code point, four UTF-8 bytes).  Text changes go out as line hunks: the smallest
runs of whole lines that differ, so an editor keeps its cursor and marks elsewhere.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any

from lsprotocol import types

from optimizer.engine import Diagnostic as Finding
from optimizer.errors import DoptError, InternalError
from optimizer.lint.urls import rule_url  # the same page every report format links to
from optimizer.record import Record

SOURCE = "dopt"
UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"

# docs/rules/CODE.md of the checkout this package runs from (an editable install, as in
# development); a release would point at the published docs instead.


# ---------------------------------------------------------------------------- positions


def units(text: str, encoding: str = UTF16) -> int:
    """The length of ``text`` in the position encoding's code units."""
    if text.isascii() or encoding == UTF32:
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


def index(line: str, character: int, encoding: str = UTF16) -> int:
    """The index in ``line`` (a str) of the LSP column ``character``; past the end (or
    inside a character's units) clamps, as the protocol asks."""
    if line.isascii() or encoding == UTF32:
        return min(max(character, 0), len(line))
    count = 0
    for i, c in enumerate(line):
        if count >= character:
            return i
        count += len(c.encode("utf-8", "surrogatepass")) if encoding == UTF8 else 1
        if encoding == UTF16 and ord(c) > 0xFFFF:
            count += 1
    return len(line)


class Lines:
    """A text's lines (without their line breaks), for converting positions."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = [line.removesuffix("\r") for line in text.split("\n")]

    def line(self, number: int) -> str:
        """The 0-based line ``number`` ('' past the end)."""
        return self.lines[number] if 0 <= number < len(self.lines) else ""

    def point(self, line: int, column: int, encoding: str) -> tuple[int, int]:
        """(LSP line, LSP character) of the engine's 1-based ``line`` and ``column``."""
        row = max(line - 1, 0)
        return row, units(self.line(row)[: max(column - 1, 0)], encoding)

    def offset(self, position: types.Position, encoding: str) -> tuple[int, int]:
        """(0-based line, index in that line) of an LSP position."""
        return position.line, index(self.line(position.line), position.character, encoding)

    def end(self, encoding: str) -> types.Position:
        """The position just after the last character of the text."""
        last = len(self.lines) - 1
        return types.Position(last, units(self.lines[last], encoding))


# ---------------------------------------------------------------------------- diagnostics
#
# Diagnostics are built as JSON-ready dicts, the shape lsprotocol's converter gives a
# types.Diagnostic (camelCase keys, no key for None): the server publishes them on every
# edit as they are, without building attrs objects and unstructuring them with cattrs.
# A code action's typed Diagnostic is structured from the same dict.


def _range(start: tuple[int, int], end: tuple[int, int]) -> dict[str, Any]:
    return {
        "start": {"line": start[0], "character": start[1]},
        "end": {"line": end[0], "character": end[1]},
    }


def diagnostic_json(finding: Finding, lines: Lines, encoding: str) -> dict[str, Any]:
    """One engine finding as an LSP diagnostic (JSON): its rule code, a link to the rule's
    page."""
    start = lines.point(finding.line, finding.column, encoding)
    end = lines.point(finding.end_line, finding.end_column, encoding)
    if end < start:
        end = start
    out: dict[str, Any] = {
        "range": _range(start, end),
        "message": finding.message,
        "severity": types.DiagnosticSeverity.Warning.value,
        "code": finding.code,
        "codeDescription": {"href": rule_url(finding.code)},
        "source": SOURCE,
    }
    if finding.code == "DOP001":
        out["tags"] = [types.DiagnosticTag.Unnecessary.value]
    return out


def error_diagnostic_json(error: DoptError, lines: Lines, encoding: str) -> dict[str, Any]:
    """A parse (or other) error as one Error diagnostic (JSON), from its column to the end
    of its line (or to its end column when known); unplaced errors go on the first line."""
    line = max(error.line, 1)
    column = max(error.column, 1)
    start = lines.point(line, column, encoding)
    if error.end_column and error.end_line >= line:
        end = lines.point(error.end_line, error.end_column, encoding)
    else:
        end = (start[0], units(lines.line(start[0]), encoding))
    if end <= start:
        end = (start[0], max(start[1], end[1]))
    message = error.message
    if isinstance(error, InternalError):
        message = f"internal error: {message} (a dopt bug: please report)"
    return {
        "range": _range(start, end),
        "message": message,
        "severity": types.DiagnosticSeverity.Error.value,
        "code": error.kind,
        "source": SOURCE,
    }


def typed(diagnostic: dict[str, Any]) -> types.Diagnostic:
    """A JSON diagnostic as lsprotocol's type (for a code action's ``diagnostics``)."""
    from lsprotocol.converters import get_converter

    return get_converter().structure(diagnostic, types.Diagnostic)


def diagnostic(finding: Finding, lines: Lines, encoding: str) -> types.Diagnostic:
    return typed(diagnostic_json(finding, lines, encoding))


def error_diagnostic(error: DoptError, lines: Lines, encoding: str) -> types.Diagnostic:
    return typed(error_diagnostic_json(error, lines, encoding))


# ---------------------------------------------------------------------------- text edits


class Hunk(Record):
    """Old lines ``[start, stop)`` (0-based) become ``text`` (whole lines, with breaks)."""

    start: int
    stop: int
    text: str


def _split(text: str) -> list[str]:
    """Lines with their breaks; only ``\n`` ends a line (not str.splitlines' \f, \x1c,
    U+2028 ...), as the engine counts lines."""
    parts = text.split("\n")
    out = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        out.append(parts[-1])
    return out


def hunks(old: str, new: str) -> list[Hunk]:
    """The runs of whole lines that differ between ``old`` and ``new``."""
    a, b = _split(old), _split(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [
        Hunk(i1, i2, "".join(b[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def apply(old: str, chosen: Sequence[Hunk]) -> str:
    """``old`` with these hunks (in order, not overlapping) applied."""
    a = _split(old)
    out: list[str] = []
    at = 0
    for h in chosen:
        out.extend(a[at : h.start])
        out.append(h.text)
        at = h.stop
    out.extend(a[at:])
    return "".join(out)


def text_edits(old: str, chosen: Sequence[Hunk], encoding: str) -> list[types.TextEdit]:
    """The hunks as LSP edits on ``old``.  A hunk ending at a last line without a line
    break ends at that line's end (no position past the end of the document)."""
    a = _split(old)
    lines = Lines(old)
    edits = []
    for h in chosen:
        start = types.Position(h.start, 0)
        if h.stop < len(a) or not a or a[-1].endswith("\n"):
            end = types.Position(h.stop, 0)
        else:
            end = lines.end(encoding)
        if h.start >= len(a) and a and not a[-1].endswith("\n"):
            start = end = lines.end(encoding)  # appending after a last line with no break
        edits.append(types.TextEdit(types.Range(start, end), h.text))
    return edits


def touches(h: Hunk, first: int, last: int) -> bool:
    """Does the hunk change (or insert at) any of the 0-based lines ``first..last``?"""
    if h.start == h.stop:  # an insertion before line h.start
        return first <= h.start <= last + 1
    return h.start <= last and h.stop > first
