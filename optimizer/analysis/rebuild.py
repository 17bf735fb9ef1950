"""A model of BuildKit's layer cache: which steps re-run after a typical change.

Each instruction after a FROM is a step with a cache key.  FROM is keyed by its image
reference (or the result of the stage it builds on); COPY/ADD by its text and the content of
what it copies (``.`` or a folder: everything the context sends; a named file: that file;
``--from=stage``: that stage's result); every other step by its text and the step before.  A
``RUN --mount=type=bind`` without ``from=`` reads the context as a COPY would.  A step whose key
changed re-runs, and so does every step after it in its stage and in every stage that uses
that stage (FROM it, COPY --from it, RUN --mount=from= it).

Three changes are simulated: a source edit (a context file that is not a dependency
manifest), a dependency bump (a manifest edit: ``dependency_manifests.is_manifest``) and a
base-image update (every image a FROM or a ``--from`` names).  Only the stages the final
image needs are counted.  A step's cost is "expensive" when it installs packages (a
``PackageOp`` install), installs dependencies (``dependency_manifests.install``) or builds
(``go build``, ``make``...), else "cheap".

With a context folder, ``.``/folder copies read what ``.dockerignore`` leaves in: a copy
that sends no manifest is not touched by a dependency bump, one that sends only manifests
not by a source edit.  Without one, a folder is taken to hold both.
"""

from __future__ import annotations

import fnmatch
import posixpath

from optimizer.analysis import dependency_manifests
from optimizer.analysis.stages import stages_of
from optimizer.record import Record, kept_on
from optimizer.syntax import cst

TYPE_CHECKING = False  # not typing's: importing typing costs ~3 ms of every start-up
if TYPE_CHECKING:
    from pathlib import Path  # load_context's callers (explain-cache, tests) pass pathlib's

SOURCE, DEPENDENCY, BASE = "source", "dependency", "base"
CHANGES = (SOURCE, DEPENDENCY, BASE)
TITLES = {
    SOURCE: "a source edit",
    DEPENDENCY: "a dependency bump",
    BASE: "a base-image update",
}

# Package-manager actions that install (PackageOp.action); removals and cache cleaning are cheap.
_INSTALL_ACTIONS = frozenset(
    {"install", "add", "upgrade", "dist-upgrade", "full-upgrade", "groupinstall"}
)
# `update` upgrades packages for these; for apt and apk it only fetches the indexes.
_UPDATE_INSTALLS = frozenset({"yum", "dnf", "microdnf", "zypper", "tdnf"})
# Build commands: the command name and the first argument that makes it a build ("" = any).
_BUILDS: dict[str, frozenset[str]] = {
    "go": frozenset({"build", "install"}),
    "cargo": frozenset({"build", "install"}),
    "make": frozenset({""}),
    "cmake": frozenset({"--build"}),
    "mvn": frozenset({"package", "install", "verify", "compile"}),
    "mvnw": frozenset({"package", "install", "verify", "compile"}),
    "gradle": frozenset({"build", "assemble", "installDist", "bootJar", "jar"}),
    "gradlew": frozenset({"build", "assemble", "installDist", "bootJar", "jar"}),
    "dotnet": frozenset({"publish", "build"}),
}


class Step(Record):
    """One cached step of a stage the final image needs."""

    item: int  # index in tree.items
    line: int  # 1-based line of the instruction
    text: str  # the instruction's first line, for tables
    stage: str  # stage name, or its index
    depends: str  # what its key depends on beyond the step before
    reruns: tuple[bool, bool, bool]  # after a source edit, a dependency bump, a base update
    cost: str  # "expensive (build)", "cheap"...


class Simulation(Record):
    steps: tuple[Step, ...]

    def count(self, change: str) -> int:
        k = CHANGES.index(change)
        return sum(1 for s in self.steps if s.reruns[k])

    def expensive(self, change: str) -> int:
        k = CHANGES.index(change)
        return sum(1 for s in self.steps if s.reruns[k] and s.cost != "cheap")

    def figure(self, change: str) -> str:
        return f"{self.count(change)} of {len(self.steps)}"


class Context(Record):
    """What the build context sends, as far as the model needs: does a path hold a manifest,
    does it hold anything else."""

    files: tuple[str, ...]  # relative paths not excluded by .dockerignore

    def reads(self, src: str) -> tuple[bool, bool]:
        """(holds a source file, holds a manifest) for a COPY source."""
        prefix = posixpath.normpath(src.lstrip("/"))
        prefix = "" if prefix == "." else prefix

        source = manifest = False
        for f in self.files:
            if not (
                not prefix
                or f == prefix
                or f.startswith(prefix + "/")
                or fnmatch.fnmatchcase(f, prefix)
            ):
                continue
            if dependency_manifests.is_manifest(f):
                manifest = True
            else:
                source = True
        return source, manifest


def load_context(folder: Path, dockerfile: Path | None = None) -> Context:
    """The files ``folder`` sends to a build (what .dockerignore leaves in)."""
    from optimizer.analysis import dockerignore

    patterns = dockerignore.parse_patterns(
        dockerignore.ignore_text(dockerignore.ignore_file_for(dockerfile, folder))
    )
    files: list[str] = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_file() and not dockerignore.excluded(rel, patterns):
            files.append(rel)
    return Context(tuple(files))


def _reads(src: str, context: Context | None) -> tuple[bool, bool]:
    """(a source edit touches it, a dependency bump touches it) for one COPY source."""
    if context is not None:
        return context.reads(src)
    name = posixpath.basename(src.rstrip("/"))
    if src.rstrip("/") in ("", ".", "./") or name in ("", ".", "*"):
        return True, True
    if dependency_manifests.is_manifest(name):
        return False, True
    if "." not in name or src.endswith("/"):
        return True, True  # a folder may hold manifests as well as sources
    return True, False


def _copy_reads(inst: cst.Instruction, context: Context | None = None) -> tuple[bool, bool]:
    """``_reads`` of a COPY's context sources (not its URLs), taken together.  Without a
    context folder it reads the instruction alone, so the walk keeps it there: ``dopt fix``
    walks the source and the fixed text, which share the COPYs no fix touched."""
    source = manifest = False
    for src in inst.sources:  # type: ignore[attr-defined]
        if "://" not in src:
            s, d = _reads(src, context)
            source |= s
            manifest |= d
    return source, manifest


def _mount_parts(flag: str) -> dict[str, str]:
    parts: dict[str, str] = {}
    for part in flag[len("--mount=") :].split(","):
        key, _, value = part.partition("=")
        parts[key.strip().lower()] = value
    return parts


def _commands(inst: cst.Instruction) -> list[list[str | None]]:
    """The literal argv of every command a RUN runs (None for a non-literal word)."""
    from optimizer.analysis.shell.script import analyze

    if inst.keyword != "RUN":
        return []
    if inst.is_json:
        import shlex  # an exec-form RUN only: `dopt fix` pays no import for it

        text = shlex.join(inst.values)
    elif inst.heredocs:
        text = "\n".join(h.content for h in inst.heredocs)
    else:
        text = inst.values[0] if inst.values else ""
    script = analyze(text)
    return [[w.literal for w in c.argv] for c in script.commands]


def cost(inst: cst.Instruction) -> str:
    """How costly re-running this step is, where the rule set knows.  Kept on the
    instruction (immutable; the answer reads its text only): ``dopt fix`` asks it of the
    source and of the fixed text, which share the instructions no fix touched."""
    return kept_on(inst, "_cost_memo", _cost)


def _cost(inst: cst.Instruction) -> str:
    from optimizer.analysis.shell.script import analyze

    if inst.keyword != "RUN":
        return "cheap"
    commands = _commands(inst)
    # A manifest install (`pip install -r requirements.txt`) before the package installs:
    # pip is also a package manager to the shell analysis.
    for words in commands:
        if dependency_manifests.install(words) is not None:
            return "expensive (dependency install)"
    if not inst.is_json and not inst.heredocs and inst.values:
        script = analyze(inst.values[0])
        if any(
            op.action in _INSTALL_ACTIONS
            or (op.action == "update" and op.manager in _UPDATE_INSTALLS)
            for op in script.package_ops
        ):
            return "expensive (package install)"
    for words in commands:
        name = posixpath.basename(words[0] or "") if words else ""
        args = [w for w in words[1:] if w is not None]
        builds = _BUILDS.get(name)
        if builds is not None and ("" in builds or (args and args[0] in builds)):
            return "expensive (build)"
        if name in ("npm", "yarn", "pnpm") and "build" in args[:2]:
            return "expensive (build)"
    return "cheap"


def simulate(tree: cst.Dockerfile, context: Context | None = None) -> Simulation:
    """Which steps of the stages the final image needs re-run after each change."""
    lines = _line_numbers(tree)
    return Simulation(
        tuple(
            Step(i, lines[i], inst.line, label, "; ".join(deps) or "text", reruns, cost(inst))
            for i, inst, label, deps, reruns in _walk(tree, context)
        )
    )


def source_edit_figures(tree: cst.Dockerfile) -> tuple[int, int]:
    """``simulate(tree)``'s ``count(SOURCE)`` and its number of steps, without the columns
    only the tables show (each step's cost, text and line): ``dopt fix`` prints these two
    for every file it changes."""
    walked = _walk(tree, None)
    return sum(1 for step in walked if step[4][0]), len(walked)


# A step as the walk finds it: item index, instruction, stage label, what its key depends
# on, and whether it re-runs after each change.
_Walked = tuple[int, cst.Instruction, str, list[str], tuple[bool, bool, bool]]


def _walk(tree: cst.Dockerfile, context: Context | None) -> list[_Walked]:
    """The steps of the stages the final image needs, in file order."""
    st = stages_of(tree)
    items = tree.items
    by_name = {s.name.lower(): s.index for s in st.stages if s.name}

    def stage_ref(ref: str) -> int | None:
        k = by_name.get(ref.lower())
        if k is None and ref.isdigit() and int(ref) < len(st.stages):
            k = int(ref)
        return k

    # changed[stage] = does the stage's result change, per change (filled in stage order:
    # a stage can only use earlier ones).
    changed: dict[int, list[bool]] = {}
    per_stage: dict[int, list[_Walked]] = {}
    uses: dict[int, set[int]] = {}
    for stage in st.stages:
        label = stage.name or str(stage.index)
        dirty = [False, False, False]
        steps: list[_Walked] = []
        uses[stage.index] = set()
        for i in stage.items:
            inst = items[i]
            assert isinstance(inst, cst.Instruction)
            if isinstance(inst, cst.From):
                if stage.base_stage is not None:
                    dirty = list(changed[stage.base_stage])
                    uses[stage.index].add(stage.base_stage)
                else:
                    dirty = [False, False, inst.image.lower() != "scratch"]
                continue
            key = [False, False, False]
            deps: list[str] = []
            if inst.keyword in ("COPY", "ADD"):
                frm = inst.flag("from")
                srcs = inst.sources  # type: ignore[attr-defined]
                if frm:
                    k = stage_ref(frm)
                    if k is not None:
                        key = [a or b for a, b in zip(key, changed[k], strict=True)]
                        uses[stage.index].add(k)
                        deps.append(f"stage {frm}")
                    else:
                        key[2] = True
                        deps.append(f"image {frm}")
                else:
                    deps.extend(f"url {src}" for src in srcs if "://" in src)
                    s, d = (
                        _copy_reads(inst, context)
                        if context is not None
                        else kept_on(inst, "_copy_reads_memo", _copy_reads)
                    )
                    key[0] |= s
                    key[1] |= d
                    deps.append("context " + " ".join(srcs))
            for flag in inst.flags:
                if not flag.startswith("--mount="):
                    continue
                parts = _mount_parts(flag)
                kind = parts.get("type", "bind")
                if kind not in ("bind", "cache", "secret", "ssh", "tmpfs"):
                    continue
                if "from" in parts:
                    k = stage_ref(parts["from"])
                    if kind != "bind" and k is None:
                        continue
                    if k is not None:
                        key = [a or b for a, b in zip(key, changed[k], strict=True)]
                        uses[stage.index].add(k)
                        deps.append(f"mount stage {parts['from']}")
                    else:
                        key[2] = True
                        deps.append(f"mount image {parts['from']}")
                elif kind == "bind":
                    s, d = _reads(parts.get("source", parts.get("src", ".")) or ".", context)
                    key[0] |= s
                    key[1] |= d
                    deps.append("mount context " + (parts.get("source") or "."))
            dirty = [a or b for a, b in zip(dirty, key, strict=True)]
            steps.append((i, inst, label, deps, (dirty[0], dirty[1], dirty[2])))
        changed[stage.index] = dirty
        per_stage[stage.index] = steps
    needed: set[int] = set()
    todo = [len(st.stages) - 1] if st.stages else []
    while todo:
        k = todo.pop()
        if k not in needed:
            needed.add(k)
            todo.extend(uses[k])
    return [s for k in sorted(needed) for s in per_stage[k]]


def _line_numbers(tree: cst.Dockerfile) -> dict[int, int]:
    out: dict[int, int] = {}
    line = 1
    for i, item in enumerate(tree.items):
        out[i] = line
        line += item.code.count("\n")
    return out


def table(sim: Simulation) -> str:
    """The per-step table ``dopt explain-cache`` prints."""
    rows: list[tuple[str, ...]] = [
        ("LINE", "STAGE", "STEP", "KEY DEPENDS ON", "SRC", "DEP", "BASE", "COST")
    ]
    for s in sim.steps:
        text = s.text if len(s.text) <= 40 else s.text[:37] + "..."
        marks = tuple("re-run" if r else "cached" for r in s.reruns)
        rows.append((str(s.line), s.stage, text, s.depends, *marks, s.cost))
    widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.append("")
    for change in CHANGES:
        lines.append(
            f"after {TITLES[change]}: {sim.figure(change)} steps re-run"
            f" ({sim.expensive(change)} expensive)"
        )
    return "\n".join(lines) + "\n"


def fix_summary(pairs: list[tuple[str, str]]) -> str | None:
    """The line ``dopt fix`` ends with: steps re-run after a source edit before and after the
    fixes, summed over the (source, fixed) texts; None when the fixes do not change it."""
    from optimizer.syntax.parser import parse

    counts = [0, 0, 0, 0]  # re-run before, steps before, re-run after, steps after
    for before, after in pairs:
        try:
            a, b = source_edit_figures(parse(before)), source_edit_figures(parse(after))
        except Exception:  # a text the parser refuses has no figure; the fix reported it
            continue
        counts[0] += a[0]
        counts[1] += a[1]
        counts[2] += b[0]
        counts[3] += b[1]
    if counts[0] == counts[2]:
        return None  # as many steps re-run as before: nothing to tell
    return (
        f"after {TITLES[SOURCE]}: {counts[0]} of {counts[1]} steps re-run"
        f" -> {counts[2]} of {counts[3]}"
    )
