"""Helpers the rules share: reading the script a RUN runs (in any form), deciding whether its
text may be edited or a command appended, locating a command's words, and building the fixed
text."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator

from optimizer.analysis import package_managers
from optimizer.analysis.package_managers import command_names
from optimizer.analysis.shell.facts import Command, PackageOp, ShellScript, Word
from optimizer.analysis.shell.script import analyze
from optimizer.analysis.stages import SHELLS, is_posix_shell
from optimizer.format.style import newline_style
from optimizer.lint.rewrite import (
    drop_final_semicolon,
    header_end,
    join_operator,
    line_style,
    logical_to_raw,
    new_line_style,
    script_offset,
)
from optimizer.lint.rules.base import Context, Edit, Finding, Fix, Rule
from optimizer.record import Record, kept_on
from optimizer.regexes import rx
from optimizer.syntax import cst

APT = command_names(package_managers.APT)

# ------------------------------------------------------------------ reading a RUN's script

EXEC_FORM = "it is in exec form (JSON), which dopt does not edit"
HEREDOC = "it uses a heredoc, which dopt does not edit"

_MARKER_RE = rx(r"<<-?\s*([\"']?)[A-Za-z0-9_]+\1")
# A `#!` line BuildKit runs the heredoc with: only one that names a POSIX shell makes the
# body a shell script (`#!/usr/bin/env python3` does not).
_SHEBANG_RE = rx(r"#!\s*(?:\S*/)?(?:env\s+)?(?:sh|bash|dash|ash)(?:\s|$)")


def shell_of(inst: cst.Instruction) -> str | None:
    """The shell-form script of a RUN (None for exec form or heredocs)."""
    if inst.keyword != "RUN" or inst.is_json or inst.heredocs or inst.markers:
        return None
    return inst.values[0] if inst.values else ""


def analyze_run(inst: cst.Instruction) -> tuple[str, ShellScript] | None:
    script = shell_of(inst)
    if script is None:
        return None
    return script, analyze(script)


def shell_runs(ctx: Context) -> tuple[tuple[int, cst.Instruction, ShellScript], ...]:
    """Each shell-form RUN (``analyze_run`` answers): its index, the instruction and its
    script's analysis; worked out once per file, as several rules walk them."""
    found = ctx.memo.get("shell_runs")
    if found is None:
        found = ctx.memo["shell_runs"] = tuple(
            (index, inst, run[1])
            for index, inst in ctx.instructions()
            if (run := analyze_run(inst)) is not None
        )
    assert isinstance(found, tuple)
    return found


def run_script(inst: cst.Instruction) -> tuple[ShellScript, str | None] | None:
    """``_run_script``, kept on the instruction (immutable, and the answer depends on its
    text only): the rules ask it of every RUN, each fix round again of the RUNs unchanged."""
    return kept_on(inst, "_run_script_memo", _run_script)


def run_instructions(
    ctx: Context,
) -> tuple[tuple[int, cst.Instruction, ShellScript, str | None], ...]:
    """Each RUN whose commands can be read: its index, the instruction, and ``run_script``'s
    answer; worked out once per file (the cleanup rules, a dozen parts, each walk them)."""
    found = ctx.memo.get("run_instructions")
    if found is None:
        found = ctx.memo["run_instructions"] = tuple(
            (index, inst, *run)
            for index, inst in ctx.instructions()
            if (run := run_script(inst)) is not None
        )
    assert isinstance(found, tuple)
    return found


def _run_script(inst: cst.Instruction) -> tuple[ShellScript, str | None] | None:
    """The shell script a RUN runs and, when dopt cannot edit its text, why (else None).

    Shell form gives its script.  Exec form gives the `sh -c` text, or else the argv joined
    into one command line.  A heredoc RUN gives its command line, plus the body where that
    body is the script a shell runs.  Good enough to see which commands run, not to edit.
    """
    if inst.keyword != "RUN":
        return None
    run = analyze_run(inst)
    if run is not None:
        return run[1], None
    if inst.is_json:
        argv = list(inst.values)
        if len(argv) >= 3 and posixpath.basename(argv[0]) in SHELLS and argv[1] == "-c":
            text = argv[2]
        else:
            import shlex  # here: only exec-form RUNs need it (~0.4 ms of each check)

            text = shlex.join(argv)  # quoted back into one command line for the analysis
        return analyze(text), EXEC_FORM
    if inst.heredocs:
        # This replaces two readers (the apt rules' and the cache rules'); where they
        # differed, the careful reading is kept.  The command line is always read (the apt
        # rules skipped it).  A body is read only when it is the one heredoc and is given to
        # `RUN <<EOF` or to a shell, not to `sh -c CMD` (the apt rules' reading: the cache
        # rules read every body given to any shell command), and not when its `#!` line
        # names another interpreter (the cache rules' check: the apt rules read Python as
        # shell).  ash counts as a shell, and so do options like `bash -e <<EOF`.
        header = _MARKER_RE.sub("", inst.values[0] if inst.values else "")
        texts = [header]
        if len(inst.heredocs) == 1 and _feeds_shell(header):
            body = inst.heredocs[0].content
            first = body.lstrip().split("\n", 1)[0]
            if not first.startswith("#!") or _SHEBANG_RE.match(first):
                texts.append(body)
        return analyze("\n".join(texts)), HEREDOC
    return None


def _feeds_shell(header: str) -> bool:
    """Is a lone heredoc the script a shell runs: `RUN <<EOF` (BuildKit runs the body) or a
    shell reading it on its input (`bash -e <<EOF`)?  Not `cat <<EOF >file` (data), nor
    `sh -c CMD <<EOF` (the input of CMD)."""
    words = header.split()
    if not words:
        return True
    if posixpath.basename(words[0]) not in SHELLS:
        return False
    # Options only, and no -c (also inside a cluster like -ec): then the body is data.
    return all(w.startswith("--") or (w.startswith("-") and "c" not in w) for w in words[1:])


class RunScript(Record):
    """The shell script one RUN runs, and why its text may not be edited (None: it may)."""

    index: int
    shell: ShellScript
    blocked: str | None

    @property
    def script(self) -> str:
        return self.shell.source


def run_scripts(ctx: Context) -> Iterator[RunScript]:
    """Every RUN whose commands can be read, with the reason a fix may not edit it."""
    found = ctx.memo.get("run_scripts")  # worked out once per file: seven rules ask
    if found is None:
        found = ctx.memo["run_scripts"] = tuple(_run_scripts(ctx))
    assert isinstance(found, tuple)
    return iter(found)


def _run_scripts(ctx: Context) -> Iterator[RunScript]:
    for index, inst in ctx.instructions():
        found = run_script(inst)
        if found is None:
            continue
        shell, unedited = found
        yield RunScript(index, shell, unedited or why_not_editable(ctx, index, shell))


def why_not_editable(ctx: Context, index: int, script: ShellScript) -> str | None:
    """Why dopt may not edit this RUN's shell text at all (or None)."""
    if ctx.windows:
        return "this file uses the Windows escape character"
    if not is_posix_shell(ctx.state(index).shell):
        return "a SHELL instruction sets a shell that is not POSIX sh or bash"
    if not script.ok:
        return "its shell command could not be parsed"
    return None


def why_not_appendable(ctx: Context, index: int, script: ShellScript) -> str | None:
    """Why a command appended with `&&` might not run as the script's last step (or None)."""
    reason = why_not_editable(ctx, index, script)
    if reason is not None:
        return reason
    if script.background:
        return "its command starts a background job (&)"
    if script.early_exit:
        return f"its command may end early ({script.early_exit[0]})"
    if script.comment:
        return "its command contains a shell comment (#), which would swallow what follows"
    return None


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


def chain_before(ctx: Context, index: int) -> list[int]:
    """Instructions that ran before this one into the same image: earlier in its stage and
    in the stages it is built FROM (the deepest base first)."""
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


def absolute_workdir_before(ctx: Context, index: int) -> bool:
    """Does an absolute WORKDIR of this file stand before this instruction (in its stage or
    a stage it is built FROM)?  Otherwise the working folder is the base image's, which dopt
    cannot know (it may be a system folder: /usr/src/app, /var/www...)."""
    for i in chain_before(ctx, index):
        item = ctx.items[i]
        if isinstance(item, cst.Instruction) and item.keyword == "WORKDIR":
            if item.values and item.values[0].startswith("/"):
                return True
    return False


def first_before(
    ctx: Context, index: int, key: object, test: Callable[[int, cst.Item], bool]
) -> int | None:
    """The first item of ``chain_before(ctx, index)`` that passes ``test``, or None.

    Which items pass is worked out once per file and ``key`` (one pass over the file), so
    asking for every RUN stays linear where walking ``chain_before`` each time was not.
    """
    table = ctx.memo.get(("before", key))
    if table is None:
        table = {s.index: [i for i in s.items if test(i, ctx.items[i])] for s in ctx.stages.stages}
        ctx.memo[("before", key)] = table
    assert isinstance(table, dict)
    stage = ctx.stages.stage(index)
    if stage is None:
        return None
    bases: list[int] = []
    k = stage.base_stage
    while k is not None and k not in bases:
        bases.append(k)
        k = ctx.stages.stages[k].base_stage
    for k in reversed(bases):  # the deepest base first, as chain_before lists them
        if table[k]:
            return int(table[k][0])
    own = table[stage.index]
    return int(own[0]) if own and own[0] < index else None


# ------------------------------------------------------------ a command's words in its script


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


def _names_manager(name: str, manager: str) -> bool:
    """Does this word name the manager: its command or an alias (pip3, pip3.12), or python's
    `-mpip`?"""
    if name == manager:
        return True
    found = package_managers.by_command(name)
    if found is None and name.startswith("-m"):
        module = package_managers.PYTHON_MODULES.get(name[2:])
        return module is not None and module.name == manager
    return found is not None and found[1] == manager


def manager_word(op: PackageOp) -> int:
    """Index in ``op.command.argv`` of the package manager itself (after sudo, env...)."""
    for i, word in enumerate(op.command.argv):
        if _names_manager(_value(word).rsplit("/", 1)[-1], op.manager):
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


# --------------------------------------------------------------------------- fixed text


# A one-line RUN that would grow past this (the style's line-width when set) gets the
# appended command on a line of its own: a reviewer should not have to scroll for it.
APPEND_WIDTH = 80


def appended(ctx: Context, index: int, command: str) -> str:
    """The RUN at ``index`` with ``&& command`` added at its end, editing its text in place.

    Every byte the RUN had stays; the command goes on a line of its own in the author's
    continuation style (their indent, `&&` where they put it) when the RUN spans lines, on
    its last line when it is a one-liner that stays within the style's line width."""
    inst = ctx.instruction(index)
    code = inst.code
    end = header_end(inst)
    body = drop_final_semicolon(code[:end])
    nl = newline_style(ctx.tree)
    lines = line_style(inst)
    if lines is None:
        width = ctx.style.line_width or APPEND_WIDTH
        one_line = body[len(inst.indent) :] + " && " + command
        if "\n" not in body and len(one_line) <= width:
            return body + " && " + command + code[end:]
        lines = new_line_style(ctx.style)
    return body + join_operator(inst.escape, nl, lines) + command + code[end:]


def appended_edit(ctx: Context, index: int, command: str) -> Edit:
    """The edit of the RUN at ``index`` that appends ``command`` (``appended``), its text
    made when first read."""
    return Edit.later(index, index + 1, lambda: appended(ctx, index, command))


def inserted(ctx: Context, index: int, insertions: list[tuple[int, str]]) -> str:
    """The RUN at ``index`` with each (offset, text) inserted into its shell script (offsets
    as in ``analyze(script)``: ``Command.start``/``end``); every other byte stays."""
    inst = ctx.instruction(index)
    base = script_offset(inst)
    code = inst.code
    # From the end backwards so that earlier offsets stay valid.
    for at, text in sorted(set(insertions), reverse=True):
        raw = logical_to_raw(inst, base + at)
        code = code[:raw] + text + code[raw:]
    return code


def no_fix(message: str, reason: str) -> str:
    return f"{message} (not fixed: {reason})"


def insertion_finding(
    rule: Rule,
    ctx: Context,
    run: RunScript,
    message: str,
    reason: str | None,
    applicability: str,
    insertions: list[tuple[int, str]],
    description: str,
) -> Finding:
    """The finding for a RUN: with the reason it is not fixed, or else with the fix (of this
    applicability and description) that makes these insertions into its script."""
    if reason is not None:
        return ctx.finding(rule, run.index, no_fix(message, reason))
    index, wanted = run.index, list(insertions)
    edit = Edit.later(index, index + 1, lambda: inserted(ctx, index, wanted))
    return ctx.finding(rule, run.index, message, Fix(applicability, (edit,), description))
