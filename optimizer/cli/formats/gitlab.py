"""``gitlab``: GitLab Code Quality, a JSON list of Code Climate issues.

Each issue has ``description``, ``check_name`` (the rule code, or the kind of error),
``fingerprint`` (the same hash as SARIF's: no line number in it), ``severity`` (``major``
for findings, ``critical`` for a file that could not be checked, ``minor`` for notes) and
``location.path`` with ``lines.begin``/``lines.end``.  Paths are as given on the command
line: run dopt from the repository's root with relative paths, as GitLab expects."""

from __future__ import annotations

import json

from optimizer.cli.formats.common import (
    ERROR,
    INFO,
    Report,
    checked,
    error_fingerprint,
    error_place,
    fingerprints,
    severity,
)

_SEVERITIES = {ERROR: "critical", INFO: "minor"}  # anything else: "major"


def render(report: Report) -> str:
    issues: list[dict[str, object]] = []
    for r in checked(report):
        if r.error is not None:
            line, _, end_line, _ = error_place(r)
            issues.append(
                {
                    "description": r.error.message,
                    "check_name": r.error.kind,
                    "fingerprint": error_fingerprint(r),
                    "severity": "critical",
                    "location": {"path": r.name, "lines": {"begin": line, "end": end_line}},
                }
            )
        for d, fingerprint in zip(r.diagnostics, fingerprints(r, report), strict=True):
            issues.append(
                {
                    "description": f"{d.code} {d.message}",
                    "check_name": d.code,
                    "fingerprint": fingerprint,
                    "severity": _SEVERITIES.get(severity(d.code), "major"),
                    "location": {"path": r.name, "lines": {"begin": d.line, "end": d.end_line}},
                }
            )
    return json.dumps(issues, indent=2) + "\n"
