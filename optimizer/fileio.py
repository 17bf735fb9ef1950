"""Writing files safely: atomic replace that keeps mode, owner and symlinks."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class WriteError(Exception):
    pass


def write_atomic(path: Path, text: str, expected: bytes) -> None:
    """Replace ``path``'s content with ``text`` (UTF-8) in one rename.

    ``expected`` is what was read: if the file changed since, nothing is written.  A symlink
    is not replaced: its target is.  The temp file lives in the target's folder, is fsynced,
    and takes the original's permission bits and (where allowed) owner.
    """
    target = Path(os.path.realpath(path))
    try:
        st = target.stat()
    except OSError as exc:
        raise WriteError(f"{path}: cannot write: {exc.strerror or exc}") from None
    data = text.encode("utf-8")
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
            pass  # not ours to give away; the content and mode still are
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
