"""Applying fixes until none is left (a fixed point), as Ruff's ``--fix`` does.

Each round lints the current text, takes the fixes the user allows (safe ones; unsafe ones
with ``unsafe``; display-only ones never) that do not touch the same items, applies them to
the items' text, and re-parses.  Untouched items keep their bytes.  A fix whose output does
not parse is a dopt bug: the round is dropped.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from optimizer.analysis.shell.script import file_scope
from optimizer.errors import ParseError
from optimizer.format.style import Style, newline_style
from optimizer.io.fspath import Path  # pathlib.Path without importing pathlib
from optimizer.lint.rules.base import EDIT, UNSAFE, Edit, Finding, Fix, applied_by_fix
from optimizer.lint.runner import Lint, layers, lint
from optimizer.record import Record
from optimizer.syntax import cst, parser
from optimizer.syntax.instruction import parse_items
from optimizer.syntax.parser import parse

MAX_ROUNDS = 50


class FixResult(Record):
    output: str
    applied: tuple[Finding, ...]  # the findings whose fixes were applied, in order
    remaining: tuple[Finding, ...]  # findings left in the output
    layers_before: int
    layers_after: int

    @property
    def unsafe_available(self) -> int:
        return sum(1 for f in self.remaining if f.fix is not None and f.fix.applicability == UNSAFE)


def _applied(findings: list[Finding], unsafe: bool) -> list[Finding]:
    """The findings whose fix ``dopt fix`` (``--unsafe-fixes`` or not) applies."""
    return [
        f for f in findings if f.fix is not None and applied_by_fix(f.fix.applicability, unsafe)
    ]


def _shape(fix: Fix) -> tuple[object, ...]:
    """What equal fixes share, without their texts."""
    where = tuple((e.start, e.end) for e in fix.edits)
    return (fix.applicability, fix.description, fix.edits_comments, where)


def _span(fix: Fix) -> tuple[int, int]:
    return min(e.start for e in fix.edits), max(e.end for e in fix.edits)


def _comments(items: Sequence[cst.Item]) -> list[str]:
    """The comment lines of these items (their own and those inside continuations)."""
    out = []
    for item in items:
        if isinstance(item, cst.Comment):
            out.append(item.text.strip())
        elif isinstance(item, cst.Instruction):
            out.extend(c.strip() for c in item.comments)
    return out


def keep_comments(tree: cst.Dockerfile, fix: Fix) -> Fix:
    """The fix, changed so that no comment line of the items it replaces is lost: one its
    new text does not hold stays as a comment line where its item stood (a RUN a fix deletes
    keeps the comments written inside it).  Comments are never lost, whatever a rule does."""
    if fix.edits_comments:
        return fix
    removed = Counter(c for e in fix.edits for c in _comments(tree.items[e.start : e.end]))
    if not removed:
        return fix
    added: Counter[str] = Counter()
    for edit in fix.edits:
        lines = [line.strip() for line in edit.text.splitlines() if line.strip()]
        if lines and all(line.startswith("#") for line in lines):
            added.update(lines)  # comment lines only (a `# syntax=` line): no file to parse
        elif edit.text:
            try:
                added.update(_comments(parse_items(edit.text, tree.escape)))
            except ParseError:
                return fix  # the round is dropped anyway
    lost = removed - added
    if not lost:
        return fix
    nl = newline_style(tree)
    edits = []
    for edit in fix.edits:
        kept = []
        for comment in _comments(tree.items[edit.start : edit.end]):
            if lost[comment] > 0:
                lost[comment] -= 1
                kept.append(comment + nl)
        text = edit.text
        if kept:
            if text and not text.endswith("\n"):
                text += nl
            # Above the new text (where they stood), unless nothing but comments would be
            # above them: a comment line there could read as a parser directive.
            first = any(isinstance(i, cst.Instruction) for i in tree.items[: edit.start])
            text = "".join(kept) + text if first else text + "".join(kept)
        edits.append(Edit(edit.start, edit.end, text))
    return Fix(fix.applicability, tuple(edits), fix.description, fix.edits_comments)


class _Spans:
    """Taken fixes' spans of item indices (start, end exclusive), for "may this fix be taken
    too?".  Spans that share an item conflict; spans that only touch (one's end is the
    other's start) conflict unless both fixes are ``_Touching`` and their rules are a pair
    in ``TOUCHING``; an empty span (an insertion) conflicts with any span it touches."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.fixes: list[_Touching | None] = []

    def conflicts(self, lo: int, hi: int, fix: _Touching | None) -> bool:
        # The taken spans are disjoint, so sorted by start they are sorted by end too: only
        # the last few starting at or before hi can reach lo.
        k = bisect.bisect_right(self.starts, hi) - 1
        while k >= 0 and self.ends[k] >= lo:
            if not _may_touch(self.starts[k], self.ends[k], self.fixes[k], lo, hi, fix):
                return True
            k -= 1
        return False

    def add(self, lo: int, hi: int, fix: _Touching | None = None) -> None:
        k = bisect.bisect_right(self.starts, lo)
        self.starts.insert(k, lo)
        self.ends.insert(k, hi)
        self.fixes.insert(k, fix)


class _Union:
    """The union of the spans of earlier phases' fixes: spans added during a phase count
    once ``commit`` is called (when the next phase starts), not against each other.  Any
    span that shares or touches one counts as overlapping (a later phase's fix next to an
    earlier phase's waits: the earlier fix may read or change its neighbour)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.new: list[tuple[int, int]] = []

    def add(self, lo: int, hi: int) -> None:
        self.new.append((lo, hi))

    def commit(self) -> None:
        spans = sorted([*zip(self.starts, self.ends, strict=True), *self.new])
        self.new = []
        self.starts, self.ends = [], []
        for lo, hi in spans:
            if self.ends and lo <= self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], hi)
            else:
                self.starts.append(lo)
                self.ends.append(hi)

    def overlaps(self, lo: int, hi: int) -> bool:
        k = bisect.bisect_right(self.starts, hi) - 1
        return k >= 0 and self.ends[k] >= lo


# Pairs of rules whose fixes may be applied in one round when their spans only touch
# (each rewrites one whole instruction, the next one's neighbour): neither fix changes what
# the other's rule reads, nor a RUN's rank (volatility) or a verdict of DOP101, so applying
# them together gives what applying one and then, in the next round, the other (the same
# fix again) gives (two merges: the same commands run, see below).  Each pair is an
# argument, not a guess; a pair's check (given the two fixes, in file order) narrows it to
# the fixes argued for.
# - DOP102 (appends `rm -rf /var/lib/apt/lists/*` to a RUN that runs apt, whose rank stays
#   that of a system package install) reads the later RUNs for apt installs without an
#   update and for scripts run; DOP106's flag fix (adds `--no-cache-dir` to `pip install`:
#   the same commands) reads the earlier RUNs for a pip upgrade.  Neither adds or removes
#   an apt command, a script run or a pip upgrade.  DOP106's other fix, appending
#   `rm -rf ~/.cache/pip`, is left out: that `rm` makes the RUN a build step (its rank).
# - Two DOP101 merges (two chains of RUNs, the last of one next to the first of the other):
#   a merge's text and its verdicts read only its own RUNs, the comments between them, the
#   build state (no instruction stands between two touching chains, so it is one state) and
#   the stage; neither merge changes any of these for the other, so each stays a merge DOP101
#   proves for its chain.  One merge a round can group the RUNs otherwise: the second chain
#   may join the first's merged RUN, or a reorder (DOP201) the first merge brings may move
#   one of its RUNs before it merges (one corpus file of 2,602, with --unsafe-fixes).  Each
#   merged RUN still runs what its RUNs ran: the grouping differs, never what runs.
# A merge is in no other pair: whether it merges reads its neighbours, and another rule's
# fix there can change that (or bring a reorder that takes the RUN first).
TouchCheck = Callable[["_Touching", "_Touching"], bool]
TOUCHING: dict[frozenset[str], TouchCheck | None] = {
    frozenset({"DOP102", "DOP106"}): lambda left, right: all(
        t.description == _PIP_FLAG_FIX for t in (left, right) if t.code == "DOP106"
    ),
    frozenset({"DOP101"}): None,
}
_PIP_FLAG_FIX = "add `--no-cache-dir` to `pip install`"  # DOP106's flag fix


class _Touching(Record):
    """A fix that may share a boundary with another fix (``TOUCHING``): one edit that
    rewrites whole items."""

    code: str
    description: str
    edit: Edit


def _touching(f: Finding) -> _Touching | None:
    assert f.fix is not None
    edits = f.fix.edits
    if len(edits) != 1 or edits[0].start >= edits[0].end:
        return None  # several edits, or an insertion (where does it go: before or after?)
    return _Touching(f.code, f.fix.description, edits[0])


def _may_touch(
    lo: int,
    hi: int,
    fix: _Touching | None,
    lo2: int,
    hi2: int,
    fix2: _Touching | None,
) -> bool:
    """May the fixes over [lo, hi) and [lo2, hi2) (which share or touch) go in one round?"""
    if not (hi == lo2 or hi2 == lo):
        return False  # they share an item (or one is empty and inside the other)
    left, right = (fix, fix2) if hi == lo2 else (fix2, fix)
    if left is None or right is None:
        return False
    pair = frozenset({left.code, right.code})
    if pair not in TOUCHING:
        return False
    check = TOUCHING[pair]
    # Each writes whole lines: the left's text does not run into the right's (the texts are
    # made here, but only for a fix about to be taken).
    return all(t.edit.text.endswith("\n") for t in (left, right)) and (
        check is None or check(left, right)
    )


_PHASES: dict[str, int] = {}


def _phase(code: str) -> int:
    """The fix phase of a rule (base.REORDER ... base.EDIT)."""
    if not _PHASES:
        from optimizer.lint.rules import all_rules

        _PHASES.update({r.code: r.fix_phase for r in all_rules()})
    return _PHASES.get(code, EDIT)


def apply_fixes(tree: cst.Dockerfile, fixes: Iterable[Fix]) -> str:
    """The text of ``tree`` with the (non-overlapping) fixes' edits applied."""
    return _joined(tree, _chunks(tree, fixes))


def _joined(tree: cst.Dockerfile, chunks: list[tuple[str, cst.Item | None]]) -> str:
    """The fixed text of ``_chunks``' pieces: a round makes them once, for this and for
    ``_reparse``."""
    return tree.bom + "".join(text for text, _ in chunks)


def _chunks(tree: cst.Dockerfile, fixes: Iterable[Fix]) -> list[tuple[str, cst.Item | None]]:
    """The fixed text in pieces, in order: (an item's text, the item) where the item stays
    as it was, (text, None) for what the edits wrote or removed ("")."""
    starts: dict[int, list] = {}
    for fix in fixes:
        for edit in fix.edits:
            starts.setdefault(edit.start, []).append(edit)
    out: list[tuple[str, cst.Item | None]] = []
    skip_to = -1
    nl = newline_style(tree)
    last = len(tree.items) - 1
    for i, item in enumerate(tree.items):
        for edit in sorted(starts.get(i, []), key=lambda e: e.end):
            out.append((edit.text, None))
            skip_to = max(skip_to, edit.end)
        if i < skip_to:
            out.append(("", None))
            continue
        code = item.code
        if i == last or code.endswith("\n"):
            out.append((code, item))
        else:
            out.append((code + nl, None))
    for edit in starts.get(len(tree.items), []):
        out.append((edit.text, None))
    return out


# Tests set it: each incremental parse is compared with a parse of the whole text.
_VERIFY = False
# Tests set it: each round's findings with a fix it applies, and the fixed point's findings,
# are compared with a lint of every rule.
_VERIFY_SPLIT = False
_TAIL = "RUN x\n"  # ends each piece parsed alone, so a piece of comments alone parses too


def _reparse(
    tree: cst.Dockerfile, chunks: list[tuple[str, cst.Item | None]], text: str
) -> cst.Dockerfile:
    """The parse of the fixed text: the items no edit touched are kept, and only the runs of
    text the edits wrote are parsed (a fix round changes a few of a file's instructions, and
    parsing the whole file again each round was a fifth of ``dopt fix``).  A piece that might
    read differently alone (at the file's head, where parser directives are, or one that
    runs on: an open continuation, a heredoc) is not: then the whole text is parsed."""
    if tree.bom + "".join(t for t, _ in chunks) != text:
        return parse(text)  # not the chunks' text (a test's broken fix)
    items = _reparse_items(tree, chunks)
    if items is None or tree.bom + "".join(i.code for i in items) != text:
        return parse(text)
    result = cst.Dockerfile(tuple(items), tree.bom, tree.escape)
    parser.remember(text, result)  # what parse(text) gives: fix parses its output again
    if _VERIFY:
        whole = parse(text)
        assert result == whole, "the incremental parse differs from the whole file's"
        assert [i.model for i in result.instructions] == [i.model for i in whole.instructions]
    return result


def _reparse_items(
    tree: cst.Dockerfile, chunks: list[tuple[str, cst.Item | None]]
) -> list[cst.Item] | None:
    items: list[cst.Item] = []
    piece: list[str] = []
    for text, item in [*chunks, ("", _END)]:
        if item is None:
            piece.append(text)
            continue
        if piece:
            written = "".join(piece)
            piece = []
            if written:
                if not any(isinstance(i, cst.Instruction) for i in items):
                    return None  # the head: directives, and the first instruction
                if not items[-1].code.endswith(("\n", "\r")):
                    return None  # the last line before the piece runs into it
                if not written.endswith(("\n", "\r")):
                    return None  # the piece would run into the next line
                parsed = _parse_piece(written, tree.escape)
                if parsed is None:
                    return None
                items.extend(parsed)
        if item is not _END:
            items.append(item)
    return items


_END = cst.Blank("", "")  # a marker past the last chunk


def _parse_piece(text: str, escape: str) -> list[cst.Item] | None:
    """The items of ``text`` read inside a file (after its first instruction), or None when
    reading it alone might not give them: a directive, an instruction left open."""
    prefix = "# escape=`\n" if escape == "`" else ""
    try:
        got = list(parser.parse_uncached(prefix + text + _TAIL).items)
    except ParseError:
        return None
    if prefix:
        if not isinstance(got[0], cst.Directive):
            return None
        got = got[1:]
    if not got or not isinstance(got[-1], cst.Instruction) or got[-1].code != _TAIL:
        return None  # the tail was read into the piece's last instruction
    got = got[:-1]
    for item in got:
        if isinstance(item, cst.Directive):
            return None  # a comment in the file, a directive alone
        if isinstance(item, cst.Instruction) and item.newline == "":
            return None
    return got


def fix_text(
    text: str,
    path: Path | None = None,
    unsafe: bool = False,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    merge_build_stages: bool = False,
    style: Style | None = None,
    tree: cst.Dockerfile | None = None,
    preview: bool = False,
    context: Path | None = None,
    opt_in: frozenset[str] = frozenset(),
) -> FixResult:
    """Fix ``text`` to a fixed point (``tree``: its parse, when the caller has it;
    ``preview``: the preview rules run too; ``context``: the build context, ``--context``;
    ``opt_in``: the opt-in settings that are on)."""
    with file_scope():  # unchanged scripts are analysed once over all the rounds
        return _fix_text(
            text,
            path,
            unsafe,
            select,
            ignore,
            merge_build_stages,
            style,
            tree,
            preview,
            context,
            opt_in,
        )


def _fix_text(
    text: str,
    path: Path | None,
    unsafe: bool,
    select: Iterable[str],
    ignore: Iterable[str],
    merge_build_stages: bool,
    style: Style | None,
    tree: cst.Dockerfile | None,
    preview: bool,
    context: Path | None,
    opt_in: frozenset[str],
    split: bool = True,
) -> FixResult:
    """``split``: each round runs only the rules that may give a fix it applies, and the
    fixed point the others too (``runner.Lint``); False: every rule each round."""
    select, ignore = tuple(select), tuple(ignore)
    start = tree if tree is not None else parse(text)
    tree = start
    before: int | None = None  # of the first round's tree (its Context has the stages)
    applied: list[Finding] = []
    remaining: list[Finding] | None = None  # the findings on ``tree``, when a round has them
    for _ in range(MAX_ROUNDS):
        run = Lint(tree, path, select, ignore, merge_build_stages, style, preview, context, opt_in)
        findings = run.fixable(unsafe) if split else run.findings()
        if before is None:
            before = layers(run.ctx)
        if _VERIFY_SPLIT and split:
            full = lint(
                tree, path, select, ignore, merge_build_stages, style, preview, context, opt_in
            )
            assert _applied(findings, unsafe) == _applied(full, unsafe), "a round lost a fix"
        chosen: list[Finding] = []
        # The fixes taken, in order, by shape (one fix may answer several findings, and
        # comparing each with all taken before made large files quadratic; the shape, not
        # the fix's hash, so that the texts of fixes not taken are never made).
        fixes: dict[tuple[object, ...], list[Fix]] = {}
        order: list[Fix] = []
        taken = _Spans()
        # Items an earlier phase's fix will rewrite (taken this round or not): a later
        # phase's fix waits for them, so a RUN about to be merged is cleaned once, after.
        pending = _Union()
        phase = -1
        # A display-only fix is a suggestion: never applied, not even with --unsafe-fixes.
        applicable = _applied(findings, unsafe)
        for f in sorted(applicable, key=lambda f: _phase(f.code)):  # stable: file order kept
            assert f.fix is not None
            if _phase(f.code) != phase:
                phase = _phase(f.code)
                pending.commit()
            shape = _shape(f.fix)
            if any(g is f.fix or g == f.fix for g in fixes.get(shape, ())):
                chosen.append(f)  # one fix answering several findings (a chain of merges)
                continue
            lo, hi = _span(f.fix)
            pending.add(lo, hi)
            if pending.overlaps(lo, hi):
                continue
            touching = _touching(f)
            if taken.conflicts(lo, hi, touching):
                continue
            taken.add(lo, hi, touching)
            fixes.setdefault(shape, []).append(f.fix)
            order.append(f.fix)
            chosen.append(f)
        if not chosen:
            if split and run.missed(unsafe):
                # A rule left out of the rounds gave a fix they would have applied (a wrong
                # ``fix_kinds_declared``): the rounds start again with every rule.
                return _fix_text(
                    text,
                    path,
                    unsafe,
                    select,
                    ignore,
                    merge_build_stages,
                    style,
                    start,
                    preview,
                    context,
                    opt_in,
                    split=False,
                )
            remaining = run.findings()  # the fixed point: what lint gives on this tree
            after = layers(run.ctx)
            if _VERIFY_SPLIT and split:
                assert remaining == full, "the fixed point's findings differ from lint's"
            break
        kept = [keep_comments(tree, fix) for fix in order]
        try:
            chunks = _chunks(tree, kept)
            tree = _reparse(tree, chunks, _joined(tree, chunks))
        except ParseError as exc:
            codes = ", ".join(sorted({f.code for f in chosen}))
            raise RuntimeError(
                f"dopt bug: fixes {codes} produced text that does not parse: {exc}"
            ) from None
        applied.extend(chosen)
    if remaining is None:  # the round limit: lint the last round's output
        remaining = lint(
            tree, path, select, ignore, merge_build_stages, style, preview, context, opt_in
        )
        after = layers(tree)
    if before is None:  # no round ran
        before = layers(start)
    return FixResult(tree.code, tuple(applied), tuple(remaining), before, after)
