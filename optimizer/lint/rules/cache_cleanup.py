"""The same-step cleanup rules' shared engine (DOP102-DOP107).

A package manager leaves caches (apt lists, apk indexes, yum/dnf metadata, pip/npm caches)
in the layer of the RUN that used it; only that RUN can delete them.  Each rule names its
manager's trigger; where the cache lives and the command that clears it come from the
manager's entry in ``analysis.package_managers``.  The engine proves that appending the
cleanup is safe (POSIX shell, root where the cache is the system's, no early exit or
background job, no cache mount over the folder, and no later RUN that still needs the
cache) and appends it.  RUNs in exec form or with heredocs are read and reported
the same way, never fixed.
"""

from __future__ import annotations

import bisect
import posixpath
from collections.abc import Callable, Iterator

from optimizer.analysis.package_managers import Cache, home_folders
from optimizer.analysis.shell.facts import Command, ShellScript
from optimizer.analysis.shell.script import analyze
from optimizer.analysis.stages import SHELLS
from optimizer.lint.rules.base import SAFE, Context, Finding, Fix, FixAvailability, Rule
from optimizer.lint.rules.cache_mount_instead_of_cleanup import mounts_instead
from optimizer.lint.rules.common import (
    appended_edit,
    cache_mount_targets,
    covered_by_cache_mount,
    kept_on,
    no_fix,
    run_instructions,
    run_script,
    why_not_appendable,
)
from optimizer.regexes import rx
from optimizer.syntax import cst


class CacheCleanupRule(Rule):
    fix_availability = FixAvailability.SOMETIMES
    # The cache kept out of the layer, from the table of package_managers: its folders, the
    # cleanup appended, and (for a cache in the home of whoever runs the RUN: npm, yarn)
    # where it lies in any user's home.  A system cache (apt, apk, rpm, zypper) needs root.
    cache: Cache
    what: str  # what is left behind, for messages

    @property
    def cache_paths(self) -> tuple[str, ...]:
        return self.cache.folders

    @property
    def cleanup(self) -> str:
        """Shell text appended with &&."""
        return self.cache.cleanup

    @property
    def needs_root(self) -> bool:
        """The cache is the system's: a non-root USER may not delete it."""
        return not self.cache.home

    @property
    def home_paths(self) -> tuple[str, ...]:
        """Where in a home the cache lies, and the folders above it there: a non-root
        USER's home is not known, so any cache mount ending so holds it."""
        return home_folders(self.cache)

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

    def mounted(self, ctx: Context, index: int, inst: cst.Instruction) -> bool:
        """Does a cache mount of the RUN hold the cache (then nothing stays in the layer)?"""
        if covered_by_cache_mount(inst, self.cache_paths):
            return True
        if not ctx.state(index).user or not self.home_paths:
            return False
        ends = tuple("/" + p for p in self.home_paths)
        return any(t.endswith(ends) for t in cache_mount_targets(inst))

    def leaves_cache(self, script: ShellScript) -> bool:
        """``triggered`` and not ``cleaned``, kept on the script for this rule (both read the
        script and the rule's own fixed settings, nothing else): each fix round asks it
        again of every RUN, and the RUNs the round left alone have the same analyses."""
        memo: dict[CacheCleanupRule, bool] = kept_on(script, "_cleanup_memo", _new_memo)
        found = memo.get(self)
        if found is None:
            found = memo[self] = self.triggered(script) and not self.cleaned(script)
        return found

    def check(self, ctx: Context) -> Iterator[Finding]:
        for index, inst, script, unedited in run_instructions(ctx):
            if not self.leaves_cache(script):
                continue
            if self.mounted(ctx, index, inst) or self.env_disables(ctx, index):
                continue
            if mounts_instead(ctx, index, self.cache):
                continue  # cache-mounts = true: DOP203 mounts the cache instead
            message = f"{self.what} stay in this layer: clean up in the same RUN"
            # Exec form and heredocs are reported, never fixed: dopt does not edit them.
            reason = unedited or why_not_appendable(ctx, index, script)
            user = ctx.state(index).user
            if reason is None and user and self.needs_root:
                reason = f"it runs as USER {user}, who may not delete them"
            if reason is None:
                reason = self.later_need(ctx, index)
            if reason is not None:
                yield ctx.finding(self, index, no_fix(message, reason))
                continue
            fix = Fix(
                SAFE,
                (appended_edit(ctx, index, self.cleanup),),
                f"append `{self.cleanup}`",
            )
            yield ctx.finding(self, index, message, fix)


def _new_memo(_: ShellScript) -> dict[CacheCleanupRule, bool]:
    return {}


def first_later(
    ctx: Context, index: int, test: Callable[[ShellScript], bool]
) -> tuple[int, ShellScript] | None:
    """The first script of the RUNs that run on top of this one (in any form: an exec-form
    or heredoc RUN reads the cache as much as a shell-form one) that passes ``test``, or None.

    Which RUNs pass is worked out once per file and test, so asking for every RUN stays
    linear where walking all later RUNs each time was not.
    """
    key = ("later", test)
    if key not in ctx.memo:
        table: dict[int, tuple[list[int], list[tuple[int, ShellScript]]]] = {}
        for s in ctx.stages.stages:  # per stage: the RUNs that pass, as indices and pairs
            hits: list[tuple[int, ShellScript]] = []
            for i in s.items:
                found = run_script(ctx.instruction(i))
                if found is not None and test(found[0]):
                    hits.append((i, found[0]))
            table[s.index] = ([i for i, _ in hits], hits)
        ctx.memo[key] = table
    table = ctx.memo[key]  # type: ignore[assignment]
    stage = ctx.stages.stage(index)
    if stage is None:
        return None
    indices, hits = table[stage.index]
    at = bisect.bisect_right(indices, index)
    if at < len(hits):
        return hits[at]
    for child in ctx.stages.descendants(stage):
        if table[child.index][1]:
            return table[child.index][1][0]
    return None


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


def removes_any(script: ShellScript, path: str) -> bool:
    """Does some `rm` delete this folder or one of its parents (`rm -rf /var/cache/*`)?"""
    while path not in ("/", ""):
        if removes(script, path):
            return True
        path = posixpath.dirname(path)
    return False


def removes_home(script: ShellScript, relative: str) -> bool:
    """Does some `rm` delete ~/relative, written with `~` or `$HOME` (root's home here)?"""
    for home in ("/root", "~", "$HOME", "${HOME}"):
        if removes_any(script, f"{home}/{relative}"):
            return True
    return False


# ------------------------------------------------------- steps that may install packages

# Programs that commonly install system packages themselves (a Makefile's `deps` target,
# configuration management, PHP's extension installer).
INSTALLING_TOOLS = frozenset(
    {
        "make",
        "gmake",
        "ansible",
        "ansible-playbook",
        "puppet",
        "chef-solo",
        "chef-client",
        "salt-call",
        "install-php-extensions",
    }
)
_ANY_SHELL = SHELLS | {"zsh", "ksh", "mksh"}
_WRAPPERS = frozenset({"sudo", "doas", "env", "nice", "nohup", "time", "exec", "command"})
_SYSTEM_DIRS = ("/bin/", "/sbin/", "/usr/bin/", "/usr/sbin/")
# Interpreters run by path (`/venv/bin/python -m ...`): the tool, not a setup script.
_INTERPRETER = rx(r"(?:python|pip|node|ruby|perl|php|java)[\d.]*\Z")
INSTALL_ACTIONS = frozenset({"install", "add", "upgrade", "dist-upgrade", "build-dep", "in"})


def runs_a_script(script: ShellScript, depth: int = 0) -> str | None:
    """What in the script runs code dopt cannot read that may install packages (a script,
    a build tool, a download piped to a shell), as a short quote; None if nothing does."""
    managers = {op.command for op in script.package_ops}  # `/venv/bin/pip install` is pip
    for cmd in script.commands:
        if cmd in managers:
            continue
        found = _script_run(cmd, depth)
        if found is not None:
            return found
    return None


def _script_run(cmd: Command, depth: int) -> str | None:
    words = [w.literal if w.literal is not None else w.text for w in cmd.argv]
    i = 0
    while i < len(words) and posixpath.basename(words[i]) in _WRAPPERS:
        i += 1
        while i < len(words) and (words[i].startswith("-") or "=" in words[i]):
            i += 1
    if i >= len(words):
        return None
    program, args = words[i], words[i + 1 :]
    name = posixpath.basename(program)
    if name in INSTALLING_TOOLS:
        return f"`{name}`"
    if name in (".", "source") and args and not args[0].startswith("/etc/"):
        return f"`{name} {args[0]}`"  # not /etc/os-release and the like: settings only
    if name == "eval" and any(w.literal is None for w in cmd.argv[i + 1 :]):
        return "`eval`"
    if name in _ANY_SHELL:
        return _shell_run(name, args, cmd, i, depth)
    if "/" in program and not program.startswith(_SYSTEM_DIRS) and not _INTERPRETER.match(name):
        return f"`{program}`"
    if name.endswith(".sh"):
        return f"`{name}`"
    return None


def _shell_run(name: str, args: list[str], cmd: Command, at: int, depth: int) -> str | None:
    """A shell runs a script file, its input (`curl ... | sh`) or a `-c` string."""
    k = 0
    while k < len(args):
        arg = args[k]
        if arg in ("-o", "+o", "-O", "+O"):
            k += 2  # `-o pipefail`: an option name follows
            continue
        if arg[:1] in ("-", "+") and arg not in ("-", "--") and not arg.startswith("--"):
            if "c" in arg[1:]:
                return _shell_string(name, cmd, at + 2 + k, depth)
            if arg[0] == "-" and "s" in arg[1:]:
                break  # `sh -s ARGS`: the script is its input, ARGS its parameters
            k += 1
            continue
        if arg.startswith("--") and arg != "--":
            k += 1
            continue
        if arg == "--":
            k += 1
            if k < len(args):
                return f"`{name} {args[k]}`"
            break
        return f"`{name} {arg}`" if arg != "-" else f"`{name}` reading a script from its input"
    return f"`{name}` reading a script from its input"


def _shell_string(name: str, cmd: Command, at: int, depth: int) -> str | None:
    """`sh -c STRING`: read the string when it is literal."""
    word = cmd.argv[at] if at < len(cmd.argv) else None
    if word is None or word.literal is None or depth > 2:
        return f"`{name} -c`"
    inner = analyze(word.literal)
    installs = any(op.action in INSTALL_ACTIONS for op in inner.package_ops)
    if installs or runs_a_script(inner, depth + 1) is not None:
        return f"`{name} -c`"
    return None
