"""Shell form (RUN, CMD, ENTRYPOINT, HEALTHCHECK CMD, also under ONBUILD) laid out by its
top-level chain: a script that spans lines gets one command of its ``&&``/``;`` chain per
line, a one-line chain longer than ``line-width`` is broken the same way.

The chain comes from the shell parser; only line breaks that fall on white space outside
quotes move, so the shell's words stay the same (``layout`` checks each result anyway).
"""

from __future__ import annotations

from itertools import pairwise

from optimizer.analysis.package_lists import package_key, sortable_install
from optimizer.format.continuations import break_offsets, comment_lines
from optimizer.format.shell_head import HeadWord, shell_target
from optimizer.format.style import Style
from optimizer.regexes import rx
from optimizer.syntax import buildkit, cst
from optimizer.syntax.gotext import trim_space

__all__ = ["relayout_shell", "wrap_long_chain"]


def relayout_shell(inst: cst.Instruction, style: Style, nl: str) -> str | None:
    """A multi-line shell script as one command of its top-level chain per line.

    The chain comes from the shell parser; the author's line breaks inside a command are kept
    (re-indented) where they fall on white space outside quotes, and comment lines inside the
    continuations stay in front of the line they stood before.  Before the script, a line
    break that follows a flag is kept (one line per group of flags).
    """
    from optimizer.analysis.shell.script import analyze

    target = shell_target(inst)
    if target is None:
        return None
    words, script, script_at = target
    chain = analyze(script).chain
    if chain is None:
        return None
    spans = _chain_spans(script, chain)
    if spans is None:
        return None
    breaks = _place_breaks(inst, words, script, script_at, spans)
    if breaks is None:
        return None
    layout = _ShellLayout(inst, style, words, script, script_at, chain, spans, breaks)
    rows = layout.rows()
    if rows is None:
        return None
    return layout.render(layout.lines(rows), nl)


# A row of the script: its indent, its text, and the continuations whose comment lines go
# before it.
_Row = tuple[str, str, list[cst.Continuation]]


def _chain_spans(script: str, chain: tuple[tuple[str, str], ...]) -> list[tuple[int, int]] | None:
    """Where each command of the chain stands in the script (None: not found as written)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for text, _ in chain:
        start = script.find(text, pos)
        if start < 0:
            return None
        spans.append((start, start + len(text)))
        pos = start + len(text)
    return spans


class _Breaks:
    """Where the instruction's line breaks go in the new layout."""

    __slots__ = ("cuts", "head_breaks", "head_notes", "notes")

    def __init__(self, commands: int) -> None:
        # per chain command: the offsets in the script where a kept line break falls
        self.cuts: list[set[int]] = [set() for _ in range(commands)]
        # per chain command: continuations with comment lines, by the offset they stand before
        self.notes: list[dict[int, list[cst.Continuation]]] = [{} for _ in range(commands)]
        # head word indexes (len(words): the script) after a line break
        self.head_breaks: set[int] = set()
        self.head_notes: dict[int, list[cst.Continuation]] = {}  # comment lines before those


def _place_breaks(
    inst: cst.Instruction,
    words: list[HeadWord],
    script: str,
    script_at: int,
    spans: list[tuple[int, int]],
) -> _Breaks | None:
    """Each continuation placed before a head word or inside/between chain commands; None
    where one cannot move without changing the words (then keep the text as written)."""
    free = _free_space_mask(script)
    breaks = _Breaks(len(spans))
    for offset, cont in break_offsets(inst):
        at = offset - script_at
        if at <= 0:
            placed = _place_head_break(words, offset, cont, breaks)
        else:
            placed = _place_script_break(script, free, spans, at, cont, breaks)
        if not placed:
            return None
    if not _carry_notes_over_blank_lines(script, spans, breaks.cuts, breaks.notes):
        return None
    return breaks


def _place_head_break(
    words: list[HeadWord], offset: int, cont: cst.Continuation, breaks: _Breaks
) -> bool:
    """A continuation before the script (among the keyword and flags); False: keep as
    written."""
    i = next((i for i, w in enumerate(words) if w.start >= offset), len(words))
    if cont.comments:
        if not i or words[i - 1].end > offset:
            return False  # inside a flag: keep as written
        # Comment lines among the flags or before the script (`RUN \` then `# why`) stay in
        # front of the word that follows them, which starts a line.
        breaks.head_breaks.add(i)
        breaks.head_notes.setdefault(i, []).append(cont)
        return True
    # Only a break after a flag is kept: `RUN \` alone on a line says nothing.
    if i and words[i - 1].end <= offset and words[i - 1].is_flag:
        breaks.head_breaks.add(i)
    return True


def _place_script_break(
    script: str,
    free: list[bool],
    spans: list[tuple[int, int]],
    at: int,
    cont: cst.Continuation,
    breaks: _Breaks,
) -> bool:
    """A continuation at offset ``at`` of the script; False: keep as written."""
    if at >= len(script):
        return not cont.comments  # a comment after the end: keep as written
    k = next((k for k, (s, e) in enumerate(spans) if s < at < e), None)
    if k is None:  # between two commands: the comments go before the next one
        k = next((k for k, (s, _) in enumerate(spans) if s >= at), None)
        if k is None:
            return not cont.comments
        if cont.comments:
            breaks.notes[k].setdefault(spans[k][0], []).append(cont)
        return True
    if not _free_cut(script, free, at):
        return False
    breaks.cuts[k].add(at)
    if cont.comments:
        breaks.notes[k].setdefault(at, []).append(cont)
    return True


class _ShellLayout:
    """The rows of one shell-form instruction's new layout, and its text."""

    __slots__ = (
        "break_at",
        "breaks",
        "chain",
        "inst",
        "own_line",
        "pad",
        "script",
        "script_at",
        "spans",
        "style",
        "words",
    )

    def __init__(
        self,
        inst: cst.Instruction,
        style: Style,
        words: list[HeadWord],
        script: str,
        script_at: int,
        chain: tuple[tuple[str, str], ...],
        spans: list[tuple[int, int]],
        breaks: _Breaks,
    ) -> None:
        self.inst = inst
        self.style = style
        self.words = words
        self.script = script
        self.script_at = script_at
        self.chain = chain
        self.spans = spans
        self.breaks = breaks
        self.pad = " " * style.indent
        self.own_line = len(words) in breaks.head_breaks  # the script starts a line
        self.break_at = sorted(offset for offset, _ in break_offsets(inst))

    def rows(self) -> list[_Row] | None:
        """The script's rows: one per group of the chain (more where the author broke a
        command); None where its end cannot be printed."""
        chain, notes, style = self.chain, self.breaks.notes, self.style
        rows: list[_Row] = []
        groups = _chain_groups(chain, [self.spans[k][0] in notes[k] for k in range(len(chain))])
        for g, group in enumerate(groups):
            for k in group:
                self._command_rows(rows, g, group, k)
            op = chain[group[-1]][1]
            if op and (op == ";" or not style.operator_first):
                indent, text, comments = rows[-1]
                rows[-1] = (indent, text + _joined_op(op), comments)
        tail = self.script[self.spans[-1][1] :].strip()
        if tail:  # a final `;` the chain does not list as an operator
            if tail != ";":
                return None
            indent, text, comments = rows[-1]
            rows[-1] = (indent, text + tail, comments)
        return rows

    def _command_rows(self, rows: list[_Row], g: int, group: list[int], k: int) -> None:
        """Add the rows of chain command ``k`` (in group ``g``) to ``rows``."""
        chain, notes, style = self.chain, self.breaks.notes, self.style
        start, end = self.spans[k]
        inner = any(at != start for at in notes[k])
        led = g > 0 and style.operator_first and chain[k - 1][1] != ";"
        first_col = None
        if k == group[0] and (g or self.own_line) and not led:  # a row of its own, as printed
            at = self.script_at + start
            first_col = _line_start_col(self.inst.line, self.break_at, at, style.indent)
        pieces = _item_pieces(self.script, start, end, self.breaks.cuts[k], style, inner, first_col)
        for j, (piece_at, piece, indent) in enumerate(pieces):
            comments = notes[k].get(piece_at, []) if piece_at is not None else []
            if j == 0 and k != group[0]:  # `a || b` stays on one row
                row_indent, text, row_comments = rows[-1]
                rows[-1] = (row_indent, text + " || " + piece, row_comments)
                continue
            if j == 0:
                indent = self.pad if g or self.own_line else ""
                if led:
                    piece = chain[k - 1][1] + " " + piece
            rows.append((indent, piece, comments))

    def lines(self, rows: list[_Row]) -> list[tuple[str, list[cst.Continuation]]]:
        """The printed lines (head words, then the script's rows) with the comment lines to
        print before each."""
        words, head_breaks, head_notes = self.words, self.breaks.head_breaks, self.breaks.head_notes
        head_lines: list[list[str]] = [[]]
        head_starts = [0]
        for i, word in enumerate(words):
            if i in head_breaks:
                head_lines.append([])
                head_starts.append(i)
            head_lines[-1].append(word.text)
        lines: list[tuple[str, list[cst.Continuation]]] = [(" ".join(head_lines[0]), [])]
        for ws, at in zip(head_lines[1:], head_starts[1:], strict=True):
            lines.append((self.pad + " ".join(ws), head_notes.get(at, [])))
        for n, (indent, text, comments) in enumerate(rows):
            if n == 0 and not self.own_line:
                lines[-1] = (lines[-1][0] + " " + text, lines[-1][1] + comments)
            elif n == 0:
                lines.append((indent + text, head_notes.get(len(words), []) + comments))
            else:
                lines.append((indent + text, comments))
        return lines

    def render(self, lines: list[tuple[str, list[cst.Continuation]]], nl: str) -> str | None:
        """The lines joined by continuations; None where a comment found no line to stand
        before (then keep the text as written)."""
        inst = self.inst
        placed = sum(len(comments) for _, comments in lines)
        if placed != sum(1 for _, cont in break_offsets(inst) if cont.comments):
            return None
        out = []
        for n, (text, comments) in enumerate(lines):
            for cont in comments:
                out.extend(comment_lines(cont, _leading_blanks(text) or self.pad, nl))
            ending = " " + inst.escape + nl if n < len(lines) - 1 else ""
            out.append(text + ending)
        return "".join(out)


def _carry_notes_over_blank_lines(
    script: str,
    spans: list[tuple[int, int]],
    cuts: list[set[int]],
    notes: list[dict[int, list[cst.Continuation]]],
) -> bool:
    """Comment lines that stand before a line with nothing on it (`\\` alone) go before the
    next line that has text: printing drops blank lines, and must not drop their comments.
    False where there is no such line left in the command (then keep the text as written)."""
    for k, (start, end) in enumerate(spans):
        bounds = [start, *sorted(cuts[k]), end]
        for a, b in pairwise(bounds):
            if a in notes[k] and not script[a:b].strip(" \t"):
                if b == end:
                    return False
                notes[k].setdefault(b, [])[:0] = notes[k].pop(a)
    return True


def _line_start_col(line: str, break_at: list[int], pos: int, indent: int) -> int | None:
    """The column of ``pos`` in the logical line if only blanks precede it on its line."""
    before = [b for b in break_at if b <= pos]
    if not before or line[before[-1] : pos].strip(" \t"):
        return None
    return _width(line[before[-1] : pos], indent)


def _leading_blanks(text: str) -> str:
    return text[: len(text) - len(text.lstrip(" \t"))]


def _chain_groups(chain: tuple[tuple[str, str], ...], noted: list[bool]) -> list[list[int]]:
    """The chain's items by row: an item after `||` joins the row before (`a || b` reads as
    one step), unless comment lines stand before it."""
    groups = [[0]]
    for k in range(1, len(chain)):
        if chain[k - 1][1] == "||" and not noted[k]:
            groups[-1].append(k)
        else:
            groups.append([k])
    return groups


def _joined_op(op: str) -> str:
    return op if op == ";" else " " + op


def _free_cut(script: str, free: list[bool], at: int) -> bool:
    """Can the line break at ``at`` move (re-indent) without changing the shell words?"""
    before = at > 0 and script[at - 1] in " \t" and free[at - 1]
    after = script[at] in " \t" and free[at]
    return before or after


# An item that opens a compound command: its lines carry the author's nesting.
_RE_COMPOUND = rx(r"(?:(?:if|for|while|until|case|select)(?=[ \t;(]|\Z)|[({])")


def _item_pieces(
    script: str,
    start: int,
    end: int,
    cuts: set[int],
    style: Style,
    inner_notes: bool,
    first_col: int | None = None,
) -> list[tuple[int | None, str, str]]:
    """The lines of one chain command: (offset of its start, text, indent if not the first).

    ``first_col`` is the command's column where it starts a line of its own, both as written
    and as printed; None where either is not so (it then counts as one indent level).
    """
    pad = " " * style.indent
    text = script[start:end]
    if style.sort_packages and cuts and not inner_notes:
        found = sortable_install(text)
        if found is not None:
            prefix, packages = found
            return [(start, " ".join(prefix), "")] + [
                (None, p, pad * 2) for p in sorted(packages, key=package_key)
            ]
    bounds = [start, *sorted(cuts), end]
    lines = [(a, script[a:b]) for a, b in pairwise(bounds) if script[a:b].strip(" \t")]
    indents = [pad * 2] * len(lines)
    if _RE_COMPOUND.match(text) is not None and len(lines) > 1:
        # Inside if/for/case/{...}: keep the author's nesting (else/fi/done less deep than the
        # body).  The white space after a cut is free (outside quotes), so any indent reads the
        # same.  The item's first line goes to one indent level: the others keep their depth
        # relative to it (or to the shallowest of them), and none is shallower than one level.
        indents = [_leading_blanks(line) for _, line in lines]
        widths = [_width(lead, style.indent) for lead in indents]
        base = min(*widths[1:], style.indent if first_col is None else first_col)
        if base != style.indent or any("\t" in lead for lead in indents):
            indents = [" " * (w - base + style.indent) for w in widths]
    return [
        (a, line.strip(" \t"), indent) for (a, line), indent in zip(lines, indents, strict=True)
    ]


def _width(blanks: str, indent: int) -> int:
    """Columns of leading blanks, a tab counting as one indent level (as tab-indented
    Dockerfiles mean it)."""
    return len(blanks.expandtabs(indent))


def _free_space_mask(script: str) -> list[bool]:
    """For each character: is it white space outside any quoting (safe to re-indent)?"""
    mask = [False] * (len(script) + 1)
    quote_ch = ""
    depth = 0  # $( ... ) and ` ... ` nesting: keep their insides as written
    i = 0
    while i < len(script):
        ch = script[i]
        if quote_ch == "'":
            if ch == "'":
                quote_ch = ""
        elif quote_ch == '"':
            if ch == "\\":
                i += 1
            elif ch == '"':
                quote_ch = ""
        elif ch == "\\":
            i += 1
        elif ch in ("'", '"'):
            quote_ch = ch
        elif script.startswith("$(", i):
            depth += 1
            i += 1
        elif ch == ")" and depth:
            depth -= 1
        elif ch == "`":
            depth = depth + 1 if depth % 2 == 0 else depth - 1
        elif ch in " \t" and depth == 0:
            mask[i] = True
        i += 1
    return mask


# --- long one-line chains ------------------------------------------------------------------


def wrap_long_chain(header: str, inst: cst.Instruction, style: Style, nl: str) -> str:
    if not style.line_width or len(header) <= style.line_width:
        return header
    if inst.keyword != "RUN" or inst.is_json or inst.heredocs:
        return header
    from optimizer.analysis.shell.script import analyze

    raw = buildkit.split_raw(header, inst.escape)
    script = trim_space(raw.rest)
    chain = analyze(script).chain
    if not chain or script.startswith("--"):
        return header
    groups = _chain_groups(chain, [False] * len(chain))
    if len(groups) < 2:
        return header
    tail = script[script.rfind(chain[-1][0]) + len(chain[-1][0]) :].strip()
    if tail not in ("", ";"):
        return header
    pad = " " * style.indent
    head = " ".join((raw.keyword, *raw.flags)) + " "
    lines = []
    for g, group in enumerate(groups):
        text = " || ".join(chain[k][0] for k in group)
        before = chain[group[0] - 1][1] if g else ""
        if style.operator_first and before and before != ";":
            text = before + " " + text
        op = chain[group[-1]][1]
        if op and (op == ";" or not style.operator_first):
            text += _joined_op(op)
        lines.append((head if g == 0 else pad) + text)
    return (" " + inst.escape + nl).join(lines) + tail
