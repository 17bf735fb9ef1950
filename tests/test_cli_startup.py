"""What the per-file commands load at start-up (each import is paid on every run: an editor's
format-on-save, a pre-commit hook per file), and that the lazy pieces change no output.

Timings are not tested (bench/startup.py measures them as ratios); the sets of modules are.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from clirun import dopt
from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer.cli import commands
from optimizer.cli import main as cli

DOCKERFILE = "FROM debian\nRUN apt-get update\nRUN apt-get install -y curl\n"

# Never at run time: the parser runs on generated tables (lark is a development tool), and
# the command line is argparse.
NEVER = ("lark", "typer", "click", "optimizer.syntax.parser_gen")


# What the console script that pip writes runs (not `python -m`, whose runpy imports
# importlib and warnings itself).
_CONSOLE_SCRIPT = "import re, sys; from optimizer.__main__ import main; sys.exit(main())"


def _imported(*args: str, stdin: str | None = None, cwd: Path | None = None) -> set[str]:
    res = dopt(
        *args, stdin=stdin, cwd=cwd, python_flags=("-X", "importtime", "-c", _CONSOLE_SCRIPT)
    )
    assert res.code in (0, 1), res.err
    return {line.rsplit("|", 1)[-1].strip() for line in res.err.splitlines() if "|" in line}


def _under(imported: set[str], prefixes: tuple[str, ...]) -> set[str]:
    return {m for m in imported if m.split(".")[0] in prefixes or m.startswith(prefixes)}


def test_fmt_stdin_loads_no_parser_generator_rules_or_reports(tmp_path: Path) -> None:
    imported = _imported("fmt", "-", stdin=DOCKERFILE, cwd=tmp_path)
    assert "optimizer.format.formatter" in imported
    assert not _under(imported, NEVER)
    assert not _under(imported, ("optimizer.lint.rules", "optimizer.lint.runner"))
    # only other commands' needs: reports, JSON, folder search, settings files (none here)
    assert not _under(imported, ("optimizer.cli.report", "json", "pathspec", "tomllib"))
    assert "shutil" not in imported  # argparse's help width comes from cli.main._columns


@pytest.mark.parametrize("command", ["check", "fix"])
def test_check_and_fix_of_one_file_load_what_they_use(tmp_path: Path, command: str) -> None:
    (tmp_path / "Dockerfile").write_text(DOCKERFILE)
    imported = _imported(command, "Dockerfile", cwd=tmp_path)
    assert (
        "optimizer.lint.runner" in imported
        and "optimizer.lint.rules.multiple_consecutive_runs" in imported
    )
    assert not _under(imported, NEVER)
    # a named file needs no folder search; json only when a rule reads a package.json
    assert not _under(imported, ("pathspec", "tomllib", "json"))
    # the flags of check and fix are read without argparse (nor its flag definitions), and
    # nothing imports typing
    assert not _under(imported, ("argparse", "gettext", "locale", "typing"))
    assert "optimizer.cli.main" not in imported and "optimizer.cli.commands" in imported
    # paths are optimizer.io.fspath's: pathlib loads urllib.parse and ipaddress (~4 ms)
    assert "optimizer.io.fspath" in imported
    assert not _under(imported, ("pathlib", "urllib", "ipaddress", "ntpath", "importlib"))
    # the formatter only for a fix that writes a whole instruction (MAINTAINER -> LABEL), and
    # an opt-in rule's helpers only when it is on
    assert not _under(imported, ("optimizer.format.layout", "optimizer.format.formatter"))
    assert "optimizer.lint.rules.cache_mount_cuts" not in imported
    if command == "fix":
        assert "optimizer.cli.report" not in imported
    else:  # a text report prints no fix's edits: none is worked out (the fixer's keep_comments)
        assert "optimizer.lint.fixer" not in imported


ARGVS = [
    ["fmt", "-"],
    ["fmt", "--check", "--diff", "-q", "a", "b"],
    ["fmt", "--indent-width", "2", "--operator-position", "START", "--no-sort-packages", "x"],
    ["fmt", "--line-width=80", "--stdin-filename", "d/Dockerfile", "--exclude", "v", "-"],
    ["fmt", "--color", "--exclude", "a", "--exclude", "b"],
    ["fix", "-w", "--unsafe-fixes", "--select", "DOP101,DOP2", "--ignore", "dop3", "."],
    ["fix", "--diff", "--extend-select", "DL3008", "--no-color", "f"],
    ["check", "--format", "JSON", "--select", "ALL", "Dockerfile"],
    ["check", "--stdin-filename", "x", "-"],
    ["parse", "-"],
    ["explain", "dop101"],
    ["rules"],
    ["verify", "--engine", "podman", "--build-arg", "A=1", "--keep", "p"],
]


@pytest.mark.parametrize("argv", ARGVS, ids=" ".join)
def test_a_parser_of_one_subcommand_reads_as_the_whole_one(argv: list[str]) -> None:
    assert cli.build_parser(argv[0]).parse_args(argv) == cli.build_parser().parse_args(argv)


@pytest.mark.parametrize("command", list(cli._SUBPARSERS))
def test_a_subcommand_help_is_the_same_from_either_parser(command: str) -> None:
    def help_of(parser: argparse.ArgumentParser) -> str:
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        return sub.choices[command].format_help()

    assert help_of(cli.build_parser(command)) == help_of(cli.build_parser())


def test_usage_errors_read_the_same_with_one_subparser() -> None:
    res = dopt("fmt", "--indent-width", "x", "-", stdin=DOCKERFILE)
    assert res.code == 2
    assert "dopt fmt: error: argument --indent-width: invalid int value: 'x'" in res.err
    res = dopt("check", "--format", "xml", "Dockerfile")
    assert res.code == 2 and "usage: dopt check" in res.err


@pytest.mark.parametrize(("command", "gc_on"), [("fmt", False), ("check", False), ("rules", True)])
def test_per_file_commands_run_without_the_cyclic_gc_and_restore_it(
    monkeypatch: pytest.MonkeyPatch, command: str, gc_on: bool
) -> None:
    import gc

    from optimizer import __main__ as entry

    seen: list[bool] = []
    monkeypatch.setattr(commands, "run", lambda argv: seen.append(gc.isenabled()) or 0)
    assert gc.isenabled()
    assert entry.main([command]) == 0
    assert seen == [gc_on] and gc.isenabled()


@pytest.mark.parametrize("columns", [None, "57", "200", "0", "wide"])
def test_help_width_is_the_one_shutil_gives(
    monkeypatch: pytest.MonkeyPatch, columns: str | None
) -> None:
    import shutil

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert cli._columns() == shutil.get_terminal_size().columns


_JSONISH = st.text(alphabet='[]",: \t\n\r\\ab\x01\x1fé1u{}\u00a0\v', max_size=14)


@settings(max_examples=3000, deadline=None)
@given(_JSONISH, st.sampled_from(["", "[", ' ["', '["a", ']))
def test_exec_form_without_the_json_module_reads_as_json_does(text: str, head: str) -> None:
    """buildkit.parse_json reads the usual arrays without importing json: the same values,
    and the same refusals, as json's decoder."""
    from optimizer.syntax import buildkit

    def read(parse: object) -> object:
        try:
            return parse(head + text)  # type: ignore[operator]
        except buildkit._NotJSON:
            return "not JSON"
        except buildkit._NotStringArray:
            return "not strings"

    def by_json(rest: str) -> tuple[str, ...]:
        rest = buildkit.trim_left_space(rest)
        if not rest.startswith("["):
            raise buildkit._NotJSON(rest)
        try:
            data, _ = buildkit._json_decoder().raw_decode(rest)
        except ValueError as exc:
            raise buildkit._NotJSON(str(exc)) from None
        if not all(isinstance(x, str) for x in data):
            raise buildkit._NotStringArray()
        return tuple(data)

    assert read(buildkit.parse_json) == read(by_json)


_RUN_AND_EXEC = 'FROM a\nRUN apt-get update &&   apt-get install -y curl\nCMD ["b",  "c"]\n'


def test_fmt_stdin_loads_neither_typing_nor_pathlib_nor_argparse(tmp_path: Path) -> None:
    imported = _imported("fmt", "-", stdin=_RUN_AND_EXEC, cwd=tmp_path)
    assert not _under(imported, ("typing", "pathlib", "argparse", "json", "dataclasses"))
    # tree-sitter's native modules without their packages' __init__ (typing, importlib.resources)
    assert "optimizer.analysis.shell.tree" in imported  # (the bindings load outside -X importtime)
    assert "tree_sitter" not in imported and "tree_sitter_bash" not in imported
    # ...nor importlib (its package loads warnings), contextvars' wrapper, fnmatch, pathlib
    assert not _under(imported, ("importlib", "warnings", "contextvars", "fnmatch", "ntpath"))


@pytest.mark.parametrize("command", ["fmt", "check", "rules"])
def test_the_process_entry_ends_a_per_file_command_itself_after_flushing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """main() as the process (argv None) skips the interpreter's teardown for fmt/check/fix
    only, with its output flushed first; called with arguments it returns."""
    import os

    from optimizer import __main__ as entry

    def run(argv: list[str]) -> int:
        print("out")
        return 1

    ended: list[int] = []
    monkeypatch.setattr(commands, "run", run)
    monkeypatch.setattr(os, "_exit", ended.append)
    monkeypatch.setattr("sys.argv", ["dopt", command])
    assert entry.main() == 1
    assert ended == ([] if command == "rules" else [1])
    assert entry.main([command]) == 1 and len(ended) == (0 if command == "rules" else 1)
    assert capsys.readouterr().out == "out\nout\n"


def test_output_and_exit_codes_survive_the_quick_exit(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(DOCKERFILE)
    res = dopt("check", "Dockerfile", cwd=tmp_path)
    assert res.code == 1 and "DOP101" in res.out and "Found" in res.err
    res = dopt("fmt", "-", stdin="FROM  debian\n", cwd=tmp_path)
    assert res.code == 0 and res.out == "FROM debian\n"
    res = dopt("fmt", "-", stdin="FRO debian\n", cwd=tmp_path)
    assert res.code == 2 and res.err.startswith("-:1:1: ") and "Traceback" not in res.err
    assert res.out == "FRO debian\n"  # the buffer is kept


def test_settings_globs_match_without_pathlib(tmp_path: Path) -> None:
    """A pyproject.toml's per-file-ignores (a folder glob, a name glob) apply as before,
    matched on optimizer.io.fspath paths: no pathlib for a project with settings either."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.dopt.per-file-ignores]\n"legacy" = ["DOP101"]\n"*.dev" = ["DOP501"]\n'
    )
    (tmp_path / "legacy" / "a").mkdir(parents=True)
    (tmp_path / "legacy" / "a" / "Dockerfile.dev").write_text(DOCKERFILE)
    (tmp_path / "Dockerfile").write_text(DOCKERFILE)
    imported = _imported("check", "legacy/a/Dockerfile.dev", cwd=tmp_path)
    assert "tomllib" in imported and not _under(imported, ("pathlib", "urllib"))
    res = dopt("check", "legacy/a/Dockerfile.dev", "Dockerfile", cwd=tmp_path)
    legacy = [line for line in res.out.splitlines() if line.startswith("legacy/")]
    top = [line for line in res.out.splitlines() if line.startswith("Dockerfile:")]
    assert legacy and not any("DOP101" in x or "DOP501" in x for x in legacy)
    assert any("DOP101" in x for x in top) and any("DOP501" in x for x in top)


def test_a_report_without_edits_differs_only_in_edits() -> None:
    """check's text report skips the fixes' edits (``Task.edits``): the findings, their
    fixes' kinds and descriptions are those of a report with edits."""
    from optimizer import engine
    from optimizer.io.settings import Settings

    golden = Path(__file__).resolve().parent.parent / "golden"
    texts = [p.read_text(encoding="utf-8") for p in sorted(golden.glob("DOP*/*.Dockerfile"))[::3]]
    assert len(texts) > 20
    with_fixes = 0
    for text in texts:
        try:
            full = engine.check_source(text, Settings()).diagnostics
        except Exception:  # a golden that does not parse: nothing to compare
            continue
        bare = engine.check_source(text, Settings(), edits=False).diagnostics
        assert [d.replace(edits=()) for d in full] == list(bare)
        with_fixes += any(d.edits for d in full)
    assert with_fixes > 5
