"""The formatter's layout: prints a CST in dopt's one canonical style.

Every change it makes is one BuildKit cannot see (keyword case, white space between words
outside quotes, line layout, blank lines, JSON spacing) or one whose equivalence it can show
(``ENV k v`` -> ``ENV k=v`` for plain values, sorted literal package lists).  Where it cannot
show that, it keeps the instruction's text and only trims what BuildKit ignores.  ``guard``
re-parses the output and compares, so a mistake here is refused, not written.

This module lays out the file (blank lines, pragmas, directives) and picks each
instruction's layout; the layouts themselves are by kind: ``line`` (one logical line),
``json_form``, ``pairs`` (ENV/LABEL over several lines), ``shell_layout`` (shell form).
"""

from __future__ import annotations

from optimizer.errors import ParseError
from optimizer.format import guard
from optimizer.format.continuations import comment_indent
from optimizer.format.line import KNOWN, format_line
from optimizer.format.pairs import relayout_pairs
from optimizer.format.shell_head import shell_target
from optimizer.format.shell_layout import relayout_shell, wrap_long_chain
from optimizer.format.style import DEFAULT_STYLE, Style, newline_style
from optimizer.format.words import WORD_LISTS, relayout_words
from optimizer.lint import suppressions as suppress
from optimizer.regexes import rx
from optimizer.syntax import cst
from optimizer.syntax.instruction import parse_instruction
from optimizer.syntax.lexer import CONTINUATION as _CONT

__all__ = ["format_instruction", "format_line", "format_tree", "newline_style"]

_RE_DIRECTIVE_LIKE = rx(r"#[\t\n\f\r ]*([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=")
_KNOWN_DIRECTIVES = {"syntax", "escape", "check"}


def format_tree(tree: cst.Dockerfile, style: Style | None = None) -> str:
    if suppress.ignores_file(tree):  # `# dopt: ignore-file`: every command leaves it alone
        return tree.code
    style = style or DEFAULT_STYLE
    nl = newline_style(tree)
    out: list[str] = [tree.bom]
    items = tree.items
    started = False  # has a non-blank line been written
    pending_blank = ""  # the line ending of the blank line to write before the next line
    off = False
    skip_next = False
    first_content = next((i for i in items if not isinstance(i, cst.Blank)), None)
    # A leading blank line ends BuildKit's directive scan; dropping it could turn a comment
    # below into a directive, so keep one in that case.
    keep_leading_blank = isinstance(first_content, cst.Comment) and _looks_like_directive(
        first_content.text
    )
    lead, covered = _bom_lead(tree, items, nl)
    if covered:
        out.append(lead)
        items = items[covered:]
        started = True
    for item in items:
        if off:
            out.append(_ensure_newline(item.code, nl))
            if isinstance(item, cst.Comment) and _pragma(item.text) == "on":
                off = False
            started = True
            continue
        if isinstance(item, cst.Blank):
            if (started or keep_leading_blank) and not pending_blank:
                pending_blank = item.newline or nl
            continue
        if pending_blank:
            out.append(pending_blank)
            pending_blank = ""
        started = True
        if isinstance(item, cst.Directive):
            out.append(_ensure_newline(item.code, nl))
        elif isinstance(item, cst.Comment):
            out.append(item.text.rstrip() + (item.newline or nl))
            pragma = _pragma(item.text)
            if pragma == "off":
                off = True
            elif pragma == "skip":
                skip_next = True
        elif skip_next:
            out.append(_ensure_newline(item.code, nl))
            skip_next = False
        else:
            out.append(format_instruction(item, style, nl))
    return "".join(out)


def _bom_lead(tree: cst.Dockerfile, items: tuple[cst.Item, ...], nl: str) -> tuple[str, int]:
    """A first line whose text starts with U+FEFF after blanks or blank lines: BuildKit strips
    a BOM only at the very start of the file, so that line (and what precedes it) stays as
    written.  Returns (its text, how many items it covers), or ("", 0)."""
    if tree.bom:
        return "", 0
    for k, item in enumerate(items):
        if isinstance(item, cst.Blank):
            continue
        if item.code[len(item.indent) :].startswith("\ufeff") and (k or item.indent):
            return "".join(_ensure_newline(i.code, nl) for i in items[: k + 1]), k + 1
        break
    return "", 0


def _looks_like_directive(text: str) -> bool:
    m = _RE_DIRECTIVE_LIKE.match(text)
    return m is not None and m.group(1).lower() in _KNOWN_DIRECTIVES


def _pragma(text: str) -> str | None:
    # `# dopt: off` / `# dopt: on` / `# dopt: skip` (also accepted as `# fmt: off` etc.).
    return suppress.region_pragma(text)


def _ensure_newline(code: str, nl: str) -> str:
    return code if code.endswith("\n") else code + nl


# --- one instruction ---------------------------------------------------------------------


def format_instruction(inst: cst.Instruction, style: Style, nl: str) -> str:
    if not any(isinstance(p, cst.Word) for p in inst.parts):
        # Only continuation characters (BuildKit reads an instruction with no keyword):
        # there is nothing to lay out, and trimming would make it disappear.
        return _ensure_newline(inst.code[len(inst.indent) :], nl)
    eol = inst.newline or nl
    heredocs = "".join(h.code for h in inst.heredocs)
    if heredocs:
        heredocs = _ensure_newline(heredocs, nl)
    # Continuations at the very end (the file ends in them) lay out nothing: without them the
    # instruction is one line, as the next run will see it.
    breaks = [p for p in inst.parts[: _bare_end(inst)] if isinstance(p, cst.Continuation)]
    if not breaks:
        header = format_line(inst.line, inst.escape)
        # A header ending in the escape character would continue onto the next line.
        if header is not None and not _CONT[inst.escape].search(header):
            # A changed line is checked on its own (as re-laid-out ones are), so that a case
            # the rules get wrong keeps its text instead of making the whole file refused.
            if header == inst.line or _reads_the_same(inst, header + eol + heredocs, nl):
                header = wrap_long_chain(header, inst, style, nl)
                return header + eol + heredocs
        return _preserve(inst, nl) + heredocs
    if not inst.heredocs:
        # The lines of a re-laid-out instruction end as its own first continuation does: the
        # file's majority can tip once formatting drops lines, and must not change them then.
        own = breaks[0].marker[len(breaks[0].marker.rstrip("\r\n")) :]
        laid_out = _relayout(inst, style, own or nl)
        if (
            laid_out is not None
            # text ending in the escape character would continue onto the next line
            and not _CONT[inst.escape].search(laid_out)
            and _reads_the_same(inst, laid_out, nl)
        ):
            return laid_out + eol
    return _preserve(inst, nl) + heredocs


def _bare_end(inst: cst.Instruction) -> int:
    """Where the trailing blanks and comment-less continuations of the parts begin."""
    end = len(inst.parts)
    while end:
        part = inst.parts[end - 1]
        if not isinstance(part, cst.Space) and not (
            isinstance(part, cst.Continuation) and not part.comments
        ):
            break
        end -= 1
    return end


def _reads_the_same(inst: cst.Instruction, text: str, nl: str) -> bool:
    """Does the re-laid-out text read as the instruction did?  A new layout is checked here,
    per instruction, so that a case the layout rules get wrong keeps its text instead of
    making the whole file's guard refuse."""
    if guard.is_deferred():  # formatter.format_text compares the whole file instead
        return True
    try:
        new = parse_instruction(text + nl, inst.escape)
    except ParseError:
        return False
    return guard.instruction_key(new) == guard.instruction_key(inst)


# --- several lines ---------------------------------------------------------------------------


def _relayout(inst: cst.Instruction, style: Style, nl: str) -> str | None:
    if shell_target(inst) is not None:
        return relayout_shell(inst, style, nl)
    kind = inst.keyword.lower()
    if kind in ("env", "label"):
        return relayout_pairs(inst, style, nl)
    if kind in WORD_LISTS or inst.is_json:
        return relayout_words(inst, style, nl)
    return None


# --- keeping an instruction's text -------------------------------------------------------------


def _preserve(inst: cst.Instruction, nl: str) -> str:
    """The instruction as written, minus what BuildKit ignores: indentation of the first line,
    blanks after a continuation's escape character, empty continuation lines, trailing blanks
    at the very end; plus the keyword's case and comment lines' trailing blanks."""
    parts = list(inst.parts)
    # Trailing blanks, and a continuation the file ended in, add nothing BuildKit reads.
    dropped: list[cst.Part] = []
    while parts and (
        isinstance(parts[-1], cst.Space)
        or (isinstance(parts[-1], cst.Continuation) and not parts[-1].comments)
    ):
        dropped.append(parts.pop())
    out: list[str] = []
    keyword_done = False
    for n, part in enumerate(parts):
        if isinstance(part, cst.Word):
            text = part.text
            if not keyword_done:
                keyword_done = True
                if text.lower() == inst.model.cmd.lower() and text.lower() in KNOWN:
                    text = text.upper()
            out.append(text)
        elif isinstance(part, cst.Space):
            out.append(part.text)
        else:
            marker = part.marker
            ending = marker[len(marker.rstrip("\r\n")) :]
            out.append(inst.escape + (ending or nl))
            nxt = parts[n + 1] if n + 1 < len(parts) else None
            indent = nxt.text if isinstance(nxt, cst.Space) else ""
            for line in part.lines:
                if line.strip():
                    body = line.rstrip("\r\n")
                    out.append(comment_indent(body, indent) + body.strip() + line[len(body) :])
    text = "".join(out)
    if dropped and _CONT[inst.escape].search(text):
        # Without its trailing blanks the text would end in a continuation: keep them (`\\`
        # then a form feed is no continuation), and a continuation the file ended in
        # (`echo hi \\ \\`: the end of the file closes it).
        text += "".join(p.text for p in reversed(dropped) if isinstance(p, cst.Space))
        if any(isinstance(p, cst.Continuation) for p in dropped):
            text += inst.escape
    if text.endswith("\n") and not inst.newline:
        return text  # comment lines of a continuation the file ended in
    return text + (inst.newline or nl)
