"""Finding Dockerfiles in folders."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

_SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "__pycache__"}


def is_dockerfile_name(name: str) -> bool:
    lower = name.lower()
    return (
        lower in ("dockerfile", "containerfile")
        or lower.startswith(("dockerfile.", "containerfile."))
        or lower.endswith((".dockerfile", ".containerfile"))
    )


def _excluded(path: Path, patterns: Iterable[str]) -> bool:
    text = path.as_posix()
    return any(
        fnmatch.fnmatch(text, p) or fnmatch.fnmatch(path.name, p) or fnmatch.fnmatch(text, f"*/{p}")
        for p in patterns
    )


def find(paths: Iterable[str], exclude: Iterable[str] = ()) -> Iterator[str]:
    """Files to process: given files always; Dockerfiles found under given folders."""
    patterns = tuple(exclude)
    for given in paths:
        p = Path(given)
        if given == "-" or not p.is_dir():
            yield given
            continue
        found = []
        for root, dirs, files in os.walk(p):
            dirs[:] = sorted(
                d for d in dirs if d not in _SKIP_DIRS and not _excluded(Path(root, d), patterns)
            )
            for name in files:
                candidate = Path(root, name)
                if is_dockerfile_name(name) and not _excluded(candidate, patterns):
                    found.append(str(candidate))
        yield from sorted(found)
