"""BuildKit's own parser (the ``dockerfile`` package) as a test oracle, in our model's shape.

The package (3.4.0) wraps an older BuildKit; dopt follows BuildKit's current Go source where
they differ (tests/test_fuzz_findings.py):

- flags are escaped with the file's ``# escape=`` character since BuildKit 877d8a771
  (2025-02); the package still uses the backslash (``--mount=a`b`` with a backtick escape);
- where BuildKit's byte-wise flag scan cuts inside a character (U+5140 is E5 85 80; 0x85
  counts as white space), the rest of the line starts with a stray byte and the package
  raises UnicodeDecodeError instead of returning the parse;
- a NUL character cuts its strings short (they pass through C): ``ENV a b\x00c`` gives the
  value ``b``.
"""

from __future__ import annotations

from typing import Any

from optimizer.syntax.cst import Command

try:
    import dockerfile as _bk
except ImportError:  # pragma: no cover - the test extra installs it
    _bk = None

available = _bk is not None


class OracleError(Exception):
    pass


def commands(source: str) -> list[dict[str, Any]]:
    """BuildKit's model of ``source``, field by field as ``Command.as_dict`` gives ours."""
    assert _bk is not None
    try:
        parsed = _bk.parse_string(source)
    except _bk.GoParseError as exc:
        raise OracleError(str(exc)) from None
    return [
        {
            "cmd": (c.cmd or "").upper(),
            "sub_cmd": c.sub_cmd.upper() if c.sub_cmd else None,
            "json": c.json,
            "flags": list(c.flags),
            "value": list(c.value),
            "start_line": c.start_line,
            "end_line": c.end_line,
            "heredocs": [{"name": h.name, "content": h.content} for h in c.heredocs],
        }
        for c in parsed
    ]


def ours(cmds: list[Command]) -> list[dict[str, Any]]:
    return [c.as_dict() for c in cmds]


Model = list[dict[str, Any]] | None


def both(text: str) -> tuple[Model, Model]:
    """(our model, BuildKit's model) of ``text``; None where that side rejects the file."""
    from optimizer import ParseError, parse

    try:
        theirs: Model = commands(text)
    except OracleError:
        theirs = None
    try:
        mine: Model = ours(parse(text).commands())
    except ParseError:
        mine = None
    return mine, theirs
