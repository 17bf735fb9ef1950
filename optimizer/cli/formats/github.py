"""``github``: GitHub Actions workflow commands, one annotation a line.

``::error``/``::warning``/``::notice`` by severity (a file that could not be checked is an
error), with ``file``, ``line``, ``col``, ``endLine`` and ``endColumn``; property values and
messages escaped as the runner reads them."""

from __future__ import annotations

from optimizer.cli.formats.common import ERROR, INFO, Report, checked, error_place, severity

_COMMANDS = {ERROR: "error", INFO: "notice"}  # anything else: "warning"


def escape_data(text: str) -> str:
    """A workflow command's message (after ``::``): ``%``, CR and LF encoded."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value: also ``:`` and ``,``, which end it."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(
    command: str, title: str, name: str, place: tuple[int, int, int, int], message: str
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
    return f"::{command} {props}::{escape_data(message)}\n"


def render(report: Report) -> str:
    out = []
    for r in checked(report):
        if r.error is not None:
            title = f"dopt ({r.error.kind})"
            out.append(annotation("error", title, r.name, error_place(r), r.error.message))
        for d in r.diagnostics:
            place = (d.line, d.column, d.end_line, d.end_column)
            command = _COMMANDS.get(severity(d.code), "warning")
            out.append(
                annotation(command, f"dopt ({d.code})", r.name, place, f"{d.code} {d.message}")
            )
    return "".join(out)
