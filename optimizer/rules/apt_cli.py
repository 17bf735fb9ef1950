"""DOP302: `apt` (the interactive front end) used in a RUN instead of `apt-get`.

This module also holds what the apt rules (DOP301-DOP303, DOP306) share: finding the shell
scripts of RUNs, locating a command's words in its script, and inserting text there.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator

from optimizer import cst
from optimizer.analysis.shell import Command, PackageOp, ShellScript, Word, analyze
from optimizer.analysis.stages import is_posix_shell
from optimizer.emit import newline_style
from optimizer.record import Record
from optimizer.rewrite import logical_to_raw, render, script_offset
from optimizer.rules.base import UNSAFE, Context, Edit, Finding, Fix, Rule
from optimizer.rules.common import shell_of

APT = frozenset({"apt-get", "apt"})

# ---------------------------------------------------------------- shared by the apt rules


class RunScript(Record):
    """The shell script one RUN runs, and why its text may not be edited (None: it may)."""

    index: int
    script: str
    shell: ShellScript
    blocked: str | None


# `RUN <<EOF` or `RUN bash <<EOF`: the heredoc body is the script.
_HEREDOC_SCRIPT = re.compile(r"(?:(?:/usr)?(?:/bin/)?(?:ba|da)?sh\s+)?<<-?\s*[\"']?\w+[\"']?\s*\Z")
_SHELLS = frozenset({"sh", "bash", "dash", "ash"})


def run_scripts(ctx: Context) -> Iterator[RunScript]:
    """Every RUN whose commands can be read, with the reason a fix may not touch it."""
    for index, inst in ctx.instructions():
        if inst.keyword != "RUN":
            continue
        found = _script_of(inst)
        if found is None:
            continue
        script, blocked = found
        shell = analyze(script)
        if blocked is None:
            blocked = _edit_blocked(ctx, index, shell)
        yield RunScript(index, script, shell, blocked)


def _script_of(inst: cst.Instruction) -> tuple[str, str | None] | None:
    script = shell_of(inst)
    if script is not None:
        return script, None
    if inst.is_json:
        argv = inst.values
        if len(argv) >= 3 and argv[0].rsplit("/", 1)[-1] in _SHELLS and argv[1] == "-c":
            return argv[2], "it is an exec-form (JSON) RUN"
        # Quoted back into one command line so the shell analysis can read it.
        return shlex.join(argv), "it is an exec-form (JSON) RUN"
    if inst.heredocs and inst.values and _HEREDOC_SCRIPT.match(inst.values[0]):
        return inst.heredocs[0].content, "it is a heredoc RUN"
    return None


def _edit_blocked(ctx: Context, index: int, shell: ShellScript) -> str | None:
    if ctx.windows:
        return "this file uses the Windows escape character"
    if not is_posix_shell(ctx.state(index).shell):
        return "a SHELL instruction sets a shell that is not POSIX sh or bash"
    if not shell.ok:
        return "its shell command could not be parsed"
    return None


def apt_ops(run: RunScript, actions: frozenset[str] | None = None) -> list[PackageOp]:
    return [
        op
        for op in run.shell.package_ops
        if op.manager in APT and (actions is None or op.action in actions)
    ]


def word_spans(script: str, cmd: Command) -> list[tuple[int, int]] | None:
    """(start, end) in the script of each of the command's argv words, in order; None when a
    word cannot be found as a whole word (then no fix edits it)."""
    spans = []
    pos = cmd.start
    for word in cmd.argv:
        at = pos
        while True:
            at = script.find(word.text, at, cmd.end)
            if at < 0:
                return None
            end = at + len(word.text)
            # Whole words only: `FOO=apt-get apt-get` must find the second.
            if (at == cmd.start or script[at - 1] in " \t\n") and (
                end == cmd.end or script[end] in " \t\n;&|)<>"
            ):
                break
            at += 1
        spans.append((at, end))
        pos = end
    return spans


def _value(word: Word) -> str:
    return word.literal if word.literal is not None else word.text


def manager_word(op: PackageOp) -> int:
    """Index in ``op.command.argv`` of the package manager itself (after sudo, env...)."""
    for i, word in enumerate(op.command.argv):
        if _value(word).rsplit("/", 1)[-1] == op.manager:
            return i
    return -1


def action_word(op: PackageOp) -> int:
    """Index in ``op.command.argv`` of the action word (`install`, `upgrade`...)."""
    start = manager_word(op)
    if start < 0:
        return -1
    for i in range(start + 1, len(op.command.argv)):
        if _value(op.command.argv[i]) == op.action:
            return i
    return -1


def action_end(run: RunScript, op: PackageOp) -> int | None:
    """Script offset just after the action word, or None if it cannot be found literally."""
    k = action_word(op)
    spans = word_spans(run.script, op.command)
    if k < 0 or spans is None or op.command.argv[k].text != op.action:
        return None  # a quoted or escaped action word: leave it alone
    return spans[k][1]


def with_insertions(ctx: Context, index: int, insertions: list[tuple[int, str]]) -> str:
    """The RUN at ``index`` with each (script offset, text) inserted, in the formatter's
    style; like ``common.inserted`` but several at once, so one fix covers every command."""
    inst = ctx.instruction(index)
    base = script_offset(inst)
    code = inst.code
    # From the end backwards so earlier offsets stay valid.
    for at, text in sorted(insertions, reverse=True):
        raw = logical_to_raw(inst, base + at)
        code = code[:raw] + text + code[raw:]
    return render(code[len(inst.indent) :], inst.escape, newline_style(ctx.tree), ctx.style)


def chain_before(ctx: Context, index: int) -> list[int]:
    """Instructions that ran before this one into the same image: earlier in its stage and
    in the stages it is built FROM."""
    stage = ctx.stages.stage(index)
    if stage is None:
        return []
    out = [i for i in stage.items if i < index]
    k = stage.base_stage
    seen: set[int] = set()
    while k is not None and k not in seen:
        seen.add(k)
        base = ctx.stages.stages[k]
        out = list(base.items) + out
        k = base.base_stage
    return out


def config_mentions(ctx: Context, run: RunScript, op: PackageOp, pattern: re.Pattern[str]) -> bool:
    """Does apt configuration matching ``pattern`` show before this command: in an earlier
    instruction of the image (an `echo ... > /etc/apt/apt.conf.d/...`, a heredoc) or earlier
    in the same script?"""
    if pattern.search(run.script[: op.command.start]):
        return True
    return any(pattern.search(ctx.items[i].code) for i in chain_before(ctx, run.index))


def hidden_config(ctx: Context, run: RunScript, op: PackageOp) -> str | None:
    """Apt configuration dopt cannot read that may change the command's defaults."""
    for option in op.options:
        if option in ("-c", "--config-file") or option.startswith(("-c=", "--config-file=")):
            return f"`{option}` loads a configuration file dopt cannot read"
    for i in chain_before(ctx, run.index):
        inst = ctx.items[i]
        if not isinstance(inst, cst.Instruction):
            continue
        if inst.keyword in ("COPY", "ADD") and inst.values:
            dest = inst.values[-1]
            if dest.startswith("/etc/apt/apt.conf"):
                line = ctx.lines[i]
                return (
                    f"the {inst.keyword} at line {line} writes apt configuration dopt cannot read"
                )
        if inst.keyword == "ENV" and any(k == "APT_CONFIG" for k, _ in inst.pairs):  # type: ignore[attr-defined]
            return f"the ENV at line {ctx.lines[i]} sets APT_CONFIG, a file dopt cannot read"
    return None


def no_fix(message: str, reason: str) -> str:
    return f"{message} (not fixed: {reason})"


# ------------------------------------------------------------------------------- DOP302

# What apt-get also understands (apt-get of Debian 9 and later); `apt list/search/show`
# and friends belong to apt-cache instead.
APT_GET_ACTIONS = frozenset(
    {
        "update",
        "upgrade",
        "install",
        "remove",
        "purge",
        "autoremove",
        "auto-remove",
        "dist-upgrade",
        "full-upgrade",
        "build-dep",
        "clean",
        "autoclean",
        "auto-clean",
        "source",
        "download",
        "changelog",
    }
)


class AptCli(Rule):
    code = "DOP302"
    name = "apt-in-run"
    summary = "`apt` is for terminals: use `apt-get` in a RUN"
    why = (
        "`apt` is the interactive front end to the package manager: its command line and "
        "output are not promised to stay stable, and it warns so when its output is not a "
        "terminal. `apt-get` is the interface meant for scripts. The two also differ in "
        "defaults: `apt` deletes the .deb files it downloaded (apt-get keeps them in "
        "/var/cache/apt/archives unless the image's apt configuration says otherwise) and "
        "`apt upgrade` installs new dependencies where `apt-get upgrade` holds packages "
        "back, so switching can change the image: the fix is unsafe. Commands that only "
        "`apt` has (`list`, `search`, `show`...) are reported without a fix; apt-cache "
        "covers most of them."
    )
    bad = "RUN apt update && apt install -y curl\n"
    good = "RUN apt-get update && apt-get install -y curl\n"
    fix = "unsafe"
    hadolint = ("DL3027",)

    def check(self, ctx: Context) -> Iterator[Finding]:
        for run in run_scripts(ctx):
            ops = [op for op in run.shell.package_ops if op.manager == "apt"]
            if not ops:
                continue
            message = "`apt` is meant for terminals: use `apt-get` in scripts"
            reason = run.blocked
            insertions: list[tuple[int, str]] = []
            for op in ops:
                if reason is not None:
                    break
                if op.action not in APT_GET_ACTIONS:
                    reason = f"apt-get has no `{op.action}` command"
                    break
                k = manager_word(op)
                spans = word_spans(run.script, op.command)
                if k < 0 or spans is None or not op.command.argv[k].text.endswith("apt"):
                    reason = "the `apt` word is quoted or escaped"
                    break
                insertions.append((spans[k][1], "-get"))  # apt -> apt-get
            if reason is not None:
                yield ctx.finding(self, run.index, no_fix(message, reason))
                continue
            fix = Fix(
                UNSAFE,
                (Edit(run.index, run.index + 1, with_insertions(ctx, run.index, insertions)),),
                "replace `apt` with `apt-get`",
            )
            yield ctx.finding(self, run.index, message, fix)


RULE = AptCli()
