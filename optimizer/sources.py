"""Reading Dockerfiles from disk or stdin, and the errors users see when that fails."""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path

from optimizer.record import Record


class SourceError(Exception):
    """A file dopt cannot read as a Dockerfile (missing, unreadable, not UTF-8, binary)."""


class Source(Record):
    name: str  # what messages call it: the path, or the --stdin-filename, or "-"
    text: str
    path: Path | None  # None for stdin


def decode(data: bytes, name: str) -> str:
    if b"\x00" in data:
        raise SourceError(
            f"{name}: looks like a binary file (it contains NUL bytes), not a Dockerfile"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError(
            f"{name}:{line}:{col}: not valid UTF-8 (byte 0x{data[exc.start]:02x}); "
            "Dockerfiles must be UTF-8 text"
        ) from None


_KINDS = (
    (stat.S_ISDIR, "is a directory"),
    (stat.S_ISFIFO, "is a FIFO, not a regular file; skipped"),
    (stat.S_ISSOCK, "is a socket, not a regular file; skipped"),
    (stat.S_ISCHR, "is a character device, not a regular file; skipped"),
    (stat.S_ISBLK, "is a block device, not a regular file; skipped"),
)


def read_bytes(path: str | Path) -> bytes:
    """The bytes of a regular file; SourceError for anything else.

    Opened without blocking, so a FIFO (or a terminal device) is reported instead of
    waiting forever for a writer; the type is checked on the open file, not on its name.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except IsADirectoryError:
        raise SourceError(f"{path}: is a directory") from None
    except OSError as exc:
        if exc.errno == errno.ENXIO or _is_socket(path):  # open() on a socket: ENXIO
            raise SourceError(f"{path}: is a socket, not a regular file; skipped") from None
        raise SourceError(f"{path}: cannot read: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as f:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            what = next((w for test, w in _KINDS if test(mode)), "is not a regular file")
            raise SourceError(f"{path}: {what}")
        try:
            return f.read()
        except OSError as exc:
            raise SourceError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _is_socket(path: str | Path) -> bool:
    try:
        return stat.S_ISSOCK(os.stat(path).st_mode)
    except OSError:
        return False


def read(path: str, stdin_name: str | None = None) -> Source:
    if path == "-":
        name = stdin_name or "-"
        return Source(name, decode(sys.stdin.buffer.read(), name), None)
    return Source(path, decode(read_bytes(path), path), Path(path))
