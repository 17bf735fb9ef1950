"""DOP307: `apt-get install` in a RUN that did not run `apt-get update` first."""

from __future__ import annotations

from collections.abc import Iterator

from optimizer.analysis import package_managers
from optimizer.lint.rules.base import UNSAFE, Context, Finding, FixAvailability, Rule
from optimizer.lint.rules.common import (
    covered_by_cache_mount,
    insertion_finding,
    manager_word,
    run_script,
    run_scripts,
    word_spans,
)
from optimizer.regexes import rx
from optimizer.syntax import cst

APT_MANAGERS = package_managers.command_names(package_managers.APT)
# What may stand before a command that `apt-get update && ` can go in front of without
# changing what the command is part of (not a pipe, not `||`).
_LIST_START = rx(r"(?:\A|&&|;|\b(?:then|do|else)|[({])\s*\Z")


class AptInstallWithoutUpdate(Rule):
    code = "DOP307"
    name = "apt-install-without-update"
    summary = "`apt-get install` without `apt-get update` before it in the same RUN"
    why = (
        "Debian and Ubuntu images ship without package lists, so an install in a RUN that did "
        "not fetch them fails; where an earlier RUN fetched them, that layer stays cached and "
        "the install uses old lists. Docker's advice: always run `apt-get update` and "
        "`apt-get install` in the same RUN."
    )
    bad = "FROM debian:bookworm\nRUN apt-get install -y curl\n"
    good = "FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl\n"
    fix_availability = FixAvailability.SOMETIMES
    fix_applicability = UNSAFE
    fix_kinds_declared = frozenset((UNSAFE,))  # every fix it gives is unsafe
    fix_safety = (
        "The fix puts `apt-get update && ` (with the install's own prefix words, such as sudo) "
        "right before the RUN's first install, and is unsafe: the install then gets today's "
        "package versions, and a build that failed for want of lists now succeeds. It is not "
        "offered where the install follows a pipe or `||` (the update would change what the "
        "command is part of), and nothing is reported where a cache mount keeps the lists."
    )
    references = (
        "https://docs.docker.com/build/building/best-practices/#apt-get",
        "https://github.com/hadolint/hadolint/wiki/DL3009",
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        lists = package_managers.APT.index
        folders = lists.folders if lists is not None else ()
        for run in run_scripts(ctx):
            ops = [op for op in run.shell.package_ops if op.manager in APT_MANAGERS]
            m = package_managers.APT
            first = next((op for op in ops if op.action in m.install and op.packages), None)
            if first is None:
                continue
            if any(op.action in m.update and op.command.start < first.command.start for op in ops):
                continue
            if covered_by_cache_mount(ctx.instruction(run.index), folders):
                continue
            if _updated_just_before(ctx, run.index):
                continue  # `RUN apt-get update` then `RUN apt-get install`: DOP101 merges them
            message = (
                f"`{first.manager} {first.action}` runs without `{first.manager} update` "
                "before it in this RUN: the lists are missing or stale"
            )
            reason = run.blocked
            k = manager_word(first)
            spans = word_spans(run.script, first.command)
            before = run.script[: first.command.start]
            if reason is None and (k < 0 or spans is None):
                reason = "dopt cannot find the install's words"
            elif reason is None and not _LIST_START.search(before):
                reason = "the install follows a pipe or `||`"
            insertions = []
            if reason is None and spans is not None:
                words = [run.script[a:b] for a, b in spans[: k + 1]]
                prefix = " ".join(words)
                # Assignments (DEBIAN_FRONTEND=...) go with the install; the update needs none.
                insertions = [(first.command.start, f"{prefix} update && ")]
            yield insertion_finding(
                self,
                ctx,
                run,
                message,
                reason,
                UNSAFE,
                insertions,
                f"run `{first.manager} update` first",
            )


def _updated_just_before(ctx: Context, index: int) -> bool:
    """Is the instruction before this RUN a RUN that runs an apt update (the classic pair
    DOP101 answers by merging: one finding for one problem)?"""
    k = index - 1
    while k >= 0 and not isinstance(ctx.items[k], cst.Instruction):
        k -= 1
    if k < 0:
        return False
    found = run_script(ctx.instruction(k))
    m = package_managers.APT
    return found is not None and any(
        op.manager in APT_MANAGERS and op.action in m.update for op in found[0].package_ops
    )


RULE = AptInstallWithoutUpdate()
