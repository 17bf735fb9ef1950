"""Helpers the rules share: reading a RUN's shell, proving a command can be appended,
and building the fixed text."""

from __future__ import annotations

from optimizer import cst
from optimizer.analysis.shell import ShellScript, analyze
from optimizer.analysis.stages import is_posix_shell
from optimizer.emit import newline_style
from optimizer.rewrite import continuation, head, raw_args, render
from optimizer.rules.base import Context


def shell_of(inst: cst.Instruction) -> str | None:
    """The shell-form script of a RUN (None for exec form or heredocs)."""
    if inst.keyword != "RUN" or inst.is_json or inst.heredocs or inst.markers:
        return None
    return inst.values[0] if inst.values else ""


def cache_mount_targets(inst: cst.Instruction) -> list[str]:
    out = []
    for flag in inst.flags:
        if not flag.startswith("--mount="):
            continue
        opts = dict(part.partition("=")[::2] for part in flag[len("--mount=") :].split(",") if part)
        if opts.get("type") == "cache":
            target = opts.get("target") or opts.get("dst") or opts.get("destination")
            if target:
                out.append(target.rstrip("/") or "/")
    return out


def covered_by_cache_mount(inst: cst.Instruction, paths: tuple[str, ...]) -> bool:
    """Is any of these cache folders (or a parent of it) a cache mount of this RUN?"""
    for target in cache_mount_targets(inst):
        for path in paths:
            if path == target or path.startswith(target + "/") or target.startswith(path + "/"):
                return True
    return False


def why_not_appendable(ctx: Context, index: int, script: ShellScript) -> str | None:
    """Why a command appended with `&&` might not run as the script's last step (or None)."""
    if ctx.windows:
        return "this file uses the Windows escape character"
    if not is_posix_shell(ctx.state(index).shell):
        return "a SHELL instruction sets a shell that is not POSIX sh or bash"
    if not script.ok:
        return "its shell command could not be parsed"
    if script.background:
        return "its command starts a background job (&)"
    if script.early_exit:
        return f"its command may end early ({script.early_exit[0]})"
    if script.comment:
        return "its command contains a shell comment (#), which would swallow what follows"
    return None


def appended(ctx: Context, index: int, command: str) -> str:
    """The RUN at ``index`` with ``&& command`` added at its end, in the formatter's style."""
    inst = ctx.instruction(index)
    nl = newline_style(ctx.tree)
    pad = " " * ctx.style.indent
    text = head(inst) + " " + raw_args(inst) + " &&" + continuation(inst.escape, nl, pad)
    return render(text + command + nl, inst.escape, nl, ctx.style)


def analyze_run(inst: cst.Instruction) -> tuple[str, ShellScript] | None:
    script = shell_of(inst)
    if script is None:
        return None
    return script, analyze(script)


def inserted(ctx: Context, index: int, at: int, text: str) -> str:
    """The RUN at ``index`` with ``text`` inserted at offset ``at`` of its shell script
    (offsets as in ``analyze(script)``: ``Command.start``/``end``), in the formatter's style."""
    from optimizer.rewrite import logical_to_raw, script_offset

    inst = ctx.instruction(index)
    nl = newline_style(ctx.tree)
    raw = logical_to_raw(inst, script_offset(inst) + at)
    code = inst.code
    new = code[:raw] + text + code[raw:]
    return render(new[len(inst.indent) :], inst.escape, nl, ctx.style)


def word_end(script: str, command_start: int, command_end: int, word: str, nth: int = 0) -> int:
    """Offset just after the ``nth`` occurrence of the whole word ``word`` in a command."""
    import re

    pattern = re.compile(r"(?<![^\s;&|(])" + re.escape(word) + r"(?![^\s;&|)])")
    matches = list(pattern.finditer(script, command_start, command_end))
    return matches[nth].end() if len(matches) > nth else -1
