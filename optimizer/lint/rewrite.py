"""Building new instruction text for fixes: minimal edits of the raw text.

A reviewer reads a fix as a diff, so a fix edits the raw text of the instructions it touches
in place: an appended cleanup or an inserted flag changes one or two lines, and every other
byte (tabs, column-0 comments, `; \\` layout, blank continuation lines) stays as written.
Only new text is laid out, and in the author's own style where the instruction shows one
(their continuation indent, `&&` at the start or the end of lines), else in the formatter's.
A whole new instruction (MAINTAINER turned LABEL) is laid out by the formatter (``render``).
"""

from __future__ import annotations

from optimizer.format.style import DEFAULT_STYLE, Style
from optimizer.record import Record, kept_on
from optimizer.syntax import buildkit, cst
from optimizer.syntax.gotext import GO_SPACE
from optimizer.syntax.instruction import parse_items


def _offsets(inst: cst.Instruction) -> tuple[tuple[int, int, cst.Part], ...]:
    """(logical offset, raw offset in inst.code, part) for each header part; kept on the
    instruction (immutable, and the answer reads its parts only): the rules that append to
    a RUN ask again each fix round of the RUNs the round left alone."""
    return kept_on(inst, "_offsets_memo", lambda i: tuple(_header_offsets(i)))


def _header_offsets(inst: cst.Instruction) -> list[tuple[int, int, cst.Part]]:
    out = []
    logical = 0
    raw = len(inst.indent)
    for part in inst.parts:
        out.append((logical, raw, part))
        if not isinstance(part, cst.Continuation):
            logical += len(part.text)
        raw += len(part.code)
    return out


def logical_to_raw(inst: cst.Instruction, offset: int) -> int:
    """Where a character of the logical line stands in ``inst.code``."""
    best = len(inst.indent)
    for logical, raw, part in _offsets(inst):
        if isinstance(part, cst.Continuation):
            continue
        if logical <= offset <= logical + len(part.text):
            return raw + (offset - logical)
        if logical <= offset:
            best = raw + len(part.text)
    return best


def header_end(inst: cst.Instruction) -> int:
    """End of the header's meaningful text in ``inst.code`` (before trailing blanks,
    a continuation the file ended in, and the line ending)."""
    end = len(inst.indent)
    for _, raw, part in _offsets(inst):
        if isinstance(part, cst.Word):
            end = raw + len(part.text)
    return end


def raw_args(inst: cst.Instruction) -> str:
    """The raw text of the arguments: from after the flags to the end of the header.

    A final `;` ends the script and means nothing more; it is dropped so that text appended
    after it (`&& cmd`) stays valid shell.
    """
    split = buildkit.split_raw(inst.line, inst.escape)
    rest = split.rest
    lead = len(rest) - len(rest.lstrip("".join(GO_SPACE)))
    start = logical_to_raw(inst, split.rest_offset + lead)
    end = header_end(inst)
    text = inst.code[start:end]
    if inst.keyword == "RUN" and not inst.is_json:
        text = _drop_final_semicolon(text)
    # Comment lines in continuations before the arguments (`RUN \` then `# why`) or after
    # them (a file ending in a continuation) go along: the text must keep every comment.
    before = after = ""
    for _, raw, part in _offsets(inst):
        if isinstance(part, cst.Continuation) and part.comments:
            if raw < start:
                before += _comment_block(part)
                # and the indent the script's first line had (if it starts a line)
                indent = inst.code[raw + len(part.code) : start]
                before += indent if not indent.strip(" \t") else ""
            elif raw >= end:
                after += " " + _comment_block(part)
    return before + text + after


def _comment_block(cont: cst.Continuation) -> str:
    """A continuation with its comment lines, without its empty lines."""
    lines = [line for line in cont.lines if line.strip()]
    # A comment on the file's last line has no line ending: text put after it must not
    # land on the comment line.
    ending = cont.marker[len(cont.marker.rstrip("\r\n")) :] or "\n"
    return cont.marker + "".join(line if line.endswith("\n") else line + ending for line in lines)


def _drop_final_semicolon(text: str) -> str:
    body = text.rstrip(" \t")
    if body.endswith(";") and not body.endswith((";;", "\\;")):
        return body[:-1].rstrip(" \t")
    return text


def header_words_end(inst: cst.Instruction) -> int:
    """Where the keyword and flags end in ``inst.code`` (raw, before the blanks that follow)."""
    split = buildkit.split_raw(inst.line, inst.escape)
    words = inst.line[: split.rest_offset].rstrip("".join(GO_SPACE))
    return logical_to_raw(inst, len(words))


class LineStyle(Record):
    """How an instruction's own continuation lines are written."""

    indent: str  # the blanks a continued line starts with
    operator_first: bool  # `&& cmd` at the start of continued lines


# Where a line ends this way, the next line starts a command (not more arguments).
_COMMAND_ENDS = ("&&", "||", ";", "|", "then", "do", "else", "{", "(")
_OPERATORS = ("&&", "||", ";", "|")


def line_style(inst: cst.Instruction) -> LineStyle | None:
    """The author's continuation style, read off the instruction's own lines that start a
    command (not those that continue an argument list, like one package a line): the
    smallest indent among them, and whether they start with the operator.  None when no
    continued line starts a command."""
    body = inst.code[: header_end(inst)]
    script_start = logical_to_raw(inst, script_offset(inst))
    indents: list[str] = []
    operator_first = False
    previous = ""  # the code of the last line that held code
    at = 0
    for n, line in enumerate(body.splitlines(keepends=True)):
        line_start, at = at, at + len(line)
        text = line.strip(" \t\r\n")
        if not text or text.startswith("#"):
            continue  # blank and comment lines inside a continuation say nothing
        if n and (
            text.startswith(_OPERATORS)
            or previous.endswith(_COMMAND_ENDS)
            or line_start <= script_start < at
        ):
            indents.append(line[: len(line) - len(line.lstrip(" \t"))])
            operator_first = operator_first or text.startswith(("&&", "||"))
        previous = text.removesuffix(inst.escape).rstrip(" \t")
    if not indents:
        return None
    return LineStyle(min(indents, key=len), operator_first)


def new_line_style(style: Style) -> LineStyle:
    return LineStyle(" " * style.indent, style.operator_first)


def join_operator(escape: str, nl: str, lines: LineStyle, operator: str = "&&") -> str:
    """What goes between a command and the next one put on a line of its own (``operator``
    empty: the command before ended its list with `;`)."""
    if not operator:
        return f" {escape}{nl}{lines.indent}"
    if lines.operator_first:
        return f" {escape}{nl}{lines.indent}{operator} "
    return f" {operator} {escape}{nl}{lines.indent}"


def drop_final_semicolon(text: str) -> str:
    """The text without a final `;` (and the blanks before it)."""
    return _drop_final_semicolon(text)


def script_offset(inst: cst.Instruction) -> int:
    """Logical offset where a shell-form RUN's script starts."""
    split = buildkit.split_raw(inst.line, inst.escape)
    rest = split.rest
    return split.rest_offset + len(rest) - len(rest.lstrip("".join(GO_SPACE)))


def head(inst: cst.Instruction) -> str:
    """Keyword and raw flags, canonical spacing."""
    split = buildkit.split_raw(inst.line, inst.escape)
    return " ".join((split.keyword.upper(), *split.flags))


def render(text: str, escape: str, nl: str, style: Style = DEFAULT_STYLE) -> str:
    """Lay out one instruction's text (which may span lines) in the formatter's style."""
    # Imported here: the formatter is ten modules (~0.8 ms of each `dopt check` and `dopt
    # fix` start-up), and only the fix that writes a whole new instruction needs them.
    from optimizer.format.layout import format_instruction

    out = []
    for item in parse_items(text, escape):
        if isinstance(item, cst.Instruction):
            out.append(format_instruction(item, style, nl))
        elif isinstance(item, cst.Comment):
            out.append(item.text.rstrip() + nl)
    return "".join(out)


def continuation(escape: str, nl: str, indent: str = "    ") -> str:
    return f" {escape}{nl}{indent}"
