"""``Path`` for the per-file commands: pathlib's ``PosixPath``, for the parts of it dopt uses,
without importing pathlib.

``import pathlib`` costs ~4 ms of each ``dopt check FILE`` (it loads urllib.parse, which
loads ipaddress, and fnmatch, ntpath, warnings), a tenth of the run; ``check`` and ``fix`` of
a named file need a path only to read the file's folder (the build context, settings).  The
names, parts and string forms follow CPython 3.11's pathlib for POSIX (parse_parts,
splitroot, relative_to), so messages that show a path read the same; the file-system
methods are pathlib's, on ``os``.  tests/test_fspath.py compares it with pathlib.

For mypy this *is* ``pathlib.Path`` (what dopt's signatures take and the API accepts); a
method this class lacks is pathlib's own, on a pathlib copy of the path (``__getattr__``),
so a new use is never wrong, only slower; the rule tests run on these paths (the engine and
the API make them).  Elsewhere than POSIX it is
pathlib's own ``Path``.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # not typing's: importing typing costs ~3 ms of every start-up
if TYPE_CHECKING or os.name != "posix":
    from pathlib import Path as Path
else:
    import io
    import stat as _stat
    import sys
    from errno import EBADF, ELOOP, ENOENT, ENOTDIR

    # pathlib's _IGNORED_ERRNOS: the answers that mean "no such file", not a failure.
    _IGNORED = (ENOENT, ENOTDIR, EBADF, ELOOP)

    def _parse(args: tuple[object, ...]) -> tuple[str, list[str]]:
        """(root, parts) as pathlib's _PosixFlavour.parse_parts makes them: the root ("",
        "/" or "//") is the first part of an absolute path."""
        texts: list[str] = []
        for a in args:
            if isinstance(a, Path):
                texts.append(a._str)
                continue
            a = os.fspath(a)  # type: ignore[call-overload]
            if not isinstance(a, str):
                raise TypeError(
                    "argument should be a str object or an os.PathLike object returning str, "
                    f"not {type(a)!r}"
                )
            texts.append(a)
        parsed: list[str] = []
        root = ""
        for part in reversed(texts):
            if not part:
                continue
            if part[0] == "/":
                rel = part.lstrip("/")
                root = "//" if len(part) - len(rel) == 2 else "/"
            else:
                rel = part
            if "/" in rel:
                for x in reversed(rel.split("/")):
                    if x and x != ".":
                        parsed.append(sys.intern(x))
            elif rel and rel != ".":
                parsed.append(sys.intern(rel))
            if root:
                break  # an absolute part: what came before it does not count
        if root:
            parsed.append(root)
        parsed.reverse()
        return root, parsed

    class Path:  # type: ignore[no-redef]
        """pathlib's PosixPath, for the methods dopt uses (see the module's doc)."""

        __slots__ = ("_hash", "_parts", "_root", "_str")

        def __init__(self, *args: object) -> None:
            root, parts = _parse(args)
            self._set(root, parts)

        def _set(self, root: str, parts: list[str]) -> None:
            self._root = root
            self._parts = parts
            text = root + "/".join(parts[1:]) if root else "/".join(parts)
            self._str = text or "."
            self._hash = -1

        @classmethod
        def _made(cls, root: str, parts: list[str]) -> Path:
            new = object.__new__(cls)
            new._set(root, parts)
            return new

        @classmethod
        def cwd(cls) -> Path:
            return cls(os.getcwd())

        # -- the pure part (PurePosixPath)

        def __str__(self) -> str:
            return self._str

        def __fspath__(self) -> str:
            return self._str

        def __repr__(self) -> str:
            return f"PosixPath({self._str!r})"

        def as_posix(self) -> str:
            return self._str

        def __eq__(self, other: object) -> bool:
            if not isinstance(other, Path):
                return NotImplemented
            return self._parts == other._parts

        def __hash__(self) -> int:
            if self._hash == -1:
                self._hash = hash(tuple(self._parts))
            return self._hash

        def __lt__(self, other: Path) -> bool:
            if not isinstance(other, Path):
                return NotImplemented
            return self._parts < other._parts

        def __le__(self, other: Path) -> bool:
            if not isinstance(other, Path):
                return NotImplemented
            return self._parts <= other._parts

        def __gt__(self, other: Path) -> bool:
            if not isinstance(other, Path):
                return NotImplemented
            return self._parts > other._parts

        def __ge__(self, other: Path) -> bool:
            if not isinstance(other, Path):
                return NotImplemented
            return self._parts >= other._parts

        def __truediv__(self, key: object) -> Path:
            try:
                return type(self)(self, key)
            except TypeError:
                return NotImplemented

        def __rtruediv__(self, key: object) -> Path:
            try:
                return type(self)(key, self)
            except TypeError:
                return NotImplemented

        def joinpath(self, *args: object) -> Path:
            return type(self)(self, *args)

        @property
        def parts(self) -> tuple[str, ...]:
            return tuple(self._parts)

        @property
        def root(self) -> str:
            return self._root

        @property
        def anchor(self) -> str:
            return self._root

        @property
        def name(self) -> str:
            parts = self._parts
            if len(parts) == (1 if self._root else 0):
                return ""
            return parts[-1]

        @property
        def suffix(self) -> str:
            name = self.name
            i = name.rfind(".")
            return name[i:] if 0 < i < len(name) - 1 else ""

        @property
        def stem(self) -> str:
            name = self.name
            i = name.rfind(".")
            return name[:i] if 0 < i < len(name) - 1 else name

        @property
        def parent(self) -> Path:
            if len(self._parts) == 1 and self._root:
                return self
            return self._made(self._root, self._parts[:-1])

        @property
        def parents(self) -> tuple[Path, ...]:
            out = []
            at = self
            while True:
                up = at.parent
                if up._parts == at._parts:
                    return tuple(out)
                out.append(up)
                at = up

        def is_absolute(self) -> bool:
            return bool(self._root)

        def with_name(self, name: str) -> Path:
            if not self.name:
                raise ValueError(f"{self!r} has an empty name")
            root, parts = _parse((name,))
            if not name or name[-1] == "/" or root or len(parts) != 1:
                raise ValueError(f"Invalid name {name!r}")
            return self._made(self._root, [*self._parts[:-1], name])

        def relative_to(self, *other: object) -> Path:
            if not other:
                raise TypeError("need at least one argument")
            root, parts = self._root, self._parts
            abs_parts = ["", root, *parts[1:]] if root else parts
            to_root, to_parts = _parse(other)
            to_abs = ["", to_root, *to_parts[1:]] if to_root else to_parts
            n = len(to_abs)
            if bool(root) if n == 0 else abs_parts[:n] != to_abs:
                formatted = self._made(to_root, to_parts)._str if to_parts else ""
                raise ValueError(
                    f"{str(self)!r} is not in the subpath of {formatted!r}"
                    " OR one path is relative and the other is absolute."
                )
            return self._made(root if n == 1 else "", abs_parts[n:])

        # -- the file system (Path)

        def stat(self, *, follow_symlinks: bool = True) -> os.stat_result:
            return os.stat(self._str, follow_symlinks=follow_symlinks)

        def lstat(self) -> os.stat_result:
            return os.lstat(self._str)

        def _mode(self, follow: bool) -> int | None:
            """The file's mode; None for an answer that means "not there" (as pathlib)."""
            try:
                return os.stat(self._str, follow_symlinks=follow).st_mode
            except OSError as exc:
                if exc.errno not in _IGNORED:
                    raise
                return None
            except ValueError:  # a NUL byte in the name
                return None

        def exists(self) -> bool:
            return self._mode(True) is not None

        def is_dir(self) -> bool:
            mode = self._mode(True)
            return mode is not None and _stat.S_ISDIR(mode)

        def is_file(self) -> bool:
            mode = self._mode(True)
            return mode is not None and _stat.S_ISREG(mode)

        def is_symlink(self) -> bool:
            mode = self._mode(False)
            return mode is not None and _stat.S_ISLNK(mode)

        def iterdir(self):  # type: ignore[no-untyped-def]
            for name in os.listdir(self._str):
                yield self._made(self._root, [*self._parts, name])

        def open(
            self,
            mode: str = "r",
            buffering: int = -1,
            encoding: str | None = None,
            errors: str | None = None,
            newline: str | None = None,
        ):  # type: ignore[no-untyped-def]
            if "b" not in mode:
                encoding = io.text_encoding(encoding)
            return open(self._str, mode, buffering, encoding, errors, newline)

        def read_bytes(self) -> bytes:
            with self.open(mode="rb") as f:
                return f.read()  # type: ignore[no-any-return]

        def read_text(self, encoding: str | None = None, errors: str | None = None) -> str:
            encoding = io.text_encoding(encoding)
            with self.open(mode="r", encoding=encoding, errors=errors) as f:
                return f.read()  # type: ignore[no-any-return]

        def __getattr__(self, name: str) -> object:
            # A method of pathlib's that this subset lacks (rglob, resolve, ...) is pathlib's
            # own on the same path: correct, and it pays pathlib's import only then.
            if name.startswith("_"):
                raise AttributeError(name)
            import pathlib

            return getattr(pathlib.PosixPath(self._str), name)


__all__ = ["Path"]
