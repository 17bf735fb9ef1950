"""parse() reuses the instructions it parsed before (by their exact text): the trees are the
ones a parse of the whole file gives, including BuildKit's reading of each instruction, and
the errors are the same."""

from __future__ import annotations

import pytest
from conftest import corpus_texts

from optimizer.errors import ParseError
from optimizer.syntax import parser

TEXTS = [
    "FROM alpine\nRUN echo hi\n",
    "FROM alpine\nRUN echo hi",
    "# escape=`\nFROM windows\nRUN dir `\n  c:\\\n",
    "\ufeffFROM a AS b\nCOPY --from=b /x /y\n",
    "FROM a\nRUN <<EOF\necho one\nEOF\nCOPY <<A <<B /dst\na\nA\nb\nB\n",
    "FROM a\nRUN apt-get update \\\n  # note\n\n  && apt-get install -y curl\n",
    "FROM a\nRUN x \\",
    "FROM a\nRUN x \\\n",
    "# syntax=docker/dockerfile:1\n# escape=`\n\nFROM a\r\nRUN b `\r\n c\r\n",
    "FROM a\n# escape=`\nRUN x \\\n y\n",
    "  FROM a  \\\n\n  # x\n AS b\n",
    "FROM a\nRUN x\nRUN x\nFROM a\n",
    # the same header text with and then without a heredoc after it
    "FROM a\nRUN cat <<EOF\nhi\nEOF\n",
    "FROM a\nRUN cat <<EOF\nEOF\n",
]
ERRORS = [
    "",
    "# just a comment\n",
    "FROM a\nRUN <<EOF\nx\n",
    "# escape=x\nFROM a\n",
    "FROM a\nRUN [\n",
]


def _reading(text: str) -> object:
    try:
        tree = parser._parse_whole(text)
    except ParseError as exc:
        return ("error", str(exc), exc.line, exc.column)
    return (
        tree,
        [(type(i), i.code) for i in tree.items],
        [(i.model, i.markers) for i in tree.instructions],
    )


def _memo_reading(text: str) -> object:
    try:
        tree = parser.parse(text)
    except ParseError as exc:
        return ("error", str(exc), exc.line, exc.column)
    return (
        tree,
        [(type(i), i.code) for i in tree.items],
        [(i.model, i.markers) for i in tree.instructions],
    )


@pytest.mark.parametrize("text", TEXTS + ERRORS)
def test_a_parse_by_items_reads_as_the_whole_file(text: str) -> None:
    expected = _reading(text)
    assert _memo_reading(text) == expected  # parsed now
    assert _memo_reading(text) == expected  # from the memo


def test_the_corpus_reads_the_same() -> None:
    texts = [text for _, text in corpus_texts("official", "heredoc")][:300]
    for text in texts:
        expected = _reading(text)
        assert _memo_reading(text) == expected
        assert _memo_reading(text) == expected


def test_the_memo_keeps_what_recent_parses_used() -> None:
    """An editor's file, each version with a new line: the memo does not grow with them."""
    sizes = []
    for k in range(200):
        parser.parse(f"FROM a\nRUN echo hi\nENV BUILD={k}\n")
        sizes.append(parser.memo_size())
    assert max(sizes[100:]) <= 2 * parser._MEMO_PARSES + 2
    # what every version has stays, and is the same node each time
    a = parser.parse("FROM a\nRUN echo hi\nENV BUILD=x\n").items[1]
    assert parser.parse("FROM a\nRUN echo hi\nENV BUILD=y\n").items[1] is a
