"""The typed rule contract (as in Ruff): what every rule is made of, and what it finds.

A rule has a code, a name, documentation in fixed sections (summary, why, bad and good
examples, fix safety, references), a fix availability (always, sometimes, never), a preview
flag, and a ``check`` that yields findings.

A finding may carry a fix: edits that replace whole items of the file (instructions, comment
lines) with new text.  A fix's applicability is ``safe`` (the image and how it runs stay the
same, or only package-manager caches are deleted; applied by default), ``unsafe`` (may change
behaviour; applied only with ``--unsafe-fixes``) or ``display`` (a suggested edit that is
shown by ``check``, never applied).  A finding without a fix says why it could not be fixed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from enum import Enum
from functools import cached_property

from optimizer.analysis.stages import Stages, State, stages_of
from optimizer.format.style import DEFAULT_STYLE, Style
from optimizer.io.fspath import Path  # pathlib.Path without importing pathlib
from optimizer.record import Record
from optimizer.syntax import cst

TYPE_CHECKING = False  # not typing's: importing typing costs ~2 ms of each start-up
if TYPE_CHECKING:
    from typing import ClassVar


class FixAvailability(str, Enum):
    """Does the rule offer a fix?"""

    ALWAYS = "always"
    SOMETIMES = "sometimes"  # where its preconditions are proven; otherwise it says why not
    NEVER = "never"

    def __str__(self) -> str:
        return self.value


class Applicability(str, Enum):
    """Of one fix.  A ``str``: it compares equal to (and prints in JSON as) its value."""

    SAFE = "safe"  # applied by default
    UNSAFE = "unsafe"  # applied only with --unsafe-fixes
    DISPLAY = "display"  # a suggested edit shown (check, JSON, explain), never applied

    def __str__(self) -> str:
        return self.value


SAFE = Applicability.SAFE
UNSAFE = Applicability.UNSAFE
DISPLAY = Applicability.DISPLAY


class Edit(Record):
    """Replace ``items[start:end]`` with ``text`` (which may be empty: a deletion)."""

    start: int
    end: int
    text: str

    @staticmethod
    def later(start: int, end: int, make: Callable[[], str]) -> Edit:
        """An edit whose text ``make()`` works out on first use: a fix round applies a few of
        the fixes it sees, and check's language server shows none of their texts."""
        return _LaterEdit(start, end, make)

    # Equal to a _LaterEdit of the same text (Record's compare the exact class).
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Edit):
            return NotImplemented
        return (self.start, self.end, self.text) == (other.start, other.end, other.text)

    def __hash__(self) -> int:
        return hash((Edit, (self.start, self.end, self.text)))


class _LaterEdit(Edit):
    """An ``Edit`` whose ``text`` is made on first use (then kept, as a field's value)."""

    def __init__(
        self, start: int, end: int, make: Callable[[], str] | None = None, text: str = ""
    ) -> None:
        values = self.__dict__
        values["start"], values["end"] = start, end
        if make is None:  # replace(): the text is known
            values["text"] = text
        else:
            values["_make"] = make

    def __getattr__(self, name: str) -> str:
        # Called only while ``text`` is not in the instance yet.  Two threads asking at once
        # (the language server) both make it: the same text.
        if name != "text":
            raise AttributeError(name)
        values = self.__dict__
        make = values.get("_make")
        if make is None:
            return str(values["text"])  # made by another thread meanwhile
        text: str = make()
        values["text"] = text
        values.pop("_make", None)  # what it kept alive (the file's Context) can go
        return text

    def __repr__(self) -> str:
        return f"Edit(start={self.start!r}, end={self.end!r}, text={self.text!r})"


# The fixer's order of work (issue 10): steps are moved first, then RUNs merged, then the
# installs inside a RUN consolidated, and only then are caches cleaned and flags put in, so
# a cleanup is appended once to the RUN that ends up installing, not to each part.
REORDER, MERGE, CONSOLIDATE, EDIT = 0, 1, 2, 3
FIX_PHASES = {REORDER: "reorder", MERGE: "merge", CONSOLIDATE: "consolidate", EDIT: "edit"}


class Fix(Record):
    applicability: Applicability | str  # SAFE, UNSAFE or DISPLAY (a plain string works too)
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


_NO_STATE = State()  # what is in force before any FROM (a record: one serves every ask)


class Context:
    """One Dockerfile as the rules see it."""

    def __init__(
        self,
        tree: cst.Dockerfile,
        path: Path | None = None,
        merge_build_stages: bool = False,
        style: Style | None = None,
        context: Path | None = None,
    ) -> None:
        self.tree = tree
        self.path = path
        self.context = context  # --context DIR, when given (see build_context)
        self.merge_build_stages = merge_build_stages
        self.style = style or DEFAULT_STYLE  # the layout of the text fixes write
        self.items = tree.items
        # Is a code suppressed at an item (set by lint from the file's pragmas)?  Rules whose
        # one fix spans several instructions ask it, to leave such an instruction out; a yes
        # counts the pragma as used (DOP001).
        self.suppressed: Callable[[str, int], bool] = lambda code, index: False
        # Answers worked out once per file (see common.first_before, cache_cleanup.first_later).
        self.memo: dict[object, object] = {}
        # The opt-in rules (``Rule.opt_in``) that run on this file: a rule that leaves a
        # finding to one of them asks (the cleanup rules and DOP203's cache mounts).
        self.opted_in: frozenset[str] = frozenset()
        self.lines: dict[int, int] = {}
        for index, (_, start, _) in enumerate(tree.positions()):
            self.lines[index] = start

    @cached_property
    def stages(self) -> Stages:
        return stages_of(self.tree)

    @cached_property
    def build_context(self) -> Path | None:
        """The folder `docker build` would send: ``--context DIR`` when given, else the
        Dockerfile's own folder when the file is read from disk (as `docker build -f
        DIR/Dockerfile DIR` and `dopt verify` default to); text from stdin has none."""
        if self.context is not None:
            return self.context if self.context.is_dir() else None
        if self.path is None:
            return None
        folder = self.path.parent
        return folder if self.path.is_file() and folder.is_dir() else None

    @property
    def windows(self) -> bool:
        """A file that uses the backtick escape is written for Windows images."""
        return self.tree.escape == "`"

    def state(self, index: int) -> State:
        return self.stages.state_at.get(index, _NO_STATE)

    def instruction(self, index: int) -> cst.Instruction:
        item = self.items[index]
        assert isinstance(item, cst.Instruction)
        return item

    def instructions(self) -> Iterator[tuple[int, cst.Instruction]]:
        return iter(self._instructions)

    @cached_property
    def _instructions(self) -> list[tuple[int, cst.Instruction]]:
        # Once per file: every rule walks the instructions, most of them several times.
        return [(i, item) for i, item in enumerate(self.items) if isinstance(item, cst.Instruction)]

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
    """One rule.  The class attributes are its documentation (``dopt explain``, docs/rules/,
    the README's table are generated from them) and tests hold them to it: the code is unique
    and ``DOP\\d{3}``, the name kebab-case and the module's name in snake_case, and ``dopt fix``
    of ``bad`` (this rule selected, ``--unsafe-fixes`` when the example's fix is unsafe) is
    ``good`` byte for byte when the rule has a fix."""

    code: ClassVar[str]  # "DOP101"
    name: ClassVar[str]  # kebab-case; the module file is the name in snake_case
    summary: ClassVar[str]  # one line, shown by `check` ("what it does")
    why: ClassVar[str]  # a paragraph: why it matters
    bad: ClassVar[str]  # an example Dockerfile text the rule reports
    good: ClassVar[str]  # "use instead": what `dopt fix` makes of `bad` (when it has a fix)
    fix_availability: ClassVar[FixAvailability]
    fix_safety: ClassVar[str]  # a paragraph: when the fix is safe, unsafe or display-only
    # The fix's applicability where the rule's preconditions hold: the "fix" column of
    # `dopt rules` and the README shows it for rules that always have a fix.
    fix_applicability: ClassVar[Applicability] = Applicability.SAFE
    references: ClassVar[tuple[str, ...]] = ()  # URLs: Docker docs, hadolint wiki, BuildKit
    hadolint: ClassVar[tuple[str, ...]] = ()  # hadolint codes that suppress this rule
    preview: ClassVar[bool] = False  # True: runs only with --preview (new, not yet stable)
    # When the fixer applies this rule's fixes: all of an earlier phase first (see FIX_PHASES).
    fix_phase: ClassVar[int] = EDIT
    # A setting that must be true for the rule to run ("cache-mounts"): its fix changes how
    # the image is built, which a user asks for.
    opt_in: ClassVar[str] = ""
    # The applicabilities its fixes can have, when fewer than all (a rule whose fixes are
    # all unsafe): ``dopt fix`` runs only the rules that may give a fix it applies until
    # the fixed point, and the others once there (``fix_kinds``).
    fix_kinds_declared: ClassVar[frozenset[str] | None] = None

    def check(self, ctx: Context) -> Iterator[Finding]:
        raise NotImplementedError


_ALL_KINDS = frozenset((SAFE, UNSAFE, DISPLAY))


def fix_kinds(rule: Rule) -> frozenset[str]:
    """The applicabilities the rule's fixes can have (none for a rule without fixes)."""
    if rule.fix_availability == FixAvailability.NEVER:
        return frozenset()
    declared = rule.fix_kinds_declared
    return _ALL_KINDS if declared is None else declared


def fix_label(rule: Rule) -> str:
    """The one word `dopt rules` and the README show for a rule's fix: ``safe``/``unsafe``/
    ``display`` for a rule that always has one, ``sometimes`` (where its preconditions are
    proven), or ``none``."""
    if rule.fix_availability == FixAvailability.NEVER:
        return "none"
    if rule.fix_availability == FixAvailability.SOMETIMES:
        return "sometimes"
    return rule.fix_applicability.value


def applied_by_fix(applicability: str, unsafe: bool) -> bool:
    """Does ``dopt fix`` (``--unsafe-fixes`` or not) apply a fix of this applicability?
    A display-only fix never."""
    return applicability == SAFE or (unsafe and applicability == UNSAFE)
