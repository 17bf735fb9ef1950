""".dockerignore as BuildKit reads it, and the secret-looking files a build context sends.

The patterns follow moby/patternmatcher (what BuildKit's dockerignore uses), which differs
from .gitignore (so not ``pathspec``'s gitwildmatch): every pattern is anchored at the
context root (`*.pem` matches `a.pem` but not `certs/a.pem`; write `**/*.pem`), `*` and `?`
stop at `/`, `**` crosses folders, a pattern that matches a folder excludes all inside it,
and the last matching line wins (`!` lines bring files back).  Lines are trimmed,
`#` lines are comments, each pattern is cleaned (`filepath.Clean`) and loses a leading `/`.
"""

from __future__ import annotations

import functools
import os
import posixpath
import re

from optimizer.analysis.secrets import holds_credentials, secret_file
from optimizer.io.fspath import Path  # pathlib.Path without importing pathlib
from optimizer.record import Record

# How many entries a context walk reads at most (a Dockerfile in a home folder must not make
# `check` read the whole disk); past it the walk stops and says so.
MAX_ENTRIES = 20_000


class Pattern(Record):
    text: str
    exclusion: bool  # a `!` line
    regex: re.Pattern[str]


def _compile(pattern: str) -> re.Pattern[str]:
    out = ["^"]
    i = 0
    n = len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "*":
            if i + 1 < n and pattern[i + 1] == "*":
                i += 2
                if i < n and pattern[i] == "/":
                    i += 1
                out.append(".*" if i >= n else "(.*/)?")
                continue
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch == "\\" and i + 1 < n:
            i += 1
            out.append(re.escape(pattern[i]))
        elif ch == "[":
            end = pattern.find("]", i + 1)
            if end < 0:
                out.append(re.escape(ch))
            else:
                body = pattern[i + 1 : end]
                if body.startswith("^"):
                    body = "^" + body[1:]
                elif body.startswith("!"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = end
        else:
            out.append(re.escape(ch))
        i += 1
    out.append("$")
    try:
        return re.compile("".join(out))
    except re.error:
        return re.compile(r"(?!)")  # BuildKit fails the build on a bad pattern: match nothing


def parse_patterns(text: str) -> list[Pattern]:
    """The patterns of a .dockerignore text, as moby's ignorefile.ReadAll reads them."""
    out: list[Pattern] = []
    for line in text.lstrip("\ufeff").splitlines():
        if line.startswith("#"):
            continue
        line = line.strip()
        if not line:
            continue
        exclusion = line.startswith("!")
        if exclusion:
            line = line[1:].strip()
        if line:
            line = posixpath.normpath(line)
            if line.startswith("//"):
                line = "/" + line.lstrip("/")
            if len(line) > 1 and line.startswith("/"):
                line = line[1:]
        out.append(Pattern(line, exclusion, _compile(line)))
    return out


def excluded(path: str, patterns: list[Pattern]) -> bool:
    """Is this context-relative path (`a/b/c`) left out of the build context?"""
    matched = False
    parents = path.split("/")[:-1]
    for p in patterns:
        hit = bool(p.regex.match(path))
        if not hit and parents:
            hit = any(p.regex.match("/".join(parents[: k + 1])) for k in range(len(parents)))
        if hit:
            matched = not p.exclusion
    return matched


class ContextSecrets(Record):
    """The secret-looking files a build context sends (relative paths, sorted), and whether
    the walk stopped at MAX_ENTRIES before seeing everything."""

    files: tuple[str, ...]
    truncated: bool
    ignore_file: str | None  # the .dockerignore used (its name), if any


def ignore_file_for(dockerfile: Path | None, context: Path) -> Path | None:
    """BuildKit's choice: `<Dockerfile name>.dockerignore` beside the Dockerfile wins over
    the context's `.dockerignore` (a Dockerfile from stdin has only the latter)."""
    if dockerfile is not None:
        own = dockerfile.with_name(dockerfile.name + ".dockerignore")
        if own.is_file():
            return own
    root = context / ".dockerignore"
    return root if root.is_file() else None


def ignore_text(ignore: Path | None) -> str:
    """The text of the .dockerignore ``ignore_file_for`` chose ("" when none or unreadable)."""
    if ignore is None:
        return ""
    try:
        return ignore.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def context_secrets(dockerfile: Path | None, context: Path) -> ContextSecrets:
    ignore = ignore_file_for(dockerfile, context)
    text = ignore_text(ignore)
    files, truncated = _walk(str(context), text)
    return ContextSecrets(files, truncated, ignore.name if ignore is not None else None)


@functools.lru_cache(maxsize=64)
def _walk(context: str, ignore_text: str) -> tuple[tuple[str, ...], bool]:
    """Secret-looking files under ``context`` not excluded by the ignore text, but those
    whose text shows no credential (cached per process: one folder holding many
    Dockerfiles is walked once)."""
    patterns = parse_patterns(ignore_text)
    negations = any(p.exclusion for p in patterns)
    found: list[str] = []
    seen = 0
    for root, dirs, names in os.walk(context):
        rel_root = os.path.relpath(root, context).replace(os.sep, "/")
        rel_root = "" if rel_root == "." else rel_root + "/"
        dirs.sort()
        keep = []
        for d in dirs:
            seen += 1
            rel = rel_root + d
            # A folder left out entirely, unless a `!` line may bring back something in it.
            if negations or not excluded(rel, patterns):
                keep.append(d)
        dirs[:] = keep
        for name in sorted(names):
            seen += 1
            rel = rel_root + name
            if secret_file(rel) and not excluded(rel, patterns):
                if holds_credentials(Path(root) / name) is not False:
                    found.append(rel)
        if seen > MAX_ENTRIES:
            return tuple(sorted(found)), True
    return tuple(sorted(found)), False
