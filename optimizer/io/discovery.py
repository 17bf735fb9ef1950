"""Finding Dockerfiles in folders.

Folder search finds ``Dockerfile``, ``Containerfile``, ``Dockerfile.*``, ``Dockerfile-*``,
``Dockerfile_*`` and ``*.Dockerfile`` (any case), but not files whose ending says they are
something else (``*.md``, ``*.dockerignore``, templates, source code), and honours ignore
files as ruff does (ruff walks with the ``ignore`` crate's standard filters): ``.gitignore``
and ``.git/info/exclude`` inside a git work tree (the ``.gitignore`` files from the work tree's
root down), ``.ignore`` files always.  A file named on the command line is always used.

It never hands out a file it must not touch: a symlink found in a folder that leads outside
that folder, and anything that is not a regular file (a FIFO would hang the read), are
skipped with a note.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterable, Sequence

from optimizer.errors import UsageError

TYPE_CHECKING = False  # not typing's: importing typing costs ~3 ms of every start-up
if TYPE_CHECKING:
    from pathlib import Path

    from pathspec import GitIgnoreSpec

_SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "__pycache__"}

_PREFIXES = ("dockerfile", "containerfile")
# After one of the prefixes, these start a variant's name: Dockerfile.dev, Dockerfile-dev, ...
_MARKS = (".", "-", "_")
# Endings that say a "Dockerfile.x" is not a Dockerfile: BuildKit's per-Dockerfile ignore
# file, documentation, templates (not valid Dockerfiles until rendered), editor and patch
# leftovers, and source or data files named after Dockerfiles (dockerfile_test.go).
_NOT_DOCKERFILE_ENDINGS = (
    ".dockerignore",
    *(".md", ".markdown", ".rst", ".txt", ".adoc", ".html"),
    *(".j2", ".jinja", ".jinja2", ".tmpl", ".tpl", ".template", ".in", ".mustache", ".erb"),
    *(".bak", ".orig", ".rej", ".swp", ".swo", "~", ".patch", ".diff"),
    *(".py", ".go", ".rs", ".js", ".ts", ".java", ".rb", ".sh", ".ps1", ".bat"),
    *(".json", ".yaml", ".yml", ".toml", ".xml", ".lock", ".cfg", ".ini"),
)


class DiscoveryError(UsageError):
    """The paths given cannot be used (an empty path, nothing found): a usage error, exit 2."""


def is_dockerfile_name(name: str) -> bool:
    lower = name.lower()
    if lower.endswith(_NOT_DOCKERFILE_ENDINGS):
        return False
    if lower in _PREFIXES or lower.endswith((".dockerfile", ".containerfile")):
        return True
    return any(
        lower.startswith(prefix) and len(lower) > len(prefix) + 1 and lower[len(prefix)] in _MARKS
        for prefix in _PREFIXES
    )


def _excluded(path: Path, patterns: Iterable[str]) -> bool:
    import fnmatch  # folder walks only

    text = path.as_posix()
    return any(
        fnmatch.fnmatch(text, p) or fnmatch.fnmatch(path.name, p) or fnmatch.fnmatch(text, f"*/{p}")
        for p in patterns
    )


def _note(message: str) -> None:
    print(message, file=sys.stderr)


def _kind(mode: int) -> str | None:
    """What a non-regular file is, for messages (None: a regular file)."""
    if stat.S_ISREG(mode):
        return None
    for test, what in (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISDIR, "a directory"),
    ):
        if test(mode):
            return what
    return "not a regular file"


def find(
    paths: Sequence[str],
    exclude: Iterable[str] = (),
    note: Callable[[str], None] = _note,
) -> list[str]:
    """Files to process: given files always; Dockerfiles found under given folders.

    Raises DiscoveryError before any file is touched if a path is empty (an unset shell
    variable must not mean "the current folder"), or if nothing at all is found.  Each file is
    listed once, however many times it is named or reached (by a symlink inside the folder).
    """
    if any(p == "" for p in paths):
        raise DiscoveryError(
            "an empty path was given (an unset variable?); "
            "name a file or folder, or - for standard input"
        )
    patterns = tuple(exclude)
    out: list[str] = []
    seen: set[str] = set()

    def add(path: str) -> None:
        key = path if path == "-" else os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            out.append(path)

    for given in paths:
        if given == "-" or not os.path.isdir(given):
            add(given)  # reading it reports what is wrong with it
            continue
        from pathlib import Path  # folders only: pathlib costs `fmt -` ~3 ms (urllib)

        for found in _walk(Path(given), patterns, note):
            add(found)
    if not out:
        where = ", ".join(paths)
        raise DiscoveryError(f"no Dockerfiles found in {where}")
    return out


def _walk(top: Path, patterns: tuple[str, ...], note: Callable[[str], None]) -> list[str]:
    from pathlib import Path

    real_top = os.path.realpath(top)
    ignores = _Ignores(Path(real_top))
    found: list[str] = []
    for root, dirs, files in os.walk(top):
        rel_root = os.path.relpath(root, top)
        real_root = Path(real_top) if rel_root == "." else Path(real_top, rel_root)
        ignores.enter(real_root)
        dirs[:] = sorted(
            d
            for d in dirs
            if d not in _SKIP_DIRS
            and not _excluded(Path(root, d), patterns)
            and not ignores.ignored(real_root / d, is_dir=True)
        )
        for name in files:
            if not is_dockerfile_name(name):
                continue
            candidate = Path(root, name)
            if _excluded(candidate, patterns) or ignores.ignored(real_root / name, is_dir=False):
                continue
            if _usable(candidate, real_top, note):
                found.append(str(candidate))
    return sorted(found)


def _usable(candidate: Path, real_top: str, note: Callable[[str], None]) -> bool:
    if candidate.is_symlink():
        target = os.path.realpath(candidate)
        try:
            inside = os.path.commonpath([real_top, target]) == real_top
        except ValueError:  # another drive
            inside = False
        if not inside:
            note(f"{candidate}: skipped: a symlink to {target}, outside the folder searched")
            return False
    try:
        mode = candidate.stat().st_mode
    except OSError as exc:
        note(f"{candidate}: skipped: {exc.strerror or exc}")
        return False
    what = _kind(mode)
    if what is not None:
        note(f"{candidate}: skipped: {what}, not a regular file")
        return False
    return True


class _Ignores:
    """The ignore files that apply to each folder of one walk (pathspec does the patterns).

    For a path, the deepest folder's files decide first, ``.ignore`` before ``.gitignore``
    before ``.git/info/exclude``; within a file the last matching line wins (as git and the
    ``ignore`` crate do).  A folder that is ignored is not entered, so nothing in it can be
    re-included, as in git.
    """

    def __init__(self, top: Path) -> None:
        # folder -> its specs, most important first
        self._specs: dict[Path, list[GitIgnoreSpec]] = {}
        # folder -> the root of the git work tree it is in (None: not in one)
        self._git_root: dict[Path, Path | None] = {}
        root = _git_root_above(top)
        self._git_root[top] = root
        # Ignore files in the folders above the one searched (up to the work tree's root).
        chain = []
        for folder in top.parents:
            if root is None or root not in (folder, *folder.parents):
                break
            chain.append(folder)
        for folder in reversed(chain):
            self._git_root[folder] = root
            self._specs[folder] = self._load(folder, root)
        if chain and self.ignored(top, is_dir=True):
            # The user named an ignored folder: search it, as they asked (git would list
            # nothing in it), with only the ignore files inside it.
            for folder in chain:
                self._specs[folder] = []

    def enter(self, folder: Path) -> None:
        if folder in self._specs:
            return
        if folder in self._git_root:
            root = self._git_root[folder]
        elif (folder / ".git").exists():
            root = folder  # a nested repository starts a work tree of its own
        else:
            root = self._git_root.get(folder.parent)
        self._git_root[folder] = root
        self._specs[folder] = self._load(folder, root)

    @staticmethod
    def _load(folder: Path, git_root: Path | None) -> list[GitIgnoreSpec]:
        names = [".ignore"]
        if git_root is not None:
            names.append(".gitignore")
        specs = [s for s in (_read_spec(folder / n) for n in names) if s is not None]
        if git_root == folder:
            exclude = _read_spec(folder / ".git" / "info" / "exclude")
            if exclude is not None:
                specs.append(exclude)
        return specs

    def ignored(self, path: Path, is_dir: bool) -> bool:
        folder = path.parent
        git_root = self._git_root.get(folder)
        while True:
            specs = self._specs.get(folder, [])
            if specs:
                rel = path.relative_to(folder).as_posix() + ("/" if is_dir else "")
                for spec in specs:
                    decision = spec.check_file(rel).include
                    if decision is not None:
                        return decision
            if folder == git_root or folder.parent == folder or folder.parent not in self._specs:
                return False
            folder = folder.parent


def _git_root_above(folder: Path) -> Path | None:
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def _read_spec(path: Path) -> GitIgnoreSpec | None:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    if not any(line.strip() and not line.startswith("#") for line in lines):
        return None
    # Imported here: formatting stdin (format-on-save) never walks folders.
    from pathspec import GitIgnoreSpec

    return GitIgnoreSpec.from_lines(lines)
