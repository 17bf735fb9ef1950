"""Printing findings: text (``path:line:col: CODE message``), JSON, SARIF, GitHub annotations."""

from __future__ import annotations

import json
from collections.abc import Sequence

from optimizer.rules import by_code
from optimizer.rules.base import SAFE, Finding

FORMATS = ("text", "json", "sarif", "github")


def _fix_mark(f: Finding) -> str:
    if f.fix is None:
        return ""
    return " [*]" if f.fix.applicability == SAFE else " [unsafe fix]"


def text(results: Sequence[tuple[str, Sequence[Finding]]]) -> str:
    out = []
    for path, findings in results:
        for f in findings:
            out.append(f"{path}:{f.line}:{f.column}: {f.code}{_fix_mark(f)} {f.message}\n")
    return "".join(out)


def as_json(results: Sequence[tuple[str, Sequence[Finding]]]) -> str:
    rules = by_code()
    items = []
    for path, findings in results:
        for f in findings:
            items.append(
                {
                    "filename": path,
                    "line": f.line,
                    "column": f.column,
                    "code": f.code,
                    "name": rules[f.code].name if f.code in rules else f.code,
                    "message": f.message,
                    "fix": None
                    if f.fix is None
                    else {"applicability": f.fix.applicability, "description": f.fix.description},
                }
            )
    return json.dumps(items, indent=2) + "\n"


def sarif(results: Sequence[tuple[str, Sequence[Finding]]]) -> str:
    from optimizer import __version__

    rules = by_code()
    used = sorted({f.code for _, fs in results for f in fs})
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
                                "name": rules[code].name,
                                "shortDescription": {"text": rules[code].summary},
                                "fullDescription": {"text": rules[code].why},
                            }
                            for code in used
                            if code in rules
                        ],
                    }
                },
                "results": [
                    {
                        "ruleId": f.code,
                        "level": "warning",
                        "message": {"text": f.message},
                        "locations": [
                            {
                                "physicalLocation": {
                                    "artifactLocation": {"uri": path},
                                    "region": {"startLine": f.line, "startColumn": f.column},
                                }
                            }
                        ],
                    }
                    for path, findings in results
                    for f in findings
                ],
            }
        ],
    }
    return json.dumps(doc, indent=2) + "\n"


def github(results: Sequence[tuple[str, Sequence[Finding]]]) -> str:
    out = []
    for path, findings in results:
        for f in findings:
            message = f.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            out.append(
                f"::warning title=dopt ({f.code}),file={path},line={f.line},col={f.column}::"
                f"{f.code} {message}\n"
            )
    return "".join(out)


def render(fmt: str, results: Sequence[tuple[str, Sequence[Finding]]]) -> str:
    return {"text": text, "json": as_json, "sarif": sarif, "github": github}[fmt](results)
