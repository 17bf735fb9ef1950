"""DOP106: `pip install` without `--no-cache-dir`."""

from __future__ import annotations

from collections.abc import Iterator

from optimizer import cst
from optimizer.analysis.shell import PackageOp, ShellScript
from optimizer.rules.base import SAFE, Context, Finding, Rule
from optimizer.rules.cache_cleanup import removes_home
from optimizer.rules.common import action_end, cache_mount_targets, insertion_finding, run_scripts

FLAG = "--no-cache-dir"


def disabled_by(words: tuple[str, ...]) -> bool:
    return any(w.startswith("PIP_NO_CACHE_DIR=") for w in words)


def caches(op: PackageOp) -> bool:
    """Does this pip command write its download cache?"""
    if op.manager != "pip" or op.action != "install":
        return False
    # pip accepts unambiguous prefixes of long options (`--no-cache`); an explicit
    # --cache-dir is a deliberate choice left alone.
    if any(o.startswith(("--no-cache", "--cache-dir")) for o in op.options):
        return False
    words = tuple(w.literal or w.text for w in op.command.argv)
    return not disabled_by(op.command.assignments + words)


def exported(script: ShellScript) -> bool:
    """`export PIP_NO_CACHE_DIR=1` somewhere in the script."""
    return any(
        c.name in ("export", "declare", "typeset")
        and disabled_by(tuple(w.literal or w.text for w in c.argv))
        for c in script.commands
    )


def cleaned(script: ShellScript) -> bool:
    return removes_home(script, ".cache/pip") or any(
        op.manager == "pip" and op.action == "cache" and op.packages[:1] == ("purge",)
        for op in script.package_ops
    )


class PipCache(Rule):
    code = "DOP106"
    name = "pip-cache-not-disabled"
    summary = "`pip install` without `--no-cache-dir` leaves its download cache in the layer"
    why = (
        "pip keeps every wheel it downloads or builds in ~/.cache/pip, often tens or "
        "hundreds of MB that the image never uses again. Deleting the folder in a later RUN "
        "does not shrink the image: the layer that wrote it keeps it. dopt adds "
        "`--no-cache-dir` after each `pip install` that lacks it. It leaves the RUN alone "
        "when PIP_NO_CACHE_DIR is set, when a cache mount holds the cache, or when the RUN "
        "deletes the cache itself, and does not edit RUNs in exec form, heredocs, RUNs under "
        "a SHELL that is not POSIX sh or bash, or files for Windows images."
    )
    bad = "RUN pip install -r requirements.txt\n"
    good = "RUN pip install --no-cache-dir -r requirements.txt\n"
    fix = "sometimes"
    hadolint = ("DL3042",)

    def check(self, ctx: Context) -> Iterator[Finding]:
        for run in run_scripts(ctx):
            script = run.shell
            ops = [op for op in script.package_ops if caches(op)]
            if not ops or exported(script) or cleaned(script):
                continue
            inst = ctx.instruction(run.index)
            env = ctx.state(run.index).env
            if "PIP_NO_CACHE_DIR" in env or self._mounted(inst, env):
                continue
            message = f"pip's download cache (~/.cache/pip) stays in this layer: use `{FLAG}`"
            reason = run.blocked
            ends = [action_end(run, op) for op in ops]
            if reason is None and None in ends:
                reason = "dopt could not find the `install` word in the pip command"
            insertions = [(end, " " + FLAG) for end in ends if end is not None]
            yield insertion_finding(
                self, ctx, run, message, reason, SAFE, insertions, f"add `{FLAG}` to `pip install`"
            )

    @staticmethod
    def _mounted(inst: cst.Instruction, env: tuple[str, ...]) -> bool:
        targets = cache_mount_targets(inst)
        if targets and "PIP_CACHE_DIR" in env:
            return True  # we know the variable's name, not where it points: assume there
        # Any user's ~/.cache or ~/.cache/pip (root's, and the USER's home).
        return any(t.endswith(("/.cache", "/.cache/pip")) or t in ("/root", "/") for t in targets)


RULE = PipCache()
