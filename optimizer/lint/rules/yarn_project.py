"""Which Yarn a RUN's `yarn` is, read from the files copied in from the build context.

Yarn 2 and later (Berry) with Plug'n'Play load packages from the cache folder at run time,
so `yarn cache clean` breaks the app.  The signs are in the project: a `.yarnrc.yml` (also
what makes the image's Yarn 1 hand over to a bundled newer release through `yarnPath`), a
package.json `"packageManager": "yarn@2..."` (corepack), a Berry lockfile, a `.yarn/releases`
folder.  The build context is taken to be the Dockerfile's folder, as DOP305 does; where
dopt cannot see what a COPY brings (stdin, a missing source, a variable, another stage), the
project is unknown and the answer is "may be Yarn 2".
"""

from __future__ import annotations

import os
import posixpath

from optimizer.io.fspath import Path  # pathlib.Path without importing pathlib
from optimizer.lint.rules.add_instead_of_copy import is_remote, matches
from optimizer.lint.rules.base import Context
from optimizer.lint.rules.common import chain_before
from optimizer.syntax import buildkit

PROJECT_FILES = frozenset({"package.json", ".yarnrc.yml", ".yarnrc", "yarn.lock", ".yarn"})
_SKIP = frozenset({"node_modules", ".git"})
_DEPTH = 3  # folders below a copied one that are looked at (monorepo packages, a WORKDIR)
_MAX_ENTRIES = 5000  # bounded time on a huge context
_RISK = "Yarn 2 or later may load packages from its cache at run time"


def berry_in_context(ctx: Context, index: int, needs_project: bool, cwd: str | None) -> str | None:
    """Why the yarn of the RUN at ``index`` may be Yarn 2 or later, judged by what earlier
    COPY/ADD instructions of the image bring from the build context (None: Yarn 1).

    ``cwd`` is the folder yarn runs in (None: unknown, then every copied folder is looked
    through); yarn reads its configuration there and in the folders above it, so only
    copies into those count.  ``needs_project``: yarn works on a project (not `yarn global
    add`), so a package.json must have come from somewhere dopt can see."""
    root = ctx.path.parent if ctx.path is not None else None
    saw_project = False
    for k in chain_before(ctx, index):
        inst = ctx.instruction(k)
        if inst.keyword not in ("COPY", "ADD") or len(inst.values) < 2 or inst.markers:
            continue
        where = f"the {inst.keyword} at line {ctx.lines[k]}"
        dest = buildkit.process_word(inst.values[-1], inst.escape)
        into = None if "$" in dest else posixpath.join(ctx.state(k).workdir, dest)
        into = posixpath.normpath(into) if into is not None else None
        if cwd is not None and into is not None and not _related(into, cwd):
            continue  # it lands beside yarn's project, not in it or above it
        sources = inst.values[:-1]
        if inst.flag("from") is not None:
            if any(_may_be_project(s) for s in sources):
                return f"dopt cannot see what {where} copies from another stage or image: {_RISK}"
            continue
        for raw in sources:
            source = buildkit.process_word(raw, inst.escape)
            if is_remote(source):
                continue
            if "$" in source:
                if _may_be_project(source):
                    return f"dopt cannot resolve `{raw}` in {where}: {_RISK}"
                continue
            rel = posixpath.normpath("/" + source).lstrip("/")
            found = matches(root, rel) if root is not None else []
            if not found:
                if _may_be_project(source):
                    unseen = "the build context" if root is not None else "stdin's build context"
                    return f"dopt cannot see `{raw}` of {where} in {unseen}: {_RISK}"
                continue
            assert root is not None
            for path in found:
                if path.is_file():
                    sign, project = _file_sign(path, root), path.name == "package.json"
                elif cwd is None or into is None:
                    sign, project = _look(path, root)
                else:
                    sign, project = _look_above(path, root, into, cwd)
                if sign is not None:
                    return f"{sign} (copied by {where}): {_RISK}"
                saw_project = saw_project or project
    if needs_project and not saw_project:
        return (
            "no package.json of the build context dopt sees (the Dockerfile's folder) is "
            f"copied where yarn runs, so the project comes from elsewhere: {_RISK}"
        )
    return None


def _related(a: str, b: str) -> bool:
    """Is one of the two image paths the other or a folder above it?"""
    return a == b or b.startswith(a.rstrip("/") + "/") or a.startswith(b.rstrip("/") + "/")


def _look_above(path: Path, root: Path, into: str, cwd: str) -> tuple[str | None, bool]:
    """A copied folder whose contents land at ``into``: look at the folders of it that
    become yarn's ``cwd`` and the folders above it (not below: a sub-package's settings do
    not count)."""
    if not (cwd == into or cwd.startswith(into.rstrip("/") + "/")):
        return None, False  # the folder lands below yarn's: a part of the project
    project = False
    folders = [path]
    for part in posixpath.relpath(cwd, into).split("/"):
        if part != ".":
            folders.append(folders[-1] / part)
    for folder in folders:
        if not folder.is_dir():
            break
        releases = folder / ".yarn" / "releases"
        if releases.is_dir():
            return f"{_rel(releases, root)} bundles a Yarn", project
        for name in sorted(PROJECT_FILES - {".yarn"}):
            candidate = folder / name
            if candidate.is_file():
                sign = _file_sign(candidate, root)
                if sign is not None:
                    return sign, project
                project = project or name == "package.json"
    return None, project


def _may_be_project(source: str) -> bool:
    """Could this COPY source bring project files: one by name, or a folder (no extension)?"""
    name = posixpath.basename(source.rstrip("/")) or "."
    if name in PROJECT_FILES or name in (".", "..") or source.endswith("/"):
        return True
    return any(c in name for c in "*?[$") or "." not in name.lstrip(".")


def _look(path: Path, root: Path) -> tuple[str | None, bool]:
    """(a sign of Yarn 2 or later in this file or folder, whether it holds a package.json)."""
    if path.is_file():
        return _file_sign(path, root), path.name == "package.json"
    project = False
    seen = 0
    base = len(path.parts)
    for folder, dirs, files in os.walk(path):
        depth = len(Path(folder).parts) - base
        dirs[:] = sorted(d for d in dirs if d not in _SKIP) if depth < _DEPTH else []
        if ".yarn" in dirs and (Path(folder) / ".yarn" / "releases").is_dir():
            return f"{_rel(Path(folder) / '.yarn' / 'releases', root)} bundles a Yarn", project
        for name in sorted(files):
            seen += 1
            sign = _file_sign(Path(folder) / name, root)
            if sign is not None:
                return sign, project
            project = project or name == "package.json"
        if seen > _MAX_ENTRIES:
            return f"{_rel(path, root)} is too large to look through", project
    return None, project


def _file_sign(path: Path, root: Path) -> str | None:
    name = path.name
    if name == ".yarnrc.yml":
        return f"{_rel(path, root)} is Yarn 2+ configuration"
    if name == "package.json":
        manager = _package_manager(path)
        if manager is not None and manager.startswith("yarn@"):
            major = manager[5:].split(".", 1)[0]
            if not major.isdigit() or int(major) >= 2:
                return f'{_rel(path, root)} asks for "packageManager": "{manager}"'
    if name == "yarn.lock":
        try:
            with path.open("rb") as f:
                head = f.read(4096)
        except OSError:
            return f"dopt cannot read {_rel(path, root)}"
        if b"__metadata:" in head:
            return f"{_rel(path, root)} is a Yarn 2+ lockfile"
    return None


def _package_manager(path: Path) -> str | None:
    try:
        if path.stat().st_size > 4_000_000:
            return None
        import json  # here, not at the top: json costs ~1.3 ms of each check's start-up

        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    value = data.get("packageManager") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix() or "."
    except ValueError:
        return path.as_posix()
