"""No comment is ever lost: every comment line of the input is in the output of `dopt fmt`
and `dopt fix` (safe tier and --unsafe-fixes), with the same text, in the same order.

Counted over every corpus file for fmt and the safe fixes (a sample for the unsafe tier, to
keep the run short), and over corpus RUNs with comment lines (and empty continuation lines)
inserted at random places inside their continuations.
"""

from __future__ import annotations

import random
from collections import Counter
from functools import cache
from pathlib import Path

from conftest import fixed_corpus, formatted_corpus, needs_corpus, parsed_corpus, rel
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import optimizer
from optimizer.format.formatter import format_text
from optimizer.lint.fixer import FixResult, apply_fixes, fix_text, keep_comments
from optimizer.lint.rules.base import Edit, Fix
from optimizer.syntax import cst

MOVES = "DOP201"  # the one rule that moves instructions (with the comments above them)
UNSAFE_SAMPLE = 400  # files of the corpus fixed with --unsafe-fixes (fixed seed)


def comment_groups(tree: cst.Dockerfile) -> list[list[str]]:
    """Comment lines (directives too), stripped, grouped by the instruction they belong to:
    the comment lines above it and those inside its continuations.  The last group holds
    the comments after the last instruction."""
    groups: list[list[str]] = [[]]
    for item in tree.items:
        if isinstance(item, (cst.Comment, cst.Directive)):
            groups[-1].append(item.code.strip())
        elif isinstance(item, cst.Instruction):
            groups[-1].extend(c.strip() for c in item.comments)
            groups.append([])
    return groups


def comment_lines(text: str) -> list[str]:
    return [c for group in comment_groups(optimizer.parse(text)) for c in group]


def _is_subsequence(needle: list[str], hay: list[str]) -> bool:
    it = iter(hay)
    return all(any(c == h for h in it) for c in needle)


def lost_comments(before: str | cst.Dockerfile, after: str, moved: bool = False) -> str | None:
    """What went wrong with the comments from ``before`` to ``after`` (None: nothing).

    Without moves the comment lines must be the same sequence; where an instruction moved
    (with the comments above it) the same multiset, each instruction's comments in order.
    """
    groups = comment_groups(optimizer.parse(before) if isinstance(before, str) else before)
    old = [c for group in groups for c in group]
    new = comment_lines(after)
    if Counter(old) != Counter(new):
        lost = list((Counter(old) - Counter(new)).elements())
        added = list((Counter(new) - Counter(old)).elements())
        return f"lost {lost[:3]}, added {added[:3]}"
    if moved:
        for group in groups:
            if not _is_subsequence(group, new):
                return f"reordered {group[:3]}"
    elif old != new:
        return "comment lines reordered"
    return None


def _moved(result: FixResult) -> bool:
    return any(f.code == MOVES for f in result.applied)


# --------------------------------------------------------------------------------- corpus


@needs_corpus
def test_fmt_keeps_every_comment_line() -> None:
    bad = []
    for (path, _, tree), (_, _, out) in zip(parsed_corpus(), formatted_corpus(), strict=True):
        problem = lost_comments(tree, out)
        if problem is not None:
            bad.append(f"{rel(path)}: {problem}")
    assert bad == []


@needs_corpus
def test_safe_fix_keeps_every_comment_line() -> None:
    bad = []
    for (path, _, tree), (_, _, result) in zip(parsed_corpus(), fixed_corpus(), strict=True):
        problem = lost_comments(tree, result.output, _moved(result))
        if problem is not None:
            bad.append(f"{rel(path)}: {problem}")
    assert bad == []


@needs_corpus
def test_unsafe_fix_keeps_every_comment_line() -> None:
    corpus = parsed_corpus()
    sample = random.Random(7).sample(corpus, min(UNSAFE_SAMPLE, len(corpus)))
    bad = []
    for path, text, tree in sample:
        result = fix_text(text, path=path, unsafe=True, tree=tree)
        problem = lost_comments(tree, result.output, _moved(result))
        if problem is not None:
            bad.append(f"{rel(path)}: {problem}")
    assert bad == []


def test_the_check_sees_a_lost_or_moved_comment() -> None:
    text = "FROM a\n# one\nRUN x \\\n  # two\n  && y\n# three\nCOPY . .\n"
    assert lost_comments(text, text) is None
    assert lost_comments(text, text.replace("  # two\n", "")) is not None
    swapped = "FROM a\n# three\nRUN x \\\n  # two\n  && y\n# one\nCOPY . .\n"
    assert lost_comments(text, swapped) is not None
    assert lost_comments(text, swapped, moved=True) is not None
    block_moved = "FROM a\n# three\nCOPY . .\n# one\nRUN x \\\n  # two\n  && y\n"
    assert lost_comments(text, block_moved) is not None
    assert lost_comments(text, block_moved, moved=True) is None


# ---------------------------------------------------------------- comments put into RUNs


@cache
def _multiline_runs() -> list[tuple[Path, str, int]]:
    """(path, text, item index) of shell-form RUNs with continuations, a fixed sample."""
    found = []
    for path, text, tree in parsed_corpus():
        for index, item in enumerate(tree.items):
            if (
                isinstance(item, cst.Instruction)
                and item.keyword == "RUN"
                and not item.heredocs
                and not item.is_json
                and any(isinstance(p, cst.Continuation) for p in item.parts)
            ):
                found.append((path, text, index))
    return random.Random(11).sample(found, min(400, len(found)))


INSERTS = [
    "# note {n}",
    "    # note {n}",
    "\t# note {n}",
    "#note {n} && echo not-run \\",
]


@st.composite
def commented(draw: st.DrawFn) -> tuple[Path, str]:
    """A corpus file with comment lines (and empty or blank continuation lines) inserted
    after some continuation lines of one of its RUNs."""
    runs = _multiline_runs()
    path, text, index = runs[draw(st.integers(0, len(runs) - 1))]
    tree = optimizer.parse(text)
    start = len(tree.bom) + sum(len(item.code) for item in tree.items[:index])
    inst = tree.items[index]
    lines = inst.code.splitlines(keepends=True)
    escape = inst.escape
    # Physical lines that end in the escape character: a line put after one of them is
    # inside the RUN's continuation.
    after = [
        i for i, line in enumerate(lines) if line.rstrip("\r\n").rstrip(" \t").endswith(escape)
    ]
    chosen = draw(st.lists(st.sampled_from(after), min_size=1, max_size=4))
    nl = "\r\n" if lines[0].endswith("\r\n") else "\n"
    n = 0
    for i in sorted(chosen, reverse=True):
        new = []
        for _ in range(draw(st.integers(1, 3))):
            kind = draw(st.sampled_from(["comment", "comment", "empty", "escape"]))
            if kind == "comment":
                n += 1
                new.append(draw(st.sampled_from(INSERTS)).format(n=n) + nl)
            elif kind == "empty":
                new.append(nl)
            else:
                new.append("    " + escape + nl)  # `\` alone: an empty continuation line
        lines[i + 1 : i + 1] = new
    assert text[start : start + len(inst.code)] == inst.code
    return path, text[:start] + "".join(lines) + text[start + len(inst.code) :]


@needs_corpus
@settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(commented())
def test_comments_inserted_into_runs_survive(case: tuple[Path, str]) -> None:
    path, text = case
    try:
        optimizer.parse(text)
    except optimizer.ParseError:
        return  # e.g. a line put after an escape that ends a heredoc marker line
    out = format_text(text)
    assert lost_comments(text, out) is None
    assert format_text(out) == out
    for unsafe in (False, True):
        result = fix_text(text, path=path, unsafe=unsafe)
        assert lost_comments(text, result.output, _moved(result)) is None, unsafe


# ------------------------------------------------------- the fixer's own guarantee


def _fixed(text: str, *edits: Edit) -> str:
    tree = optimizer.parse(text)
    return apply_fixes(tree, [keep_comments(tree, Fix("safe", edits, "test"))])


KEEP = "FROM a\n# above\nRUN x \\\n    # inside\n    && y\nCMD z\n"


def test_a_deleted_instruction_leaves_its_comments() -> None:
    assert _fixed(KEEP, Edit(2, 3, "")) == "FROM a\n# above\n# inside\nCMD z\n"


def test_a_rewrite_that_drops_a_comment_keeps_it_above() -> None:
    out = _fixed(KEEP, Edit(2, 3, "RUN x && y\n"))
    assert out == "FROM a\n# above\n# inside\nRUN x && y\nCMD z\n"


def test_moved_comments_are_not_doubled() -> None:
    # A move (as DOP201 makes): the moved text holds the comments it takes away.
    out = _fixed(KEEP, Edit(1, 1, "# above\nRUN x \\\n    # inside\n    && y\n"), Edit(1, 3, ""))
    assert out == KEEP
    assert lost_comments(KEEP, out) is None


def test_no_comment_becomes_a_directive() -> None:
    # Nothing but comments above the edit: kept comments go below the new text.
    text = "RUN x \\\n    # escape=`\n    && y\nFROM a\n"
    out = _fixed(text, Edit(0, 1, "RUN x && y\n"))
    assert out == "RUN x && y\n# escape=`\nFROM a\n"
