"""The engine layer: typed per-file results, errors caught per file, exit 3 for dopt's bugs.

These run the CLI in process, so that a rule, the formatter or the fixer can be made to fail
(monkeypatch) as a bug would; the other files of the same run must still be processed.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

import pytest

from optimizer import engine
from optimizer.cli.main import run
from optimizer.errors import BrokenFix, NotConverged, ParseError, Refused, Unexpected
from optimizer.format import formatter as formatting
from optimizer.io.settings import Settings
from optimizer.lint import fixer
from optimizer.lint.rules.multiple_consecutive_runs import RunMerge

UGLY = "from debian:bookworm-slim\nrun echo hi\n"
PRETTY = "FROM debian:bookworm-slim\nRUN echo hi\n"
MERGE = "FROM debian:bookworm-slim\nRUN echo a\nRUN echo b\n"
MERGED = "FROM debian:bookworm-slim\nRUN echo a && \\\n    echo b\n"
BOOM = "FROM debian:bookworm-slim\nRUN echo boom\nRUN echo b\n"


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def _files(tmp_path: Path, **texts: str) -> dict[str, Path]:
    out = {}
    for name, text in texts.items():
        folder = tmp_path / name
        folder.mkdir()
        (folder / "Dockerfile").write_text(text)
        out[name] = folder / "Dockerfile"
    return out


@pytest.fixture
def broken_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """DOP101 raises on any file that says `boom` (a rule bug), and works on the others."""
    original = RunMerge.check

    def check(self: RunMerge, ctx: Any) -> Any:
        if "boom" in ctx.tree.code:
            raise KeyError("no such item")
        return original(self, ctx)

    monkeypatch.setattr(RunMerge, "check", check)


@pytest.fixture
def broken_formatter(monkeypatch: pytest.MonkeyPatch) -> None:
    original = formatting.format_tree

    def format_tree(tree: Any, style: Any = None) -> str:
        if "boom" in tree.code:
            raise IndexError("list index out of range")
        return original(tree, style)

    monkeypatch.setattr(formatting, "format_tree", format_tree)


def _internal_line(err: str, path: Path) -> str:
    lines = [line for line in err.splitlines() if line.startswith(f"{path}:")]
    assert len(lines) == 1, err
    return lines[0]


def test_fmt_internal_error_exits_3_and_other_files_are_written(
    tmp_path: Path, broken_formatter: None, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _files(tmp_path, a=UGLY, b=BOOM, c=UGLY)
    code = run(["fmt", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 3
    assert _internal_line(err, files["b"]) == (
        f"{files['b']}: internal error: IndexError: list index out of range (please report)"
    )
    assert "Traceback" not in err
    assert files["a"].read_text() == PRETTY and files["c"].read_text() == PRETTY
    assert files["b"].read_text() == BOOM
    assert "2 files reformatted, 1 file failed" in err


def test_check_internal_error_exits_3_and_other_files_are_checked(
    tmp_path: Path, broken_rule: None, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _files(tmp_path, a=MERGE, b=BOOM, c=MERGE)
    code = run(["check", "--select", "DOP101", str(tmp_path)])
    out, err = capsys.readouterr()
    assert code == 3
    assert _internal_line(err, files["b"]) == (
        f"{files['b']}: internal error: KeyError: 'no such item' (please report)"
    )
    assert out == "".join(
        f"{files[n]}:3:1: DOP101 [*] RUN can be merged with the RUN above\n" for n in "ac"
    )
    assert "All checks passed" not in err and "1 file could not be checked" in err


def test_check_internal_error_in_json(
    tmp_path: Path, broken_rule: None, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    files = _files(tmp_path, b=BOOM)
    assert run(["check", "--format", "json", str(tmp_path)]) == 3
    (entry,) = json.loads(capsys.readouterr().out)
    assert entry["filename"] == str(files["b"]) and entry["error"] is True
    assert entry["name"] == "internal-error" and entry["code"] is None


def test_fix_internal_error_exits_3_and_other_files_are_written(
    tmp_path: Path, broken_rule: None, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _files(tmp_path, a=MERGE, b=BOOM, c=MERGE)
    code = run(["fix", "--write", "--select", "DOP101", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 3
    assert "internal error: KeyError" in _internal_line(err, files["b"])
    assert files["a"].read_text() == MERGED and files["c"].read_text() == MERGED
    assert files["b"].read_text() == BOOM
    assert "2 fixes applied; layers 4 -> 2; 1 file failed" in err


@pytest.mark.parametrize("command", ["fmt", "fix"])
def test_stdin_echoed_unchanged_on_internal_error(
    command: str,
    broken_rule: None,
    broken_formatter: None,
    monkeypatch: pytest.MonkeyPatch,
    capfdbinary: pytest.CaptureFixture[bytes],
) -> None:
    data = BOOM.replace("\n", "\r\n").encode()
    _stdin(monkeypatch, data)
    assert run([command, "-"]) == 3
    out, err = capfdbinary.readouterr()
    assert out == data
    assert b"-: internal error: " in err and b"(please report)" in err


@pytest.mark.parametrize("command", ["fmt", "fix"])
def test_stdin_echoed_unchanged_on_parse_error(
    command: str, monkeypatch: pytest.MonkeyPatch, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    data = b"FROM a\nFORM b\n"
    _stdin(monkeypatch, data)
    assert run([command, "-"]) == 2
    out, err = capfdbinary.readouterr()
    assert out == data
    assert b"-:2:1: unknown instruction: FORM (did you mean FROM?)" in err


def test_fixer_that_does_not_converge_is_an_internal_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(fixer, "MAX_ROUNDS", 0)  # stops with the merge still to apply
    f = tmp_path / "Dockerfile"
    f.write_text(MERGE)
    assert run(["fix", "--write", str(f)]) == 3
    err = capsys.readouterr().err
    assert f"{f}: internal error: fixes still apply after the fixer's round limit (DOP101)" in err
    assert f.read_text() == MERGE
    with pytest.raises(NotConverged):
        engine.fix_source(MERGE, Settings())


@pytest.mark.parametrize(
    ("broken", "why"),
    [("FROM debian:bookworm-slim\nRUN <<EOF\n", "does not parse"), ("FORM x\n", "BuildKit would")],
)
def test_fix_that_breaks_the_file_is_an_internal_error(
    broken: str, why: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fixer, "_joined", lambda tree, chunks: broken)
    with pytest.raises(BrokenFix, match=why):
        engine.fix_source(MERGE, Settings())
    # blocked case: with nothing to fix, the broken fixer is never called
    assert engine.fix_source(PRETTY, Settings()).output == PRETTY


def test_process_turns_every_exception_into_a_result(monkeypatch: pytest.MonkeyPatch) -> None:
    def parse(text: str) -> Any:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("optimizer.syntax.parser.parse", parse)
    inp = engine.Input("x/Dockerfile", Path("x/Dockerfile"), b"FROM a\n")
    result = engine.process(inp, engine.Task(engine.CHECK))
    assert isinstance(result.error, Unexpected) and result.exit_code == 3
    assert result.error.located("x/Dockerfile") == (
        "x/Dockerfile: internal error: RecursionError: maximum recursion depth exceeded "
        "(please report)"
    )


def test_guard_refusal_is_an_internal_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(formatting, "format_tree", lambda tree, style=None: "FROM a\n")
    with pytest.raises(Refused) as info:
        engine.format_source("FROM a\nRUN x\n", Settings())
    assert info.value.exit_code == 3


def test_pure_api_results_carry_start_and_end() -> None:
    text = "FROM debian:bookworm-slim\nRUN apt-get update\nRUN apt-get install -y \\\n    curl\n"
    result = engine.check_source(text, Settings())
    merge = next(d for d in result.diagnostics if d.code == "DOP101")
    assert (merge.line, merge.column, merge.end_line, merge.end_column) == (3, 1, 4, 9)
    assert merge.fix == "safe" and result.error is None and result.exit_code == 1
    formatted = engine.format_source("from a\n", Settings())
    assert formatted.output == "FROM a\n" and formatted.changed
    fixed = engine.fix_source(MERGE, Settings())
    assert fixed.output == MERGED and fixed.applied == 1 and fixed.diagnostics == ()


def test_read_and_decode_errors_are_user_errors(tmp_path: Path) -> None:
    missing = engine.read_input(str(tmp_path / "nope"))
    result = engine.process(missing, engine.Task(engine.FMT))
    assert result.exit_code == 2 and "cannot read" in str(result.error)
    bad = engine.Input("Dockerfile", None, b"FROM a\nRUN \xff\n")
    result = engine.process(bad, engine.Task(engine.FMT))
    assert result.error is not None and result.error.located("Dockerfile").startswith(
        "Dockerfile:2:5: not valid UTF-8"
    )
    with pytest.raises(ParseError, match="FROM requires either one or three arguments"):
        engine.parse_source("FROM\n")


def test_parse_and_rules_internal_errors_exit_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def parse(text: str) -> Any:
        raise AssertionError("lexer state")

    monkeypatch.setattr("optimizer.syntax.parser.parse", parse)
    f = tmp_path / "Dockerfile"
    f.write_text("FROM a\n")
    assert run(["parse", str(f)]) == 3
    assert capsys.readouterr().err == (
        f"{f}: internal error: AssertionError: lexer state (please report)\n"
    )
    monkeypatch.setattr("optimizer.lint.rules.all_rules", lambda: 1 / 0)
    assert run(["rules"]) == 3
    assert "dopt: internal error: ZeroDivisionError: division by zero (please report)" in (
        capsys.readouterr().err
    )


def test_run_text_for_editors_never_raises() -> None:
    bad = engine.run_text("FROM a\nCOPY x\n", Settings(), engine.Task(engine.CHECK), "buf")
    assert isinstance(bad.error, ParseError) and bad.exit_code == 2
    assert (bad.error.line, bad.error.column) == (2, 1)
    assert bad.error.located("buf") == (
        "buf:2:1: COPY requires at least two arguments, but only one was provided. "
        "Destination could not be determined"
    )
    good = engine.run_text("from a\n", Settings(), engine.Task(engine.FMT), "buf")
    assert good.error is None and good.output == "FROM a\n"
