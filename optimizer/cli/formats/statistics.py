"""``--statistics``: how many findings of each code, and how many ``dopt fix`` would fix.

Text (for every format but ``json``), one row per code, most frequent first::

    3  DOP101  [*] multiple-consecutive-runs (3 fixable)
    1  DOP301  [ ] apt-install-recommends (1 with --unsafe-fixes)

``[*]``: every one fixable, ``[-]``: some, ``[ ]``: none.  Files that could not be
checked are counted per kind of error (``1  parse-error  could not be checked``).
``json``: a list of objects with ``code`` (null for errors), ``name``, ``count``,
``fixable_count``, ``unsafe_fixable_count`` and ``url``."""

from __future__ import annotations

import json

from optimizer.cli.formats.common import Report, checked, findings, rule_name, url


class _Row:
    def __init__(self, code: str | None, name: str) -> None:
        self.code, self.name = code, name
        self.count = self.fixable = self.unsafe = 0


def _rows(report: Report) -> list[_Row]:
    rows: dict[tuple[int, str], _Row] = {}
    for r in checked(report):
        if r.error is not None:
            kind = r.error.kind
            rows.setdefault((0, kind), _Row(None, kind)).count += 1
    for _, d in findings(report):
        row = rows.setdefault((1, d.code), _Row(d.code, rule_name(d.code)))
        row.count += 1
        row.fixable += d.fix == "safe"
        row.unsafe += d.fix == "unsafe"
    # Most frequent first; errors before findings at the same count; then by code.
    return sorted(rows.values(), key=lambda r: (-r.count, r.code is not None, r.code or r.name))


def _mark(row: _Row) -> str:
    if row.code is None:
        return ""
    if row.fixable == row.count:
        return "[*] "
    return "[-] " if row.fixable else "[ ] "


def _note(row: _Row) -> str:
    parts = []
    if row.fixable:
        parts.append(f"{row.fixable} fixable")
    if row.unsafe:
        parts.append(f"{row.unsafe} with --unsafe-fixes")
    return f" ({', '.join(parts)})" if parts else ""


def _rest(row: _Row) -> str:
    if row.code is None:
        return "could not be checked"
    return f"{_mark(row)}{row.name}{_note(row)}"


def text(report: Report) -> str:
    rows = _rows(report)
    if not rows:
        return ""
    count_width = max(len(str(row.count)) for row in rows)
    code_width = max(len(row.code or row.name) for row in rows)
    return "".join(
        f"{row.count:>{count_width}}  {(row.code or row.name):<{code_width}}  {_rest(row)}\n"
        for row in rows
    )


def as_json(report: Report) -> str:
    return (
        json.dumps(
            [
                {
                    "code": row.code,
                    "name": row.name,
                    "count": row.count,
                    "fixable_count": row.fixable,
                    "unsafe_fixable_count": row.unsafe,
                    "url": url(row.code) if row.code else None,
                }
                for row in _rows(report)
            ],
            indent=2,
        )
        + "\n"
    )
