"""DOP203: a RUN whose package manager deletes its cache, turns it off, or leaves it in the
layer, where a BuildKit cache mount would keep it out of the image and reuse it next build.

Opt-in (``cache-mounts = true``, ``--cache-mounts``): the fix needs BuildKit and makes the
build depend on a cache whose content differs from build to build, so it is always unsafe.
Where it has a fix, the cleanup rules DOP102-DOP108 leave the RUN to it (``mounts_instead``).

What the cache folders are and where a mount holds them is the table of
``analysis.package_managers`` (``Cache.mount``, ``sharing``, ``mount_setup``, ``mount_flag``,
``moved_by``); the user a command runs as (USER, `sudo -u`, `gosu`) picks the target: root's,
or the home of an account the file creates with a known uid.  The fix edits the RUN's raw
text in place: the `--mount=` flags go before its script (after the flags it has), the
no-cache flags and the cleanup steps they replace are cut out (``cache_mount_cuts``), and a
`# syntax=docker/dockerfile:1` line goes on top of a file that names no frontend.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from optimizer.analysis import package_managers
from optimizer.analysis.package_managers import Cache, Manager, home_relative
from optimizer.analysis.runas import ROOT, account, runs_as_other_user
from optimizer.analysis.shell.facts import PackageOp, ShellScript
from optimizer.format.style import newline_style
from optimizer.lint.rewrite import logical_to_raw, script_offset
from optimizer.lint.rules.base import UNSAFE, Context, Edit, Finding, Fix, FixAvailability, Rule
from optimizer.lint.rules.common import (
    RunScript,
    chain_before,
    no_fix,
    run_script,
    run_scripts,
)
from optimizer.record import Record
from optimizer.regexes import rx
from optimizer.syntax import cst

TYPE_CHECKING = False  # not typing's: importing typing costs ~3 ms of every start-up
if TYPE_CHECKING:
    from optimizer.lint.rules.cache_mount_cuts import Mount

CODE = "DOP203"
SETTING = "cache-mounts"
SYNTAX = "# syntax=docker/dockerfile:1"
# Frontends before 1.2 know no `--mount` (but for their -experimental tags).
_OLD_FRONTEND = rx(r"(?:docker\.io/)?docker/dockerfile:1\.[01](?:\.\d+)?\Z")


class Plan(Record):
    """What DOP203 makes of one RUN: its mounts and script edits, or why it cannot."""

    index: int
    managers: tuple[str, ...]  # the managers whose caches get a mount (entry names)
    mounts: tuple[Mount, ...]
    edits: tuple[tuple[int, int, str], ...]  # (start, end, text) in the script
    dropped: tuple[str, ...]  # what the edits cut out, for the description
    reason: str | None = None


# ---------------------------------------------------------------- which RUNs, which caches


def _mountable(m: Manager) -> tuple[Cache, ...]:
    return tuple(c for c in m.caches if c.mount)


def _ops(script: ShellScript) -> list[tuple[PackageOp, Manager]]:
    out = []
    for op in script.package_ops:
        m = package_managers.manager(op.manager)
        if m is not None and _mountable(m) and m.fills_cache(op.action):
            out.append((op, m))
    return out


def _fresh(op: PackageOp, cache: Cache) -> bool:
    """Does the command fetch the index itself (apk's --update-cache, -U, --no-cache)?"""
    from optimizer.lint.rules.cache_mount_cuts import FRESH  # see _plan

    m = package_managers.manager(op.manager)
    flags = (cache.mount_flag, *FRESH, *(m.no_cache_flags if m is not None else ()))
    return any(o in flags for o in op.options if o)


def _refreshes(script: ShellScript, m: Manager, cache: Cache) -> bool:
    """Does the RUN fill this index itself (then a mount over it hides nothing it needs)?"""
    names = package_managers.command_names(m)
    return any(
        op.manager in names and (op.action in m.update or _fresh(op, cache))
        for op in script.package_ops
    )


def _user_of(ctx: Context, index: int, script: ShellScript, op: PackageOp) -> str:
    """Who runs the command: a `sudo -u`/`gosu` around it, else the RUN's USER ("": root)."""
    for other in runs_as_other_user(script):
        if other.command.start <= op.command.start and op.command.end <= other.command.end:
            return other.user
    return _run_user(ctx, index)


def _run_user(ctx: Context, index: int) -> str:
    user = ctx.state(index).user
    return "" if user.partition(":")[0] in ROOT else user


def _home(ctx: Context, index: int, user: str) -> tuple[str, str]:
    """(home, uid) of a user ("/root", "" for root; "" where the file does not say).  Only
    earlier RUNs count: the mount is made before the RUN runs, so `useradd -m` in the same
    RUN would find a home made by root."""
    if not user:
        return "/root", ""
    scripts = [run_script(ctx.instruction(k)) for k in chain_before(ctx, index)]
    found = account(user, [s[0] for s in scripts if s is not None])
    return found.home, found.uid


def _target(ctx: Context, index: int, cache: Cache, user: str) -> tuple[str | None, str]:
    """(target, uid) of the mount for this user, or (None, why not)."""
    if not user:
        return cache.mount, ""
    if not cache.home:
        return None, f"it runs as {user}, and the cache is the system's"
    home, uid = _home(ctx, index, user)
    found = run_script(ctx.instruction(index))
    if (not uid or not home) and found is not None and account(user, [found[0]]).uid:
        return None, f"this RUN creates {user}, and BuildKit makes the mount before it runs"
    if not uid or not home:
        return None, (
            f"the file does not say the uid and home of {user} (`useradd -u UID -m {user}`), "
            "which a cache mount for that user needs"
        )
    rel = cache.mount[len("/root/") :] if cache.mount.startswith("/root/") else ""
    return posixpath.join(home, rel or home_relative(cache.home[0])), uid


def _mount_targets(inst: cst.Instruction) -> list[str]:
    """The targets of the RUN's mounts of any type (a cache mount within a bind mount's
    folder, or over it, would be another folder than the command sees)."""
    out = []
    for flag in inst.flags:
        if flag.startswith("--mount="):
            for part in flag[len("--mount=") :].split(","):
                key, _, value = part.partition("=")
                if key in ("target", "dst", "destination") and value:
                    out.append(value.rstrip("/") or "/")
    return out


def _covered(target: str, existing: list[str]) -> bool:
    return any(
        t == target or target.startswith(t.rstrip("/") + "/") or t.startswith(target + "/")
        for t in existing
    )


# ------------------------------------------------------------------------------- the plan


def plans(ctx: Context) -> dict[int, Plan]:
    """Every RUN DOP203 reports, by item index (worked out once per file)."""
    memo = ctx.memo.get(CODE)
    if isinstance(memo, dict):
        return memo
    found: dict[int, Plan] = {}
    set_up: set[int] = set()  # RUNs whose fix runs a mount_setup command
    for run in run_scripts(ctx):
        plan = _plan(ctx, run, set_up)
        if plan is not None:
            found[run.index] = plan
            if plan.reason is None and any(end == 0 and t for _, end, t in plan.edits):
                set_up.add(run.index)
    ctx.memo[CODE] = found
    return found


def mounts_instead(ctx: Context, index: int, cache: Cache | None = None) -> bool:
    """Does DOP203 run and offer to mount this cache (None: any) in this RUN?  Then a cleanup
    rule leaves the RUN to it: the mount keeps the cache out of the layer and reuses it."""
    if CODE not in ctx.opted_in:
        return False
    plan = plans(ctx).get(index)
    if plan is None or plan.reason is not None:
        return False
    return cache is None or any(m.cache is cache for m in plan.mounts)


def _plan(ctx: Context, run: RunScript, set_up: set[int]) -> Plan | None:
    # Imported here: the rule is opt-in, and every `dopt check` loads the rule's module.
    from optimizer.lint.rules.cache_mount_cuts import Mount, cuts

    script = run.shell
    inst = ctx.instruction(run.index)
    existing = _mount_targets(inst)
    env = ctx.state(run.index).env
    mounts: list[Mount] = []
    managers: list[str] = []
    reason: str | None = None
    users: dict[str, str] = {}
    for op, m in _ops(script):
        if any(c.option and c.option in op.options for c in m.caches):
            continue  # the command puts its cache elsewhere on purpose
        user = _user_of(ctx, run.index, script, op)
        if users.setdefault(m.name, user) != user:
            reason = reason or f"{m.name} runs as more than one user here"
        for cache in _mountable(m):
            if cache.read_by_installs and not _refreshes(script, m, cache):
                continue  # it installs from an index an earlier step left: keep it seen
            target, uid = _target(ctx, run.index, cache, user)
            if target is None:
                reason = reason or uid
                target = "~/" + home_relative(cache.home[0]) if cache.home else cache.mount
                uid = ""
            if _covered(target, existing) or any(x.target == target for x in mounts):
                continue
            moved = [v for v in cache.moved_by if v in env or _assigned(op, v)]
            if moved:
                reason = reason or f"{moved[0]} is set, so the cache may not be in {target}"
            off = [v for v in m.no_cache_env if v in env or _assigned(op, v)]
            if off:
                reason = reason or f"{off[0]} turns the cache off"
            mounts.append(Mount(cache, target, uid))
            if m.name not in managers:
                managers.append(m.name)
    if not mounts:
        return None
    reason = reason or run.blocked or _frontend(ctx)
    edits: list[tuple[int, int, str]] = []
    dropped: list[str] = []
    if reason is None:
        home = _home(ctx, run.index, _run_user(ctx, run.index))[0]
        reason = cuts(script, mounts, users, home, edits, dropped)
    if reason is None:
        reason = _later_need(ctx, run, mounts)
    if reason is None:
        for mount in mounts:
            setup = mount.cache.mount_setup
            if setup and setup not in script.source and not _set_up_before(ctx, run, setup, set_up):
                edits.append((0, 0, setup + "; "))
    return Plan(run.index, tuple(managers), tuple(mounts), tuple(edits), tuple(dropped), reason)


def _assigned(op: PackageOp, name: str) -> bool:
    return any(a.partition("=")[0] == name for a in op.command.assignments)


def _directives(ctx: Context) -> Iterator[tuple[str, str]]:
    for item in ctx.items:
        if not isinstance(item, cst.Directive):
            return
        key, _, value = item.text.lstrip("#").partition("=")
        yield key.strip().lower(), value.strip()


def _frontend(ctx: Context) -> str | None:
    for key, value in _directives(ctx):
        if key == "syntax" and _OLD_FRONTEND.match(value):
            return f"the syntax directive names {value}, which has no --mount"
    return None


def _set_up_before(ctx: Context, run: RunScript, setup: str, set_up: set[int]) -> bool:
    """Did an earlier RUN of the image run the setup, or does its DOP203 fix add it?"""
    for k in chain_before(ctx, run.index):
        if k in set_up and not ctx.suppressed(CODE, k):
            return True
        found = run_script(ctx.instruction(k))
        if found is not None and setup in found[0].source:
            return True
    return False


def _later_need(ctx: Context, run: RunScript, mounts: list[Mount]) -> str | None:
    """An index the RUN leaves in the layer today (apt's lists) that a later RUN installs
    from without fetching it again, or may (a script, a build tool): under a mount the
    later RUN would not find it."""
    from optimizer.lint.rules.cache_cleanup import runs_a_script  # it imports this module

    for mount in mounts:
        cache = mount.cache
        if not cache.read_by_installs or _left_out_today(run.shell, cache):
            continue
        owners = tuple(m for m in package_managers.MANAGERS if cache in m.caches)
        names = package_managers.command_names(owners)
        for k in ctx.stages.later_items(run.index):
            found = run_script(ctx.instruction(k))
            if found is None:
                continue
            if any(_refreshes(found[0], m, cache) for m in owners):
                continue
            ops = [op for op in found[0].package_ops if op.manager in names]
            what = "installs" if any(op.action in owners[0].install for op in ops) else None
            if what is None and (run_a := runs_a_script(found[0])) is not None:
                what = f"runs {run_a}, which may install"
            if what is not None:
                return (
                    f"the RUN at line {ctx.lines[k]} {what} from the package index this RUN "
                    "fetches, which a mount would keep out of the image"
                )
    return None


def _left_out_today(script: ShellScript, cache: Cache) -> bool:
    """Does the RUN already keep the index out of its layer (deletes it, or never writes it)?"""
    for op in script.package_ops:
        m = package_managers.manager(op.manager)
        if m is not None and cache in m.caches and any(o in m.no_cache_flags for o in op.options):
            return True
    return any(
        cmd.name == "rm"
        and any(
            w.text.rstrip("*").rstrip("/") in cache.folders
            or w.text.rstrip("*").rstrip("/").startswith(tuple(f + "/" for f in cache.folders))
            for w in cmd.argv[1:]
        )
        for cmd in script.commands
    )


# ------------------------------------------------------------------------------- the rule


class CacheMountInsteadOfCleanup(Rule):
    code = CODE
    name = "cache-mount-instead-of-cleanup"
    summary = (
        "A package manager's cache is deleted, turned off or left in the layer: a BuildKit "
        "cache mount keeps it out and reuses it (opt-in: `cache-mounts = true`)"
    )
    why = (
        "Deleting a download cache in the RUN that filled it (`rm -rf /var/lib/apt/lists/*`, "
        "`--no-cache-dir`, `npm cache clean`) keeps the image small, but every rebuild of the "
        "step then downloads everything again. A BuildKit cache mount "
        "(`RUN --mount=type=cache,target=...`) does both: the cache lives outside the image, "
        "so the layer holds only what was installed, and the next build of the step finds the "
        "packages it downloaded last time. This needs BuildKit (`docker build` since Docker "
        "23, buildx, buildah, podman), and changes what the image contains only by leaving "
        "the caches out. The rule runs only with `cache-mounts = true` in the settings (or "
        "`--cache-mounts`); then the cleanup rules DOP102-DOP108 leave the RUNs it mounts to "
        "it."
    )
    bad = "FROM python:3.12\nRUN pip install --no-cache-dir -r requirements.txt\n"
    good = (
        "# syntax=docker/dockerfile:1\n"
        "FROM python:3.12\n"
        "RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n"
    )
    fix_availability = FixAvailability.SOMETIMES
    fix_applicability = UNSAFE
    fix_kinds_declared = frozenset((UNSAFE,))  # every fix it gives is unsafe
    fix_safety = (
        "The fix is always unsafe: the Dockerfile then needs BuildKit (dopt adds a "
        "`# syntax=docker/dockerfile:1` line when the file names no frontend), and the step "
        "reads a cache whose content differs from build to build and machine to machine. The "
        "image holds the same files but for the caches. dopt adds one `--mount=type=cache` "
        "per cache, at the folder the table of package managers gives for the user the "
        "command runs as (root's, or the home of a user the file creates with `useradd -u UID` "
        "or `adduser`, with `uid=`), drops the no-cache flags (`--no-cache-dir`; apk's "
        "`--no-cache` becomes `--update-cache`) and the cleanup steps of those caches. apt "
        "gets `/var/cache/apt` and `/var/lib/apt/lists` with `sharing=locked` (not all of "
        "/var/lib/apt, which holds which packages were installed as dependencies), and the "
        "official images' docker-clean hook is removed first (`rm -f "
        "/etc/apt/apt.conf.d/docker-clean`, as Docker's documentation shows), or apt would "
        "empty its archive cache: later apt-get runs in images built from this one then keep "
        "their downloads unless they mount the cache too. BuildKit creates a missing target "
        "folder, and the folders above it, owned by root. dopt leaves the RUN alone where a "
        "variable moves the cache (PIP_CACHE_DIR, GOCACHE, HOME...), where a later RUN "
        "installs from apt lists this RUN would no longer leave, where a cleanup is joined "
        "with `||`, and in exec form, heredocs, non-POSIX shells and Windows files."
    )
    references = (
        "https://docs.docker.com/reference/dockerfile/#run---mounttypecache",
        "https://docs.docker.com/build/cache/optimize/#use-cache-mounts",
        "https://docs.docker.com/reference/dockerfile/#syntax",
    )
    opt_in = SETTING

    def check(self, ctx: Context) -> Iterator[Finding]:
        for index, plan in plans(ctx).items():
            targets = " and ".join(m.target for m in plan.mounts)
            names = " and ".join(plan.managers)
            message = (
                f"{names}'s cache is deleted, turned off or left in this layer: a cache mount "
                f"at {targets} keeps it out of the image and reuses it next build"
            )
            if plan.reason is not None:
                yield ctx.finding(self, index, no_fix(message, plan.reason))
                continue
            edits = [Edit(index, index + 1, _fixed(ctx, plan))]
            if not any(key == "syntax" for key, _ in _directives(ctx)):
                edits.insert(0, Edit(0, 0, SYNTAX + newline_style(ctx.tree)))
            what = "mount a cache at " + targets
            if plan.dropped:
                what += " and drop " + ", ".join(f"`{d}`" for d in plan.dropped)
            yield ctx.finding(self, index, message, Fix(UNSAFE, tuple(edits), what))


def _fixed(ctx: Context, plan: Plan) -> str:
    """The RUN's raw text with the mounts before its first word and the script edits made."""
    inst = ctx.instruction(plan.index)
    base = script_offset(inst)
    code = inst.code
    for start, end, text in sorted(plan.edits, reverse=True):
        lo, hi = logical_to_raw(inst, base + start), logical_to_raw(inst, base + end)
        code = code[:lo] + text + code[hi:]
    at = logical_to_raw(inst, base)  # after the flags it has: where the script starts
    flags = [m.flag for m in plan.mounts]
    if len(flags) == 1:
        new = flags[0] + " "
    else:
        pad = " " * ctx.style.indent
        gap = f" {inst.escape}{newline_style(ctx.tree)}{pad}"
        new = gap.join(flags) + gap
    return code[:at] + new + code[at:]


RULE = CacheMountInsteadOfCleanup()
