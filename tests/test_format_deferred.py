"""format_text first leaves the layout's per-instruction checks to the whole-file guard
(optimizer.format.guard.deferred); the result must be what checking each gives."""

from __future__ import annotations

import contextlib

import pytest
from conftest import GOLDEN, corpus_texts

from optimizer.errors import ParseError
from optimizer.format import formatter, guard, layout

SOURCE = (
    "FROM debian\n"
    "RUN apt-get update \\\n"
    "      && apt-get install -y curl\n"
    "RUN echo one \\\n"
    "      && echo two\n"
    "env  A=1\n"
)


def _each_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guard, "deferred", contextlib.nullcontext)


def _format_all(texts: list[str]) -> list[object]:
    out: list[object] = []
    for text in texts:
        try:
            out.append(formatter.format_text(text))
        except ParseError as exc:
            out.append(("error", str(exc)))
    return out


def test_deferred_checks_format_as_checking_each(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(GOLDEN.rglob("*Dockerfile"))]
    texts += [t for _, t in corpus_texts("official", "apps")[::15]]
    deferred = _format_all(texts)
    _each_checked(monkeypatch)
    assert _format_all(texts) == deferred


def test_a_bad_layout_of_one_instruction_keeps_it_as_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = layout._relayout

    def drops_a_word(inst, style, nl):  # a layout bug on one RUN: `two` is lost
        text = real(inst, style, nl)
        return text.replace("echo two", "echo") if text is not None else None

    monkeypatch.setattr(layout, "_relayout", drops_a_word)
    calls: list[object] = []
    real_compare = guard.compare
    monkeypatch.setattr(guard, "compare", lambda a, b: calls.append(1) or real_compare(a, b))
    out = formatter.format_text(SOURCE)
    # The whole-file guard objected to the deferred result; the checked one keeps that RUN.
    assert len(calls) == 2
    assert "RUN echo one \\\n      && echo two\n" in out
    assert "RUN apt-get update && \\\n    apt-get install -y curl\n" in out
    assert out.endswith("ENV A=1\n")
    _each_checked(monkeypatch)
    assert formatter.format_text(SOURCE) == out


def test_a_good_layout_parses_no_instruction_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    from optimizer.syntax import parser

    alone: list[str] = []  # layout's per-instruction check imports parse when it runs
    real_parse = parser.parse
    monkeypatch.setattr(parser, "parse", lambda text: alone.append(text) or real_parse(text))
    calls: list[object] = []
    real_compare = guard.compare
    monkeypatch.setattr(guard, "compare", lambda a, b: calls.append(1) or real_compare(a, b))
    out = formatter.format_text(SOURCE)
    assert out != SOURCE and len(calls) == 1 and alone == []
    _each_checked(monkeypatch)
    assert formatter.format_text(SOURCE) == out and len(alone) == 3  # one per re-laid-out
