"""`dopt parse`: the model as JSON, and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

from clirun import dopt


def test_parse_prints_model(tmp_path: Path) -> None:
    f = tmp_path / "Dockerfile"
    f.write_text("FROM a AS b\nRUN <<EOF\nhi\nEOF\n")
    res = dopt("parse", str(f))
    assert res.code == 0, res.err
    data = json.loads(res.out)
    assert data[0]["cmd"] == "FROM" and data[0]["value"] == ["a", "AS", "b"]
    assert data[1]["heredocs"] == [{"name": "EOF", "content": "hi\n"}]
    assert (data[1]["start_line"], data[1]["end_line"]) == (2, 4)


def test_parse_stdin() -> None:
    res = dopt("parse", "-", stdin="FROM x\n")
    assert res.code == 0
    assert json.loads(res.out)[0]["value"] == ["x"]


def test_parse_error_has_location(tmp_path: Path) -> None:
    f = tmp_path / "Dockerfile"
    f.write_text("FROM a\nRUN <<EOF\nno end\n")
    res = dopt("parse", str(f))
    assert res.code == 2
    assert res.out == ""
    assert res.err.startswith(f"{f}:2:1: unterminated heredoc")
    assert "Traceback" not in res.err


def test_invalid_utf8_and_binary(tmp_path: Path) -> None:
    bad = tmp_path / "Dockerfile"
    bad.write_bytes(b"FROM a\nRUN echo \xff\n")
    res = dopt("parse", str(bad))
    assert res.code == 2
    assert f"{bad}:2:10: not valid UTF-8" in res.err
    binary = tmp_path / "bin"
    binary.write_bytes(b"\x7fELF\x00\x01")
    res = dopt("parse", str(binary))
    assert res.code == 2 and "binary" in res.err


def test_missing_file_and_usage() -> None:
    res = dopt("parse", "/nonexistent/Dockerfile")
    assert res.code == 2 and "cannot read" in res.err
    assert dopt("nosuchcommand").code == 2
    assert dopt("--version").out.startswith("dopt ")
