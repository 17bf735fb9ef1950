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


def _rounds(monkeypatch: pytest.MonkeyPatch, text: str, unsafe: bool = False) -> tuple[int, str]:
    """The lint runs of fixing ``text`` (its rounds and the fixed point's), and the output."""
    runs = []

    class Counted(Lint):
        def __init__(self, *args: object, **kwargs: object) -> None:
            runs.append(1)
            super().__init__(*args, **kwargs)

    with monkeypatch.context() as m:
        m.setattr(fixer, "Lint", Counted)
        output = fixer.fix_text(text, unsafe=unsafe).output
    return len(runs), output


# DOP102 on the first RUN and DOP106 on the second: their spans only touch.
_TOUCHING_TEXT = (
    "FROM python:3.12-slim\n"
    "RUN apt-get update && apt-get install -y --no-install-recommends curl\n"
    "RUN pip install requests\n"
)
# The bench file's RUNs (grafana): two touching merges, then DOP109, DOP102 and DOP106.
_BENCH_TEXT = (
    "FROM debian:stretch-slim\n"
    "RUN sed -i 's/deb.debian.org/mirrors.ustc.edu.cn/g' /etc/apt/sources.list\n"
    "RUN apt-get update -y \n"
    "RUN apt-get install python-pip -y \n"
    "RUN apt-get install vim -y \n"
    "RUN pip install --upgrade pip\n"
    "#COPY ./pip /usr/bin/pip\n"
    "RUN pip install awscli\n"
)


@pytest.mark.parametrize(
    ("text", "together", "apart"), [(_TOUCHING_TEXT, 2, 3), (_BENCH_TEXT, 4, 6)]
)
def test_touching_fixes_share_a_round(
    monkeypatch: pytest.MonkeyPatch, text: str, together: int, apart: int
) -> None:
    # Fewer rounds, and the output of applying the touching fixes one round at a time.
    rounds, output = _rounds(monkeypatch, text)
    monkeypatch.setattr(fixer, "TOUCHING", {})
    rounds_apart, output_apart = _rounds(monkeypatch, text)
    assert (rounds, rounds_apart) == (together, apart)
    assert output == output_apart
    assert "--no-cache-dir" in output and "rm -rf /var/lib/apt/lists/*" in output


def test_goldens_fix_the_same_with_touching_fixes_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    for path in _golden_inputs():
        text = path.read_text(encoding="utf-8")
        for unsafe in (False, True):
            try:
                rounds, output = _rounds(monkeypatch, text, unsafe)
            except (ParseError, RuntimeError):
                continue
            with monkeypatch.context() as m:
                m.setattr(fixer, "TOUCHING", {})
                rounds_apart, output_apart = _rounds(monkeypatch, text, unsafe)
            assert output == output_apart, path
            assert rounds <= rounds_apart, path


def _touching(code: str, start: int, end: int, text: str, description: str = "") -> fixer._Touching:
    return fixer._Touching(code, description or fixer._PIP_FLAG_FIX, fixer.Edit(start, end, text))


def test_touching_fixes_wait_where_not_argued() -> None:
    apt = _touching("DOP102", 1, 2, "RUN a\n", "append `rm -rf /var/lib/apt/lists/*`")
    pip = _touching("DOP106", 2, 3, "RUN b\n")
    may = fixer._may_touch
    assert may(1, 2, apt, 2, 3, pip) and may(2, 3, pip, 1, 2, apt)
    assert not may(1, 2, apt, 1, 3, pip)  # they share an item
    assert not may(1, 2, apt, 2, 2, None)  # an insertion
    cleanup = _touching("DOP106", 2, 3, "RUN b\n", "append `rm -rf ~/.cache/pip`")
    assert not may(1, 2, apt, 2, 3, cleanup)  # changes the rank
    merge = _touching("DOP101", 2, 3, "RUN b\n", "merge 2 RUNs into one")
    assert not may(1, 2, apt, 2, 3, merge)  # a merge beside another rule's fix
    assert not may(1, 2, _touching("DOP304", 1, 2, "LABEL a=b\n"), 2, 3, merge)
    open_line = _touching("DOP102", 1, 2, "RUN a", "append `rm -rf /var/lib/apt/lists/*`")
    assert not may(1, 2, open_line, 2, 3, pip)  # runs into the next


def test_touching_merges_share_a_round() -> None:
    # Two chains kept apart (apt installs, then pip installs: cache ranks differ) merge in
    # one round, as they would one after the other.
    left = _touching("DOP101", 1, 3, "RUN a && b\n", "merge 2 RUNs into one")
    right = _touching("DOP101", 3, 5, "RUN c && d\n", "merge 2 RUNs into one")
    assert fixer._may_touch(1, 3, left, 3, 5, right)
    assert not fixer._may_touch(1, 3, left, 2, 5, right)  # they share an item


def test_two_maintainers_wait_for_each_other(monkeypatch: pytest.MonkeyPatch) -> None:
    # DOP304's fix reads the stage's other LABELs: two touching MAINTAINER lines are not
    # both made a LABEL in one round (the second would then override the first's).
    text = "FROM alpine:3.19\nMAINTAINER a <a@x>\nMAINTAINER b <b@x>\nRUN true\n"
    _, output = _rounds(monkeypatch, text, unsafe=True)
    assert output.count("org.opencontainers.image.authors") == 1
