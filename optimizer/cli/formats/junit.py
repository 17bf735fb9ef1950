"""``junit``: JUnit XML, for CI systems that show test reports.

A ``testsuite`` per file; a ``testcase`` per finding, failed with a ``failure``; a file
that could not be checked has one ``testcase`` with an ``error``; a clean file has one
passing ``testcase``, so it shows in the report as checked."""

from __future__ import annotations

from optimizer.cli.formats.common import Report, checked, error_place, rule_name
from optimizer.regexes import rx

# Characters XML 1.0 cannot hold at all, even as references: replaced.
_INVALID = rx("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _text(value: object) -> str:
    text = _INVALID.sub("\ufffd", str(value))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(value: object) -> str:
    return (
        _text(value)
        .replace('"', "&quot;")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
        .replace("\t", "&#9;")
    )


def _attrs(**values: object) -> str:
    return "".join(f' {key}="{_attr(value)}"' for key, value in values.items())


def render(report: Report) -> str:
    suites = []
    totals = [0, 0, 0]  # tests, failures, errors
    for r in checked(report):
        cases = []
        errors = 0
        if r.error is not None:
            line, column, _, _ = error_place(r)
            where = f"{r.name}:{line}:{column}"
            cases.append(
                f"    <testcase{_attrs(name=r.error.kind, classname=r.name, file=r.name)}"
                f"{_attrs(line=line, column=column)}>\n"
                f"      <error{_attrs(message=r.error.message, type=r.error.kind)}>"
                f"{_text(where)}: {_text(r.error.message)}</error>\n    </testcase>\n"
            )
            errors = 1
        for d in r.diagnostics:
            where = f"{r.name}:{d.line}:{d.column}"
            fix = f" (fix: {d.fix})" if d.fix else ""
            name = f"{d.code} {rule_name(d.code)} at {d.line}:{d.column}"
            cases.append(
                f"    <testcase{_attrs(name=name, classname=r.name, file=r.name)}"
                f"{_attrs(line=d.line, column=d.column)}>\n"
                f"      <failure{_attrs(message=d.message, type=d.code)}>"
                f"{_text(where)}: {_text(d.code)} {_text(d.message)}{_text(fix)}</failure>\n"
                "    </testcase>\n"
            )
        failures = len(r.diagnostics)
        if not cases:
            cases.append(f"    <testcase{_attrs(name='dopt', classname=r.name, file=r.name)}/>\n")
        tests = len(cases)
        totals = [totals[0] + tests, totals[1] + failures, totals[2] + errors]
        suites.append(
            f"  <testsuite{_attrs(name=r.name, tests=tests, failures=failures, errors=errors)}>\n"
            + "".join(cases)
            + "  </testsuite>\n"
        )
    tests, failures, errors = totals
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<testsuites{_attrs(name='dopt', tests=tests, failures=failures, errors=errors)}>\n"
        + "".join(suites)
        + "</testsuites>\n"
    )
