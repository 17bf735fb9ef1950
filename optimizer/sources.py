"""Reading Dockerfiles from disk or stdin, and the errors users see when that fails."""

from __future__ import annotations

import sys
from pathlib import Path

from optimizer.errors import ReadError
from optimizer.record import Record


class SourceError(ReadError):
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


def read(path: str, stdin_name: str | None = None) -> Source:
    if path == "-":
        name = stdin_name or "-"
        return Source(name, decode(sys.stdin.buffer.read(), name), None)
    p = Path(path)
    try:
        data = p.read_bytes()
    except IsADirectoryError:
        raise SourceError(f"{path}: is a directory") from None
    except OSError as exc:
        raise SourceError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return Source(path, decode(data, path), p)
