"""DOP305: ADD where COPY does the same."""

from __future__ import annotations

import fnmatch
import posixpath
from collections.abc import Iterator

from optimizer.io.fspath import Path  # pathlib.Path without importing pathlib
from optimizer.lint.rules.base import (
    SAFE,
    UNSAFE,
    Context,
    Edit,
    Finding,
    Fix,
    FixAvailability,
    Rule,
)
from optimizer.syntax import buildkit, cst

# ADD extracts these by name alone: leave them to ADD (hadolint's list, and the tar family).
ARCHIVE_SUFFIXES = (
    ".tar",
    ".tar.gz",
    ".tgz",
    ".tar.bz2",
    ".tbz",
    ".tbz2",
    ".tar.xz",
    ".txz",
    ".tar.zst",
    ".tzst",
    ".gz",
    ".bz2",
    ".xz",
    ".zst",
)
# Flags only ADD has: with them COPY would not do the same.
ADD_ONLY_FLAGS = frozenset({"checksum", "keep-git-dir", "unpack"})
# Flags COPY reads as ADD does.
SHARED_FLAGS = frozenset({"chown", "chmod", "link", "exclude"})
_WILDCARD = frozenset("*?[\\")


def is_remote(source: str) -> bool:
    return "://" in source or source.startswith("git@")


def archive_kind(head: bytes) -> str | None:
    """The archive a file's first 512 bytes announce, as BuildKit detects it: a compressed
    stream (gzip, bzip2, xz, zstd; BuildKit then looks for a tar inside, dopt does not) or
    an uncompressed tar header."""
    if head.startswith(b"\x1f\x8b\x08"):
        return "gzip"
    if head.startswith(b"BZh"):
        return "bzip2"
    if head.startswith(b"\xfd7zXZ\x00"):
        return "xz"
    if head.startswith(b"\x28\xb5\x2f\xfd") or (
        len(head) >= 4 and head[0] & 0xF0 == 0x50 and head[1:4] == b"\x2a\x4d\x18"
    ):
        return "zstd"  # a frame, or a skippable frame
    if len(head) >= 512 and (head[257:262] == b"ustar" or _tar_checksum_ok(head)):
        return "tar"
    return None


def _tar_checksum_ok(block: bytes) -> bool:
    """Go's archive/tar accepts a header (even an old V7 one, without `ustar`) whose checksum
    field matches the header's byte sum, signed or unsigned, with that field as spaces."""
    field = block[148:156].strip(b" \x00")
    try:
        stored = int(field, 8) if field else 0
    except ValueError:
        return False
    header = block[:148] + b" " * 8 + block[156:512]
    unsigned = sum(header)
    signed = sum(b - 256 if b > 127 else b for b in header)
    return stored in (unsigned, signed)


def _go_pattern(segment: str) -> str:
    """A Go filepath.Match pattern segment as an fnmatch one (`\\x` escapes, `[^...]`)."""
    out = []
    i = 0
    while i < len(segment):
        ch = segment[i]
        if ch == "\\" and i + 1 < len(segment):
            out.append("[" + segment[i + 1] + "]")
            i += 2
            continue
        if ch == "[" and segment[i + 1 : i + 2] == "^":
            out.append("[!")
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def matches(root: Path, pattern: str) -> list[Path]:
    """Paths under ``root`` that a COPY/ADD source pattern names (hidden files included,
    as in Go's filepath.Match)."""
    paths = [root]
    for segment in pattern.split("/"):
        if not segment or segment == ".":
            continue
        found: list[Path] = []
        for path in paths:
            if not _WILDCARD & set(segment):
                candidate = path / segment
                if candidate.exists() or candidate.is_symlink():
                    found.append(candidate)
            elif path.is_dir():
                wanted = _go_pattern(segment)
                found.extend(
                    c for c in sorted(path.iterdir()) if fnmatch.fnmatchcase(c.name, wanted)
                )
        paths = found
    return paths


def why_unsafe(root: Path, source: str) -> str | None:
    """Why COPY might not do what ADD does with this local source (None: it does the same)."""
    rel = posixpath.normpath("/" + source).lstrip("/")  # BuildKit keeps sources in the context
    wildcard = bool(_WILDCARD & set(rel))
    found = matches(root, rel)
    if not found:
        if wildcard:
            return f"no file in the build context matches `{source}`"
        return f"`{source}` is not in the Dockerfile's folder, taken as the build context"
    for path in found:
        if path.is_dir():
            continue  # ADD copies folders as they are; it only extracts files
        try:
            with path.open("rb") as f:
                head = f.read(512)
        except OSError:
            return f"dopt cannot read `{path.relative_to(root).as_posix()}`"
        kind = archive_kind(head)
        if kind is not None:
            name = path.relative_to(root).as_posix()
            return f"`{name}` is a {kind} archive by its content, which ADD extracts"
    return None


class AddToCopy(Rule):
    code = "DOP305"
    name = "add-instead-of-copy"
    summary = "ADD of local files: use COPY"
    why = (
        "ADD does more than copy: it fetches URLs and extracts local tar archives (also compressed "
        "ones, recognised by their content, not their name). For plain files and folders COPY does "
        "the same and says so, so a reader does not have to wonder. dopt reports no ADD that "
        "fetches (a URL or git source, `--checksum`, `--keep-git-dir`), unpacks (`--unpack`, or a "
        "source named like an archive) or writes a heredoc."
    )
    bad = "FROM debian:bookworm\nADD requirements.txt /app/\n"
    good = "FROM debian:bookworm\nCOPY requirements.txt /app/\n"
    fix_availability = FixAvailability.SOMETIMES
    fix_safety = (
        "The fix replaces the keyword only. It is safe when dopt could look at every source in the "
        "build context, taken to be the Dockerfile's folder, and found folders or files that do "
        "not start like an archive; otherwise (a source is missing, the Dockerfile came from "
        "stdin, a file looks like an archive) it is unsafe and the message says why."
    )
    references = (
        "https://github.com/hadolint/hadolint/wiki/DL3020",
        "https://docs.docker.com/build/building/best-practices/#add-or-copy",
        "https://docs.docker.com/reference/dockerfile/#add",
    )
    hadolint = ("DL3020",)

    def check(self, ctx: Context) -> Iterator[Finding]:
        for index, inst in ctx.instructions():
            if inst.keyword != "ADD" or inst.markers or len(inst.values) < 2:
                continue
            flags = {f[2:].partition("=")[0] for f in inst.flags}
            if flags & ADD_ONLY_FLAGS:
                continue
            sources = [buildkit.process_word(s, inst.escape) for s in inst.values[:-1]]
            if any(is_remote(s) for s in sources):
                continue
            if any(s.lower().endswith(ARCHIVE_SUFFIXES) for s in sources):
                continue  # extracting is what this ADD is for
            message = "ADD of local files: use COPY"
            other = sorted(flags - SHARED_FLAGS)
            if other:
                reason = f"ADD has `--{other[0]}`, which COPY reads differently"
                yield ctx.finding(self, index, f"{message} (not fixed: {reason})")
                continue
            if any("$" in s for s in inst.values[:-1]):
                reason = "a source uses a variable, which may name a URL or an archive"
                yield ctx.finding(self, index, f"{message} (not fixed: {reason})")
                continue
            unsafe = self._unsafe(ctx, sources)
            text = _as_copy(ctx, inst)
            if unsafe is None:
                fix = Fix(SAFE, (Edit(index, index + 1, text),), "replace ADD with COPY")
                yield ctx.finding(self, index, message, fix)
            else:
                fix = Fix(UNSAFE, (Edit(index, index + 1, text),), "replace ADD with COPY")
                yield ctx.finding(self, index, f"{message} (unsafe: {unsafe})", fix)

    def _unsafe(self, ctx: Context, sources: list[str]) -> str | None:
        if ctx.path is None:
            return "the Dockerfile came from stdin, so dopt cannot look at the build context"
        root = ctx.path.parent
        for source in sources:
            reason = why_unsafe(root, source)
            if reason is not None:
                return reason
        return None


def _as_copy(ctx: Context, inst: cst.Instruction) -> str:
    """The instruction with its keyword (the first word) replaced by COPY."""
    # The keyword need not be the first part: a line of only the escape character may come
    # before it (a continuation).
    at = len(inst.indent)
    keyword = next(p for p in inst.parts if isinstance(p, cst.Word))
    for part in inst.parts:
        if part is keyword:
            break
        at += len(part.code)
    return inst.code[:at] + "COPY" + inst.code[at + len(keyword.text) :]


RULE = AddToCopy()
