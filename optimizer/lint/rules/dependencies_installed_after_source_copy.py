"""DOP202: a dependency install (`pip install -r`, `npm ci`, `go mod download`...) that reads
only the manifests runs after a COPY of the whole build context: every source edit reruns it.

The fix copies the manifests first (``COPY package.json package-lock.json ./``), moves the
install (and the WORKDIR, ENV and ARG steps between that it depends on) above the big COPY and
keeps everything else in order.  The manifests are named from the build context
(``Context.build_context``: ``--context DIR``, else the Dockerfile's folder); which files each
manager reads is data in ``optimizer.analysis.dependency_manifests``.

Over 500 lines because one case spans the rule's documentation (a fifth of the file), finding
the COPY, naming the manifests with their applicability, and writing the edit.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterator

from optimizer.analysis import dependency_manifests as deps
from optimizer.analysis.dockerignore import (
    Pattern,
    excluded,
    ignore_file_for,
    ignore_text,
    parse_patterns,
)
from optimizer.analysis.shell.facts import Command
from optimizer.format.style import newline_style
from optimizer.io.fspath import Path  # pathlib.Path without importing pathlib
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
from optimizer.lint.rules.common import (
    absolute_workdir_before,
    kept_on,
    no_fix,
    run_script,
)
from optimizer.record import Record
from optimizer.regexes import rx
from optimizer.syntax import cst

TYPE_CHECKING = False  # not typing's: importing typing costs ~2 ms of each start-up
if TYPE_CHECKING:
    from typing import ClassVar


# The working folder of a stage whose WORKDIR comes from the base image: a made-up root, so
# paths under it are written relative to it and never confused with real absolute ones.
_UNKNOWN = "/\x00workdir"
_PYTHON = rx(r"python(3(\.\d+)?)?\Z")  # compiled at import from the stored tables
_MOVED = ("WORKDIR", "ENV", "ARG")  # steps the install may depend on: they move with it
# Steps that change nothing a RUN sees: they stay where they are.
_INERT = ("LABEL", "EXPOSE", "CMD", "ENTRYPOINT", "HEALTHCHECK", "STOPSIGNAL", "MAINTAINER")
_NEUTRAL = frozenset({"true", ":", "set", "echo"})
_MAX_WALK = 2_000  # entries read when looking for project files in subfolders (dotnet)


class Manifest(Record):
    """One file the new COPY brings: where it is in the context, the folder it lands in."""

    source: str  # context-relative
    folder: str  # image folder (absolute, or under _UNKNOWN)


class DependenciesInstalledAfterSourceCopy(Rule):
    code = "DOP202"
    fix_phase = REORDER
    name = "dependencies-installed-after-source-copy"
    summary = "A dependency install that reads only manifests runs after `COPY . .`"
    why = (
        "BuildKit reuses a step's cached layer only while the steps before it are unchanged, "
        "and a COPY step changes whenever any file it copies changes. After `COPY . /app`, "
        "every edit of any source file makes the next steps run again, so `pip install -r "
        "requirements.txt`, `npm ci` or `go mod download` downloads and builds every "
        "dependency on each rebuild, although it reads only the dependency manifests "
        "(requirements.txt, package.json and its lock file, go.mod and go.sum...). Copying "
        "those files first, installing, and only then copying the rest keeps the install's "
        "layer cached until a manifest changes: a source edit then reruns only the steps "
        "after the last COPY. This is the reordering experts apply by hand; dopt reads the "
        "build context (`--context DIR`, default the Dockerfile's folder) to name the files: "
        "pip's `-r`/`-c` files, pyproject.toml with poetry.lock or uv.lock, Pipfile and "
        "Pipfile.lock, package.json with the lock file there is (package-lock.json, "
        "yarn.lock, pnpm-lock.yaml), Gemfile and Gemfile.lock, composer.json and "
        "composer.lock, go.mod and go.sum, Cargo.toml and Cargo.lock, pom.xml, and the "
        ".csproj/.sln files of a dotnet restore."
    )
    bad = (
        "FROM python:3.12-slim\n"
        "WORKDIR /app\n"
        "COPY . .\n"
        "RUN pip install --no-cache-dir -r requirements.txt\n"
        'CMD ["python", "app.py"]\n'
    )
    good = (
        "FROM python:3.12-slim\n"
        "WORKDIR /app\n"
        "COPY requirements.txt ./\n"
        "RUN pip install --no-cache-dir -r requirements.txt\n"
        "COPY . .\n"
        'CMD ["python", "app.py"]\n'
    )
    fix_availability = FixAvailability.SOMETIMES
    fix_safety = (
        "The fix inserts `COPY <manifests> <folder>` (with the big COPY's `--chown`/`--chmod`) "
        "right before the install, where the install reads them, and moves both above the "
        "COPY of the context, with the WORKDIR, ENV and ARG steps between; the rest keeps its "
        "order and every other line its bytes. It is safe only when the build context proves "
        "the image stays the same: the manifests are there, they point at no other file of "
        "the source (`-e .`, `./pkg` or a `-r` file that is missing in requirements; "
        "`preinstall`/`install`/`postinstall`/`prepare` scripts, workspaces or `file:` "
        "dependencies in package.json; `gemspec` in a Gemfile; `replace => ./lib` in go.mod; "
        "`path =` crates; maven modules), the install cannot rewrite a lock file the later "
        "COPY would put back (`npm install`, `yarn install` without `--frozen-lockfile`), no "
        "settings file it would miss is there (`.npmrc`, `.yarn/`, `go.work`...), "
        "`.dockerignore` keeps the folders it writes (`node_modules`, `.venv`, `vendor`, "
        "`obj`) out of the later COPY so it cannot overwrite them, and no other step (RUN, "
        "COPY) stands between. Otherwise the fix is unsafe, and the message says why "
        "(`cargo fetch` always: it reads the crate's targets). Without a build context "
        "(stdin with no `--context`) nothing is proven: pip's fix is unsafe (its command "
        "line names the files), and the other managers' manifests cannot be named, so "
        "their findings have no fix."
    )
    references: ClassVar[tuple[str, ...]] = (
        "https://docs.docker.com/build/cache/optimize/#order-your-layers",
        "https://docs.docker.com/build/building/best-practices/#leverage-build-cache",
        "https://docs.docker.com/build/cache/invalidation/",
    )
    hadolint: ClassVar[tuple[str, ...]] = ()
    preview: ClassVar[bool] = False

    def check(self, ctx: Context) -> Iterator[Finding]:
        for index, inst in ctx.instructions():
            if inst.keyword != "RUN" or inst.markers:
                continue
            if any(f.startswith("--mount") and "bind" in f for f in inst.flags):
                continue  # it reads the context through the mount, wherever it stands
            found = run_script(inst)
            if found is None or not found[0].ok:
                continue
            installs = kept_on(found[0], "_dop202_memo", lambda s: _installs(s.commands))
            if not installs:
                continue
            finding = _Case(self, ctx, index, installs).finding()
            if finding is not None:
                yield finding


def _installs(commands: tuple[Command, ...]) -> list[deps.Install]:
    """The installs of a RUN that runs nothing else that could read the source (empty: not
    such a RUN)."""
    out: list[deps.Install] = []
    for cmd in commands:
        words = [w.literal for w in cmd.argv]
        found = deps.install(words)
        if found is not None:
            out.append(found)
        elif not _neutral(words):
            return []
    return out


def _neutral(words: list[str | None]) -> bool:
    """A command that reads no file of the project: `true`, `pip install --upgrade pip`,
    `rm -rf /root/.cache`, `npm cache clean --force`."""
    if not words or any(w is None for w in words):
        return False
    argv = [w for w in words if w is not None]
    name = posixpath.basename(argv[0])
    if _PYTHON.match(name) and argv[1:3] == ["-m", "pip"]:
        argv, name = argv[2:], "pip"
    if name in _NEUTRAL:
        return True
    if name == "rm":
        return all(a.startswith(("-", "/", "~", "$HOME")) for a in argv[1:])
    if name in ("npm", "yarn", "pnpm", "pip", "pip3") and argv[1:2] == ["cache"]:
        return True
    if name in ("pip", "pip3") and argv[1:2] == ["install"]:
        names = [a for a in argv[2:] if not a.startswith("-")]
        return bool(names) and all(n in ("pip", "setuptools", "wheel") for n in names)
    return False


class _Case:
    """One install RUN and the COPY of the context above it: the finding, with its fix."""

    def __init__(self, rule: Rule, ctx: Context, index: int, installs: list[deps.Install]) -> None:
        self.rule, self.ctx, self.index, self.installs = rule, ctx, index, installs

    def workdir(self, k: int) -> str:
        wd = self.ctx.state(k).workdir
        if absolute_workdir_before(self.ctx, k):
            return wd
        return posixpath.normpath(posixpath.join(_UNKNOWN, wd.lstrip("/")))

    def finding(self) -> Finding | None:
        ctx = self.ctx
        stage = ctx.stages.stage(self.index)
        if stage is None:
            return None
        cwd = self.workdir(self.index)
        between: list[int] = []
        blocker = ""
        copy: int | None = None
        for k in sorted((i for i in stage.items if i < self.index), reverse=True):
            item = ctx.instruction(k)
            kw = item.keyword
            if kw in ("COPY", "ADD") and not item.flag("from") and not item.heredocs:
                covered = self._covers(k, item, cwd)
                if covered:
                    copy = k
                    break
            if kw == "FROM":
                break
            if kw not in (*_MOVED, *_INERT, "RUN", "COPY", "ADD") and not blocker:
                blocker = f"it would have to move above {kw} at line {ctx.lines[k]}"
            between.append(k)
        if copy is None:
            return None
        between.reverse()
        big = ctx.instruction(copy)
        names = ", ".join(f"`{i.manager.command.split()[0]}`" for i in self.installs)
        where = f"`{big.keyword} {big.values[0]}` at line {ctx.lines[copy]}"

        def message(files: str = "the dependency manifests") -> str:
            return (
                f"dependency install ({names}) after {where}: every source edit reruns it; "
                f"copy {files} first and install before the rest of the source"
            )

        if blocker:
            return ctx.finding(self.rule, self.index, no_fix(message(), blocker))
        if any(ctx.instruction(k).keyword == "WORKDIR" for k in between) and not (
            big.values[-1].startswith("/")
        ):
            reason = (
                f"a WORKDIR between would change where `{big.keyword} {big.values[0]}` "
                "copies to (its destination is relative)"
            )
            return ctx.finding(self.rule, self.index, no_fix(message(), reason))
        named = self._manifests(copy, big, cwd, ctx.build_context)
        if isinstance(named, str):
            return ctx.finding(self.rule, self.index, no_fix(message(), named))
        manifests, unsafe = named
        for k in between:
            kw = ctx.instruction(k).keyword
            if kw in ("RUN", "COPY", "ADD"):
                unsafe.append(f"it would run before {kw} at line {ctx.lines[k]}")
                break
        text = self._copies(big, manifests, cwd)
        if text is None:
            return None
        fix = self._fix(copy, between, text, UNSAFE if unsafe else SAFE)
        files = ", ".join(f"`{m.source}`" for m in manifests)
        tier = f" (unsafe: {unsafe[0]})" if unsafe else ""
        return ctx.finding(self.rule, self.index, message(files) + tier, fix)

    # ------------------------------------------------------------------ the big COPY

    def _covers(self, k: int, item: cst.Instruction, cwd: str) -> tuple[str, str] | None:
        """(the context folder, the image folder) of a COPY of one folder that holds the
        install's working folder, or None."""
        values = item.values
        if len(values) != 2 or any("$" in v for v in (*values, *item.flags)):
            return None  # a variable: an ENV or ARG moved above it could change it
        if any(f.split("=")[0] in ("--link", "--exclude", "--parents") for f in item.flags):
            return None
        src, dest = values
        if "://" in src or any(ch in src for ch in "*?["):
            return None
        norm = posixpath.normpath(src.lstrip("/")) if src != "/" else "."
        if norm.startswith(".."):
            return None
        if norm != ".":
            context = self.ctx.build_context
            if context is None or not _is(context / norm, "dir"):
                return None
        image = posixpath.normpath(posixpath.join(self.workdir(k), dest))
        if not _under(cwd, image) and not any(
            _under(self._image(f, cwd), image) for f in self._named_files()
        ):
            return None
        return norm, image

    def _named_files(self) -> list[str]:
        return [f for i in self.installs for f in i.files]

    def _image(self, path: str, cwd: str) -> str:
        return posixpath.normpath(posixpath.join(cwd, path))

    # ------------------------------------------------------------------ the manifests

    def _manifests(
        self, copy: int, big: cst.Instruction, cwd: str, context: Path | None
    ) -> tuple[list[Manifest], list[str]] | str:
        """The files to copy first and the reasons the fix is unsafe, or why there is none.
        Without a build context only pip's files are known (its command line names them),
        and nothing proves them: the fix is then unsafe."""
        covered = self._covers(copy, big, cwd)
        assert covered is not None
        src, image = covered
        out: list[Manifest] = []
        unsafe: list[str] = []
        if context is None:
            if any(i.manager.name != "pip" for i in self.installs):
                return "there is no build context to name the manifests from (give `--context DIR`)"
            unsafe.append(
                "nothing proves the install reads only "
                + ", ".join(f"`{f}`" for i in self.installs for f in i.files)
                + ": there is no build context, give `--context DIR`"
            )
            for found in self.installs:
                for name in found.files:
                    target = self._image(name, cwd)
                    if not _under(target, image):
                        continue
                    named = posixpath.normpath(
                        posixpath.join(src, posixpath.relpath(target, image))
                    )
                    if all(m.source != named for m in out):
                        out.append(Manifest(named, posixpath.dirname(target)))
            return (out, unsafe) if out else "the manifests are not where the COPY puts the context"
        patterns = parse_patterns(ignore_text(ignore_file_for(self.ctx.path, context)))
        has_ignore = ignore_file_for(self.ctx.path, context) is not None

        def ctx_path(image_path: str) -> str | None:
            if not _under(image_path, image):
                return None
            rel = posixpath.relpath(image_path, image)
            return posixpath.normpath(posixpath.join(src, rel))

        def there(rel: str) -> bool:
            return _is(context / rel, "there") and not excluded(rel, patterns)

        def add(rel: str) -> None:
            folder = posixpath.normpath(
                posixpath.join(image, posixpath.relpath(posixpath.dirname(rel) or ".", src))
            )
            if all(m.source != rel for m in out):
                out.append(Manifest(rel, folder))

        for found in self.installs:
            manager = found.manager
            if found.reads_source:
                unsafe.append(found.reads_source)
            if manager.name == "pip":
                queue = [self._image(f, cwd) for f in found.files]
                while queue:
                    target = queue.pop(0)
                    rel = ctx_path(target)
                    if rel is None:
                        continue  # not from this COPY
                    if not there(rel):
                        if not out and target == self._image(found.files[0], cwd):
                            return f"`{rel}` is not in the build context"
                        unsafe.append(f"`{rel}` is not in the build context")
                        continue
                    if any(m.source == rel for m in out):
                        continue
                    add(rel)
                    text = _read(context / rel)
                    why = deps.local_references(manager, rel, text)
                    if why:
                        unsafe.append(why)
                    base = posixpath.dirname(target)
                    queue += [
                        self._image(posixpath.join(base, n), "/")
                        for n in deps.nested_requirements(text)
                    ]
                continue
            project = cwd
            if found.files:
                project = posixpath.dirname(self._image(found.files[0], cwd))
            folder = ctx_path(project)
            if folder is None:
                return f"the install's folder {project} is not where the COPY puts the context"
            mains = self._find(context, folder, manager, patterns)
            if not mains:
                names = " or ".join(f"`{m}`" for m in manager.manifests)
                return f"{names} is not in the build context"
            for rel in mains:
                add(rel)
                why = deps.local_references(manager, posixpath.basename(rel), _read(context / rel))
                if why:
                    unsafe.append(why)
            for name in (*manager.locks, *manager.extras):
                rel = posixpath.normpath(posixpath.join(folder, name))
                if there(rel) and _is(context / rel, "file"):
                    add(rel)
                    if name in manager.locks and found.rewrites_lock:
                        unsafe.append(found.rewrites_lock)
            for name, what in manager.blockers:
                rel = posixpath.normpath(posixpath.join(folder, name))
                if there(rel):
                    unsafe.append(f"{what}, and the install would run without it")
            for name in manager.outputs:
                rel = posixpath.normpath(posixpath.join(folder, name))
                if not (excluded(rel, patterns) and excluded(rel + "/x", patterns)):
                    tool = manager.command.split()[0]
                    unsafe.append(
                        f"`.dockerignore` does not leave out `{rel}`, so the later COPY could "
                        f"overwrite what {tool} installed there"
                        if has_ignore
                        else f"there is no `.dockerignore` to leave `{rel}` out of the later "
                        f"COPY, which could overwrite what {tool} installed there"
                    )
        if not out:
            return "the manifests are not where the COPY puts the context"
        return out, list(dict.fromkeys(unsafe))

    def _find(
        self, context: Path, folder: str, manager: deps.DependencyManager, patterns: list[Pattern]
    ) -> list[str]:
        """The manager's manifests in this context folder (and below it, for dotnet)."""
        if "\x00" in folder:
            return []
        root = context / folder
        out: list[str] = []
        seen = 0
        for here, dirs, files in os.walk(root):
            rel_here = posixpath.normpath(
                posixpath.join(folder, os.path.relpath(here, root).replace(os.sep, "/"))
            )
            dirs[:] = sorted(
                d
                for d in dirs
                if d not in ("node_modules", "obj", "bin", ".git")
                and not excluded(posixpath.normpath(posixpath.join(rel_here, d)), patterns)
            )
            for name in sorted(files):
                seen += 1
                rel = posixpath.normpath(posixpath.join(rel_here, name))
                if any(_match(name, p) for p in manager.manifests) and not excluded(rel, patterns):
                    out.append(rel)
            if not manager.anywhere or seen > _MAX_WALK:
                break
        return out

    # ------------------------------------------------------------------ the new text

    def _copies(self, big: cst.Instruction, manifests: list[Manifest], cwd: str) -> str | None:
        """The COPY lines that bring the manifests, one per image folder, in the big COPY's
        spelling (keyword case, --chown/--chmod) and the formatter's layout otherwise."""
        nl = newline_style(self.ctx.tree)
        keyword = big.code[len(big.indent) :].split(None, 1)[0]
        flags = [f for f in big.flags if f.split("=")[0] in ("--chown", "--chmod")]
        lines = []
        folders: dict[str, list[str]] = {}
        for m in manifests:
            folders.setdefault(m.folder, []).append(m.source)
        for folder, sources in folders.items():
            if folder == cwd:
                dest = "./"
            elif _under(folder, cwd):
                dest = posixpath.relpath(folder, cwd) + "/"
            elif _UNKNOWN not in folder:
                dest = folder.rstrip("/") + "/"
            else:
                return None
            if any(any(ch in s for ch in " \t\"'$*?[\\") for s in sources):
                return None  # a name that would need quoting: not written by dopt
            words = [keyword, *flags, *sources, dest]
            lines.append(big.indent + " ".join(words) + nl)
        return "".join(lines)

    def _fix(self, copy: int, between: list[int], copies: str, applicability: str) -> Fix:
        ctx = self.ctx
        nl = newline_style(ctx.tree)

        def block(k: int) -> tuple[int, int]:
            comments = ctx.comments_before(k)
            return (comments[0][0] if comments else k), k + 1

        def text(lo: int, hi: int) -> str:
            return "".join(
                code if code.endswith("\n") else code + nl
                for code in (ctx.items[i].code for i in range(lo, hi))
            )

        start = block(copy)[0]
        moved = [block(k) for k in between if ctx.instruction(k).keyword in _MOVED]
        run = block(self.index)
        new = "".join(text(lo, hi) for lo, hi in moved)
        # The install keeps the comments above it; the new COPY goes between them and it.
        new += text(run[0], self.index) + copies + text(self.index, self.index + 1)
        edits = [Edit(start, start, new)]
        edits += [Edit(lo, hi, "") for lo, hi in moved]
        edits.append(Edit(run[0], run[1], ""))
        first = ctx.instruction(copy)
        return Fix(
            applicability,
            tuple(edits),
            f"copy the manifests and install above {first.keyword} at line {ctx.lines[copy]}",
        )


def _under(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _match(name: str, pattern: str) -> bool:
    return deps.name_matches(name, pattern)


def _is(path: Path, what: str) -> bool:
    """Is the path there ("there"), a folder ("dir") or a file ("file")?  No for a name the
    file system refuses (a NUL byte in a COPY source)."""
    try:
        if what == "dir":
            return path.is_dir()
        return path.is_file() if what == "file" else path.exists()
    except (OSError, ValueError):
        return False


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


RULE = DependenciesInstalledAfterSourceCopy()
