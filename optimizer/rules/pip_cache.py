"""DOP106: `pip install` without `--no-cache-dir`."""

from __future__ import annotations

from collections.abc import Iterator

from optimizer import cst
from optimizer.analysis.shell import PackageOp, ShellScript
from optimizer.analysis.stages import is_posix_shell
from optimizer.emit import newline_style
from optimizer.rewrite import logical_to_raw, render, script_offset
from optimizer.rules.apk_cache import removes_home, run_script
from optimizer.rules.base import SAFE, Context, Edit, Finding, Fix, Rule
from optimizer.rules.common import cache_mount_targets, word_end

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
        for index, inst in ctx.instructions():
            found = run_script(inst)
            if found is None:
                continue
            script, unedited = found
            commands = [op.command for op in script.package_ops if caches(op)]
            if not commands or exported(script) or cleaned(script):
                continue
            env = ctx.state(index).env
            if "PIP_NO_CACHE_DIR" in env or self._mounted(inst, env):
                continue
            message = f"pip's download cache (~/.cache/pip) stays in this layer: use `{FLAG}`"
            reason = unedited or self._why_not(ctx, index, script)
            offsets = [word_end(script.source, c.start, c.end, "install") for c in commands]
            if reason is None and -1 in offsets:
                reason = "dopt could not find the `install` word in the pip command"
            if reason is not None:
                yield ctx.finding(self, index, f"{message} (not fixed: {reason})")
                continue
            fix = Fix(
                SAFE,
                (Edit(index, index + 1, _inserted_all(ctx, index, offsets, " " + FLAG)),),
                f"add `{FLAG}` to `pip install`",
            )
            yield ctx.finding(self, index, message, fix)

    @staticmethod
    def _mounted(inst: cst.Instruction, env: tuple[str, ...]) -> bool:
        targets = cache_mount_targets(inst)
        if targets and "PIP_CACHE_DIR" in env:
            return True  # we know the variable's name, not where it points: assume there
        # Any user's ~/.cache or ~/.cache/pip (root's, and the USER's home).
        return any(t.endswith(("/.cache", "/.cache/pip")) or t in ("/root", "/") for t in targets)

    @staticmethod
    def _why_not(ctx: Context, index: int, script: ShellScript) -> str | None:
        if ctx.windows:
            return "this file uses the Windows escape character"
        if not is_posix_shell(ctx.state(index).shell):
            return "a SHELL instruction sets a shell that is not POSIX sh or bash"
        if not script.ok:
            return "its shell command could not be parsed"
        return None


def _inserted_all(ctx: Context, index: int, offsets: list[int], text: str) -> str:
    """Like ``common.inserted``, at several script offsets (applied last first, so the
    earlier offsets stay valid)."""
    inst = ctx.instruction(index)
    nl = newline_style(ctx.tree)
    base = script_offset(inst)
    code = inst.code
    for at in sorted(set(offsets), reverse=True):
        raw = logical_to_raw(inst, base + at)
        code = code[:raw] + text + code[raw:]
    return render(code[len(inst.indent) :], inst.escape, nl, ctx.style)


RULE = PipCache()
