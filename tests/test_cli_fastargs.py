"""The per-file command lines read without argparse (cli/fastargs.py) give argparse's values,
and every other line is left to argparse (help, errors, abbreviations, flags with values)."""

from __future__ import annotations

import pytest
from clirun import dopt

from optimizer.cli import fastargs
from optimizer.cli import main as cli

READ = [
    ["fmt"],
    ["fmt", "-"],
    ["fmt", "--check", "--diff", "-q", "a", "b"],
    ["fmt", "a", "b", "--quiet"],
    ["fmt", "--stdin-filename", "d/Dockerfile", "-"],
    ["fmt", "-", "--stdin-filename=x.dockerfile"],
    ["fmt", "fix", "check"],
    ["fmt", " -odd name"],
    ["check", "Dockerfile"],
    ["check", "--exit-zero", "--statistics", "--preview", "a", "b"],
    ["check", "--stdin-filename", "x", "-"],
    ["check", "--cache-mounts", "Dockerfile"],
    ["fix", "Dockerfile"],
    ["fix", "-w", "--unsafe-fixes", "--show-fixes", "--exit-non-zero-on-fix", "."],
    ["fix", "--diff", "--check", "--write", "--exit-zero", "--preview", "f", "g"],
    ["fix", "--unsafe-fixes", "--cache-mounts", "-"],
]

LEFT_TO_ARGPARSE = [
    ["check", "--context", "ctx", "Dockerfile"],  # a flag with a value
    ["fmt", "--help"],
    ["fmt", "-h"],
    ["fmt", "--chec", "a"],  # an abbreviation argparse accepts
    ["fmt", "-qq"],
    ["fmt", "a", "--check", "b"],  # argparse: "unrecognized arguments: b"
    ["fmt", "--", "-a"],
    ["fmt", "--indent-width", "2", "-"],
    ["fmt", "--stdin-filename"],
    ["fmt", "--stdin-filename", "-"],
    ["fmt", "--stdin-filename="],
    ["fmt", "-1"],
    ["fmt", "--color", "-"],
    ["check", "--select", "DOP101", "x"],
    ["check", "--write", "x"],  # a fix flag
    ["fix", "--statistics", "x"],  # a check flag
    ["fix", "--output-format", "json", "x"],
    ["parse", "-"],
    ["rules"],
    [],
]


@pytest.mark.parametrize("argv", READ, ids=" ".join)
def test_the_values_are_argparses(argv: list[str]) -> None:
    fast = fastargs.parse(argv)
    assert fast is not None
    full = vars(cli.build_parser(argv[0]).parse_args(argv))
    assert {k: v for k, v in vars(fast).items() if k != "_argv"} == full


@pytest.mark.parametrize("argv", LEFT_TO_ARGPARSE, ids=" ".join)
def test_other_lines_are_left_to_argparse(argv: list[str]) -> None:
    assert fastargs.parse(argv) is None


@pytest.mark.parametrize("command", ["fmt", "check", "fix"])
def test_a_flag_the_table_does_not_know_comes_from_argparse(
    monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    # As if main.py had gained a flag after fastargs' table was written.
    monkeypatch.setattr(fastargs, "_defaults", lambda c: {"command": c, "paths": []})
    fast = fastargs.parse([command, "x"])
    assert fast is not None
    full = cli.build_parser(command).parse_args([command, "x"])
    for key, value in vars(full).items():
        assert getattr(fast, key) == value


def test_errors_and_help_are_still_argparses() -> None:
    res = dopt("fmt", "a", "--check", "b")
    assert res.code == 2 and "dopt: error: unrecognized arguments: b" in res.err
    res = dopt("fmt", "--stdin-filename")
    assert res.code == 2 and "argument --stdin-filename: expected one argument" in res.err
    res = dopt("fix", "--help")
    assert res.code == 0 and res.out.startswith("usage: dopt fix")
