"""The fixer's rounds run only the rules that may give a fix it applies, and the others once,
at the fixed point (``runner.Lint``, ``Rule.fix_kinds_declared``): each round chooses from
the same fixes a lint of every rule gives, and the findings left are lint's."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import GOLDEN, corpus_texts, needs_corpus

from optimizer.errors import ParseError
from optimizer.lint import fixer
from optimizer.lint.rules import all_rules
from optimizer.lint.rules.base import SAFE, UNSAFE, FixAvailability, fix_kinds
from optimizer.lint.runner import Lint, lint
from optimizer.syntax.parser import parse


def _fix_verified(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(fixer, "_VERIFY_SPLIT", True)  # each round against a whole lint
    for unsafe in (False, True):
        try:
            fixer.fix_text(text, unsafe=unsafe)
        except (ParseError, RuntimeError) as exc:
            assert not isinstance(exc, AssertionError)


def _golden_inputs() -> list[Path]:
    return sorted(
        p
        for p in GOLDEN.rglob("*.Dockerfile")
        if not p.name.endswith((".fixed.Dockerfile", ".formatted.Dockerfile"))
    )


def test_goldens_fix_with_split_rounds(monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = _golden_inputs()
    assert len(inputs) > 100
    for path in inputs:
        _fix_verified(monkeypatch, path.read_text(encoding="utf-8"))


@needs_corpus
def test_corpus_fixes_with_split_rounds(monkeypatch: pytest.MonkeyPatch) -> None:
    for _, text in corpus_texts()[::9]:
        _fix_verified(monkeypatch, text)


def test_the_verification_can_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    # A rule that gives safe fixes, declared as giving none: the first round misses its fix.
    rule = next(r for r in all_rules() if r.code == "DOP303")
    monkeypatch.setattr(type(rule), "fix_kinds_declared", frozenset())
    monkeypatch.setattr(fixer, "_VERIFY_SPLIT", True)
    with pytest.raises(AssertionError, match="lost a fix"):
        fixer.fix_text("FROM debian\nRUN apt-get install curl\n")


def test_a_wrong_declaration_starts_the_rounds_again(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "FROM debian\nRUN apt-get install curl\n"
    expected = fixer.fix_text(text)
    assert expected.applied  # DOP303 adds `-y`
    rule = next(r for r in all_rules() if r.code == "DOP303")
    monkeypatch.setattr(type(rule), "fix_kinds_declared", frozenset())
    assert Lint(parse(text)).fixable() == []  # the rounds would see no fix ...
    assert fixer.fix_text(text) == expected  # ... but the fixed point finds it: all again


def test_fixable_then_findings_is_lint() -> None:
    text = "FROM debian\nRUN apt-get update\nRUN apt-get install curl\nADD a.tgz /x\nUSER root\n"
    tree = parse(text)
    run = Lint(tree)
    part = run.fixable()
    assert part and all(f.code not in ("DOP405", "DOP301") for f in part)
    assert run.findings() == lint(tree) and len(run.findings()) > len(part)
    assert not run.missed()


def test_pragmas_run_every_rule_each_round() -> None:
    text = "FROM debian\n# dopt: ignore=DOP301\nRUN apt-get install -y curl\n"
    tree = parse(text)
    assert Lint(tree).fixable() == lint(tree)


def test_kinds() -> None:
    by_code = {r.code: r for r in all_rules()}
    for rule in all_rules():
        kinds = fix_kinds(rule)
        if rule.fix_availability == FixAvailability.NEVER:
            assert kinds == frozenset()
        elif rule.fix_availability == FixAvailability.ALWAYS:
            assert rule.fix_applicability in kinds
    assert fix_kinds(by_code["DOP301"]) == {UNSAFE}
    assert SAFE in fix_kinds(by_code["DOP101"])
