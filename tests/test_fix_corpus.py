"""`dopt fix` over the whole corpus: never raises, output parses, fixed point, and (safe
fixes only) BuildKit's reading changes only in instructions a rule rewrites."""

from __future__ import annotations

import difflib

import oracle
import pytest
from conftest import fixed_corpus, needs_corpus, rel

import optimizer
from optimizer.lint.fixer import fix_text

pytestmark = needs_corpus

# Instructions the safe fixes may rewrite, add, move or remove.
REWRITTEN = {"RUN", "MAINTAINER", "LABEL", "ADD", "COPY"}


@pytest.fixture(scope="module")
def fixed() -> list[tuple[str, str, str, object]]:
    out = [(rel(path), text, result.output, path) for path, text, result in fixed_corpus()]
    assert len(out) > 2500
    return out


def test_output_parses_and_is_a_fixed_point(fixed: list) -> None:
    bad = []
    for name, _, output, path in fixed:
        optimizer.parse(output)
        if fix_text(output, path=path).output != output:
            bad.append(name)
    assert bad == []


def test_untouched_files_keep_their_bytes(fixed: list) -> None:
    changed = sum(1 for _, text, output, _ in fixed if output != text)
    assert 0 < changed < len(fixed)
    # No fix should touch a file that has no RUN, ADD or MAINTAINER at all.
    for name, text, output, _ in fixed:
        kws = {c.cmd for c in optimizer.parse(text).commands()}
        if not kws & {"RUN", "ADD", "MAINTAINER"}:
            assert output == text, name


def _stream(text: str) -> list[tuple]:
    return [
        (
            c["cmd"],
            c["sub_cmd"],
            c["json"],
            tuple(c["flags"]),
            tuple(c["value"]),
            tuple((h["name"], h["content"]) for h in c["heredocs"]),
        )
        for c in oracle.commands(text)
    ]


@pytest.mark.skipif(
    not oracle.available, reason="the dockerfile package (test oracle) is not installed"
)
def test_safe_fixes_change_only_rewritten_instructions(fixed: list) -> None:
    bad = []
    for name, text, output, _ in fixed:
        if output == text:
            continue
        before, after = _stream(text), _stream(output)
        matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
        for tag, a0, a1, b0, b1 in matcher.get_opcodes():
            if tag == "equal":
                continue
            touched = {c[0] for c in before[a0:a1]} | {c[0] for c in after[b0:b1]}
            if not touched <= REWRITTEN:
                bad.append(f"{name}: {tag} {sorted(touched)}")
                break
    assert bad == []
