"""What every output format shares: the rules' metadata, severities, the place of a file's
error, the text the positions refer to, and fingerprints that survive line moves."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from optimizer.engine import Diagnostic, FileResult
from optimizer.lint.urls import rule_url
from optimizer.record import Record

# The severities dopt reports, mildest last; each format maps them to its own words.
ERROR, WARNING, INFO = "error", "warning", "info"


class RuleInfo(Record):
    code: str
    name: str
    summary: str
    why: str
    bad: str
    good: str
    fix: str  # "safe", "unsafe", "sometimes", "none"
    severity: str
    url: str


class Report(Record):
    """The results of one run and what their positions refer to."""

    results: tuple[FileResult, ...]
    # fix --write/stdout: findings are on the fixed text (``output``), not the input
    on_output: bool = False


@lru_cache(maxsize=1)
def rules() -> dict[str, RuleInfo]:
    from optimizer.lint.rules import all_rules
    from optimizer.lint.rules.base import fix_label

    return {
        r.code: RuleInfo(
            r.code,
            r.name,
            r.summary,
            r.why,
            r.bad,
            r.good,
            fix_label(r),
            # A rule may declare its own severity; findings are warnings otherwise.
            str(getattr(r, "severity", WARNING)),
            rule_url(r.code),
        )
        for r in all_rules()
    }


def rule_name(code: str) -> str:
    info = rules().get(code)
    return info.name if info is not None else code


def severity(code: str) -> str:
    info = rules().get(code)
    return info.severity if info is not None else WARNING


def url(code: str) -> str | None:
    return rules()[code].url if code in rules() else None


def checked(report: Report) -> list[FileResult]:
    """The files that were looked at (an excluded file is in no report)."""
    return [r for r in report.results if not r.skipped]


def findings(report: Report) -> Iterator[tuple[FileResult, Diagnostic]]:
    for r in checked(report):
        for d in r.diagnostics:
            yield r, d


def error_place(r: FileResult) -> tuple[int, int, int, int]:
    """(line, column, end line, end column) of a file's error; line 1 when unknown."""
    e = r.error
    assert e is not None
    line = e.line or 1
    column = e.column or 1
    return line, column, e.end_line or line, e.end_column or column


def text_of(r: FileResult, report: Report) -> str:
    """The text the file's positions refer to ("" when it could not be read)."""
    if report.on_output and r.output is not None:
        return r.output
    return r.source or ""


def lines_of(text: str) -> list[str]:
    """The lines of ``text`` without their line endings."""
    return [line.rstrip("\r") for line in text.split("\n")]


def fix_mark(d: Diagnostic) -> str:
    if d.fix == "safe":
        return " [*]"
    if d.fix == "unsafe":
        return " [unsafe fix]"
    if d.fix == "display":
        return " [suggestion]"  # shown, never applied
    return ""


def fixable(d: Diagnostic, unsafe: bool = False) -> bool:
    """Would ``dopt fix`` apply this finding's fix ("display" fixes are never applied)?"""
    return d.fix == "safe" or (unsafe and d.fix == "unsafe")


def fingerprints(r: FileResult, report: Report) -> list[str]:
    """One fingerprint per finding of ``r``, in order: a hash of the file's name, the code,
    the instruction's text (blanks collapsed) and how many findings before it had the same
    code and text.  No line number: a finding keeps its fingerprint when lines above it are
    added or removed, so code scanning and GitLab track it rather than reopen it."""
    lines = lines_of(text_of(r, report))
    seen: dict[tuple[str, str], int] = {}
    out = []
    for d in r.diagnostics:
        text = " ".join(" ".join(lines[d.line - 1 : d.end_line]).split())
        key = (d.code, text)
        n = seen.get(key, 0)
        seen[key] = n + 1
        out.append(_hash(r.name, d.code, text, str(n)))
    return out


def error_fingerprint(r: FileResult) -> str:
    assert r.error is not None
    return _hash(r.name, r.error.kind, r.error.message)


def _hash(*parts: str) -> str:
    import hashlib  # here: its OpenSSL load is paid only by the formats with fingerprints

    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]


def utf8_column(line: str, column: int) -> int:
    """A 1-based column in characters as a 1-based column in UTF-8 bytes."""
    return len(line[: column - 1].encode("utf-8")) + 1


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"
