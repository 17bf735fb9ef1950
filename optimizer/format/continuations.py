"""The line breaks of an instruction: where its continuations fall in the logical line, and
the comment lines inside them (which a new layout must place before some line)."""

from __future__ import annotations

from optimizer.syntax import cst

__all__ = ["break_offsets", "comment_indent", "comment_lines"]


def break_offsets(inst: cst.Instruction) -> list[tuple[int, cst.Continuation]]:
    """Each continuation of the instruction, with its offset in the logical line."""
    out = []
    offset = 0
    for part in inst.parts:
        if isinstance(part, cst.Continuation):
            out.append((offset, part))
        else:
            offset += len(part.text)
    return out


def comment_lines(cont: cst.Continuation, indent: str, nl: str) -> list[str]:
    """The comment lines inside a continuation, re-indented; one the author wrote at column 0
    stays there (docker-library's style: the comment reads as a note on the lines below, set
    apart from the script)."""
    return [comment_indent(c, indent) + c.strip() + nl for c in cont.comments]


def comment_indent(line: str, indent: str) -> str:
    """The indent a comment line of a continuation is printed with: none where it had none."""
    return "" if line[:1] == "#" else indent
