"""The fixer parses only what a round's edits wrote (lint/fixer.py ``_reparse``): the tree it
builds is the one a parse of the whole fixed text gives, or it parses the whole text."""

from __future__ import annotations

import pytest
from conftest import GOLDEN, corpus_texts, needs_corpus

from optimizer.errors import ParseError
from optimizer.lint import fixer
from optimizer.lint.rules.base import SAFE, Edit, Fix
from optimizer.syntax import cst
from optimizer.syntax.parser import parse_uncached


def _same(tree: cst.Dockerfile, whole: cst.Dockerfile) -> None:
    assert tree == whole and tree.code == whole.code
    assert [i.model for i in tree.instructions] == [i.model for i in whole.instructions]
    assert [i.markers for i in tree.instructions] == [i.markers for i in whole.instructions]


def _round(text: str, *edits: tuple[int, int, str]) -> tuple[cst.Dockerfile, bool]:
    """The tree of one round with these edits, and whether it was built incrementally."""
    tree = parse_uncached(text)
    fix = Fix(SAFE, tuple(Edit(*e) for e in edits), "test")
    chunks = fixer._chunks(tree, [fix])
    text = fixer.apply_fixes(tree, [fix])
    got = fixer._reparse(tree, chunks, text)
    _same(got, parse_uncached(text))
    return got, fixer._reparse_items(tree, chunks) is not None


BASE = "FROM a\nRUN one\n# note\nRUN two\n\nRUN three\n"


@pytest.mark.parametrize(
    ("text", "edits", "incremental"),
    [
        (BASE, [(1, 2, "RUN uno\n")], True),
        (BASE, [(1, 4, "RUN one && two\n")], True),
        (BASE, [(3, 4, "")], True),  # a deletion
        (BASE, [(3, 4, "# kept comment\n")], True),  # comments only
        (BASE, [(6, 6, "RUN four\n")], True),  # at the end
        (BASE, [(1, 2, "RUN a \\\n  b\n"), (5, 6, "RUN c <<EOF\nx\nEOF\n")], True),
        (BASE, [(0, 0, "# syntax=docker/dockerfile:1\n")], False),  # the head
        (BASE, [(0, 1, "FROM b\n")], False),
        (BASE, [(1, 2, "# escape=`\nRUN x\n")], False),  # a directive alone, a comment here
        (BASE, [(1, 2, "RUN open \\\n")], False),  # runs on into the next instruction
        (BASE, [(1, 2, "RUN cat <<EOF\n")], False),  # the heredoc's body is what follows
        (BASE, [(1, 2, "RUN no newline")], False),
        ("FROM a\r\nRUN one\r\nRUN two\r\n", [(1, 3, "RUN one && two\r\n")], True),
        ("# escape=`\nFROM a\nRUN one `\n  two\nRUN x\n", [(3, 4, "RUN y `\n  z\n")], True),
        ("\ufeffFROM a\nRUN one\n", [(1, 2, "RUN two\n")], True),
        ("FROM a\nRUN one", [(2, 2, "RUN two\n")], False),  # the last line has no newline
    ],
)
def test_a_round_parses_as_the_whole_text(
    text: str, edits: list[tuple[int, int, str]], incremental: bool
) -> None:
    try:
        _, done = _round(text, *edits)
    except ParseError:
        assert not incremental  # the whole text does not parse: the fixer reports it
        return
    assert done == incremental


def _fix_verified(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(fixer, "_VERIFY", True)  # each round compared with a whole parse
    for unsafe in (False, True):
        try:
            fixer.fix_text(text, unsafe=unsafe)
        except (ParseError, RuntimeError) as exc:
            assert not isinstance(exc, AssertionError)


def test_goldens_fix_with_incremental_parses(monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = sorted(
        p
        for p in GOLDEN.rglob("*.Dockerfile")
        if not p.name.endswith((".fixed.Dockerfile", ".formatted.Dockerfile"))
    )
    assert len(inputs) > 100
    for path in inputs:
        _fix_verified(monkeypatch, path.read_text(encoding="utf-8"))


@needs_corpus
def test_corpus_fixes_with_incremental_parses(monkeypatch: pytest.MonkeyPatch) -> None:
    for _, text in corpus_texts()[::9]:
        _fix_verified(monkeypatch, text)
