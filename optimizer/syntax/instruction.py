"""Reading a piece of a Dockerfile on its own: text a rule or the formatter wrote (or laid out
again), parsed as it would read inside the file it goes into.

The one place that knows how: the piece is parsed behind an ``# escape=`` directive when the
file's escape character is the backtick, and that directive is not part of the answer.
"""

from __future__ import annotations

from optimizer.errors import ParseError
from optimizer.syntax import cst

__all__ = ["parse_instruction", "parse_items"]


def parse_items(text: str, escape: str) -> tuple[cst.Item, ...]:
    """The items of ``text`` read with ``escape`` as the escape character (parser directives
    left out).  Raises ParseError, as ``parse`` does (also for text with no instruction)."""
    from optimizer.syntax.parser import parse

    prefix = "# escape=`\n" if escape == "`" else ""
    tree = parse(prefix + text)
    return tuple(item for item in tree.items if not isinstance(item, cst.Directive))


def parse_instruction(text: str, escape: str) -> cst.Instruction:
    """The one instruction ``text`` holds (comment and blank lines around it allowed), read
    with ``escape`` as the escape character.  Raises ParseError if it does not parse or holds
    more than one instruction."""
    found = [i for i in parse_items(text, escape) if isinstance(i, cst.Instruction)]
    if len(found) != 1:
        raise ParseError(f"expected one instruction, found {len(found)}")
    return found[0]
