"""The same-step cleanup rules' shared engine (DOP102-DOP107).

A package manager leaves caches (apt lists, apk indexes, yum/dnf metadata, pip/npm caches)
in the layer of the RUN that used it; only that RUN can delete them.  Each rule names its
manager's trigger, where its cache lives and the command that clears it; the engine proves
that appending the cleanup is safe (POSIX shell, root, no early exit or background job, no
cache mount over the folder, and no later RUN that still needs the cache) and appends it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from optimizer.analysis.shell import ShellScript
from optimizer.rules.base import SAFE, Context, Edit, Finding, Fix, Rule
from optimizer.rules.common import analyze_run, appended, covered_by_cache_mount, why_not_appendable


class CacheCleanupRule(Rule):
    fix = "sometimes"
    cache_paths: ClassVar[tuple[str, ...]]
    cleanup: ClassVar[str]  # shell text appended with &&
    what: ClassVar[str]  # what is left behind, for messages

    def triggered(self, script: ShellScript) -> bool:
        """Does this script fill the cache?"""
        raise NotImplementedError

    def cleaned(self, script: ShellScript) -> bool:
        """Does it already clear it (after filling it)?"""
        raise NotImplementedError

    def later_need(self, ctx: Context, index: int) -> str | None:
        """Why a later step still needs the cache (None: nothing needs it)."""
        return None

    def env_disables(self, ctx: Context, index: int) -> bool:
        """An ENV in scope already turns the cache off."""
        return False

    def check(self, ctx: Context) -> Iterator[Finding]:
        for index, inst in ctx.instructions():
            run = analyze_run(inst)
            if run is None:
                continue
            _, script = run
            if not self.triggered(script) or self.cleaned(script):
                continue
            if covered_by_cache_mount(inst, self.cache_paths) or self.env_disables(ctx, index):
                continue
            message = f"{self.what} stay in this layer: clean up in the same RUN"
            reason = why_not_appendable(ctx, index, script)
            if reason is None and ctx.state(index).user:
                reason = f"it runs as USER {ctx.state(index).user}, who may not delete them"
            if reason is None:
                reason = self.later_need(ctx, index)
            if reason is not None:
                yield ctx.finding(self, index, f"{message} (not fixed: {reason})")
                continue
            fix = Fix(
                SAFE,
                (Edit(index, index + 1, appended(ctx, index, self.cleanup)),),
                f"append `{self.cleanup}`",
            )
            yield ctx.finding(self, index, message, fix)


def runs_manager(script: ShellScript, managers: frozenset[str], actions: frozenset[str]) -> bool:
    return any(op.manager in managers and op.action in actions for op in script.package_ops)


def removes(script: ShellScript, prefix: str) -> bool:
    """Does some `rm` delete this folder or everything in it?"""
    for cmd in script.commands:
        if cmd.name != "rm":
            continue
        for word in cmd.argv[1:]:
            text = word.text.strip("'\"")
            if text.rstrip("/*").rstrip("/") == prefix.rstrip("/"):
                return True
    return False
