"""Writing files safely: atomic replace that keeps mode, owner, symlinks and hard links."""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path


class WriteError(Exception):
    pass


def write_atomic(path: Path, text: str, expected: bytes) -> None:
    """Replace ``path``'s content with ``text`` (UTF-8).

    ``expected`` is what was read: if the file changed since, nothing is written.  A symlink
    is not replaced: its target is.  A file without write permission (mode 444, or not ours
    to write) is left alone even where the folder would allow replacing it.  A file with other
    hard links, or owned by someone else (a replacement would be ours), is rewritten in place,
    so it stays the same file; any other file is replaced in one rename by a temp file in its
    folder, fsynced, with the original's permission bits and owner.
    """
    target = Path(os.path.realpath(path))
    try:
        st = target.stat()
    except OSError as exc:
        raise WriteError(f"{path}: cannot write: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        raise WriteError(f"{path}: not a regular file; left unchanged")
    # Mode bits as well as access(): root may write anything, but a 444 file says "don't".
    if not st.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise WriteError(
            f"{path}: cannot write: the file is read-only "
            f"(mode {stat.S_IMODE(st.st_mode):03o}); left unchanged"
        )
    data = text.encode("utf-8")
    if st.st_nlink > 1 or not _can_give(st):
        _write_in_place(path, target, data, expected)
        return
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".dopt-tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, st.st_mode & 0o7777)
        try:
            os.chown(tmp, st.st_uid, st.st_gid)
        except PermissionError:
            pass  # a group we are not in: the content, mode and owner still are kept
        if target.read_bytes() != expected:
            raise WriteError(f"{path}: changed on disk while dopt was working; left unchanged")
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    try:
        dir_fd = os.open(target.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _can_give(st: os.stat_result) -> bool:
    """Can a replacement file get this file's owner?  (Only root can give a file away.)"""
    geteuid = getattr(os, "geteuid", None)
    return geteuid is None or geteuid() in (0, st.st_uid)


def _write_in_place(path: Path, target: Path, data: bytes, expected: bytes) -> None:
    """Overwrite a hard-linked file's bytes (a rename would split it from its other names)."""
    try:
        fd = os.open(target, os.O_RDWR)
    except OSError as exc:
        raise WriteError(f"{path}: cannot write: {exc.strerror or exc}") from None
    with os.fdopen(fd, "r+b") as f:
        if f.read() != expected:
            raise WriteError(f"{path}: changed on disk while dopt was working; left unchanged")
        # Not atomic: keep Ctrl-C from landing between the write and the truncate.
        with _signals_held():
            f.seek(0)
            f.write(data)
            f.truncate()
            f.flush()
            os.fsync(f.fileno())


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    sigmask = getattr(signal, "pthread_sigmask", None)
    if sigmask is None:  # Windows
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    old = sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        sigmask(signal.SIG_SETMASK, old)


def write_report(path: Path, text: str) -> None:
    """Create or replace ``path`` with ``text`` (UTF-8) in one rename, so a reader (a CI
    upload step) never sees half a report.  A symlink's target is written; an existing
    file keeps its permission bits, a new one gets the umask's."""
    target = Path(os.path.realpath(path))
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise WriteError(f"{path}: cannot write: {exc.strerror or exc}") from None
    if target.is_dir():
        raise WriteError(f"{path}: is a folder; cannot write the report there")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".dopt-tmp", dir=target.parent)
    except OSError as exc:
        raise WriteError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(text.encode("utf-8", "surrogateescape"))
            f.flush()
            os.fsync(f.fileno())
        if mode is None:  # mkstemp makes 0600; a new report is as readable as any new file
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise WriteError(f"{path}: cannot write: {exc.strerror or exc}") from None
        raise
