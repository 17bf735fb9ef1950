"""Pragmas over real files: a suppression written for each finding silences it and is not
reported as unused; a dead one is reported, and DOP001's fix gives back the original bytes."""

from __future__ import annotations

from conftest import corpus_texts, needs_corpus, rel

from optimizer.errors import ParseError
from optimizer.format.style import newline_style
from optimizer.lint.fixer import fix_text
from optimizer.lint.runner import lint
from optimizer.syntax import cst
from optimizer.syntax.parser import parse

pytestmark = needs_corpus


def _files() -> list[tuple[str, str, cst.Dockerfile]]:
    out = []
    for path, text in corpus_texts("official", "apps"):
        try:
            out.append((rel(path), text, parse(text)))
        except ParseError:
            continue
    assert len(out) > 400
    return out


def _with_comments(tree: cst.Dockerfile, comments: dict[int, str]) -> str:
    """The file with a comment line inserted above some items."""
    nl = newline_style(tree)
    out = [tree.bom]
    for index, item in enumerate(tree.items):
        if index in comments:
            out.append(comments[index] + nl)
        out.append(item.code)
    return "".join(out)


def _first_instruction(tree: cst.Dockerfile) -> int:
    # Comments go below the first instruction only: above it they could end the directives.
    return next(i for i, item in enumerate(tree.items) if isinstance(item, cst.Instruction))


def _others(text: str) -> list[tuple[str, str]]:
    return sorted((f.code, f.message) for f in lint(parse(text)) if f.code != "DOP001")


def test_a_suppression_for_each_finding_silences_it_and_is_used() -> None:
    """Written for every finding, suppressions silence them all and none is reported unused;
    DOP001's fix (with nothing to remove) brings no finding back."""
    bad = []
    for name, _, tree in _files():
        first = _first_instruction(tree)
        codes: dict[int, set[str]] = {}
        for f in lint(tree):
            if f.item > first and isinstance(tree.items[f.item], cst.Instruction):
                codes.setdefault(f.item, set()).add(f.code)
        if not codes:
            continue
        pragmas = {
            i: "# dopt: ignore=" + ",".join(sorted(c)) + " -- test" for i, c in codes.items()
        }
        text = _with_comments(tree, pragmas)
        after = lint(parse(text))
        silenced = {i + n + 1 for n, i in enumerate(sorted(pragmas))}  # items after insertion
        left = [f for f in after if f.code != "DOP001" and f.item in silenced]
        unused = [f.message for f in after if f.code == "DOP001"]
        if left or unused:
            bad.append(f"{name}: {left} {unused}")
            continue
        cleaned = fix_text(text, select=["DOP001"]).output
        if _others(cleaned) != _others(text) or any(
            f.code == "DOP001" for f in lint(parse(cleaned))
        ):
            bad.append(f"{name}: removing dead suppressions changed the findings")
    assert bad == []


def test_dead_suppressions_are_reported_and_fixed_away() -> None:
    bad = []
    checked = 0
    for name, text, tree in _files():
        first = _first_instruction(tree)
        dead = {
            i: "# dopt: ignore=DOP999"
            for i, item in enumerate(tree.items)
            if i > first and isinstance(item, cst.Instruction)
        }
        if not dead:
            continue
        checked += 1
        with_dead = _with_comments(tree, dead)
        reported = [f for f in lint(parse(with_dead)) if f.code == "DOP001"]
        result = fix_text(with_dead, select=["DOP001"])
        if len(reported) != len(dead) or result.output != text:
            bad.append(name)
    assert checked > 400
    assert bad == []
