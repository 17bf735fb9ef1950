"""DOP106: `pip install` without `--no-cache-dir`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from optimizer.analysis.images import base_image, may_have_old_pip
from optimizer.analysis.package_managers import PIP, home_folders, home_relative
from optimizer.analysis.runas import runs_as_other_user
from optimizer.analysis.shell.facts import PackageOp, ShellScript
from optimizer.lint.rules.base import SAFE, Context, Finding, Fix, FixAvailability, Rule
from optimizer.lint.rules.cache_cleanup import removes_home
from optimizer.lint.rules.cache_mount_instead_of_cleanup import mounts_instead
from optimizer.lint.rules.common import (
    RunScript,
    action_end,
    appended_edit,
    cache_mount_targets,
    chain_before,
    insertion_finding,
    no_fix,
    run_script,
    run_scripts,
    why_not_appendable,
)
from optimizer.regexes import rx
from optimizer.syntax import cst

FLAG = PIP.no_cache_flags[0]
CLEANUP = PIP.cache.cleanup
NO_CACHE = PIP.no_cache_env[0]
_CLEANS = PIP.cache.clean
# `--no-cache-dir` and its prefixes down to `--no-cache`, and `--cache-dir`.
_NOT_CACHING = (FLAG.removesuffix("-dir"), PIP.cache.option)
# A requirement that names pip itself, and the version it asks for.
_PIP_REQUIREMENT = rx(r"pip(?:\s*(==|>=|~=|===)\s*(\d+)[\w.*+!-]*)?(?=\Z|[\s<>=!~;,\[])", re.I)
_UPGRADE_OPTIONS = ("--upgrade", "--force-reinstall", "--ignore-installed")


def disabled_by(words: tuple[str, ...]) -> bool:
    return any(w.startswith(NO_CACHE + "=") for w in words)


def caches(op: PackageOp) -> bool:
    """Does this pip command write its download cache?"""
    if op.manager != PIP.name or op.action not in PIP.install:
        return False
    # pip accepts unambiguous prefixes of long options (`--no-cache`); an explicit
    # --cache-dir is a deliberate choice left alone.
    if any(o.startswith(_NOT_CACHING) for o in op.options):
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


def upgrades_pip(script: ShellScript) -> bool:
    """Does the script install a current pip: `pip install -U pip`, `pip install pip==20.3`,
    `easy_install -U pip`, get-pip.py?"""
    for op in script.package_ops:
        if op.manager != PIP.name or op.action not in PIP.install:
            continue
        forced = any(
            o.startswith(_UPGRADE_OPTIONS)
            or (o[:1] == "-" and o[1:2] != "-" and ("U" in o or "I" in o))
            for o in op.options
        )
        for package in op.packages:
            m = _PIP_REQUIREMENT.match(package)
            if m is not None and (forced or (m.group(2) is not None and int(m.group(2)) >= 6)):
                return True
    for cmd in script.commands:
        words = [w.literal or w.text for w in cmd.argv]
        if any("get-pip" in w for w in words):
            return True
        if (cmd.name or "").startswith("easy_install") and "pip" in words:
            return True
    return False


def old_pip(ctx: Context, index: int) -> str | None:
    """The base image, when the RUN's pip may be older than 6.0: the stage is built on a
    release whose distro pip is, and no earlier RUN of the image installed a current pip.
    (An upgrade earlier in the same RUN does not count: which pip the shell then runs is
    not certain.)"""
    image = base_image(ctx.stages, ctx.tree, index)
    if not may_have_old_pip(image):
        return None
    for k in chain_before(ctx, index):
        found = run_script(ctx.instruction(k))
        if found is not None and upgrades_pip(found[0]):
            return None
    return image


def cleaned(script: ShellScript) -> bool:
    return any(removes_home(script, home_relative(p)) for p in PIP.cache.home) or any(
        op.manager == PIP.name and (op.action, *op.packages[:1]) in _CLEANS
        for op in script.package_ops
    )


class PipCache(Rule):
    code = "DOP106"
    name = "pip-cache-not-disabled"
    summary = "`pip install` without `--no-cache-dir` leaves its download cache in the layer"
    why = (
        "pip keeps every wheel it downloads or builds in ~/.cache/pip, often tens or hundreds of "
        "MB that the image never uses again. Deleting the folder in a later RUN does not shrink "
        "the image: the layer that wrote it keeps it."
    )
    bad = "FROM python:3.12\nRUN pip install -r requirements.txt\n"
    good = "FROM python:3.12\nRUN pip install --no-cache-dir -r requirements.txt\n"
    fix_availability = FixAvailability.SOMETIMES
    fix_safety = (
        "The fix is safe: without a cache pip downloads again what it needs, and installs the same "
        "packages. dopt adds `--no-cache-dir` after each `pip install` that lacks it, except where "
        "pip may be older than 6.0, which rejects that option: on a release whose distro pip is "
        "that old (Ubuntu before 16.04, Debian 8 and older, by tag or codename) unless an earlier "
        "RUN installed a current pip; there it appends `rm -rf ~/.cache/pip` to the RUN instead, "
        "or reports when that may miss the cache (another user, PIP_CACHE_DIR). It leaves the RUN "
        "alone when PIP_NO_CACHE_DIR is set, when a cache mount holds the cache, or when the RUN "
        "deletes the cache itself, and does not edit RUNs in exec form, heredocs, RUNs under a "
        "SHELL that is not POSIX sh or bash, or files for Windows images."
    )
    references = (
        "https://github.com/hadolint/hadolint/wiki/DL3042",
        "https://pip.pypa.io/en/stable/topics/caching/",
        "https://docs.docker.com/reference/dockerfile/#run---mounttypecache",
    )
    hadolint = ("DL3042",)

    def check(self, ctx: Context) -> Iterator[Finding]:
        for run in run_scripts(ctx):
            script = run.shell
            ops = [op for op in script.package_ops if caches(op)]
            if not ops or exported(script) or cleaned(script):
                continue
            inst = ctx.instruction(run.index)
            env = ctx.state(run.index).env
            if NO_CACHE in env or self._mounted(inst, env):
                continue
            if mounts_instead(ctx, run.index, PIP.cache):
                continue  # cache-mounts = true: DOP203 mounts the cache instead
            old = old_pip(ctx, run.index)
            if old is not None:
                yield self._cleanup(ctx, run, old)
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

    def _cleanup(self, ctx: Context, run: RunScript, image: str) -> Finding:
        """Where pip may predate `--no-cache-dir`: delete the cache at the end of the RUN."""
        message = (
            "pip's download cache (~/.cache/pip) stays in this layer: delete it in the same "
            f"RUN, since the distro pip of {image} may be older than 6.0, which rejects `{FLAG}`"
        )
        reason = run.blocked or why_not_appendable(ctx, run.index, run.shell)
        env = ctx.state(run.index).env
        moved = [name for name in ("PIP_CACHE_DIR", "XDG_CACHE_HOME") if name in env]
        if reason is None and moved:
            reason = f"an ENV sets {moved[0]}, so the cache may not be in ~/.cache/pip"
        for other in runs_as_other_user(run.shell):
            if reason is None and any(caches(op) for op in other.inner.package_ops):
                reason = (
                    f"pip runs as {other.user} (`{other.wrapper}`), whose cache a cleanup "
                    "by this RUN's user would miss"
                )
        if reason is not None:
            return ctx.finding(self, run.index, no_fix(message, reason))
        edit = appended_edit(ctx, run.index, CLEANUP)
        return ctx.finding(self, run.index, message, Fix(SAFE, (edit,), f"append `{CLEANUP}`"))

    @staticmethod
    def _mounted(inst: cst.Instruction, env: tuple[str, ...]) -> bool:
        targets = cache_mount_targets(inst)
        if targets and "PIP_CACHE_DIR" in env:
            return True  # we know the variable's name, not where it points: assume there
        # Any user's ~/.cache or ~/.cache/pip (root's, and the USER's home).
        ends = tuple("/" + p for p in home_folders(PIP.cache))
        return any(t.endswith(ends) or t in ("/root", "/") for t in targets)


RULE = PipCache()
