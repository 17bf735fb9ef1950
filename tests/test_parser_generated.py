"""The committed LALR tables (optimizer/syntax/_generated_parser.py) are what the grammar gives,
and parse() on them builds the trees Lark itself builds from the grammar."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import GOLDEN, corpus_texts

from optimizer.errors import ParseError
from optimizer.syntax import parser, parser_gen
from optimizer.syntax.lexer import ScanResult, Token, scan

REGENERATE = parser_gen.COMMAND

TEXTS = [
    "FROM alpine\nRUN echo hi\n",
    "FROM alpine",  # no final newline
    "# escape=`\nFROM windows\nRUN dir `\n  c:\\\n",
    "# syntax=docker/dockerfile:1\n  # check=skip=all\n\nFROM a\n",
    "\ufeffFROM a AS b\nCOPY --from=b /x /y\n",
    "\ufeff\n",
    "FROM a\nRUN <<EOF\necho one\nEOF\nCOPY <<A <<B /dst\na\nA\nb\nB\n",
    "FROM a\nRUN <<EOF\nEOF\n",
    "FROM a\n" + "".join(f"RUN echo {i}\n" for i in range(50)),
    "ARG X=1\nFROM a\nENV K=v L=w\nLABEL a=b\nONBUILD RUN x\n",
    "FROM a\nRUN apt-get update \\\n  # note\n\n  && apt-get install -y curl\n",
    "  FROM a\n\t# indented comment\n  \nRUN \\\n",
    "FROM a\r\nRUN x \\\r\n  y\r\n",
    "",
    "# only a comment\n",
]


def test_committed_tables_are_fresh() -> None:
    committed = parser_gen.OUTPUT.read_text(encoding="utf-8")
    assert committed == parser_gen.generate(), (
        f"{parser_gen.OUTPUT.name} is stale (the grammar or parser_gen changed): "
        f"regenerate it with `{REGENERATE}` and commit it"
    )


def test_tables_state_the_grammar_they_come_from() -> None:
    import hashlib

    from optimizer.syntax import _generated_parser as tables

    digest = hashlib.sha256(parser.grammar_text().encode("utf-8")).hexdigest()
    assert tables.GRAMMAR_SHA256 == digest, f"grammar changed: run `{REGENERATE}`"


class _Forward:
    """Lark transformer callbacks that call parser._Builder on the current parse's builder."""

    builder: Any = None

    def __getattr__(self, name: str) -> Any:
        method = getattr(parser._Builder, name)  # AttributeError: Lark builds a Tree (_rules)
        return lambda children: method(self.builder, children)


@pytest.fixture(scope="module")
def lark_parse() -> Any:
    from lark import Token as LarkToken

    forward = _Forward()
    lark = parser_gen.lark_parser(parser.grammar_text(), forward)

    def run(text: str) -> object:
        result = ScanResult()
        tokens = [LarkToken(t.type, str(t)) for t in scan(text, result)]
        forward.builder = parser._Builder(result)
        return lark.parse(tokens)

    return run


def _both(text: str, lark_parse: Any) -> tuple[object, object]:
    try:
        ours: object = parser._run_tables(list(scan(text, r := ScanResult())), parser._Builder(r))
    except ParseError as exc:
        ours = ("error", str(exc))
    try:
        theirs = lark_parse(text)
    except ParseError as exc:
        theirs = ("error", str(exc))
    return ours, theirs


def _golden_inputs() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(GOLDEN.rglob("*Dockerfile"))]


@pytest.mark.parametrize("text", TEXTS)
def test_tables_build_the_tree_lark_builds(text: str, lark_parse: Any) -> None:
    ours, theirs = _both(text, lark_parse)
    assert ours == theirs
    if not isinstance(ours, tuple):
        assert ours.code == text  # type: ignore[attr-defined]


def test_tables_match_lark_on_goldens_and_corpus(lark_parse: Any) -> None:
    texts = _golden_inputs() + [t for _, t in corpus_texts()[::7]]
    assert texts, "no golden inputs found"
    differ = [i for i, t in enumerate(texts) if (pair := _both(t, lark_parse))[0] != pair[1]]
    assert not differ, f"{len(differ)} of {len(texts)} texts parse differently"


def test_a_token_stream_the_grammar_rejects_is_an_internal_error() -> None:
    tokens = [Token("KEYWORD", "FROM"), Token("KEYWORD", "FROM")]  # no NEWLINE between
    with pytest.raises(ParseError, match="internal error: grammar rejected"):
        parser._run_tables(tokens, parser._Builder(ScanResult()))
