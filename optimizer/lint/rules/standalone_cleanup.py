"""DOP108: a RUN that only cleans up caches an earlier RUN made."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from optimizer.analysis import package_managers
from optimizer.analysis.package_managers import Cache, Manager, command_names
from optimizer.analysis.shell.facts import Command, PackageOp, ShellScript
from optimizer.lint.rewrite import raw_args
from optimizer.lint.rules import apk_cache_not_removed as apk_cache
from optimizer.lint.rules import js_cache_not_cleaned as js_cache
from optimizer.lint.rules import pip_cache_not_disabled as pip_cache
from optimizer.lint.rules import rpm_cache_not_cleaned as rpm_cache
from optimizer.lint.rules import zypper_cache_not_cleaned as zypper_cache
from optimizer.lint.rules.base import SAFE, Context, Edit, Finding, Fix, FixAvailability, Rule
from optimizer.lint.rules.cache_cleanup import runs_a_script
from optimizer.lint.rules.cache_mount_instead_of_cleanup import mounts_instead
from optimizer.lint.rules.common import (
    APT,
    appended_edit,
    covered_by_cache_mount,
    no_fix,
    run_script,
    shell_runs,
    why_not_appendable,
    why_not_editable,
)
from optimizer.record import Record
from optimizer.syntax import cst


class Kind(Record):  # not typing.NamedTuple: typing costs ~2 ms of each start-up
    """One cache: the managers that use it, its folders, and which scripts fill it."""

    label: str  # what filled it, for messages
    managers: frozenset[str]
    paths: tuple[str, ...]
    makes: Callable[[ShellScript], bool]
    clean_actions: tuple[tuple[str, tuple[str, ...]], ...]  # (action, first words) that clean
    reads: tuple[str, ...] = ()  # what its cleaning command reads: ENV prefixes, "WORKDIR"
    # Package installs read it (apt lists, apk indexes): a step that may install needs it.
    installs_read: bool = False


def _ops(
    managers: frozenset[str], actions: frozenset[str] | None = None
) -> Callable[[ShellScript], bool]:
    def makes(script: ShellScript) -> bool:
        return any(
            op.manager in managers and (actions is None or op.action in actions)
            for op in script.package_ops
        )

    return makes


def _kind(
    label: str,
    managers: tuple[Manager, ...],
    cache: Cache,
    makes: Callable[[ShellScript], bool],
    installs_read: bool = False,
) -> Kind:
    """A cache of the table of package_managers (the folders of ``cache``; for a family,
    each member's folders of the same cache)."""
    paths = cache.folders
    if len(managers) > 1:
        paths = tuple(dict.fromkeys(f for m in managers for f in m.cache.folders))
    return Kind(
        label,
        command_names(managers),
        paths,
        makes,
        tuple((words[0], words[1:]) for words in cache.clean),
        tuple(dict.fromkeys(s for m in managers for s in m.settings)),
        installs_read,
    )


_APT = (package_managers.APT,)
KINDS = (
    _kind(
        "apt-get update",
        _APT,
        package_managers.APT_LISTS,
        _ops(APT, package_managers.APT.update),
        installs_read=True,
    ),
    _kind("apt-get", _APT, package_managers.APT.cache, _ops(APT, package_managers.APT.fetches)),
    _kind(
        "apk",
        (package_managers.APK,),
        package_managers.APK.cache,
        apk_cache.leaves_indexes,
        installs_read=True,
    ),
    _kind(
        "yum or dnf",
        rpm_cache.MANAGERS,
        package_managers.DNF.cache,
        lambda s: bool(rpm_cache.installers(s)),
    ),
    _kind(
        "zypper",
        (package_managers.ZYPPER,),
        package_managers.ZYPPER.cache,
        _ops(zypper_cache.ZYPPER, package_managers.ZYPPER.fetches),
    ),
    _kind(
        "pip install",
        (package_managers.PIP,),
        package_managers.PIP.cache,
        lambda s: any(pip_cache.caches(op) for op in s.package_ops),
    ),
    _kind(
        "npm install",
        (package_managers.NPM,),
        package_managers.NPM.cache,
        js_cache.RULE.parts[0].triggered,
    ),
    _kind(
        "yarn",
        (package_managers.YARN,),
        package_managers.YARN.cache,
        js_cache.RULE.parts[1].triggered,
    ),
)
_NEUTRAL = frozenset({"true", ":"})  # `rm ... || true`
_HOMES = ("~/", "$HOME/", "${HOME}/")


def _kind_of_path(text: str) -> tuple[Kind | None, bool]:
    """The cache an `rm` argument deletes (None: something else), and whether it is written
    relative to $HOME (so it depends on the user and environment)."""
    path = text.replace('"', "").replace("'", "")
    relative = path.startswith(_HOMES)
    if relative:
        path = "/root/" + path.split("/", 1)[1]
    if "$" in path or not path.startswith("/"):
        return None, relative
    path = path.rstrip("*").rstrip("/")
    for kind in KINDS:
        if any(path == p or path.startswith(p + "/") for p in kind.paths):
            return kind, relative
    return None, relative


def _kind_of_op(op: PackageOp) -> Kind | None:
    for kind in KINDS:
        if op.manager in kind.managers:
            for action, first in kind.clean_actions:
                if op.action == action and op.packages[: len(first)] == first:
                    return kind
    return None


def cleanup_kinds(
    script: ShellScript, ops: dict[Command, PackageOp]
) -> tuple[list[Kind], frozenset[str]]:
    """The caches this script cleans when cleaning is all it does (else []), and what its
    commands read besides their arguments (ENV name prefixes, "WORKDIR")."""
    kinds: list[Kind] = []
    reads: set[str] = set()
    for cmd in script.commands:
        if cmd.assignments or cmd.redirects:
            return [], frozenset()
        if cmd.name in _NEUTRAL and len(cmd.argv) == 1:
            continue
        if cmd.name == "rm":
            paths = [w.text for w in cmd.argv[1:] if not w.text.startswith("-")]
            if not paths:
                return [], frozenset()
            for text in paths:
                kind, relative = _kind_of_path(text)
                if kind is None:
                    return [], frozenset()
                if relative:
                    reads.add("HOME")
                kinds.append(kind)
            continue
        op = ops.get(cmd)
        kind = _kind_of_op(op) if op is not None else None
        if kind is None:
            return [], frozenset()
        reads.update(("HOME", "PATH", *kind.reads))
        kinds.append(kind)
    return list(dict.fromkeys(kinds)), frozenset(reads)


class StandaloneCleanup(Rule):
    code = "DOP108"
    name = "standalone-cleanup"
    summary = "A RUN that only deletes caches saves no space: the files stay in earlier layers"
    why = (
        "Each RUN adds a layer, and files a layer holds stay in the image even when a later RUN "
        "deletes them. A RUN that only cleans up (`rm -rf /var/lib/apt/lists/*`, `apt-get clean`, "
        "`yum clean all`, `npm cache clean --force`...) therefore saves nothing and adds a layer."
    )
    bad = (
        "FROM debian:bookworm\n"
        "RUN apt-get update && apt-get install -y curl\n"
        "COPY app /app\n"
        "RUN rm -rf /var/lib/apt/lists/*\n"
    )
    good = (
        "FROM debian:bookworm\n"
        "RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n"
        "COPY app /app\n"
    )
    fix_availability = FixAvailability.SOMETIMES
    fix_safety = (
        "The fix is safe where it is offered: the image holds the same files but for the deleted "
        "caches, and one layer fewer. dopt moves the cleanup to the end of the RUN that made the "
        "files: the nearest earlier RUN of the stage that filled that cache. It does so only when "
        "that RUN is shell form, in a POSIX shell, as root, with nothing after the commands it "
        "could end early on, and when nothing between the two RUNs uses that package manager or "
        "those folders (for apt lists and apk indexes, also no script or build tool, which may "
        "install packages); otherwise it says why not."
    )
    references = (
        "https://docs.docker.com/build/building/best-practices/#run",
        "https://docs.docker.com/get-started/docker-concepts/building-images/understanding-image-layers/",
        "https://docs.docker.com/reference/dockerfile/#run---mounttypecache",
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        for index, inst, script in shell_runs(ctx):
            ops = {op.command: op for op in script.package_ops}
            kinds, reads = cleanup_kinds(script, ops)
            if not kinds or not script.commands:
                continue
            if covered_by_cache_mount(inst, tuple(p for k in kinds for p in k.paths)):
                continue  # it cleans a cache mount, not files of earlier layers
            message = "this RUN only deletes caches that an earlier layer keeps: it saves no space"
            producer, reason = None, self._why_not_movable(ctx, index, script)
            if reason is None:
                producer, reason = self._producer(ctx, index, kinds, reads)
            if reason is not None or producer is None:
                yield ctx.finding(self, index, no_fix(message, reason or ""))
                continue
            line = ctx.lines[producer]
            found = run_script(ctx.instruction(producer))
            assert found is not None
            if _already_done(script, found[0]):
                # Appending would run the same commands twice (DOP102-DOP107 may have added
                # them): nothing refills the cache in between, so the RUN only goes.
                fix = Fix(SAFE, (Edit(index, index + 1, ""),), "delete it")
                yield ctx.finding(
                    self, index, f"{message}; the RUN at line {line} already cleans up", fix
                )
                continue
            text = raw_args(inst)
            if script.chain is None or any(op not in ("&&", "") for _, op in script.chain):
                text = "{ " + text + "; }"  # keep `a || b` / `a; b` from binding to the RUN
            fix = Fix(
                SAFE,
                (
                    appended_edit(ctx, producer, text),
                    Edit(index, index + 1, ""),
                ),
                f"move the cleanup to the end of the RUN at line {line}",
            )
            yield ctx.finding(self, index, f"{message}; move it into the RUN at line {line}", fix)

    @staticmethod
    def _why_not_movable(ctx: Context, index: int, script: ShellScript) -> str | None:
        inst = ctx.instruction(index)
        reason = why_not_editable(ctx, index, script)
        if reason is not None:
            return reason
        # This RUN's text is what moves (cleanup commands only, so no early exit): a comment
        # or `&` in it would change what the other RUN runs.
        if script.comment:
            return "its command contains a shell comment (#)"
        if script.background:
            return "its command starts a background job (&)"
        if inst.flags:
            return f"it has flags ({' '.join(inst.flags)}) the other RUN does not share"
        if ctx.state(index).user:
            return f"it runs as USER {ctx.state(index).user}"
        return None

    def _producer(
        self, ctx: Context, index: int, kinds: list[Kind], reads: frozenset[str]
    ) -> tuple[int | None, str | None]:
        """The RUN to move the cleanup into, or why there is none."""
        stage = ctx.stages.stage(index)
        earlier = [k for k in stage.items if k < index] if stage is not None else []
        found: dict[int, Kind] = {}
        for kind in kinds:
            k = _nearest(ctx, earlier, kind)
            if k is None:
                return None, f"no earlier RUN in this stage ran {kind.label}"
            found.setdefault(k, kind)
        if len(found) > 1:
            lines = " and ".join(str(ctx.lines[k]) for k in sorted(found))
            return None, f"what it deletes comes from different RUNs (lines {lines})"
        producer, kind = next(iter(found.items()))
        line = ctx.lines[producer]
        inst = ctx.instruction(producer)
        script, unedited = run_script(inst) or (None, None)
        assert script is not None
        if unedited is not None:
            return None, f"the RUN at line {line} that ran {kind.label}: {unedited}"
        reason = why_not_appendable(ctx, producer, script)
        if reason is None and ctx.state(producer).user:
            reason = f"it runs as USER {ctx.state(producer).user}"
        paths = tuple(p for k in kinds for p in k.paths)
        if reason is None and covered_by_cache_mount(inst, paths):
            reason = "it keeps these files in a cache mount, which the cleanup would empty"
        if reason is None and mounts_instead(ctx, producer):
            reason = "DOP203 puts its caches in a cache mount instead (cache-mounts = true)"
        if reason is not None:
            return None, f"the RUN at line {line} that ran {kind.label}: {reason}"
        managers = frozenset().union(*(k.managers for k in kinds))
        later = [k for k in stage.items if k > index] if stage is not None else []
        makes_layer = any(ctx.instruction(k).keyword in ("RUN", "COPY", "ADD") for k in later)
        for k in earlier:
            if k > producer and ctx.instruction(k).keyword == "WORKDIR" and not makes_layer:
                # buildah creates a WORKDIR's folder only under a later layer-making step;
                # deleting the last one would drop the folder from the image.
                return None, (
                    f"the WORKDIR at line {ctx.lines[k]} between them gets its folder only "
                    "from a later step, and this RUN is the last one"
                )
        for k in earlier:
            if k <= producer:
                continue
            what = ctx.instruction(k).keyword
            why = _between(ctx, k, managers, paths) or _changes(ctx, k, reads)
            if why is None and any(kind.installs_read for kind in kinds):
                why = _may_install(ctx, k)
            if why is not None:
                return None, f"the {what} at line {ctx.lines[k]} between them {why}"
        return producer, None


def _may_install(ctx: Context, index: int) -> str | None:
    """Does this instruction run a script or build tool that may install packages?"""
    found = run_script(ctx.instruction(index))
    run = runs_a_script(found[0]) if found is not None else None
    return None if run is None else f"runs {run}, which may install packages with them"


def _changes(ctx: Context, index: int, reads: frozenset[str]) -> str | None:
    """Does this instruction change something the cleanup's commands read?"""
    inst = ctx.instruction(index)
    if inst.keyword == "WORKDIR" and "WORKDIR" in reads:
        return "changes the directory its command reads settings from"
    names: list[str] = []
    if isinstance(inst, cst.Env) and inst.keyword == "ENV":  # Env also reads LABEL
        names = [k for k, _ in inst.pairs]
    elif isinstance(inst, cst.Arg):
        names = list(inst.names)
    for name in names:
        if any(name.upper().startswith(r) for r in reads if r != "WORKDIR"):
            return f"sets {name}, which its command reads"
    return None


def _already_done(cleanup: ShellScript, producer: ShellScript) -> bool:
    """Does the producer already run each of the cleanup's commands, word for word, after
    its last package-manager command that is not itself a cleanup?"""
    last = max(
        (op.command.end for op in producer.package_ops if _kind_of_op(op) is None), default=-1
    )
    done = {tuple(w.text for w in c.argv) for c in producer.commands if c.start >= last}
    return all(
        tuple(w.text for w in c.argv) in done
        for c in cleanup.commands
        if not (c.name in _NEUTRAL and len(c.argv) == 1)
    )


def _nearest(ctx: Context, earlier: list[int], kind: Kind) -> int | None:
    for k in reversed(earlier):
        found = run_script(ctx.instruction(k))
        if found is not None and kind.makes(found[0]):
            return k
    return None


def _between(
    ctx: Context, index: int, managers: frozenset[str], paths: tuple[str, ...]
) -> str | None:
    """Why an instruction between the two RUNs stops the move (None: it does not)."""
    inst = ctx.instruction(index)
    if inst.keyword in ("COPY", "ADD"):
        dest = inst.values[-1] if inst.values else ""
        dest = dest.rstrip("/")
        if any(dest == p or dest.startswith(p + "/") for p in paths):
            return "writes into the cache"
        return None
    found = run_script(inst)
    if found is None:
        return None
    script = found[0]
    for op in script.package_ops:
        if op.manager in managers:
            return f"runs {op.manager}"
    if not script.ok:
        return "could not be parsed"
    if any(p in script.source for p in paths):
        return "uses the cache folder"
    return None


RULE = StandaloneCleanup()
