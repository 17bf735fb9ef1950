"""optimizer.io.fspath.Path reads and answers as pathlib's PosixPath does (for what dopt uses)."""

from __future__ import annotations

import os
import pathlib
from pathlib import PurePosixPath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer.io.fspath import Path

pytestmark = pytest.mark.skipif(os.name != "posix", reason="pathlib's own Path elsewhere")

_PARTS = st.text(alphabet="/.ab", max_size=7)


def _same_or_same_error(ours: object, theirs: object) -> None:
    def run(thunk: object) -> object:
        try:
            return ("ok", str(thunk()))  # type: ignore[operator]
        except (ValueError, TypeError) as exc:
            return ("error", type(exc), str(exc).replace("PurePosixPath", "PosixPath"))

    assert run(ours) == run(theirs)


def test_it_is_not_pathlib() -> None:
    assert Path is not pathlib.Path and not issubclass(Path, pathlib.PurePath)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_PARTS, min_size=1, max_size=3), _PARTS, _PARTS)
def test_the_pure_part_reads_as_pathlib(parts: list[str], other: str, name: str) -> None:
    ours, theirs = Path(*parts), PurePosixPath(*parts)
    assert str(ours) == str(theirs) == os.fspath(ours) == ours.as_posix()
    assert repr(ours) == repr(pathlib.PosixPath(*parts))
    assert ours.parts == theirs.parts
    assert (ours.name, ours.suffix, ours.stem, ours.root) == (
        theirs.name,
        theirs.suffix,
        theirs.stem,
        theirs.root,
    )
    assert str(ours.parent) == str(theirs.parent)
    assert [str(p) for p in ours.parents] == [str(p) for p in theirs.parents]
    assert ours.is_absolute() == theirs.is_absolute()
    assert str(ours / other) == str(theirs / other) == str(ours.joinpath(other))
    assert str(other / ours) == str(other / theirs)
    _same_or_same_error(lambda: ours.relative_to(other), lambda: theirs.relative_to(other))
    _same_or_same_error(lambda: ours.with_name(name), lambda: theirs.with_name(name))
    o2, t2 = Path(other), PurePosixPath(other)
    assert (ours == o2) == (theirs == t2)
    assert (ours < o2, ours <= o2, ours > o2, ours >= o2) == (
        theirs < t2,
        theirs <= t2,
        theirs > t2,
        theirs >= t2,
    )
    if ours == o2:
        assert hash(ours) == hash(o2)
    assert Path(ours) == ours and Path(theirs) == ours


def test_the_file_system_part_answers_as_pathlib(tmp_path: pathlib.Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "f.txt").write_text("héllo\n", encoding="utf-8")
    (tmp_path / "link").symlink_to(tmp_path / "gone")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    names = ["d", "d/f.txt", "link", "loop", "missing", "d/f.txt/under", "nul\x00byte", "."]
    for name in names:
        ours, theirs = Path(tmp_path, name), tmp_path / name
        assert ours.exists() == theirs.exists(), name
        assert ours.is_dir() == theirs.is_dir(), name
        assert ours.is_file() == theirs.is_file(), name
        assert ours.is_symlink() == theirs.is_symlink(), name
    d = Path(tmp_path, "d")
    theirs_d = tmp_path / "d"
    assert [str(p) for p in sorted(d.iterdir())] == [str(p) for p in sorted(theirs_d.iterdir())]
    f = d / "f.txt"
    assert f.read_text(encoding="utf-8") == "héllo\n" and f.read_bytes() == "héllo\n".encode()
    with f.open("rb") as fh:
        assert fh.read(2) == b"h\xc3"
    assert f.stat().st_size == (tmp_path / "d" / "f.txt").stat().st_size
    assert Path.cwd() == Path(os.getcwd())
    with pytest.raises(FileNotFoundError):
        Path(tmp_path, "missing").stat()
    with pytest.raises(TypeError):
        Path(b"bytes")


def test_a_method_it_lacks_is_pathlibs_own(tmp_path: pathlib.Path) -> None:
    """explain-cache's context walk (rglob) found this: the subset falls back to pathlib."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "f.txt").write_text("x")
    ours = Path(str(tmp_path))
    assert sorted(p.relative_to(ours).as_posix() for p in ours.rglob("*")) == ["a", "a/f.txt"]
    assert ours.resolve() == tmp_path.resolve()
    with pytest.raises(AttributeError):
        ours._no_such_private_name  # noqa: B018
