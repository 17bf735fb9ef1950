"""DOP201: a system package install below steps whose inputs change more often."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from optimizer.analysis import package_managers, package_setup, volatility
from optimizer.analysis.shell.facts import ShellScript
from optimizer.format.style import newline_style
from optimizer.lint.rules.base import (
    REORDER,
    SAFE,
    UNSAFE,
    Context,
    Edit,
    Finding,
    Fix,
    FixAvailability,
    Rule,
)
from optimizer.lint.rules.common import absolute_workdir_before, analyze_run, shell_runs
from optimizer.regexes import rx
from optimizer.syntax import cst

# Where packages install: a COPY into one of these might be read or overwritten by them.
_SYSTEM = (
    "/etc",
    "/usr",
    "/var",
    "/lib",
    "/lib32",
    "/lib64",
    "/libx32",
    "/bin",
    "/sbin",
    "/boot",
    "/opt",
    "/root",
    "/tmp",
    "/run",
    "/dev",
    "/proc",
    "/sys",
)
_MANAGERS = volatility.SYSTEM_MANAGERS
_PLAIN = rx(r"-{0,2}[A-Za-z0-9][A-Za-z0-9.+_:=~@-]*\Z")
_CACHES = package_managers.system_cache_folders()


class Reorder(Rule):
    code = "DOP201"
    fix_phase = REORDER
    name = "volatile-before-stable"
    summary = "A system package install comes after steps that change more often"
    why = (
        "Docker reuses a layer only while every step before it is unchanged. A package install "
        "placed after `COPY . .` reruns whenever any file of the build context changes, which is "
        "nearly every build. Installing system packages first keeps them cached."
    )
    bad = (
        "FROM debian:bookworm\n"
        "COPY . /app\n"
        "RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n"
    )
    good = (
        "FROM debian:bookworm\n"
        "RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n"
        "COPY . /app\n"
    )
    fix_availability = FixAvailability.SOMETIMES
    fix_safety = (
        "dopt moves an install that only installs named packages above COPY/ADD steps that write "
        "outside system folders (safe: neither step reads what the other writes); moving it above "
        "other RUN steps is unsafe, because what those steps do cannot be proven (they may behave "
        "differently with the packages present). It never moves an install that names a package "
        "file (./app.deb, app.rpm), past a COPY whose destination it cannot resolve (a variable, "
        "or a relative path before any WORKDIR of the file), or past a RUN the install may depend "
        "on: one that sets up package sources or keys (/etc/apt, keyrings, `curl ... | sh`), "
        "creates users or groups (their fixed IDs must come first), or preseeds settings (debconf, "
        "/etc/timezone)."
    )
    references = (
        "https://docs.docker.com/build/building/best-practices/#leverage-build-cache",
        "https://docs.docker.com/build/cache/optimize/",
        "https://docs.docker.com/build/cache/invalidation/",
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        for index, _, script in shell_runs(ctx):
            if not _movable(script):
                continue
            finding = self._move(ctx, index)
            if finding is not None:
                yield finding

    def _move(self, ctx: Context, index: int) -> Finding | None:
        stage = ctx.stages.stage(index)
        if stage is None:
            return None
        comments = ctx.comments_before(index)
        block_start = comments[0][0] if comments else index
        target: int | None = None
        passed: list[tuple[str, bool]] = []  # "COPY at line 4", and whether unsafe to pass
        k = block_start - 1
        while k >= 0:
            item = ctx.items[k]
            if not isinstance(item, cst.Instruction):
                k -= 1  # blank and comment lines between steps
                continue
            if ctx.stages.stage_of.get(k) != stage.index:
                break
            verdict = _passable(ctx, k, item)
            if verdict is None:
                break
            passed.append((f"{item.keyword} at line {ctx.lines[k]}", verdict == UNSAFE))
            target = k
            # Take the comments directly above a passed step along with it (keep them above).
            while target > 0 and isinstance(ctx.items[target - 1], cst.Comment):
                target -= 1
            k = target - 1
        if target is None:
            return None
        nl = newline_style(ctx.tree)
        moved = "".join(
            code if code.endswith("\n") else code + nl
            for code in (ctx.items[i].code for i in range(block_start, index + 1))
        )
        passed.reverse()  # in file order
        first = passed[0][0]
        risky = [step for step, unsafe in passed if unsafe]
        applicability = UNSAFE if risky else SAFE
        fix = Fix(
            applicability,
            (Edit(target, target, moved), Edit(block_start, index + 1, "")),
            f"move it above {first}",
        )
        steps = _join([step for step, _ in passed])
        change = "that step is rebuilt" if len(passed) == 1 else "one of those steps is rebuilt"
        tier = ""
        if risky:
            would = "would" if len(risky) == 1 else "would each"
            tier = (
                f" (unsafe: {_join(risky)} {would} then run with these packages installed, "
                "and may build or behave differently)"
            )
        return ctx.finding(
            self,
            index,
            f"system package install after {steps}: it reruns whenever {change}; "
            f"move it above {first}{tier}",
            fix,
        )


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _movable(script: ShellScript) -> bool:
    """Only named packages from the system package manager: it reads no file of the build."""
    if not script.ok or script.background or script.comment or not script.commands:
        return False
    if not any(
        op.manager in _MANAGERS and op.action in ("install", "add") for op in script.package_ops
    ):
        return False
    for cmd in script.commands:
        # A literal prefix assignment (DEBIAN_FRONTEND=noninteractive apt-get ...) only sets
        # the command's environment.
        if cmd.redirects or any("$" in a or "`" in a for a in cmd.assignments):
            return False
        name = cmd.name
        if name == "rm":
            texts = [w.text for w in cmd.argv[1:]]
            if not all(t.startswith("-") or t.startswith(_CACHES) for t in texts):
                return False
        elif name in _MANAGERS:
            words = [w.literal for w in cmd.argv[1:]]
            if not all(
                w is not None and _PLAIN.match(w) and not package_setup.is_local_package(w)
                for w in words
            ):
                return False  # a local package file (./app.deb, app.rpm) comes from the build
        elif name not in ("true", "set"):
            return False
    return True


def _passable(ctx: Context, k: int, item: cst.Instruction) -> str | None:
    """SAFE or UNSAFE to move a package install above this step, or None (stop here)."""
    kw = item.keyword
    if kw in ("COPY", "ADD"):
        if item.markers or (item.is_json and not item.values):
            return None
        dest = item.values[-1] if item.values else ""
        if not dest or "$" in dest:
            return None  # a variable may name a system folder
        workdir = ctx.state(k).workdir
        if not dest.startswith("/") and ("$" in workdir or not absolute_workdir_before(ctx, k)):
            return None  # relative to a folder this file does not set (the base image's)
        path = posixpath.normpath(posixpath.join(workdir, dest))
        if path == "/" or any(path == p or path.startswith(p + "/") for p in _SYSTEM):
            return None
        return SAFE
    if kw == "RUN":
        run = analyze_run(item)
        if run is None:
            return None
        script = run[1]
        if volatility.run_rank(script) <= volatility.SYSTEM_PACKAGES:
            return None  # another package step: order among them matters (DOP101 merges)
        if any(op.manager in _MANAGERS for op in script.package_ops):
            return None
        if package_setup.setup_done(script) is not None:
            return None  # sources, keys, users or preseeding the install depends on
        return UNSAFE
    return None


RULE = Reorder()
