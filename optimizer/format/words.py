"""Word lists over several lines (FROM, ARG, EXPOSE, VOLUME, COPY, ADD; and the JSON arrays
of the exec form): the author's line breaks between words are kept, each following line one
indent deep.

A long COPY source list written one source per line stays so; a break right after the
keyword says nothing and goes.  A break inside a word (inside quotes, or one the
continuation glues together) is part of that word: the instruction is then kept as written.
Comment lines inside the continuations go before the line that follows them.
"""

from __future__ import annotations

from optimizer.format.continuations import break_offsets, comment_lines
from optimizer.format.json_form import is_json, json_string_spans
from optimizer.format.line import JSON_CAPABLE, format_line
from optimizer.syntax import buildkit, cst
from optimizer.syntax.gotext import GO_SPACE, trim_left_space, trim_space

TYPE_CHECKING = False  # not typing's: importing typing costs ~2 ms of each start-up
if TYPE_CHECKING:
    from optimizer.format.style import Style

__all__ = ["WORD_LISTS", "relayout_words"]

WORD_LISTS = {"from", "arg", "expose", "volume", "copy", "add"}


class _Token:
    """A word as printed, where it stands in the logical line, what goes between it and the
    word before on one line, and whether a line it starts is indented."""

    __slots__ = ("end", "indented", "sep", "start", "text")

    def __init__(
        self, text: str, start: int, end: int, sep: str = " ", indented: bool = True
    ) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.sep = sep
        self.indented = indented


def relayout_words(inst: cst.Instruction, style: Style, nl: str) -> str | None:
    """The instruction with its line breaks between words kept; None: keep it as written."""
    line = format_line(inst.line, inst.escape)
    if line is None:
        return None
    tokens = _json_tokens(inst) if inst.is_json else _word_tokens(inst)
    if tokens is None:
        # Not a plain list (`--` before the arguments, flags cut inside a character, JSON
        # that is not one array of strings): joined, as the words then print on one line.
        return None if inst.comments else line
    return _render(inst, tokens, style, nl)


def _render(inst: cst.Instruction, tokens: list[_Token], style: Style, nl: str) -> str | None:
    starts: dict[int, list[cst.Continuation]] = {}  # token index -> comments before its line
    for offset, cont in break_offsets(inst):
        if any(t.start < offset < t.end for t in tokens):
            return None  # inside a word: keep as written
        i = next((i for i, t in enumerate(tokens) if t.start >= offset), len(tokens))
        if i == len(tokens):
            if cont.comments:
                return None  # a comment after the last word: keep as written
            continue
        if i == 0 and cont.comments:
            return None  # before the keyword: keep as written
        if i <= 1 and not cont.comments:
            continue  # `COPY \` (or a lone `\` before it) says nothing
        starts.setdefault(i, []).extend([cont] if cont.comments else [])
    pad = " " * style.indent
    out: list[str] = []
    for i, token in enumerate(tokens):
        if i in starts:
            out.append(token.sep.rstrip(" ") + " " + inst.escape + nl)
            for cont in starts[i]:
                out.extend(comment_lines(cont, pad, nl))
            out.append((pad if token.indented else "") + token.text)
        else:
            out.append((token.sep if i else "") + token.text)
    return "".join(out)


def _head_tokens(inst: cst.Instruction) -> tuple[list[_Token], buildkit.RawSplit] | None:
    """The keyword and the flags, each where it stands in the logical line."""
    line = inst.line
    raw = buildkit.split_raw(line, inst.escape)
    at = len(line) - len(trim_left_space(line))
    tokens = [_Token(raw.keyword.upper(), at, at + len(raw.keyword))]
    pos = tokens[0].end
    for flag in raw.flags:
        start = line.find(flag, pos)
        if start < 0 or start >= raw.rest_offset:
            return None
        tokens.append(_Token(flag, start, start + len(flag)))
        pos = start + len(flag)
    return tokens, raw


def _word_tokens(inst: cst.Instruction) -> list[_Token] | None:
    """The keyword, the flags and the arguments; None where they cannot all be found as
    written."""
    head = _head_tokens(inst)
    if head is None:
        return None
    tokens, raw = head
    line = inst.line
    rest = trim_space(raw.rest)
    if rest.startswith(("--", "[")):
        # `--`: the layout prints one the author may not have written; `[`: JSON, or text
        # that respacing could make JSON.
        return None
    kind = raw.keyword.lower()
    words = buildkit.parse_words(rest, inst.escape) if kind == "arg" else _ws_words(rest)
    if kind == "from" and len(words) == 3 and words[1].lower() == "as":
        printed = [words[0], "AS", words[2]]
    else:
        printed = words
    pos = raw.rest_offset
    for word, text in zip(words, printed, strict=True):
        while pos < len(line) and line[pos] in GO_SPACE:
            pos += 1
        if not line.startswith(word, pos):
            return None
        tokens.append(_Token(text, pos, pos + len(word)))
        pos += len(word)
    return tokens


def _json_tokens(inst: cst.Instruction) -> list[_Token] | None:
    """The keyword, the flags, then ``[``, each string of the JSON array and ``]``: an
    exec-form list written one element per line stays so, ``]`` at the start of its line."""
    kind = inst.keyword.lower()
    if kind not in JSON_CAPABLE and kind != "healthcheck":
        return None
    head = _head_tokens(inst)
    if head is None:
        return None
    tokens, raw = head
    rest = trim_space(raw.rest)
    at = raw.rest_offset + len(raw.rest) - len(trim_left_space(raw.rest))
    if kind == "healthcheck":  # `HEALTHCHECK --interval=5s \` then `CMD ["curl", ...]`
        parts = buildkit.ws_split(rest, 2)
        if len(parts) != 2 or parts[0].upper() != "CMD":
            return None
        tokens.append(_Token("CMD", at, at + len(parts[0])))
        at += len(rest) - len(parts[1])
        rest = parts[1]
    spans = json_string_spans(rest) if rest.startswith("[") and is_json(rest) else None
    if spans is None:
        return None
    tokens.append(_Token("[", at, at + 1))
    for n, (a, b) in enumerate(spans):
        tokens.append(_Token(rest[a:b], at + a, at + b, ", " if n else ""))
    end = at + len(rest) - 1
    tokens.append(_Token("]", end, end + 1, "", indented=False))
    return tokens


def _ws_words(rest: str) -> list[str]:
    return buildkit.ws_split(rest) if rest else []
