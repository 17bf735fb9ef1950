"""What every rule is made of (as in Ruff): a code, a name, a one-line summary, a "why"
paragraph, examples, a fix applicability, and a ``check`` that yields findings.

A finding may carry a fix: edits that replace whole items of the file (instructions, comment
lines) with new text.  Fixes are ``safe`` (the image and how it runs stay the same, or only
package-manager caches are deleted) or ``unsafe`` (may change behaviour; applied only with
``--unsafe-fixes``).  A finding without a fix says why it could not be fixed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cached_property
from pathlib import Path
from typing import ClassVar

from optimizer.analysis.stages import Stages, State
from optimizer.format.style import DEFAULT_STYLE, Style
from optimizer.record import Record
from optimizer.syntax import cst

SAFE = "safe"
UNSAFE = "unsafe"


class Edit(Record):
    """Replace ``items[start:end]`` with ``text`` (which may be empty: a deletion)."""

    start: int
    end: int
    text: str


class Fix(Record):
    applicability: str  # SAFE or UNSAFE
    edits: tuple[Edit, ...]
    description: str
    # The fix edits comment lines on purpose (DOP001 removes dead suppressions): the fixer's
    # comment keeper must not put them back.
    edits_comments: bool = False


class Finding(Record):
    code: str
    item: int  # index in tree.items of the instruction the finding is about
    line: int
    column: int
    message: str
    fix: Fix | None = None

    @property
    def fixable(self) -> bool:
        return self.fix is not None


class Context:
    """One Dockerfile as the rules see it."""

    def __init__(
        self,
        tree: cst.Dockerfile,
        path: Path | None = None,
        merge_build_stages: bool = False,
        style: Style | None = None,
    ) -> None:
        self.tree = tree
        self.path = path
        self.merge_build_stages = merge_build_stages
        self.style = style or DEFAULT_STYLE  # the layout of the text fixes write
        self.items = tree.items
        # Is a code suppressed at an item (set by lint from the file's pragmas)?  Rules whose
        # one fix spans several instructions ask it, to leave such an instruction out; a yes
        # counts the pragma as used (DOP001).
        self.suppressed: Callable[[str, int], bool] = lambda code, index: False
        # Answers worked out once per file (see common.first_before, cache_cleanup.first_later).
        self.memo: dict[object, object] = {}
        self.lines: dict[int, int] = {}
        for index, (_, start, _) in enumerate(tree.positions()):
            self.lines[index] = start

    @cached_property
    def stages(self) -> Stages:
        return Stages(self.tree)

    @property
    def windows(self) -> bool:
        """A file that uses the backtick escape is written for Windows images."""
        return self.tree.escape == "`"

    def state(self, index: int) -> State:
        return self.stages.state_at.get(index, State())

    def instruction(self, index: int) -> cst.Instruction:
        item = self.items[index]
        assert isinstance(item, cst.Instruction)
        return item

    def instructions(self) -> Iterator[tuple[int, cst.Instruction]]:
        for index, item in enumerate(self.items):
            if isinstance(item, cst.Instruction):
                yield index, item

    def comments_before(self, index: int) -> list[tuple[int, cst.Comment]]:
        """The comment lines directly above an item (no blank line between)."""
        out: list[tuple[int, cst.Comment]] = []
        k = index - 1
        while k >= 0 and isinstance(item := self.items[k], cst.Comment):
            out.append((k, item))
            k -= 1
        return out[::-1]

    def finding(self, rule: Rule, index: int, message: str, fix: Fix | None = None) -> Finding:
        item = self.items[index]
        column = len(item.indent) + 1 if isinstance(item, cst.Instruction) else 1
        return Finding(rule.code, index, self.lines.get(index, 1), column, message, fix)


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[str]  # one line, shown by `check`
    why: ClassVar[str]  # a paragraph, shown by `explain`
    bad: ClassVar[str]
    good: ClassVar[str]
    fix: ClassVar[str]  # "safe", "unsafe", "sometimes" (safe where proven) or "none"
    hadolint: ClassVar[tuple[str, ...]] = ()  # hadolint codes that suppress this rule

    def check(self, ctx: Context) -> Iterator[Finding]:
        raise NotImplementedError
