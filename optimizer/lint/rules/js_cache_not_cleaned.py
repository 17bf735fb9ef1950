"""DOP107: npm and yarn download caches left in the layer."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator

from optimizer.analysis import package_managers
from optimizer.analysis.package_managers import YARN, Manager, home_relative
from optimizer.analysis.runas import RunAs, runs_as_other_user
from optimizer.analysis.shell.facts import PackageOp, ShellScript
from optimizer.lint.rules.base import Context, Finding, FixAvailability, Rule
from optimizer.lint.rules.cache_cleanup import (
    CacheCleanupRule,
    first_later,
    removes_any,
    removes_home,
)
from optimizer.lint.rules.common import chain_before, run_script
from optimizer.lint.rules.yarn_project import berry_in_context
from optimizer.syntax import cst


def _fills(script: ShellScript, manager: Manager, own: str) -> bool:
    # `--cache`/`--cache-folder` (the table's option) point the cache elsewhere on purpose.
    actions = manager.install | manager.upgrade
    return any(
        op.manager == manager.name
        and op.action in actions
        and not any(o == own or o.startswith(own + "=") for o in op.options)
        for op in script.package_ops
    )


def _cache_clean(script: ShellScript, manager: Manager) -> bool:
    return any(
        op.manager == manager.name and (op.action, *op.packages[:1]) in manager.cache.clean
        for op in script.package_ops
    )


def _removes_cache(script: ShellScript, manager: Manager) -> bool:
    """Does some `rm` delete the cache, at root's folder or in the home (~, $HOME)?"""
    cache = manager.cache
    return any(removes_any(script, p) for p in cache.folders) or any(
        removes_home(script, home_relative(p)) for p in cache.home
    )


def _offline_later(ctx: Context, index: int, manager: str) -> str | None:
    """A later install that must not touch the network reads the cache."""
    found = first_later(ctx, index, _offline_test(manager))
    if found is None:
        return None
    op = next(op for op in found[1].package_ops if _offline(op, manager))
    return (
        f"the RUN at line {ctx.lines[found[0]]} runs `{manager} {op.action} "
        "--offline`, which installs from this cache"
    )


def _offline(op: PackageOp, manager: str) -> bool:
    return op.manager == manager and "--offline" in op.options


@functools.cache
def _offline_test(manager: str) -> Callable[[ShellScript], bool]:
    """One test per manager, so that first_later works each out once per file."""
    return lambda script: any(_offline(op, manager) for op in script.package_ops)


class _Part(CacheCleanupRule):
    """DOP107 for one tool."""

    code = "DOP107"
    name = "js-cache-not-cleaned"
    summary = ""
    why = ""
    bad = ""
    good = ""
    hadolint = ("DL3060",)
    # The cache is in the home of whoever runs the RUN, who may clear it: a USER is fine
    # (``needs_root`` is False for a cache the table puts in the home).

    def __init__(self, tool: Manager) -> None:
        self.tool = tool
        self.manager = tool.name
        self.cache = self.tool.cache
        self.what = f"{self.manager}'s download cache files ({self.cache.folders[0]})"

    def fills(self, script: ShellScript) -> bool:
        """Does the script itself (not a command it runs as another user) fill the cache?"""
        return _fills(script, self.tool, self.cache.option)

    def triggered(self, script: ShellScript) -> bool:
        return self.fills(script) or self.as_other_user(script) is not None

    def as_other_user(self, script: ShellScript) -> RunAs | None:
        """A command that fills the cache of another user (`gosu node npm ci`)."""
        for other in runs_as_other_user(script):
            if self.fills(other.inner) and not self.cleaned(other.inner):
                return other
        return None

    def later_need(self, ctx: Context, index: int) -> str | None:
        found = run_script(ctx.instruction(index))
        other = self.as_other_user(found[0]) if found is not None else None
        if other is not None:
            return (
                f"{self.manager} runs as {other.user} (`{other.wrapper}`), whose cache a "
                "cleanup by this RUN's user would miss"
            )
        return self.need(ctx, index)

    def need(self, ctx: Context, index: int) -> str | None:
        """Why a later step (or the app) still needs the cache."""
        return _offline_later(ctx, index, self.manager)

    def cleaned(self, script: ShellScript) -> bool:
        return _cache_clean(script, self.tool) or _removes_cache(script, self.tool)


class _Yarn(_Part):
    """Yarn, whose cache the app itself may load from (Yarn 2+, Plug'n'Play)."""

    def need(self, ctx: Context, index: int) -> str | None:
        # Besides a later offline install, the app itself may need the cache: Yarn 2+
        # (Berry) with Plug'n'Play loads packages from its cache folder.  Signs are looked
        # for in the RUN, then this stage's earlier steps, then its bases' (a base stage
        # comes before the stages built FROM it), so the nearest stage's sign is named.
        items = sorted(chain_before(ctx, index), key=lambda k: (-ctx.stages.stage_of[k], k))
        for k in [index, *items]:
            if _berry_sign(ctx.instruction(k)):
                return (
                    f"line {ctx.lines[k]} suggests Yarn 2 or later, which may load packages "
                    "from its cache at run time"
                )
        # Then what the project copied in from the build context says.
        found = run_script(ctx.instruction(index))
        ops = [op for op in found[0].package_ops if op.manager == self.manager] if found else []
        project = any("global" not in op.options for op in ops)  # global: Yarn 1 only
        cwd: str | None = ctx.state(index).workdir
        moves = found is not None and any(c.name in ("cd", "pushd") for c in found[0].commands)
        if moves or any(o.startswith("--cwd") for op in ops for o in op.options):
            cwd = None  # yarn may run anywhere: every copied folder is looked through
        reason = berry_in_context(ctx, index, project, cwd)
        return reason or _offline_later(ctx, index, self.manager)


def _berry_sign(inst: cst.Instruction) -> bool:
    if inst.keyword in ("COPY", "ADD"):
        return any(".yarnrc.yml" in v or ".yarn/" in v or v == ".yarn" for v in inst.values)
    found = run_script(inst)
    if found is None:
        return False
    script = found[0]
    if any(c.name == "corepack" for c in script.commands):
        return True
    return any(
        op.manager == "yarn"
        and (
            op.action in ("set", "dlx")
            or any(o.startswith(("--immutable", "--mode")) for o in op.options)
        )
        for op in script.package_ops
    )


class JsCache(Rule):
    code = "DOP107"
    name = "js-cache-not-cleaned"
    summary = "`npm install` or `yarn install` leaves its download cache in the layer"
    why = (
        "npm keeps a copy of every package it downloads in ~/.npm, and Yarn 1 in "
        "/usr/local/share/.cache/yarn: often as large as node_modules itself. Deleting the cache "
        "in a later RUN does not shrink the image: the layer that wrote it keeps it."
    )
    bad = "FROM node:20\nRUN npm ci\n"
    good = "FROM node:20\nRUN npm ci && npm cache clean --force\n"
    fix_availability = FixAvailability.SOMETIMES
    fix_safety = (
        "The fix is safe where it is offered: it deletes only the download cache, which a Yarn 1 "
        "or npm install does not read at run time. dopt appends `npm cache clean --force` or `yarn "
        "cache clean` at the end of the RUN that installed, also under a non-root USER (the cache "
        "is in that user's home). It does not when a cache mount holds the cache; when the tool "
        "runs as another user (`sudo -u`, `su -c`, `gosu`, `runuser`), whose cache the cleanup "
        "would miss; or, for yarn, when Yarn 2 or later may be in use, whose Plug'n'Play installs "
        "load packages from the cache: signs in the stage (corepack, `yarn set version`, "
        "`--immutable`, a copied .yarnrc.yml) or in the project copied from the build context, "
        "taken to be the Dockerfile's folder (a .yarnrc.yml, a `packageManager` of yarn@2 or "
        "later, a Berry lockfile, .yarn/releases), or no project there that dopt can read (`COPY . "
        ".` from a folder without package.json, a COPY from another stage, stdin)."
    )
    references = (
        "https://github.com/hadolint/hadolint/wiki/DL3060",
        "https://docs.npmjs.com/cli/commands/npm-cache",
        "https://classic.yarnpkg.com/en/docs/cli/cache",
    )
    hadolint = ("DL3060",)
    # One engine rule per tool: each appends its own command (both when a RUN runs both).
    parts = tuple(_Yarn(m) if m is YARN else _Part(m) for m in package_managers.cleaned_by(code))

    def check(self, ctx: Context) -> Iterator[Finding]:
        for part in self.parts:
            yield from part.check(ctx)


RULE = JsCache()
