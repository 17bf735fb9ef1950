"""``json``: a list of entries, one per finding and one per file that could not be checked.

Every field is described in docs/output-formats.md.  Positions are 1-based, in characters;
an end is exclusive (one past the last character).  A fix's edits are ranges of the text
the positions refer to, with the text that replaces each.
"""

from __future__ import annotations

import json

from optimizer.cli.formats.common import ERROR, Report, checked, error_place, rule_name
from optimizer.cli.formats.common import severity as severity_of
from optimizer.cli.formats.common import url as url_of
from optimizer.engine import Diagnostic, FileResult


def error_entry(r: FileResult) -> dict[str, object]:
    assert r.error is not None
    line, column, end_line, end_column = error_place(r)
    return {
        "filename": r.name,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "code": None,
        "name": r.error.kind,
        "message": r.error.message,
        "severity": ERROR,
        "url": None,
        "fix": None,
        "error": True,
    }


def fix_entry(d: Diagnostic) -> dict[str, object] | None:
    if d.fix is None:
        return None
    return {
        "applicability": d.fix,
        "message": d.fix_description,
        "edits": [
            {
                "line": e.line,
                "column": e.column,
                "end_line": e.end_line,
                "end_column": e.end_column,
                "content": e.content,
            }
            for e in d.edits
        ],
    }


def rebuild_entry(text: str | None) -> dict[str, object] | None:
    """The rebuild model's figures for a file's text (``optimizer.analysis.rebuild``)."""
    if text is None:
        return None
    from optimizer.analysis import rebuild
    from optimizer.syntax.parser import parse

    try:
        sim = rebuild.simulate(parse(text))
    except Exception:  # no figure for a text the parser refuses
        return None
    out: dict[str, object] = {"steps": len(sim.steps)}
    for change in rebuild.CHANGES:
        out[change] = {"rerun": sim.count(change), "expensive": sim.expensive(change)}
    return out


def finding_entry(
    r: FileResult, d: Diagnostic, figures: dict[str, object] | None = None
) -> dict[str, object]:
    return {
        "filename": r.name,
        "line": d.line,
        "column": d.column,
        "end_line": d.end_line,
        "end_column": d.end_column,
        "code": d.code,
        "name": rule_name(d.code),
        "message": d.message,
        "severity": severity_of(d.code),
        "url": url_of(d.code),
        "fix": fix_entry(d),
        "rebuild": figures,
        "error": False,
    }


def render(report: Report) -> str:
    items: list[dict[str, object]] = []
    for r in checked(report):
        if r.error is not None:
            items.append(error_entry(r))
        if r.diagnostics:
            text = r.output if report.on_output and r.output is not None else r.source
            figures = rebuild_entry(text)
            items.extend(finding_entry(r, d, figures) for d in r.diagnostics)
    return json.dumps(items, indent=2) + "\n"
