"""DOP109: one RUN runs the same package manager's install more than once where one would do.

Merging RUNs (DOP101) or writing a RUN by hand often leaves `apt-get install -y git && ...
apt-get install -y golang`, a second `update`, and the cleanup repeated after each install.
An expert writes one update, one install with every package, one cleanup at the end.

The top level of the script is read as a `&&` chain; within it, after a first install, the
commands that can go into it are installs of the same manager with the same options (and
the same prefix words and assignments).  Updates of that manager (one already ran before the
first install) and its cache cleanups between them are dropped, as the one install leaves the
same packages.  A cleanup dropped there is not moved to the end: a later RUN may still need
what it would delete (the cleanup rules decide that, in a later phase of the fixer).
Which words are a manager's actions, cleanups and cache folders comes from the table in
``analysis.package_managers``.
"""

from __future__ import annotations

from collections.abc import Iterator

from optimizer.analysis import package_managers
from optimizer.analysis.package_managers import Manager
from optimizer.analysis.shell.facts import Command, PackageOp, ShellScript
from optimizer.lint.rewrite import logical_to_raw, script_offset
from optimizer.lint.rules.base import (
    CONSOLIDATE,
    SAFE,
    UNSAFE,
    Context,
    Edit,
    Finding,
    Fix,
    FixAvailability,
    Rule,
)
from optimizer.lint.rules.common import RunScript, kept_on, manager_word, run_scripts, word_spans
from optimizer.record import Record
from optimizer.syntax import cst


class Step(Record):
    """One top-level item of the script's chain, with its offsets in the script."""

    start: int
    end: int
    op: str  # the operator after it ("" for the last)
    command: Command | None  # the simple command it is (None: a compound or a pipeline)
    package_op: PackageOp | None


def steps(shell: ShellScript) -> list[Step] | None:
    """The script's top-level chain with offsets (None: it cannot be split losslessly)."""
    if shell.chain is None:
        return None
    source = shell.source
    by_start = {c.start: c for c in shell.commands}
    op_at = {op.command.start: op for op in shell.package_ops}
    out: list[Step] = []
    pos = 0
    for text, op in shell.chain:
        at = source.find(text, pos)
        if at < 0:
            return None
        end = at + len(text)
        command = by_start.get(at)
        if command is not None and command.end != end:
            command = None  # a pipeline or a list that starts with this command
        package_op = op_at.get(at) if command is not None else None
        out.append(Step(at, end, op, command, package_op))
        pos = end
    return out


def _read(shell: ShellScript) -> tuple[list[Step] | None, int | None, Plan | None]:
    """(the steps, the useless update's, the first consolidation) of a script: what the
    rule's findings on it come from, the script alone."""
    chain = steps(shell)
    if chain is None:
        return None, None, None
    useless = _useless_update(chain)
    if useless is not None:
        return chain, useless, None
    for i in range(len(chain)):
        plan = _plan(shell, chain, i)
        if plan is not None:
            return chain, None, plan
    return chain, None, None


def _entry(op: PackageOp | None) -> Manager | None:
    return None if op is None else package_managers.manager(op.manager)


def _prefix(op: PackageOp) -> tuple[str, ...]:
    """The words before the manager (sudo, env...) and the assignments: they must match."""
    k = manager_word(op)
    return tuple(w.text for w in op.command.argv[: max(k, 0)]) + op.command.assignments


def _install_key(op: PackageOp | None) -> tuple[object, ...] | None:
    """What two installs must share to be one: manager, action, options, prefix words.
    None when this is not an install of plain package names."""
    m = _entry(op)
    if op is None or m is None or op.action not in m.install or not op.packages:
        return None
    if op.command.redirects or manager_word(op) < 0:
        return None
    for name in op.packages:
        if not name or any(ch in name for ch in "$*?/`\"'") or name.endswith(m.package_files):
            return None  # a variable, a glob or a package file: not a plain name
    return (op.manager, op.action, tuple(sorted(op.options)), _prefix(op))


def _is_update(op: PackageOp | None, m: Manager) -> bool:
    return op is not None and _entry(op) == m and op.action in m.update and not op.packages


def _is_cleanup(step: Step, m: Manager) -> bool:
    """Does this step only empty the manager's caches (`apt-get clean`, `rm -rf` of them)?"""
    command = step.command
    if command is None or command.redirects:
        return False
    op = step.package_op
    if op is not None and _entry(op) == m:
        k = manager_word(op)
        words = tuple(w.literal or w.text for w in op.command.argv[k + 1 :])
        words = tuple(w for w in words if not w.startswith("-"))
        return any(words[: len(clean)] == clean for cache in m.caches for clean in cache.clean)
    if command.name != "rm" or len(command.argv) < 3:
        return False
    folders = tuple(f.rstrip("/") for cache in m.caches for f in cache.folders)
    # A glob (`lists/*`) has no literal value: its text is what it deletes under.
    args = [w.literal if w.literal is not None else w.text for w in command.argv[1:]]
    targets = [t for t in args if not t.startswith("-")]
    if not targets or any("$" in t or "'" in t or '"' in t for t in targets):
        return False
    return all(
        any(t.rstrip("/*").rstrip("/") == f or t.startswith(f + "/") for f in folders)
        for t in targets
    )


class Plan(Record):
    """What one consolidation does to a RUN's script."""

    first: int  # index in steps of the install that takes the packages
    absorbed: tuple[int, ...]  # installs whose packages go into it (their steps go)
    dropped: tuple[int, ...]  # updates and cleanups between that go too
    packages: tuple[str, ...]  # the new package words (source text), in order
    across: str | None  # the command the installs are moved across (then unsafe)


def _plan(shell: ShellScript, chain: list[Step], i: int) -> Plan | None:
    first = chain[i]
    key = _install_key(first.package_op)
    if key is None:
        return None
    assert first.package_op is not None
    m = _entry(first.package_op)
    assert m is not None
    updated = _updated_just_before(chain, i, m)
    have = set(first.package_op.packages)
    absorbed: list[int] = []
    dropped: list[int] = []
    across: str | None = None
    for j in range(i + 1, len(chain)):
        if chain[j - 1].op != "&&":
            break
        step = chain[j]
        if any(package_managers.sets_up_repository(m, p) for p in have):
            break  # what comes next may install from the repository it adds
        if _install_key(step.package_op) == key:
            absorbed.append(j)
            continue
        if across is None and (_is_update(step.package_op, m) and updated):
            dropped.append(j)
            continue
        if across is None and _is_cleanup(step, m):
            dropped.append(j)
            continue
        if absorbed or not _independent(step, m, have):
            break  # a safe plan stops at the first other command; else go no further
        across = shell.source[step.start : step.end]
    if not absorbed:
        return None
    last = absorbed[-1]
    dropped = [j for j in dropped if j < last]
    packages: list[str] = []
    for j in absorbed:
        op = chain[j].package_op
        assert op is not None
        for word in _package_words(shell.source, op):
            value = word[1]
            if value not in have:
                have.add(value)
                packages.append(word[0])
    return Plan(i, tuple(absorbed), tuple(dropped), tuple(packages), across)


def _updated_just_before(chain: list[Step], i: int, m: Manager) -> bool:
    """Did an update of ``m`` run in the `&&` run of ``m``'s own calls (installs, updates,
    cleanups) that ends at step ``i``?  Only then is a later update of it a repeat: with
    another command between, dopt cannot show that command leaves the sources alone."""
    for j in range(i - 1, -1, -1):
        step = chain[j]
        if step.op != "&&":
            return False
        op = step.package_op
        if _is_update(op, m):
            return True
        if not (_install_key(op) is not None and _entry(op) == m) and not _is_cleanup(step, m):
            return False
    return False


def _independent(step: Step, m: Manager, installed: set[str]) -> bool:
    """Could this command between two installs be left where it is with the second install
    moved up?  Only a simple command that is no package operation, changes no package
    sources and runs no program named like a package the first install put in."""
    command = step.command
    if command is None or step.package_op is not None or command.name is None:
        return False
    if command.name in m.config_commands or command.name in installed:
        return False
    return not any(w.literal is None for w in command.argv)


def _package_words(source: str, op: PackageOp) -> list[tuple[str, str]]:
    """(source text, value) of the op's package words, in order."""
    spans = word_spans(source, op.command)
    if spans is None:
        return []
    wanted = list(op.packages)
    out = []
    for (a, b), word in zip(spans, op.command.argv, strict=True):
        value = word.literal if word.literal is not None else word.text
        if wanted and value == wanted[0]:
            out.append((source[a:b], value))
            wanted.pop(0)
    return out


def _last_package_end(source: str, op: PackageOp) -> int | None:
    spans = word_spans(source, op.command)
    if spans is None:
        return None
    last = op.packages[-1]
    end = None
    for (_, b), word in zip(spans, op.command.argv, strict=True):
        if (word.literal if word.literal is not None else word.text) == last:
            end = b
    return end


class SplitPackageInstalls(Rule):
    code = "DOP109"
    name = "split-package-installs"
    summary = (
        "A RUN installs with the same package manager more than once where one install would do"
    )
    why = (
        "One install with every package is what an expert writes: the package manager resolves "
        "the packages once, and the RUN reads as one step. Merged RUNs often keep an install "
        "each, a second `update` and a cleanup after every install; those run the manager "
        "again for nothing and make the RUN hard to review."
    )
    bad = (
        "FROM debian:bookworm\n"
        "RUN apt-get update && apt-get install -y git && apt-get install -y golang\n"
    )
    good = "FROM debian:bookworm\nRUN apt-get update && apt-get install -y git golang\n"
    fix_availability = FixAvailability.SOMETIMES
    fix_safety = (
        "Installs that follow each other in a `&&` chain, with the same manager, action, "
        "options and prefix words, become the first one with the packages of all (their order "
        "kept, duplicates dropped); an `update` of the same manager between them (one already "
        "ran before) and the manager's own cache cleanups between them go (a cleanup is not moved "
        "to the end: the cleanup rules add one where no later step needs the cache). The same "
        "packages end up "
        "installed with the same options, and the other commands run in the same order: safe "
        "for the system package managers (apt, apk, yum/dnf, zypper). For language package "
        "managers (pip, npm, gem...) one resolver run may pick other versions than two, so the "
        "fix is unsafe. Where other commands stand between two installs, the later install's "
        "packages move up across them only with --unsafe-fixes: dopt cannot show that those "
        "commands do not need what the first install put in. It never moves packages across a "
        "command that changes the package sources, a compound command, or a comment, nor "
        "folds an install into one that installs a repository package (`epel-release`, "
        "`*-keyring`): what comes after may need the packages that repository provides."
    )
    references = ("https://docs.docker.com/build/building/best-practices/#apt-get",)
    fix_phase = CONSOLIDATE

    def check(self, ctx: Context) -> Iterator[Finding]:
        for run in run_scripts(ctx):
            shell = run.shell
            chain, useless, plan = kept_on(shell, "_dop109_memo", _read)
            if chain is None:
                continue
            if useless is not None:
                yield self._update_finding(ctx, run, chain, useless)
            elif plan is not None:
                # One consolidation a RUN a round: the next round sees the rest.
                yield self._finding(ctx, run, chain, plan)

    def _update_finding(self, ctx: Context, run: RunScript, chain: list[Step], i: int) -> Finding:
        op = chain[i].package_op
        assert op is not None
        m = _entry(op)
        flag = m.no_cache_flags[0] if m is not None else "--no-cache"
        message = (
            f"`{op.manager} {op.action}` before `{op.manager} add {flag}`: the install fetches "
            "the index itself, the update only leaves its index files in the layer"
        )
        if run.blocked is not None:
            return ctx.finding(self, run.index, f"{message} (not fixed: {run.blocked})")
        inst = ctx.instruction(run.index)
        base = script_offset(inst)
        # The update goes with the `&&` after it: whatever joined it to the step before stays.
        lo, hi = chain[i].start, chain[i + 1].start
        a, b = logical_to_raw(inst, base + lo), logical_to_raw(inst, base + hi)
        code = inst.code
        if _holds_comment(code[a:b]):
            reason = "a comment stands beside it"
            return ctx.finding(self, run.index, f"{message} (not fixed: {reason})")
        fix = Fix(SAFE, (Edit(run.index, run.index + 1, code[:a] + code[b:]),), "drop the update")
        return ctx.finding(self, run.index, message, fix)

    def _finding(self, ctx: Context, run: RunScript, chain: list[Step], plan: Plan) -> Finding:
        first = chain[plan.first].package_op
        assert first is not None
        m = _entry(first)
        message = (
            f"`{first.manager} {first.action}` runs {len(plan.absorbed) + 1} times in this RUN: "
            "one install can take every package"
        )
        if run.blocked is not None:
            return ctx.finding(self, run.index, f"{message} (not fixed: {run.blocked})")
        text = _rewritten(ctx, run, chain, plan)
        if text is None:
            reason = "a comment stands between the installs"
            return ctx.finding(self, run.index, f"{message} (not fixed: {reason})")
        unsafe = None
        if plan.across is not None:
            unsafe = f"`{plan.across}` runs between them and may need the first install"
        elif m is not None and not m.system:
            unsafe = f"one {m.name} resolver run may pick other versions than two"
        fix = Fix(
            UNSAFE if unsafe else SAFE,
            (Edit(run.index, run.index + 1, text),),
            f"install {', '.join(plan.packages) or 'the packages'} with the first install",
        )
        if unsafe:
            message += f" (unsafe: {unsafe})"
        return ctx.finding(self, run.index, message, fix)


def _useless_update(chain: list[Step]) -> int | None:
    """The step of an index update (`apk update`) whose index no later command reads: every
    later command of that manager runs with its no-cache flag, which fetches the index
    itself.  The update then only leaves its index files in the layer."""
    for i, step in enumerate(chain[:-1]):
        op = step.package_op
        m = _entry(op)
        if op is None or m is None or not m.no_cache_flags or not _is_update(op, m):
            continue
        if step.op != "&&" or step.command is None or step.command.redirects:
            continue
        later = [s.package_op for s in chain[i + 1 :] if _entry(s.package_op) == m]
        if later and all(
            o is not None and o.action in m.install and set(o.options) & set(m.no_cache_flags)
            for o in later
        ):
            # Every other use of the manager must be a step of this chain: none nested.
            nested = [s for s in chain if s.package_op is None and m.commands[0] in s_text(s)]
            if not nested:
                return i
    return None


def s_text(step: Step) -> str:
    return step.command.text if step.command is not None else "\0"


def _rewritten(ctx: Context, run: RunScript, chain: list[Step], plan: Plan) -> str | None:
    """The RUN's text with the plan carried out in place (None: a comment is in the way)."""
    inst = ctx.instruction(run.index)
    base = script_offset(inst)
    source = run.script
    first = chain[plan.first].package_op
    assert first is not None
    at = _last_package_end(source, first)
    if at is None:
        return None
    cuts: list[tuple[int, int, str]] = []  # (start, end, new text) in script offsets
    added = _package_text(inst, base, source, first, at, plan.packages)
    cuts.append((at, at, added))
    for j in sorted(plan.absorbed + plan.dropped):
        # From the end of the step before to the end of this one: its `&&` and its line go.
        cuts.append((chain[j - 1].end, chain[j].end, ""))
    code = inst.code
    for start, end, text in sorted(cuts, reverse=True):
        a, b = logical_to_raw(inst, base + start), logical_to_raw(inst, base + end)
        if _holds_comment(code[a:b]):
            return None
        code = code[:a] + text + code[b:]
    return code


def _package_text(
    inst: cst.Instruction, base: int, source: str, op: PackageOp, at: int, words: tuple[str, ...]
) -> str:
    """The new package words, laid out as the first install lists its own: one a line
    (continued, at that indent) when its packages stand one a line, else after a space."""
    spans = word_spans(source, op.command)
    k = manager_word(op)
    if spans is None or len(op.packages) < 2 or k < 0:
        return "".join(" " + w for w in words)
    code = inst.code
    first_pkg = _package_words(source, op)
    start = source.find(first_pkg[0][0], op.command.start) if first_pkg else at
    raw_a, raw_b = logical_to_raw(inst, base + start), logical_to_raw(inst, base + at)
    listed = code[raw_a:raw_b]
    if "\n" not in listed:
        return "".join(" " + w for w in words)
    line_start = code.rfind("\n", 0, raw_b) + 1
    line = code[line_start:raw_b]
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    nl = "\r\n" if listed.count("\r\n") else "\n"
    return "".join(f" {inst.escape}{nl}{indent}{w}" for w in words)


def _holds_comment(raw: str) -> bool:
    return any(line.lstrip(" \t").startswith("#") for line in raw.splitlines()[1:])


RULE = SplitPackageInstalls()
