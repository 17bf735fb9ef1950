"""``rdjson``: reviewdog's Diagnostic Format (``DiagnosticResult`` as JSON), for
``reviewdog -f=rdjson``.

Each finding's fix is one ``suggestion``: the whole lines it changes (a range of lines
without columns) and their new text, which reviewdog posts on a pull request as a GitHub
suggestion that applies in one click.  One suggestion per fix, even when the fix edits
several places (merging RUNs), because GitHub needs the comment's lines and the
suggestion's to be the same.  Columns are 1-based UTF-8 byte counts, as the format says.
"""

from __future__ import annotations

import json

from optimizer.cli.formats.common import (
    ERROR,
    INFO,
    Report,
    checked,
    error_place,
    severity,
    text_of,
    url,
    utf8_column,
)
from optimizer.engine import Diagnostic, FileResult, TextEdit
from optimizer.lint.urls import HOME_URL

_SEVERITIES = {ERROR: "ERROR", INFO: "INFO"}  # anything else: "WARNING"


class _Lines:
    """A text's lines and the offset where each starts (for line/column <-> offset)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        at = text.find("\n")
        while at != -1:
            self.starts.append(at + 1)
            at = text.find("\n", at + 1)
        # The number of lines: a final newline ends the last line, it does not start one.
        self.count = len(self.starts) - (1 if text.endswith("\n") or not text else 0)

    def offset(self, line: int, column: int) -> int:
        return min(self.starts[min(line, len(self.starts)) - 1] + column - 1, len(self.text))

    def line(self, n: int) -> str:
        start = self.starts[n - 1]
        end = self.starts[n] if n < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def end_of(self, n: int) -> int:
        """The offset after line ``n`` and its line ending."""
        return self.starts[n] if n < len(self.starts) else len(self.text)


def _column(lines: _Lines, line: int, column: int) -> int:
    if 1 <= line <= lines.count:
        return utf8_column(lines.line(line), column)
    return column


def _range(lines: _Lines, place: tuple[int, int, int, int]) -> dict[str, object]:
    line, column, end_line, end_column = place
    return {
        "start": {"line": line, "column": _column(lines, line, column)},
        "end": {"line": end_line, "column": _column(lines, end_line, end_column)},
    }


def _line_span(lines: _Lines, edits: tuple[TextEdit, ...]) -> tuple[int, int]:
    """The first and last whole line that hold every edit (an insertion between two lines
    takes the line below it, or the last line at the end of the file)."""
    first, last = lines.count, 1
    for e in edits:
        if (e.end_line, e.end_column) == (e.line, e.column):  # an insertion
            at = e.line if e.line <= lines.count else lines.count
            top = bottom = at
        else:
            top = e.line
            bottom = e.end_line - 1 if e.end_column == 1 else e.end_line
        first, last = min(first, top), max(last, bottom)
    return first, max(first, last)


def suggestion(lines: _Lines, d: Diagnostic) -> dict[str, object] | None:
    """The fix of ``d`` as one line-based suggestion, or None (no fix, or no lines)."""
    if not d.edits or lines.count == 0:
        return None
    first, last = _line_span(lines, d.edits)
    new, ended = _new_lines(lines, d.edits, first, last)
    if not new and ended:
        # Empty text deletes the lines, so new text that is one empty line takes a
        # neighbouring line along, unchanged, to say so.
        first, last = (first, last + 1) if last < lines.count else (first - 1, last)
        new, ended = _new_lines(lines, d.edits, max(first, 1), last)
    return {"range": {"start": {"line": max(first, 1)}, "end": {"line": last}}, "text": new}


def _new_lines(
    lines: _Lines, edits: tuple[TextEdit, ...], first: int, last: int
) -> tuple[str, bool]:
    """The text of lines ``first``..``last`` with the edits applied, without the last
    line ending (reviewdog adds it back), and whether there was one to take off."""
    start, end = lines.starts[first - 1], lines.end_of(last)
    pieces, at = [], start
    for e in sorted(edits, key=lambda e: (e.line, e.column)):
        lo, hi = lines.offset(e.line, e.column), lines.offset(e.end_line, e.end_column)
        pieces.append(lines.text[at:lo])
        pieces.append(e.content)
        at = max(at, hi)
    pieces.append(lines.text[at:end])
    new = "".join(pieces)
    if not lines.text[start:end].endswith("\n"):
        return new, False
    if new.endswith("\r\n"):
        return new[:-2], True
    return new.removesuffix("\n"), new.endswith("\n")


def _diagnostic(r: FileResult, d: Diagnostic, lines: _Lines) -> dict[str, object]:
    place = (d.line, d.column, d.end_line, d.end_column)
    out: dict[str, object] = {
        "message": d.message,
        "location": {"path": r.name, "range": _range(lines, place)},
        "severity": _SEVERITIES.get(severity(d.code), "WARNING"),
        "code": {"value": d.code, "url": url(d.code) or ""},
    }
    fix = suggestion(lines, d)
    if fix is not None:
        out["suggestions"] = [fix]
    return out


def render(report: Report) -> str:
    diagnostics: list[dict[str, object]] = []
    for r in checked(report):
        lines = _Lines(text_of(r, report))
        if r.error is not None:
            diagnostics.append(
                {
                    "message": r.error.message,
                    "location": {"path": r.name, "range": _range(lines, error_place(r))},
                    "severity": "ERROR",
                    "code": {"value": r.error.kind},
                }
            )
        diagnostics.extend(_diagnostic(r, d, lines) for d in r.diagnostics)
    doc = {"source": {"name": "dopt", "url": HOME_URL}, "diagnostics": diagnostics}
    return json.dumps(doc, indent=2) + "\n"
