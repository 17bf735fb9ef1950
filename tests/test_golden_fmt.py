"""Golden tests for the formatter: golden/fmt/NAME.in.Dockerfile -> NAME.out.Dockerfile.

Each pair is compared byte for byte (line endings, BOM and final newline included), and each
expected output must format to itself.  A case runs with the default style unless its input
starts with a header comment naming settings, as in the settings file::

    # dopt-test: operator-position=start, indent-width=2

(also ``sort-packages=false``, ``line-width=N``).  The harness removes the header line before
formatting (golden_cases.py), so the expected output does not hold it and the formatter never
sees it.  ``DOPT_UPDATE_GOLDEN=1`` rewrites each NAME.out.Dockerfile with what the formatter
writes (known-bug cases are left alone: their expected output is the one wanted).

A case in KNOWN_BUGS holds the output a reviewer wants, which the formatter does not produce
yet: it is an xfail(strict=True), so fixing the bug turns it into an XPASS failure and the entry
must then be removed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from golden_cases import check_options, compare, read, split_header, updating

from optimizer.format.formatter import format_text
from optimizer.format.style import Style

GOLDEN_FMT = Path(__file__).parent.parent / "golden" / "fmt"
IN_SUFFIX = ".in.Dockerfile"
OUT_SUFFIX = ".out.Dockerfile"

OPTIONS = ("operator-position", "indent-width", "sort-packages", "line-width")

KNOWN_BUGS: dict[str, str] = {}

# Known-bug cases whose expected output the buggy formatter also fails to keep unchanged.
UNSTABLE_UNTIL_FIXED: set[str] = set()


def case_names() -> list[str]:
    return sorted(p.name[: -len(IN_SUFFIX)] for p in GOLDEN_FMT.glob("*" + IN_SUFFIX))


def load(name: str) -> tuple[str, Style]:
    """The case's input (header removed) and the style its header names."""
    path = GOLDEN_FMT / (name + IN_SUFFIX)
    text, options = split_header(read(path))
    check_options(options, OPTIONS, path)
    style = Style()
    if "operator-position" in options:
        assert options["operator-position"] in ("start", "end"), path
        style = style.replace(operator_first=options["operator-position"] == "start")
    if "indent-width" in options:
        style = style.replace(indent=int(options["indent-width"]))
    if "sort-packages" in options:
        style = style.replace(sort_packages=options["sort-packages"] == "true")
    if "line-width" in options:
        style = style.replace(line_width=int(options["line-width"]))
    return text, style


def _params(bugs: dict[str, str] | set[str]) -> list:
    return [
        pytest.param(
            name,
            id=name,
            marks=[pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[name])] if name in bugs else [],
        )
        for name in case_names()
    ]


@pytest.mark.parametrize("name", _params(KNOWN_BUGS))
def test_format_matches_golden(name: str) -> None:
    text, style = load(name)
    if name in KNOWN_BUGS and updating():
        pytest.skip("a known bug: the expected output is the one wanted, not rewritten")
    compare(GOLDEN_FMT / (name + OUT_SUFFIX), format_text(text, style))


@pytest.mark.parametrize("name", _params(UNSTABLE_UNTIL_FIXED))
def test_golden_output_is_stable(name: str) -> None:
    _, style = load(name)
    out = read(GOLDEN_FMT / (name + OUT_SUFFIX))
    assert format_text(out, style) == out


def test_header_styles() -> None:
    assert load("operator-first")[1] == Style(operator_first=True)
    text, style = load("indent-2")
    assert style == Style(indent=2) and text.startswith("FROM ")


def test_enough_pairs() -> None:
    names = case_names()
    assert len(names) >= 40
    for name in names:
        assert (GOLDEN_FMT / (name + OUT_SUFFIX)).is_file(), f"{name}: no {OUT_SUFFIX}"


def test_no_orphan_outputs_or_stale_bug_entries() -> None:
    names = set(case_names())
    outs = {p.name[: -len(OUT_SUFFIX)] for p in GOLDEN_FMT.glob("*" + OUT_SUFFIX)}
    assert outs == names
    assert set(KNOWN_BUGS) <= names
    assert UNSTABLE_UNTIL_FIXED <= set(KNOWN_BUGS)
