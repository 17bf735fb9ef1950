"""``sarif``: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One run: ``tool.driver.rules`` describes each rule that has a result (``helpUri``: its
docs page; ``help``: why and an example; ``defaultConfiguration.level``); each result has
its region with ends, a ``partialFingerprints`` entry that survives line moves, and its
fix as ``artifactChanges`` (``deletedRegion`` + ``insertedContent``).  Files that could not
be checked are ``invocations[0].toolExecutionNotifications``, and make
``executionSuccessful`` false.  Columns count Unicode code points (``columnKind``).
"""

from __future__ import annotations

import json
from pathlib import PurePath
from urllib.parse import quote

from optimizer.cli.formats.common import (
    ERROR,
    INFO,
    Report,
    RuleInfo,
    checked,
    error_place,
    fingerprints,
    rules,
)
from optimizer.engine import Diagnostic, FileResult
from optimizer.lint.urls import HOME_URL

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "doptFindingHash/v1"
_LEVELS = {ERROR: "error", INFO: "note"}  # anything else: "warning"


def artifact_uri(name: str) -> str:
    """A SARIF ``artifactLocation.uri``: a relative reference, or a file: URI, with every
    character outside RFC 3986's unreserved set and ``/`` percent-encoded."""
    path = PurePath(name)
    if path.is_absolute():
        return "file://" + quote(path.as_posix(), safe="/")
    return quote(path.as_posix(), safe="/")


def level(severity: str) -> str:
    return _LEVELS.get(severity, "warning")


def region(line: int, column: int, end_line: int, end_column: int) -> dict[str, int]:
    return {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}


def _location(name: str, place: tuple[int, int, int, int]) -> dict[str, object]:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": artifact_uri(name)},
            "region": region(*place),
        }
    }


def _help_markdown(rule: RuleInfo) -> str:
    return (
        f"**{rule.summary}**\n\n{rule.why}\n\nExample:\n\n```dockerfile\n{rule.bad.rstrip()}\n```"
        f"\n\nBecomes:\n\n```dockerfile\n{rule.good.rstrip()}\n```\n\n"
        f"Fix: {rule.fix}. [Documentation]({rule.url})"
    )


def _help_text(rule: RuleInfo) -> str:
    return (
        f"{rule.summary}\n\n{rule.why}\n\nExample:\n{rule.bad.rstrip()}\n\n"
        f"Becomes:\n{rule.good.rstrip()}\n\nFix: {rule.fix}. Documentation: {rule.url}"
    )


def rule_descriptor(rule: RuleInfo) -> dict[str, object]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.why},
        "helpUri": rule.url,
        "help": {"text": _help_text(rule), "markdown": _help_markdown(rule)},
        "defaultConfiguration": {"level": level(rule.severity)},
        "properties": {"fix": rule.fix},
    }


def _fix(r: FileResult, d: Diagnostic) -> dict[str, object]:
    return {
        "description": {"text": d.fix_description or ""},
        "artifactChanges": [
            {
                "artifactLocation": {"uri": artifact_uri(r.name)},
                "replacements": [
                    {
                        "deletedRegion": region(e.line, e.column, e.end_line, e.end_column),
                        "insertedContent": {"text": e.content},
                    }
                    for e in d.edits
                ],
            }
        ],
        "properties": {"applicability": d.fix},
    }


def _result(
    r: FileResult, d: Diagnostic, index: dict[str, int], fingerprint: str
) -> dict[str, object]:
    info = rules().get(d.code)
    out: dict[str, object] = {"ruleId": d.code}
    if d.code in index:
        out["ruleIndex"] = index[d.code]
    out["level"] = level(info.severity if info else "")
    out["message"] = {"text": d.message}
    out["locations"] = [_location(r.name, (d.line, d.column, d.end_line, d.end_column))]
    out["partialFingerprints"] = {FINGERPRINT_KEY: fingerprint}
    if d.fix is not None and d.edits:
        out["fixes"] = [_fix(r, d)]
    return out


def _notification(r: FileResult) -> dict[str, object]:
    assert r.error is not None
    return {
        "level": "error",
        "message": {"text": r.error.message},
        "descriptor": {"id": r.error.kind},
        "locations": [_location(r.name, error_place(r))],
    }


def render(report: Report) -> str:
    from optimizer import __version__

    files = checked(report)
    known = rules()
    used = sorted({d.code for r in files for d in r.diagnostics if d.code in known})
    index = {code: k for k, code in enumerate(used)}
    results = []
    for r in files:
        for d, fingerprint in zip(r.diagnostics, fingerprints(r, report), strict=True):
            results.append(_result(r, d, index, fingerprint))
    notifications = [_notification(r) for r in files if r.error is not None]
    doc = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "dopt",
                        "version": __version__,
                        "informationUri": HOME_URL,
                        "rules": [rule_descriptor(known[code]) for code in used],
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": not notifications,
                        "toolExecutionNotifications": notifications,
                    }
                ],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(doc, indent=2) + "\n"
