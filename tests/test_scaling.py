"""check and fix do work linear in the file's size (issue 8, item 4), counted in operations
rather than timed: each test counts a step that used to run once per pair of instructions.
bench/scaling.py gives the timings."""

from __future__ import annotations

import pytest

from optimizer.analysis.shell import script
from optimizer.lint.fixer import fix_text
from optimizer.lint.rules import cache_cleanup
from optimizer.lint.runner import lint
from optimizer.syntax import cst
from optimizer.syntax.parser import parse

APT = "RUN apt-get update && apt-get install -y curl\n"


def _count(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[int]:
    calls = [0]
    original = getattr(owner, name)

    def counting(*args: object, **kwargs: object) -> object:
        calls[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, counting)
    return calls


def _count_property(monkeypatch: pytest.MonkeyPatch, cls: type, name: str) -> list[int]:
    calls = [0]
    original = getattr(cls, name)

    def getter(self: object) -> object:
        calls[0] += 1
        return original.fget(self)

    monkeypatch.setattr(cls, name, property(getter))
    return calls


def test_file_text_joined_once_per_lint(monkeypatch: pytest.MonkeyPatch) -> None:
    # emit.newline_style joined the whole file for every fix a rule rendered.
    tree = parse("FROM debian\n" + APT * 200)
    joins = _count_property(monkeypatch, cst.Dockerfile, "code")
    lint(tree)
    assert joins[0] <= 2


def test_each_script_analysed_once_per_file(monkeypatch: pytest.MonkeyPatch) -> None:
    # More distinct scripts than the 4,096-entry LRU cache holds: each rule's pass over the
    # RUNs used to evict what the next rule needed.
    n = 4300
    tree = parse("FROM debian\n" + "".join(f"RUN echo {i}\n" for i in range(n)))
    script._analyze_cached.cache_clear()
    converts = _count(monkeypatch, script, "_convert")
    lint(tree)
    assert converts[0] <= n + 10


def test_later_runs_read_once_per_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    # "Does a later RUN still need this cache?" walked every later RUN for every RUN.
    n = 300
    tree = parse("FROM debian\n" + APT * n)
    reads = _count(monkeypatch, cache_cleanup, "run_script")
    lint(tree)
    assert reads[0] <= 10 * n


def test_earlier_instructions_read_once_per_question(monkeypatch: pytest.MonkeyPatch) -> None:
    # "Does apt configuration show earlier in the image?" searched every earlier item's text
    # for every apt install.
    n = 300
    tree = parse("FROM debian\n" + APT * n)
    texts = _count_property(monkeypatch, cst.Instruction, "code")
    lint(tree)
    assert texts[0] <= 20 * n


def test_fix_rounds_do_not_grow_with_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    import optimizer.lint.fixer as fixer

    rounds = _count(monkeypatch, fixer, "lint")
    fix_text("FROM debian\n" + APT * 100)
    small = rounds[0]
    rounds[0] = 0
    fix_text("FROM debian\n" + APT * 400)
    assert rounds[0] == small <= 5
