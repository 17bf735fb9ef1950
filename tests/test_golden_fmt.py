"""Golden tests for the formatter: golden/fmt/NAME.in.Dockerfile -> NAME.out.Dockerfile.

Each pair is compared byte for byte (line endings, BOM and final newline included), and each
expected output must format to itself.  Cases named ``style-operator-first*`` or
``style-indent-2*`` run with those settings; all others with the default style.

A case in KNOWN_BUGS holds the output a reviewer wants, which the formatter does not produce
yet: it is an xfail(strict=True), so fixing the bug turns it into an XPASS failure and the entry
must then be removed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from optimizer.format.formatter import format_text
from optimizer.format.style import Style

GOLDEN_FMT = Path(__file__).parent.parent / "golden" / "fmt"
IN_SUFFIX = ".in.Dockerfile"
OUT_SUFFIX = ".out.Dockerfile"

STYLES: dict[str, Style] = {
    "style-operator-first": Style(operator_first=True),
    "style-indent-2": Style(indent=2),
}

KNOWN_BUGS: dict[str, str] = {}

# Known-bug cases whose expected output the buggy formatter also fails to keep unchanged.
UNSTABLE_UNTIL_FIXED: set[str] = set()


def case_names() -> list[str]:
    return sorted(p.name[: -len(IN_SUFFIX)] for p in GOLDEN_FMT.glob("*" + IN_SUFFIX))


def style_for(name: str) -> Style | None:
    for prefix, style in STYLES.items():
        if name.startswith(prefix):
            return style
    return None


def read(name: str, suffix: str) -> str:
    return (GOLDEN_FMT / (name + suffix)).read_bytes().decode("utf-8")


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
    expected = (GOLDEN_FMT / (name + OUT_SUFFIX)).read_bytes()
    got = format_text(read(name, IN_SUFFIX), style_for(name)).encode("utf-8")
    assert got == expected


@pytest.mark.parametrize("name", _params(UNSTABLE_UNTIL_FIXED))
def test_golden_output_is_stable(name: str) -> None:
    out = read(name, OUT_SUFFIX)
    assert format_text(out, style_for(name)) == out


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
