"""``text``: ``path:line:col: CODE message`` a line, ``[*]`` when ``dopt fix`` fixes it.

Errors are not in it: the command prints them on stderr (``path:line:col: message``) and
the summary says how many files could not be checked."""

from __future__ import annotations

from optimizer.cli.formats.common import Report, findings, fix_mark
from optimizer.errors import located


def render(report: Report) -> str:
    return "".join(
        located(r.name, d.line, d.column, f"{d.code}{fix_mark(d)} {d.message}") + "\n"
        for r, d in findings(report)
    )
