"""Damaged Dockerfiles (golden inputs with random edits): the formatter and the fixer never
crash, the guard never has to refuse, and both stay idempotent."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import optimizer
from optimizer.format.formatter import format_text
from optimizer.lint.fixer import fix_text

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
SEEDS = sorted(
    p.read_bytes().decode("utf-8")
    for p in GOLDEN.rglob("*.Dockerfile")
    if not p.name.endswith((".out.Dockerfile", ".fixed.Dockerfile", ".unsafe.Dockerfile"))
)
PIECES = [
    "\\",
    "\\\n",
    '"',
    "'",
    "\n",
    "#",
    "&&",
    ";",
    "<<EOF\n",
    "`",
    "[",
    "]",
    "$",
    "\r\n",
    " ",
    "\t",
    "RUN ",
    "(",
    ")",
    "{",
    "}",
    "|",
    "&",
    "=",
    "--mount=type=cache,target=/x ",
]


@st.composite
def damaged(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()) and text:
            text = text[:at] + text[at + draw(st.integers(1, 5)) :]
        else:
            text = text[:at] + draw(st.sampled_from(PIECES)) + text[at:]
    return text


@pytest.mark.skipif(not SEEDS, reason="no golden inputs found")
@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged())
def test_fmt_and_fix_survive_damage(text: str) -> None:
    try:
        tree = optimizer.parse(text)
    except optimizer.ParseError:
        return
    assert tree.code == text
    out = format_text(text)  # Refused would be a formatter bug
    assert format_text(out) == out
    fixed = fix_text(text).output
    optimizer.parse(fixed)
    assert fix_text(fixed).output == fixed
