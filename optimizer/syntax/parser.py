"""parse(): the scanner's tokens through the grammar's LALR(1) tables into the CST.

The tables are generated from grammar/dockerfile.lark by Lark at development time
(``_generated_parser.py``; ``python -m optimizer.syntax.parser_gen`` regenerates it) and run
by the driver below, so ``dopt`` never imports Lark: ``import lark`` alone costs more than
all the rest of ``dopt fmt -``'s start-up (bench/startup.md).
"""

from __future__ import annotations

import os
from _thread import allocate_lock
from collections.abc import Iterator

from optimizer.errors import ParseError
from optimizer.syntax import _generated_parser as _tables
from optimizer.syntax import cst
from optimizer.syntax.lexer import (
    _RE_PIECES,
    BLANK,
    COMMENT,
    INSTRUCTION,
    LineReader,
    ScanResult,
    Token,
    header_end,
    heredoc_end,
    read_header,
    read_node,
    scan,
    split_lines,
)

TYPE_CHECKING = False  # not typing's: importing typing costs ~3 ms of every start-up
if TYPE_CHECKING:
    import re
    from typing import Any

# Package data, so a source checkout and an installed wheel read the same file.
GRAMMAR_PATH = os.path.join(
    os.path.dirname(os.path.realpath(__file__)), "grammar", "dockerfile.lark"
)


def grammar_text() -> str:
    with open(GRAMMAR_PATH, encoding="utf-8") as f:
        return f.read()


_BLANKS = frozenset("\t\v\f\r ")  # _RE_PIECES's blanks


def _add_pieces(text: str, parts: list[cst.Part]) -> None:
    """The words and runs of blanks of ``text`` (a TEXT or WS token's), appended to
    ``parts``: the tables' builder and ``_new_instruction`` split header text alike."""
    for piece in _RE_PIECES.findall(text):
        parts.append(cst.Space(piece) if piece[0] in _BLANKS else cst.Word(piece))


class _Builder:
    """The callbacks that build CST nodes as the LALR parser reduces (no parse tree), one
    per named rule of the grammar, as Lark's transformer callbacks would be; one builder
    per parse, so parses in several threads at once do not mix."""

    def __init__(self, result: ScanResult) -> None:
        self.escape = result.escape
        self.nodes: Iterator[Any] = iter(result.nodes)
        self.markers: Iterator[Any] = iter(result.markers)

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
        return cst.Dockerfile(tuple(children), bom, self.escape)

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
                _add_pieces(str(child), parts)
            elif kind == "NEWLINE":
                newline = str(child)
            elif isinstance(child, cst.Continuation):
                parts.append(child)
            else:
                heredocs.append(child)
        model = next(self.nodes)
        markers = tuple(next(self.markers))
        cls = cst.instruction_class(model.cmd)
        return cls(indent, tuple(parts), newline, tuple(heredocs), self.escape, model, markers)


# Per rule of the tables: its name, size, inlined symbols, and the _Builder function for a
# named rule (None for an inlined _rule, whose value is the list of its children).
_RULES = tuple(
    (name, size, flags if any(flags) else None, getattr(_Builder, name, None))
    for name, size, flags in _tables.RULES
)
for _rule in _RULES:
    assert _rule[0].startswith("_") or _rule[3] is not None, f"no _Builder.{_rule[0]}"
_END_TOKEN = Token("$END", "")


def _children(values: list[Any], flags: tuple[bool, ...]) -> list[Any]:
    """The values of a rule's symbols with those of inlined rules spliced in (as Lark's
    tree builder does for a rule named _x)."""
    out: list[Any] = values[0] if flags[0] else [values[0]]  # left recursion: grow in place
    for value, inline in zip(values[1:], flags[1:], strict=True):
        if inline:
            out.extend(value)
        else:
            out.append(value)
    return out


def _run_tables(tokens: list[Token], builder: _Builder) -> Any:
    """The LALR(1) parse of ``tokens``: shift, or reduce through the callbacks (as Lark's
    ``lalr_parser_state.feed_token``); the value of the start rule."""
    actions = _tables.ACTIONS
    rules = _RULES
    states = [_tables.START]
    values: list[Any] = []
    end = _tables.END
    for token in (*tokens, _END_TOKEN):
        kind = token.type
        while True:
            code = actions[states[-1]].get(kind)
            if code is None:
                expected = ", ".join(s for s in sorted(actions[states[-1]]) if s.isupper())
                raise ParseError(
                    "internal error: grammar rejected the token stream: "
                    f"unexpected {kind} {str(token)!r}; expected one of {expected}"
                )
            if code >= 0:
                states.append(code)
                values.append(token)
                break
            name, size, flags, callback = rules[~code]
            if size:
                children = values[-size:]
                del values[-size:]
                del states[-size:]
                if flags is not None:
                    children = _children(children, flags)
            else:
                children = []
            value = children if callback is None else callback(builder, children)
            states.append(actions[states[-1]][name])
            values.append(value)
            if kind == "$END" and states[-1] == end:
                return value


# The trees of the last texts parsed: ``dopt fix`` parses the same texts again (the fixer's
# last round, the engine's check of its output, the rebuild figures of input and output).
# Trees are immutable records, so one text's tree can be handed out twice.
_RECENT: dict[str, cst.Dockerfile] = {}
_RECENT_SIZE = 8


def parse(source: str) -> cst.Dockerfile:
    """Parse Dockerfile text into a lossless CST; ``parse(x).code == x``.

    Raises ``ParseError`` (with line and column) where BuildKit would refuse the file.
    """
    if not isinstance(source, str):
        raise TypeError("parse() takes text (str); decode the file first")
    tree = _RECENT.get(source)
    if tree is None:
        tree = parse_uncached(source)
        remember(source, tree)
    return tree


def remember(source: str, tree: cst.Dockerfile) -> None:
    """Keep ``tree`` as the parse of ``source``: it must be what ``parse(source)`` builds
    (the fixer's incremental parse of a fixed text is)."""
    _RECENT[source] = tree
    if len(_RECENT) > _RECENT_SIZE:
        try:
            del _RECENT[next(iter(_RECENT))]  # the oldest
        except (KeyError, RuntimeError, StopIteration):  # another thread's parse: no matter
            pass


def parse_uncached(source: str) -> cst.Dockerfile:
    """``parse``, without keeping the tree (for pieces parsed once); its instructions still
    come from the memo of instructions parsed before."""
    try:
        tree = _parse_by_items(source)
    except ParseError:
        tree = None  # the whole-file parse below raises it, with the file's own positions
    return tree if tree is not None else _parse_whole(source)


def _parse_whole(source: str) -> cst.Dockerfile:
    result = ScanResult()
    tokens = list(scan(source, result))
    # The scanner only emits valid sequences: a rejected one is a dopt bug, and says so.
    tree = _run_tables(tokens, _Builder(result))
    if not result.nodes:
        lines = source.count("\n") + (0 if source.endswith("\n") or not source else 1)
        raise ParseError(
            "file with no instructions: expected at least one instruction such as FROM",
            max(lines, 1),
            1,
        )
    assert isinstance(tree, cst.Dockerfile)
    return tree


# Instructions already parsed, by (escape character, exact text): an editor's next version
# of a file, the formatter's output and a fix's merged RUNs are mostly instructions parsed
# before.  Only instructions without heredocs, whose text is their header lines alone.  The
# nodes are immutable, so trees share them.  Two generations: every _MEMO_PARSES parses
# (or _MEMO_SIZE new entries) the older one is dropped, so what the recent parses did not use
# goes, and a server's memory does not grow with each edit's new line as it would in an LRU
# of a fixed size.  A lock, as parses run in threads (tests/test_parser_threads.py).
_MEMO_PARSES = 8
_MEMO_SIZE = 20_000
_memo: dict[tuple[str, str], cst.Instruction] = {}  # used since the last turn
_memo_old: dict[tuple[str, str], cst.Instruction] = {}  # used in the turn before
_memo_parses = 0
_MEMO_LOCK = allocate_lock()


def _memo_get(key: tuple[str, str]) -> cst.Instruction | None:
    with _MEMO_LOCK:
        found = _memo.get(key)
        if found is None:
            found = _memo_old.pop(key, None)
            if found is not None:
                _memo[key] = found
        return found


def _memo_put(key: tuple[str, str], inst: cst.Instruction) -> None:
    with _MEMO_LOCK:
        _memo[key] = inst
        if len(_memo) > _MEMO_SIZE:
            _memo_turn()


def _memo_tick() -> None:
    """One more parse: every _MEMO_PARSES, a turn."""
    global _memo_parses
    with _MEMO_LOCK:
        _memo_parses += 1
        if _memo_parses >= _MEMO_PARSES:
            _memo_turn()


def _memo_turn() -> None:
    global _memo, _memo_old, _memo_parses
    _memo_old, _memo, _memo_parses = _memo, {}, 0


def memo_size() -> int:
    """How many instructions the memo holds (for tests)."""
    with _MEMO_LOCK:
        return len(_memo) + len(_memo_old)


def _new_instruction(
    lines: list[str],
    i: int,
    indent: str,
    stripped: str,
    newline: str,
    cont_re: re.Pattern[str],
    escape: str,
) -> tuple[cst.Instruction, int]:
    """The instruction whose first line is ``lines[i]``, and the index of the line after it:
    the node the grammar's tables build from ``scan_instruction``'s tokens (``instruction:
    INDENT? _part+ NEWLINE heredoc*``, through ``_Builder``), built here from the same
    reading of the lines without the tokens and the LALR driver (~40% of a parse), as
    ``_parse_by_items`` builds the other items.  tests/test_parser_memo.py holds the two to
    the same trees."""
    start = i + 1
    segments, newline, i = read_header(lines, i, stripped, newline, cont_re)
    parts: list[cst.Part] = []
    for body, cont, inner in segments:
        # The keyword, the TEXT and WS tokens: each a run of blanks or of other characters.
        _add_pieces(body, parts)
        if cont is not None:
            parts.append(cst.Continuation(cont, tuple(inner)))
    node, markers = read_node("".join([s[0] for s in segments]), escape, start, i)
    heredocs: list[cst.HeredocBody] = []
    for marker in markers:
        end = heredoc_end(lines, i, marker, start)
        heredocs.append(cst.HeredocBody(tuple(lines[i : end - 1]), lines[end - 1]))
        i = end
    cls = cst.instruction_class(node.cmd)
    inst = cls(indent, tuple(parts), newline, tuple(heredocs), escape, node, tuple(markers))
    return inst, i


def _parse_by_items(source: str) -> cst.Dockerfile | None:
    """``parse`` one item at a time, each instruction from ``_MEMO`` when its text was parsed
    before (the grammar's items are independent: ``start: BOM? _item*``).  The lines are
    read by LineReader, as ``scan`` reads them; a new instruction is built by
    ``_new_instruction``.  None when the file has no instruction; raises ParseError."""
    _memo_tick()
    bom = ""
    text = source
    if text.startswith("\ufeff"):
        bom, text = "\ufeff", text[1:]
    lines = split_lines(text)
    n = len(lines)
    reader = LineReader()
    items: list[cst.Item] = []
    found_instruction = False
    i = 0
    while i < n:
        kind, indent, stripped, newline = reader.read(lines[i], i + 1)
        if kind != INSTRUCTION:
            if kind == BLANK:
                items.append(cst.Blank(indent, newline))
            elif kind == COMMENT:
                items.append(cst.Comment(indent, stripped, newline))
            else:
                items.append(cst.Directive(indent, stripped, newline))
            i += 1
            continue
        escape, cont_re = reader.escape, reader.continuation
        found_instruction = True
        end = header_end(lines, i, stripped, cont_re)
        key = (escape, "".join(lines[i:end]))
        inst = _memo_get(key)
        if inst is None:
            inst, after = _new_instruction(lines, i, indent, stripped, newline, cont_re, escape)
            if not inst.heredocs:
                # header_end and read_header read the same lines, or this is a dopt bug
                assert after == end, (after, end)
                _memo_put(key, inst)
            end = after
        items.append(inst)
        i = end
    if not found_instruction:
        return None
    return cst.Dockerfile(tuple(items), bom, reader.escape)
