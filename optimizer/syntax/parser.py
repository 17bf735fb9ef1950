"""parse(): the scanner's tokens through the Lark grammar into the CST."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any

from lark import Lark
from lark.exceptions import UnexpectedInput
from lark.lexer import Lexer

from optimizer.errors import ParseError
from optimizer.syntax import cst
from optimizer.syntax.lexer import _RE_PIECES, ScanResult, scan

_HERE = Path(__file__).resolve().parent
# Package data, so a source checkout and an installed wheel read the same file.
GRAMMAR_PATH = _HERE / "grammar" / "dockerfile.lark"


def grammar_text() -> str:
    return GRAMMAR_PATH.read_text(encoding="utf-8")


class _ParseState:
    """What one parse() call hands the callbacks: its escape and the scanner's nodes."""

    def __init__(self, result: ScanResult) -> None:
        self.escape = result.escape
        self.nodes: Iterator[Any] = iter(result.nodes)
        self.markers: Iterator[Any] = iter(result.markers)


# The Lark parser and its callbacks are built once and shared; the per-parse state lives in a
# context variable so that parses in several threads (or contexts) at once do not mix.
_STATE: ContextVar[_ParseState] = ContextVar("dopt_parse_state")


class _Builder:
    """Lark callbacks that build CST nodes while the LALR parser reduces (no parse tree)."""

    @staticmethod
    def _split(children: list[Any]) -> tuple[str, list[Any]]:
        if children and getattr(children[0], "type", None) == "INDENT":
            return str(children[0]), children[1:]
        return "", children

    def start(self, children: list[Any]) -> cst.Dockerfile:
        bom = ""
        if children and getattr(children[0], "type", None) == "BOM":
            bom = str(children[0])
            children = children[1:]
        return cst.Dockerfile(tuple(children), bom, _STATE.get().escape)

    def directive(self, children: list[Any]) -> cst.Directive:
        indent, rest = self._split(children)
        return cst.Directive(indent, str(rest[0]), str(rest[1]))

    def comment(self, children: list[Any]) -> cst.Comment:
        indent, rest = self._split(children)
        return cst.Comment(indent, str(rest[0]), str(rest[1]))

    def blank(self, children: list[Any]) -> cst.Blank:
        indent, rest = self._split(children)
        return cst.Blank(indent, str(rest[0]))

    def continuation(self, children: list[Any]) -> cst.Continuation:
        return cst.Continuation(str(children[0]), tuple(str(c) for c in children[1:]))

    def heredoc(self, children: list[Any]) -> cst.HeredocBody:
        return cst.HeredocBody(tuple(str(c) for c in children[:-1]), str(children[-1]))

    def instruction(self, children: list[Any]) -> cst.Instruction:
        indent, rest = self._split(children)
        parts: list[cst.Part] = []
        heredocs: list[cst.HeredocBody] = []
        newline = ""
        for child in rest:
            kind = getattr(child, "type", None)
            if kind == "KEYWORD":
                parts.append(cst.Word(str(child)))
            elif kind in ("TEXT", "WS"):
                for piece in _RE_PIECES.findall(str(child)):
                    blank = piece[0] in "\t\v\f\r "
                    parts.append(cst.Space(piece) if blank else cst.Word(piece))
            elif kind == "NEWLINE":
                newline = str(child)
            elif isinstance(child, cst.Continuation):
                parts.append(child)
            else:
                heredocs.append(child)
        state = _STATE.get()
        model = next(state.nodes)
        markers = tuple(next(state.markers))
        cls = cst.instruction_class(model.cmd)
        return cls(indent, tuple(parts), newline, tuple(heredocs), state.escape, model, markers)


class _ScannerLexer(Lexer):
    """Hands Lark the tokens of optimizer.syntax.lexer.scan, which parse() passes as the "text"."""

    def __init__(self, conf: Any) -> None:
        pass

    # Lark calls lex(lexer_state, parser_state); with this lexer the "text" it passes as the
    # state's text is already our token stream.
    def lex(self, data: Any, *_: Any) -> Any:
        return data


_BUILD_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _lark() -> Any:
    with _BUILD_LOCK:  # one build at a time: Lark's cache file is written on the first one
        return _build()


def _build() -> Any:
    builder = _Builder()
    # cache=True keeps the compiled LALR tables in the temp folder (keyed by a hash of the
    # grammar and options), which saves ~20 ms of every start-up after the first.
    parser = Lark(
        grammar_text(),
        parser="lalr",
        lexer=_ScannerLexer,
        transformer=_Transformer(builder),
        cache=True,
    )
    return parser, builder


class _Transformer:
    """Adapts _Builder to Lark's inline-transformer protocol."""

    def __init__(self, builder: _Builder) -> None:
        self._builder = builder

    def __getattr__(self, name: str) -> Any:
        return getattr(self._builder, name)


def parse(source: str) -> cst.Dockerfile:
    """Parse Dockerfile text into a lossless CST; ``parse(x).code == x``.

    Raises ``ParseError`` (with line and column) where BuildKit would refuse the file.
    """
    if not isinstance(source, str):
        raise TypeError("parse() takes text (str); decode the file first")
    parser, _ = _lark()
    result = ScanResult()
    tokens = list(scan(source, result))
    token = _STATE.set(_ParseState(result))
    try:
        tree = parser.parse(tokens)
    except UnexpectedInput as exc:  # the scanner only emits valid sequences; keep it loud
        raise ParseError(f"internal error: grammar rejected the token stream: {exc}") from None
    finally:
        _STATE.reset(token)
    if not result.nodes:
        lines = source.count("\n") + (0 if source.endswith("\n") or not source else 1)
        raise ParseError(
            "file with no instructions: expected at least one instruction such as FROM",
            max(lines, 1),
            1,
        )
    assert isinstance(tree, cst.Dockerfile)
    return tree
