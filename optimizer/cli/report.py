"""Printing ``check``'s results: text, JSON, SARIF, GitHub annotations.

Every format shows the files that could not be checked (unreadable, not UTF-8, not a
Dockerfile BuildKit would build, or a dopt bug), not only the findings: a report that leaves
them out would read as "passed".
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import PurePath
from urllib.parse import quote

from optimizer.engine import Diagnostic, FileResult

FORMATS = ("text", "json", "sarif", "github")


def _fix_mark(d: Diagnostic) -> str:
    if d.fix is None or d.fix == "display":  # a suggestion, not a fix
        return ""
    return " [*]" if d.fix == "safe" else " [unsafe fix]"


def _checked(results: Sequence[FileResult]) -> list[FileResult]:
    return [r for r in results if not r.skipped]


def _error_place(r: FileResult) -> tuple[int, int, int, int]:
    """(line, column, end line, end column) of a file's error; line 1 when unknown."""
    e = r.error
    assert e is not None
    line = e.line or 1
    column = e.column or 1
    return line, column, e.end_line or line, e.end_column or column


def text(results: Sequence[FileResult]) -> str:
    """Findings on stdout, one a line (errors go to stderr, printed by the command)."""
    out = []
    for r in _checked(results):
        for d in r.diagnostics:
            out.append(f"{r.name}:{d.line}:{d.column}: {d.code}{_fix_mark(d)} {d.message}\n")
    return "".join(out)


def _rule_names() -> dict[str, tuple[str, str, str]]:
    from optimizer.lint.rules import all_rules

    return {r.code: (r.name, r.summary, r.why) for r in all_rules()}


def as_json(results: Sequence[FileResult]) -> str:
    """A list of findings; a file that could not be checked is an entry with ``code`` null,
    ``name`` the kind of error (``parse-error``, ``read-error``, ...), ``error`` true."""
    rules = _rule_names()
    items: list[dict[str, object]] = []
    for r in _checked(results):
        if r.error is not None:
            line, column, end_line, end_column = _error_place(r)
            items.append(
                {
                    "filename": r.name,
                    "line": line,
                    "column": column,
                    "end_line": end_line,
                    "end_column": end_column,
                    "code": None,
                    "name": r.error.kind,
                    "message": r.error.message,
                    "fix": None,
                    "error": True,
                }
            )
        for d in r.diagnostics:
            items.append(
                {
                    "filename": r.name,
                    "line": d.line,
                    "column": d.column,
                    "end_line": d.end_line,
                    "end_column": d.end_column,
                    "code": d.code,
                    "name": rules[d.code][0] if d.code in rules else d.code,
                    "message": d.message,
                    "fix": None
                    if d.fix is None
                    else {"applicability": d.fix, "description": d.fix_description},
                    "error": False,
                }
            )
    return json.dumps(items, indent=2) + "\n"


def artifact_uri(name: str) -> str:
    """A SARIF ``artifactLocation.uri``: a relative reference, or a file: URI, with every
    character outside RFC 3986's unreserved set and ``/`` percent-encoded."""
    path = PurePath(name)
    if path.is_absolute():
        return "file://" + quote(path.as_posix(), safe="/")
    return quote(path.as_posix(), safe="/")


def _region(line: int, column: int, end_line: int, end_column: int) -> dict[str, int]:
    return {
        "startLine": line,
        "startColumn": column,
        "endLine": end_line,
        "endColumn": end_column,
    }


def sarif(results: Sequence[FileResult]) -> str:
    from optimizer import __version__

    rules = _rule_names()
    checked = _checked(results)
    used = sorted({d.code for r in checked for d in r.diagnostics})
    notifications = []
    for r in checked:
        if r.error is None:
            continue
        notifications.append(
            {
                "level": "error",
                "message": {"text": r.error.message},
                "descriptor": {"id": r.error.kind},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": artifact_uri(r.name)},
                            "region": _region(*_error_place(r)),
                        }
                    }
                ],
            }
        )
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "dopt",
                        "version": __version__,
                        "rules": [
                            {
                                "id": code,
                                "name": rules[code][0],
                                "shortDescription": {"text": rules[code][1]},
                                "fullDescription": {"text": rules[code][2]},
                            }
                            for code in used
                            if code in rules
                        ],
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": not notifications,
                        "toolExecutionNotifications": notifications,
                    }
                ],
                "results": [
                    {
                        "ruleId": d.code,
                        "level": "warning",
                        "message": {"text": d.message},
                        "locations": [
                            {
                                "physicalLocation": {
                                    "artifactLocation": {"uri": artifact_uri(r.name)},
                                    "region": _region(d.line, d.column, d.end_line, d.end_column),
                                }
                            }
                        ],
                    }
                    for r in checked
                    for d in r.diagnostics
                ],
            }
        ],
    }
    return json.dumps(doc, indent=2) + "\n"


def escape_data(text: str) -> str:
    """A workflow command's message (after ``::``): ``%``, CR and LF encoded."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value: also ``:`` and ``,``, which end it."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _annotation(
    level: str, title: str, name: str, place: tuple[int, int, int, int], message: str
) -> str:
    line, column, end_line, end_column = place
    props = ",".join(
        f"{key}={escape_property(str(value))}"
        for key, value in (
            ("title", title),
            ("file", name),
            ("line", line),
            ("col", column),
            ("endLine", end_line),
            ("endColumn", end_column),
        )
    )
    return f"::{level} {props}::{escape_data(message)}\n"


def github(results: Sequence[FileResult]) -> str:
    out = []
    for r in _checked(results):
        if r.error is not None:
            title = f"dopt ({r.error.kind})"
            out.append(_annotation("error", title, r.name, _error_place(r), r.error.message))
        for d in r.diagnostics:
            place = (d.line, d.column, d.end_line, d.end_column)
            out.append(
                _annotation("warning", f"dopt ({d.code})", r.name, place, f"{d.code} {d.message}")
            )
    return "".join(out)


def render(fmt: str, results: Sequence[FileResult]) -> str:
    return {"text": text, "json": as_json, "sarif": sarif, "github": github}[fmt](results)
