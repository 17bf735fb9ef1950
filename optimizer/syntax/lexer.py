"""The line scanner that feeds the LALR grammar: BuildKit's ``Parse`` loop, emitting tokens.

It decides what BuildKit decides line by line: which leading comments are parser directives
(and so which escape character the file uses), where an instruction's continuation lines end
(skipping comment and empty lines inside them), and which following lines are heredoc bodies.
Each instruction's BuildKit node is computed here too, because heredoc detection needs it.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator

from optimizer.errors import ParseError
from optimizer.regexes import rx
from optimizer.syntax import buildkit
from optimizer.syntax.gotext import trim_left_space

# reDirectives, with Go's RE2 \s (ASCII, no \v).
_RE_DIRECTIVE = rx(
    r"#[\t\n\f\r ]*([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*(.+?)[\t\n\f\r ]*\Z", re.S
)
_DIRECTIVES = frozenset({"syntax", "escape", "check"})
_RE_PIECES = rx(r"[\t\v\f\r ]+|[^\t\v\f\r ]+")
_RE_WORD = rx(r"[^\t\v\f\r ]+")
_CONT = {
    "\\": rx(r"(?:(?<=[^\\])|^)\\[ \t]*\Z"),
    "`": rx(r"(?:(?<=[^`])|^)`[ \t]*\Z"),
}
# By escape character: matches where a line's text continues onto the next line.
CONTINUATION = _CONT
# bufio.Scanner's default limit: a line of 64 KiB or more stops BuildKit's parser.
_MAX_LINE_BYTES = 64 * 1024


class Token(str):
    """A piece of the source, tagged with its terminal's name (the grammar's %declare list):
    a str with ``type``, as Lark's Token is."""

    __slots__ = ("type",)
    type: str

    def __new__(cls, type_: str, value: str) -> Token:
        self = super().__new__(cls, value)
        self.type = type_
        return self


class ScanResult:
    """What the scan learnt besides the tokens."""

    def __init__(self) -> None:
        self.escape = "\\"
        self.nodes: list[buildkit.Node] = []
        self.markers: list[list[buildkit.HeredocMarker]] = []


def split_lines(text: str) -> list[str]:
    """Lines as BuildKit's scanner sees them: split after each \\n only, endings kept."""
    parts = text.split("\n")
    lines = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def split_newline(raw: str) -> tuple[str, str]:
    content = raw.rstrip("\r\n")
    return content, raw[len(content) :]


def check_length(raw: str, lineno: int) -> None:
    if len(raw) * 4 >= _MAX_LINE_BYTES and (
        len(raw.encode("utf-8")) > _MAX_LINE_BYTES
        or (not raw.endswith("\n") and len(raw.encode("utf-8")) >= _MAX_LINE_BYTES)
    ):
        raise ParseError(
            f"line is longer than BuildKit's limit of {_MAX_LINE_BYTES - 1} bytes", lineno, 1
        )


# What a line is, before any instruction's continuation lines: LineReader.read's kinds.
DIRECTIVE, COMMENT, BLANK, INSTRUCTION = "directive", "comment", "blank", "instruction"


class LineReader:
    """BuildKit's reading of each line that starts an item: the parser directives at the
    head of the file (and so the escape character and its continuation pattern), comments,
    blank lines, and the first line of an instruction.  ``scan`` and the parser's memo
    (``parser._parse_by_items``) both read lines with it."""

    __slots__ = ("_directives_done", "_seen", "continuation", "escape")

    def __init__(self) -> None:
        self._seen: set[str] = set()
        self._directives_done = False
        self.escape = "\\"
        self.continuation = _CONT["\\"]

    def read(self, raw: str, lineno: int) -> tuple[str, str, str, str]:
        """(kind, indent, the rest, line ending) of line ``lineno`` (1-based)."""
        check_length(raw, lineno)
        content, newline = split_newline(raw)
        stripped = trim_left_space(content)
        indent = content[: len(content) - len(stripped)]
        if not self._directives_done:
            kind = directive(stripped, self._seen, lineno)
            if kind is None:
                self._directives_done = True
            else:
                if kind[0] == "escape":
                    self.escape = kind[1]
                    self.continuation = _CONT[kind[1]]
                return DIRECTIVE, indent, stripped, newline
        if stripped.startswith("#"):
            return COMMENT, indent, stripped, newline
        if stripped == "":
            return BLANK, indent, stripped, newline
        return INSTRUCTION, indent, stripped, newline


_LINE_TOKENS = {DIRECTIVE: "DIRECTIVE", COMMENT: "COMMENT"}


def scan(text: str, result: ScanResult) -> Iterator[Token]:
    """Tokens for the grammar; fills ``result`` as it goes."""
    if text.startswith("\ufeff"):
        yield Token("BOM", "\ufeff")
        text = text[1:]
    lines = split_lines(text)
    n = len(lines)
    reader = LineReader()
    i = 0
    while i < n:
        kind, indent, stripped, newline = reader.read(lines[i], i + 1)
        if kind == INSTRUCTION:
            result.escape = reader.escape
            i = yield from scan_instruction(
                lines, i, indent, stripped, newline, reader.continuation, result
            )
            continue
        if indent:
            yield Token("INDENT", indent)
        if kind != BLANK:
            yield Token(_LINE_TOKENS[kind], stripped)
        yield Token("NEWLINE", newline)
        i += 1
    result.escape = reader.escape


def scan_instruction(
    lines: list[str],
    i: int,
    indent: str,
    stripped: str,
    newline: str,
    cont_re: re.Pattern[str],
    result: ScanResult,
) -> Generator[Token, None, int]:
    """The tokens of the instruction whose first line is ``lines[i]`` (its indent, the rest,
    its line ending); returns the index of the line after it (and its heredoc bodies)."""
    start = i + 1
    if indent:
        yield Token("INDENT", indent)
    segments, newline, i = read_header(lines, i, stripped, newline, cont_re)
    keyword_seen = False
    for body, cont, inner in segments:
        # One TEXT token for the rest of the line keeps the LALR parser's work small; the
        # CST builder splits it into words and blanks.
        if keyword_seen:
            if body:
                yield Token("TEXT", body)
        else:
            word = _RE_WORD.search(body)
            if word is None:
                if body:
                    yield Token("WS", body)
            else:
                if word.start():
                    yield Token("WS", body[: word.start()])
                keyword_seen = True
                yield Token("KEYWORD", word.group())
                if word.end() < len(body):
                    yield Token("TEXT", body[word.end() :])
        if cont is not None:
            yield Token("CONT", cont)
            for raw in inner:
                blank = trim_left_space(raw.rstrip("\r\n")) == ""
                yield Token("INNER_BLANK" if blank else "INNER_COMMENT", raw)
    yield Token("NEWLINE", newline)
    node, markers = read_node("".join(s[0] for s in segments), result.escape, start, i)
    result.nodes.append(node)
    result.markers.append(markers)
    for marker in markers:
        end = heredoc_end(lines, i, marker, start)
        for raw in lines[i : end - 1]:
            yield Token("HEREDOC_LINE", raw)
        yield Token("HEREDOC_END", lines[end - 1])
        i = end
    return i


# One physical line of an instruction's header: its text up to the continuation (a part of
# the logical line), the continuation (escape character, trailing blanks, line ending; None
# on the last line), and the raw comment and empty lines that follow the continuation.
Segment = tuple[str, str | None, list[str]]


def read_header(
    lines: list[str], i: int, stripped: str, newline: str, cont_re: re.Pattern[str]
) -> tuple[list[Segment], str, int]:
    """The header lines of the instruction whose first line is ``lines[i]`` (``stripped``:
    its text after the indent, ``newline``: its line ending), as BuildKit reads them: its
    segments, the line ending of its last line ("" when the file ends inside a
    continuation), and the index of the line after them (its heredoc bodies not read).
    Both ``scan_instruction`` and the parser's builder of new instructions read them here."""
    n = len(lines)
    segments: list[Segment] = []
    content = stripped
    while True:
        m = cont_re.search(content)
        i += 1
        if m is None:
            segments.append((content, None, []))
            return segments, newline, i
        inner: list[str] = []
        segments.append((content[: m.start()], content[m.start() :] + newline, inner))
        while True:
            if i >= n:
                return segments, "", i  # the file ended inside a continuation
            raw = lines[i]
            check_length(raw, i + 1)
            content, newline = split_newline(raw)
            first = trim_left_space(content)[:1]
            if first and first != "#":
                break
            inner.append(raw)
            i += 1


def read_node(
    line: str, escape: str, start: int, end: int
) -> tuple[buildkit.Node, list[buildkit.HeredocMarker]]:
    """BuildKit's node for the logical ``line`` of the instruction on lines ``start`` to
    ``end`` (1-based, for the errors), and the heredocs it opens."""
    try:
        node = buildkit.new_node(line, escape)
        markers = buildkit.heredoc_markers(line) if buildkit.can_contain_heredoc(node) else []
    except ParseError as exc:
        raise exc.at(start, 1, end) from None
    return node, markers


def header_end(lines: list[str], i: int, stripped: str, cont_re: re.Pattern[str]) -> int:
    """The index of the line after the header lines of the instruction that starts at
    ``lines[i]`` (``stripped``: that line's text without its indent and line ending), as
    ``read_header`` reads them (without making its segments): continuation lines, and the
    comment and empty lines inside them; not its heredoc bodies."""
    n = len(lines)
    continues = cont_re.search(stripped) is not None
    i += 1
    while continues and i < n:
        content = lines[i].rstrip("\r\n")
        inner = trim_left_space(content)
        i += 1
        if inner and not inner.startswith("#"):
            continues = cont_re.search(content) is not None
    return i


def directive(stripped: str, seen: set[str], lineno: int) -> tuple[str, str] | None:
    m = _RE_DIRECTIVE.match(stripped)
    if m is None:
        return None
    key = m.group(1).lower()
    if key not in _DIRECTIVES:
        return None
    if key in seen:
        raise ParseError(f"only one {key} parser directive can be used", lineno, 1)
    seen.add(key)
    value = m.group(2)
    if key == "escape" and value not in ("\\", "`"):
        raise ParseError(f"invalid escape token '{value}' does not match ` or \\", lineno, 1)
    return key, value


def heredoc_end(lines: list[str], i: int, marker: buildkit.HeredocMarker, start: int) -> int:
    """The index of the line after the body of heredoc ``marker`` whose first line is
    ``lines[i]``: after its terminator line (the instruction starts on line ``start``)."""
    n = len(lines)
    while i < n:
        raw = lines[i]
        check_length(raw, i + 1)
        i += 1
        candidate = raw.rstrip("\r\n")
        if marker.chomp:
            candidate = candidate.lstrip("\t")
        if candidate == marker.name:
            return i
    raise ParseError(
        f"unterminated heredoc: expected a line '{marker.name}' before the end of the file",
        start,
        1,
        n,
    )
