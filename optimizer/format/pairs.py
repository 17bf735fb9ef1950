"""ENV and LABEL ``key=value`` lists over several lines: one pair per line, the comment lines
of the continuations before the pair that follows them."""

from __future__ import annotations

from optimizer.format.continuations import break_offsets, comment_lines
from optimizer.format.line import format_line
from optimizer.syntax import buildkit, cst
from optimizer.syntax.gotext import GO_SPACE, trim_left_space, trim_space

TYPE_CHECKING = False  # not typing's: importing typing costs ~3 ms of every start-up
if TYPE_CHECKING:
    from optimizer.format.style import Style

__all__ = ["relayout_pairs"]


def relayout_pairs(inst: cst.Instruction, style: Style, nl: str) -> str | None:
    """ENV/LABEL pairs one per line; comment lines go before the pair that follows them."""
    raw = buildkit.split_raw(inst.line, inst.escape)
    rest = trim_space(raw.rest)
    rest_at = raw.rest_offset + len(raw.rest) - len(trim_left_space(raw.rest))
    words = buildkit.parse_words(rest, inst.escape)
    if not words or "=" not in words[0] or raw.flags:
        if inst.comments or _breaks_legacy_value(inst, rest, rest_at):
            return None
        return format_line(inst.line, inst.escape)
    spans = _word_spans(rest, words, rest_at)
    if spans is None:
        return None
    before: dict[int, list[cst.Continuation]] = {}
    for offset, cont in break_offsets(inst):
        if any(start < offset < end for start, end in spans):
            # A break inside a value (`A="x \` then `  y"`) is part of it: printing the
            # value on one line would make one long line of it, re-indenting would change it.
            return None
        if not cont.comments:
            continue
        i = next((i for i, (start, _) in enumerate(spans) if start >= offset), len(spans))
        if i == 0 or i == len(spans):
            return None  # before the first pair or after the last
        before.setdefault(i, []).append(cont)
    pad = " " * style.indent
    out = [raw.keyword.upper() + " " + words[0]]
    for i, word in enumerate(words[1:], 1):
        out[-1] += " " + inst.escape + nl
        for cont in before.get(i, []):
            out.extend(comment_lines(cont, pad, nl))
        out.append(pad + word)
    return "".join(out)


def _breaks_legacy_value(inst: cst.Instruction, rest: str, rest_at: int) -> bool:
    """Does a line break fall inside the value of a legacy ``ENV key value`` (``LABEL``)?

    BuildKit's value is the rest of the logical line after the key and the blanks that follow
    it, verbatim: docker-library's ``ENV PHPIZE_DEPS`` lists, one tab-indented package a line,
    have a value with the tabs of every line in it.  The author's lines are the only readable
    way to write that value, so the instruction stays as written.
    """
    parts = buildkit.ws_split(rest, 2)
    if len(parts) < 2:
        return False
    value_at = rest_at + len(rest) - len(parts[1])
    value_end = rest_at + len(rest)
    return any(value_at < offset < value_end for offset, _ in break_offsets(inst))


def _word_spans(text: str, words: list[str], base: int) -> list[tuple[int, int]] | None:
    """Where each of ``parse_words``' words (raw slices of ``text``) stands, offset by base."""
    spans = []
    pos = 0
    for word in words:
        while pos < len(text) and text[pos] in GO_SPACE:
            pos += 1
        if not text.startswith(word, pos):
            return None
        spans.append((base + pos, base + pos + len(word)))
        pos += len(word)
    return spans
