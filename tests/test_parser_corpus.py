"""The parser over the shared corpus: lossless round-trip and BuildKit's own test cases."""

from __future__ import annotations

import json

import pytest
from conftest import CORPUS, corpus_files, corpus_texts, needs_corpus, rel

import optimizer
from optimizer import ParseError

pytestmark = needs_corpus

NEGATIVE = "buildkit-negative"


def test_corpus_is_there() -> None:
    # Guards the other tests from passing on an empty glob.
    assert len(corpus_files()) > 2500


def test_round_trip_is_byte_identical() -> None:
    failures = []
    checked = 0
    for path, text in corpus_texts():
        if NEGATIVE in path.parts:
            continue
        try:
            code = optimizer.parse(text).code
        except ParseError as exc:
            if "file with no instructions" in exc.message:
                continue  # comment-only file; BuildKit rejects it too
            failures.append(f"{rel(path)}: {exc}")
            continue
        checked += 1
        if code != text:
            failures.append(f"{rel(path)}: output differs")
    assert failures == []
    assert checked > 2500


@pytest.mark.parametrize(
    "case",
    sorted(p.name for p in (CORPUS / "buildkit-parser").glob("*")) if CORPUS.is_dir() else [],
)
def test_buildkit_parser_dump(case: str) -> None:
    folder = CORPUS / "buildkit-parser" / case
    tree = optimizer.parse((folder / "Dockerfile").read_bytes().decode("utf-8"))
    assert tree.dump() == (folder / "result").read_bytes().decode("utf-8")


@pytest.mark.parametrize(
    "case", sorted(p.name for p in (CORPUS / NEGATIVE).glob("*")) if CORPUS.is_dir() else []
)
def test_buildkit_negative_is_rejected(case: str) -> None:
    text = (CORPUS / NEGATIVE / case / "Dockerfile").read_bytes().decode("utf-8")
    with pytest.raises(ParseError) as info:
        optimizer.parse(text)
    assert info.value.line >= 1
    assert info.value.message


def test_buildkit_line_numbers() -> None:
    folder = CORPUS / "buildkit-line" / "testfile-line"
    expected = json.loads((folder / "expected_lines.json").read_text())
    commands = optimizer.parse((folder / "Dockerfile").read_text()).commands()
    assert [[c.start_line, c.end_line] for c in commands] == expected["children"]
    assert commands[0].start_line == expected["ast"]["StartLine"]
    assert commands[-1].end_line == expected["ast"]["EndLine"]
