"""Reading a Dockerfile's bytes from disk: regular files only, never blocking."""

from __future__ import annotations

import errno
import os
import stat

from optimizer.errors import ReadError

TYPE_CHECKING = False  # not typing's: importing typing costs ~3 ms of every start-up
if TYPE_CHECKING:
    from pathlib import Path

_KINDS = (
    (stat.S_ISDIR, "is a directory"),
    (stat.S_ISFIFO, "is a FIFO, not a regular file; skipped"),
    (stat.S_ISSOCK, "is a socket, not a regular file; skipped"),
    (stat.S_ISCHR, "is a character device, not a regular file; skipped"),
    (stat.S_ISBLK, "is a block device, not a regular file; skipped"),
)


def read_bytes(path: str | Path) -> bytes:
    """The bytes of a regular file; ReadError (the reason, without the path) for anything else.

    Opened without blocking, so a FIFO (or a terminal device) is reported instead of
    waiting forever for a writer; the type is checked on the open file, not on its name.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except IsADirectoryError:
        raise ReadError("is a directory") from None
    except OSError as exc:
        if exc.errno == errno.ENXIO or _is_socket(path):  # open() on a socket: ENXIO
            raise ReadError("is a socket, not a regular file; skipped") from None
        raise ReadError(f"cannot read: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as f:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            what = next((w for test, w in _KINDS if test(mode)), "is not a regular file")
            raise ReadError(what)
        try:
            return f.read()
        except OSError as exc:
            raise ReadError(f"cannot read: {exc.strerror or exc}") from None


def _is_socket(path: str | Path) -> bool:
    try:
        return stat.S_ISSOCK(os.stat(path).st_mode)
    except OSError:
        return False
