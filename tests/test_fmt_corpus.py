"""The formatter over the whole corpus: never raises, idempotent, meaning kept (checked
against BuildKit's own parser, independently of our guard), and the guard never fires."""

from __future__ import annotations

import oracle
import pytest
from conftest import formatted_corpus, needs_corpus, rel

import optimizer
from optimizer.format.formatter import Refused, format_text
from optimizer.format.guard import compare, shell_key
from optimizer.format.layout import format_tree
from optimizer.syntax import buildkit

pytestmark = needs_corpus


@pytest.fixture(scope="module")
def formatted() -> list[tuple[str, str, str]]:
    results = [(rel(path), text, out) for path, text, out in formatted_corpus()]
    assert len(results) > 2500
    return results


def test_idempotent(formatted: list[tuple[str, str, str]]) -> None:
    bad = [name for name, _, out in formatted if format_tree(optimizer.parse(out)) != out]
    assert bad == []


def test_guard_never_fires(formatted: list[tuple[str, str, str]]) -> None:
    bad = []
    for name, text, out in formatted:
        mismatch = compare(optimizer.parse(text), optimizer.parse(out))
        if mismatch is not None:
            bad.append(f"{name}:{mismatch.line}: {mismatch.reason}")
    assert bad == []


def test_format_text_accepts_every_file(formatted: list[tuple[str, str, str]]) -> None:
    refused = []
    for name, text, _ in formatted:
        try:
            format_text(text)
        except Refused as exc:
            refused.append(f"{name}: {exc}")
    assert refused == []


def test_output_style_basics(formatted: list[tuple[str, str, str]]) -> None:
    bad = []
    for name, _, out in formatted:
        body = out.lstrip("\ufeff")
        lines = body.replace("\r\n", "\n").split("\n")
        if not body.endswith("\n") or body.endswith("\n\n"):
            bad.append(f"{name}: final newline")
        elif any("\n\n\n" in chunk for chunk in [body.replace("\r\n", "\n")]):
            bad.append(f"{name}: two blank lines in a row")
        elif lines and lines[0].strip() == "" and not body.startswith("\n#"):
            bad.append(f"{name}: starts with a blank line")
    assert bad == []


def _key(cmd: dict) -> tuple:
    kind = cmd["cmd"].lower()
    inner = (cmd["sub_cmd"] or "").lower() if kind == "onbuild" else kind
    values = list(cmd["value"])
    if inner in ("env", "label"):
        values = [buildkit.process_word(v) if i % 2 else v for i, v in enumerate(values)]
    elif inner == "from" and len(values) == 3 and values[1].lower() == "as":
        values[1] = "as"
    elif not cmd["json"] and inner in ("run", "cmd", "entrypoint") and values:
        values = [shell_key(values[0])]
    elif not cmd["json"] and inner == "healthcheck" and len(values) == 2:
        values = [values[0], shell_key(values[1])]
    return (
        kind,
        cmd["sub_cmd"],
        cmd["json"],
        tuple(cmd["flags"]),
        tuple(values),
        tuple((h["name"], h["content"]) for h in cmd["heredocs"]),
    )


@pytest.mark.skipif(
    not oracle.available, reason="the dockerfile package (test oracle) is not installed"
)
def test_buildkit_reads_the_output_the_same(formatted: list[tuple[str, str, str]]) -> None:
    bad = []
    for name, text, out in formatted:
        if out == text:
            continue
        try:
            before = [_key(c) for c in oracle.commands(text)]
        except oracle.OracleError:
            continue
        try:
            after = [_key(c) for c in oracle.commands(out)]
        except oracle.OracleError as exc:
            bad.append(f"{name}: BuildKit rejects the output: {exc}")
            continue
        if before != after:
            bad.append(name)
    assert bad == []
