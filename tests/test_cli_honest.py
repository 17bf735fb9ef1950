"""Honest results (issue 8): unknown codes, errors in every output format, what BuildKit
refuses, no-path runs, positions on disk, flag conflicts, settings, machine formats."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from clirun import ROOT, dopt

from optimizer.cli.formats.github import escape_data, escape_property
from optimizer.cli.formats.sarif import artifact_uri

MERGE = "FROM debian:bookworm-slim\nRUN echo a\nRUN echo b\n"

# --------------------------------------------------------------------------- rule codes


@pytest.mark.parametrize("flag", ["--select", "--ignore", "--extend-select"])
@pytest.mark.parametrize("command", ["check", "fix"])
def test_unknown_code_on_the_command_line_is_an_error(command: str, flag: str) -> None:
    res = dopt(command, flag, "DOP101,DOP1O1", "-", stdin=MERGE)
    assert res.code == 2, res.err
    assert "DOP1O1: unknown rule code" in res.err
    assert res.out == ""


def test_unanswered_hadolint_code_is_an_error() -> None:
    res = dopt("check", "--ignore", "DL3000", "-", stdin=MERGE)
    assert res.code == 2 and "DL3000: no dopt rule answers to this hadolint code" in res.err


def test_all_and_hadolint_codes_select_rules() -> None:
    every = dopt("check", "--select", "ALL", "-", stdin=MERGE)
    default = dopt("check", "-", stdin=MERGE)
    assert every.out == default.out and every.code == 1
    by_hadolint = dopt("check", "--select", "dl3059", "-", stdin=MERGE)
    assert by_hadolint.out == dopt("check", "--select", "DOP101", "-", stdin=MERGE).out
    assert by_hadolint.out == "-:3:1: DOP101 [*] RUN can be merged with the RUN above\n"
    assert dopt("check", "--ignore", "DL3059", "-", stdin=MERGE).out == ""


def test_unknown_code_in_settings_is_reported_once_with_a_relative_path(tmp_path: Path) -> None:
    (tmp_path / ".dopt.toml").write_text('select = ["DOP101", "DOP999"]\n')
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "Dockerfile").write_text(MERGE)
    res = dopt("check", ".", cwd=tmp_path)
    assert res.code == 2
    assert res.err.count(".dopt.toml: DOP999: unknown rule code") == 1, res.err
    assert str(tmp_path) not in res.err
    assert "All checks passed" not in res.err


def test_bad_settings_file_is_reported_once(tmp_path: Path) -> None:
    (tmp_path / ".dopt.toml").write_text("indent-width = 'wide'\n")
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "Dockerfile").write_text(MERGE)
    res = dopt("fmt", "--check", ".", cwd=tmp_path)
    assert res.code == 2
    assert res.err.count(".dopt.toml: indent-width must be a int") == 1, res.err


# --------------------------------------------------------------------------- errors everywhere

BAD = "FROM debian\nFORM debian\n"


def _bad_and_good(tmp_path: Path) -> tuple[Path, Path]:
    bad = tmp_path / "bad" / "Dockerfile"
    good = tmp_path / "good" / "Dockerfile"
    for path, text in ((bad, BAD), (good, "FROM debian:bookworm-slim\n")):
        path.parent.mkdir()
        path.write_text(text)
    return bad, good


def test_check_text_never_passes_with_an_error(tmp_path: Path) -> None:
    bad, good = _bad_and_good(tmp_path)
    res = dopt("check", str(bad), str(good))
    assert res.code == 2
    assert "All checks passed" not in res.err
    assert f"{bad}:2:1: unknown instruction: FORM (did you mean FROM?)" in res.err
    assert "1 file could not be checked." in res.err
    unreadable = dopt("check", str(tmp_path / "missing"))
    assert unreadable.code == 2 and "All checks passed" not in unreadable.err


def test_check_json_has_an_error_entry(tmp_path: Path) -> None:
    bad, _ = _bad_and_good(tmp_path)
    res = dopt("check", "--format", "json", str(tmp_path))
    assert res.code == 2
    (entry,) = json.loads(res.out)
    assert entry == {
        "filename": str(bad),
        "line": 2,
        "column": 1,
        "end_line": 2,
        "end_column": 1,
        "code": None,
        "name": "parse-error",
        "message": "unknown instruction: FORM (did you mean FROM?)",
        "severity": "error",
        "url": None,
        "fix": None,
        "error": True,
    }


def test_check_sarif_marks_the_run_unsuccessful(tmp_path: Path) -> None:
    _bad_and_good(tmp_path)
    res = dopt("check", "--format", "SARIF", ".", cwd=tmp_path)
    assert res.code == 2
    (invocation,) = json.loads(res.out)["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert note["message"]["text"].startswith("unknown instruction: FORM")
    location = note["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "bad/Dockerfile"
    assert location["region"]["startLine"] == 2
    ok = dopt("check", "--format", "sarif", "good", cwd=tmp_path)
    assert json.loads(ok.out)["runs"][0]["invocations"][0]["executionSuccessful"] is True


def test_check_github_has_an_error_line(tmp_path: Path) -> None:
    _bad_and_good(tmp_path)
    res = dopt("check", "--format", "github", "bad", cwd=tmp_path)
    assert res.code == 2
    assert res.out == (
        "::error title=dopt (parse-error),file=bad/Dockerfile,line=2,col=1,endLine=2,"
        "endColumn=1::unknown instruction: FORM (did you mean FROM?)\n"
    )


# --------------------------------------------------------------------------- BuildKit refusals


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("FORM debian\n", 1, "unknown instruction: FORM (did you mean FROM?)"),
        ("FROM\n", 1, "FROM requires either one or three arguments"),
        ("FROM a b\n", 1, "FROM requires either one or three arguments"),
        ("FROM a AS 1x\n", 1, 'invalid name for build stage: "1x"'),
        ("FROM a\nONBUILD ONBUILD RUN x\n", 2, "Chaining ONBUILD via `ONBUILD ONBUILD`"),
        ("FROM a\nonbuild from b\n", 2, "FROM isn't allowed as an ONBUILD trigger"),
        ("FROM a\nONBUILD MAINTAINER me\n", 2, "MAINTAINER isn't allowed as an ONBUILD"),
        ("FROM a\nHEALTHCHECK --interval=5s\n", 2, "HEALTHCHECK requires at least one arg"),
        ("FROM a\nHEALTHCHECK --retries=3 CMD\n", 2, "Missing command after HEALTHCHECK CMD"),
        ("FROM a\nHEALTHCHECK NONE x\n", 2, "HEALTHCHECK NONE takes no arguments"),
        ("FROM a\nHEALTHCHECK CURL x\n", 2, 'Unknown type "CURL" in HEALTHCHECK (try CMD)'),
        ("FROM a\nCOPY /x\n", 2, "COPY requires at least two arguments"),
        ("FROM a\nADD x\n", 2, "ADD requires at least two arguments"),
        ("FROM a\nCOPY --from=b /x\n", 2, "COPY requires at least two arguments"),
        ("FROM a\nWORKDIR\n", 2, "WORKDIR requires exactly one argument"),
        ("FROM a\nEXPOSE\n", 2, "EXPOSE requires at least one argument"),
        ("FROM a\nARG =1\n", 2, "ARG names can not be blank"),
        ("FROM a\nSHELL sh -c\n", 2, "SHELL requires the arguments to be in JSON form"),
        ("RUN echo\nFROM a\n", 1, "no build stage in current context"),
    ],
)
def test_what_buildkit_refuses_is_an_error(text: str, line: int, message: str) -> None:
    for command in ("check", "fmt", "fix"):
        res = dopt(command, "-", stdin=text)
        assert res.code == 2, (command, res.err)
        assert f"-:{line}:1: {message}" in res.err, (command, res.err)


@pytest.mark.parametrize(
    "text",
    [
        "ARG V=1\nFROM a:$V AS build\n",
        "FROM a:1\nONBUILD RUN x\n",
        "FROM a:1\nHEALTHCHECK --interval=5s CMD true\n",
        "FROM a:1\nHEALTHCHECK NONE\n",
        'FROM a:1\nHEALTHCHECK CMD ["true"]\n',
        "FROM a:1\nCOPY --from=b /x /y\n",
        "FROM a:1\nCOPY <<EOF /x\nhi\nEOF\n",
        'FROM a:1\nSHELL ["sh", "-c"]\n',
        "FROM a:1\nWORKDIR /a b\n",  # one argument: the rest of the line
        "FROM a:1\nCMD\n",
    ],
)
def test_what_buildkit_builds_is_not_an_error(text: str) -> None:
    res = dopt("check", "-", stdin=text)
    assert res.code == 0, res.err
    assert dopt("fmt", "--check", "-", stdin=text).code == 0


# --------------------------------------------------------------------------- no path, a terminal


@pytest.mark.parametrize("command", ["check", "fix"])
def test_no_path_and_a_terminal_checks_the_working_folder(command: str, tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(MERGE)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    master, slave = pty.openpty()
    try:
        args = [command, "--check"] if command == "fix" else [command]
        proc = subprocess.run(
            [sys.executable, "-m", "optimizer", *args],
            stdin=slave,
            capture_output=True,
            cwd=tmp_path,
            env=env,
            timeout=60,
            check=False,
        )
    finally:
        os.close(slave)
        os.close(master)
    assert proc.returncode == 1, proc.stderr
    if command == "check":
        assert (
            proc.stdout.decode()
            == "Dockerfile:3:1: DOP101 [*] RUN can be merged with the RUN above\n"
        )
    else:
        assert "would fix Dockerfile" in proc.stderr.decode()


# --------------------------------------------------------------------------- fix


SHIFTING = (
    "FROM debian:bookworm-slim\nRUN apt-get update\nRUN apt-get install -y curl\nRUN echo b\n"
    "RUN --mount=type=cache,target=/x echo jq\n"
)


@pytest.mark.parametrize("mode", ["--check", "--diff"])
def test_fix_check_and_diff_show_the_lines_on_disk(mode: str, tmp_path: Path) -> None:
    f = tmp_path / "Dockerfile"
    f.write_text(SHIFTING)
    res = dopt("fix", mode, "Dockerfile", cwd=tmp_path)
    assert res.code == 1
    assert "Dockerfile:5:1: DOP101 RUN could merge with the RUN above, but their flags" in res.err
    # printing the fixed text: the lines of that text
    printed = dopt("fix", "Dockerfile", cwd=tmp_path)
    assert "Dockerfile:6:1: DOP101 RUN could merge with the RUN above, but their" in printed.err


def test_fix_write_exits_1_when_findings_are_left(tmp_path: Path) -> None:
    f = tmp_path / "Dockerfile"
    f.write_text(SHIFTING)
    res = dopt("fix", "--write", str(f))
    assert res.code == 1 and "2 fixes applied" in res.err
    clean = tmp_path / "clean.Dockerfile"
    clean.write_text(MERGE)
    assert dopt("fix", "--write", str(clean)).code == 0  # blocked case: nothing left


@pytest.mark.parametrize("other", ["--diff", "--check"])
def test_fix_write_conflicts(other: str, tmp_path: Path) -> None:
    f = tmp_path / "Dockerfile"
    f.write_text(MERGE)
    res = dopt("fix", "--write", other, str(f))
    assert res.code == 2 and f"--write cannot be used with {other}" in res.err
    assert f.read_text() == MERGE


# --------------------------------------------------------------------------- settings


def test_dopt_toml_top_level_codes_and_per_file_ignores(tmp_path: Path) -> None:
    (tmp_path / ".dopt.toml").write_text(
        'select = ["DOP1"]\nignore = ["DOP102"]\nextend-select = ["DOP301"]\n'
        '[per-file-ignores]\n"legacy/*" = ["DL3059"]\n'
    )
    text = "FROM debian:bookworm-slim\nRUN apt-get update\nRUN apt-get install -y curl\n"
    for sub in ("app", "legacy"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "Dockerfile").write_text(text)
    res = dopt("check", ".", cwd=tmp_path)
    codes = sorted((line.split(":")[0], line.split()[1]) for line in res.out.splitlines())
    assert codes == [
        ("app/Dockerfile", "DOP101"),
        ("app/Dockerfile", "DOP301"),
        ("legacy/Dockerfile", "DOP301"),
    ], res.out
    # the command line's --select replaces the settings' select (as in ruff)
    only = dopt("check", "--select", "DOP102", "app", cwd=tmp_path)
    assert [line.split()[1] for line in only.out.splitlines()] == ["DOP301"]


def test_dopt_toml_in_pyproject_form(tmp_path: Path) -> None:
    (tmp_path / ".dopt.toml").write_text('[tool.dopt]\noperator-position = "start"\n')
    f = tmp_path / "Dockerfile"
    f.write_text("FROM a\nRUN a && \\\n b\n")
    assert dopt("fmt", str(f)).code == 0
    assert f.read_text() == "FROM a\nRUN a \\\n    && b\n"


@pytest.mark.parametrize("command", [["fmt", "--check"], ["fix", "--check"], ["check"]])
def test_exclude_setting_is_honoured_by_every_command(command: list[str], tmp_path: Path) -> None:
    (tmp_path / ".dopt.toml").write_text('exclude = ["vendor"]\n')
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "Dockerfile").write_text("from a\nRUN x\nRUN y\n")
    (tmp_path / "Dockerfile").write_text("FROM a:1\n")
    res = dopt(*command, ".", cwd=tmp_path)
    assert res.code == 0, res.err
    assert "vendor" not in res.out + res.err
    # a file named on the command line is processed all the same
    assert dopt(*command, "vendor/Dockerfile", cwd=tmp_path).code == 1


def test_tomli_is_declared_for_python_310() -> None:
    text = (ROOT / "pyproject.toml").read_text()
    assert "\"tomli>=1.1; python_version < '3.11'\"" in text
    assert 'requires-python = ">=3.10"' in text


# --------------------------------------------------------------------------- the command line


def test_short_help_and_version() -> None:
    for args in (["-h"], ["fmt", "-h"], ["check", "-h"], ["fix", "--help"]):
        res = dopt(*args)
        assert res.code == 0 and res.out.startswith("usage: dopt"), args
        assert not any(t in res.out for t in ("<str>", "list[str]", "<int>", "bool")), res.out
    version = dopt("-V")
    assert version.code == 0 and version.out.startswith("dopt 0.")


def test_choices_are_case_insensitive() -> None:
    res = dopt("check", "--format", "JSON", "-", stdin=MERGE)
    assert res.code == 1 and json.loads(res.out)[0]["code"] == "DOP101"
    text = "FROM a\nRUN a && \\\n b\n"
    start = dopt("fmt", "--operator-position", "Start", "-", stdin=text)
    assert start.code == 0 and start.out == "FROM a\nRUN a \\\n    && b\n"
    assert dopt("check", "--format", "xml", "-", stdin=MERGE).code == 2


# --------------------------------------------------------------------------- machine formats


def test_github_escaping() -> None:
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    res = dopt(
        "check", "--format", "github", "--stdin-filename", "a:b,c%.Dockerfile", "-", stdin=MERGE
    )
    assert res.out.startswith("::warning title=dopt (DOP101),file=a%3Ab%2Cc%25.Dockerfile,line=3")
    assert ",endLine=3,endColumn=11::DOP101 RUN can be merged" in res.out


def test_sarif_uris_are_percent_encoded_and_regions_have_ends() -> None:
    assert artifact_uri("my dir/Dock%erfile#1") == "my%20dir/Dock%25erfile%231"
    assert artifact_uri("/abs/a b") == "file:///abs/a%20b"
    text = "FROM debian:bookworm-slim\nRUN echo a\nRUN echo \\\n  b\n"
    res = dopt("check", "--format", "sarif", "--stdin-filename", "x y/Dockerfile", "-", stdin=text)
    (result,) = json.loads(res.out)["runs"][0]["results"]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "x%20y/Dockerfile"
    assert location["region"] == {"startLine": 3, "startColumn": 1, "endLine": 4, "endColumn": 4}
