"""`dopt fix`, `dopt check`, `dopt rules`, `dopt explain` as users run them."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from clirun import dopt

SOURCE = (
    "FROM debian:bookworm-slim\n"
    "# tools\n"
    "RUN apt-get update\n"
    "RUN apt-get install -y curl\n"
    "COPY . /app\n"
)
FIXED = (
    "FROM debian:bookworm-slim\n"
    "# tools\n"
    "RUN apt-get update && \\\n"
    "    apt-get install -y curl && \\\n"
    "    rm -rf /var/lib/apt/lists/*\n"
    "COPY . /app\n"
)


def test_fix_prints_fixed_text_for_one_file(tmp_path: Path) -> None:
    f = tmp_path / "Dockerfile"
    f.write_text(SOURCE)
    res = dopt("fix", str(f))
    assert res.code == 0, res.err
    assert res.out == FIXED
    assert f.read_text() == SOURCE
    assert "2 fixes applied" in res.err and "layers 3 -> 2" in res.err


def test_fix_stdin() -> None:
    res = dopt("fix", "-", stdin=SOURCE)
    assert res.code == 0 and res.out == FIXED


def test_fix_write_and_check(tmp_path: Path) -> None:
    f = tmp_path / "Dockerfile"
    f.write_text(SOURCE)
    f.chmod(0o600)
    check = dopt("fix", "--check", str(f))
    assert check.code == 1 and f"would fix {f}" in check.err
    assert f.read_text() == SOURCE
    res = dopt("fix", "--write", str(f))
    # written, but a finding is left (its fix is unsafe): exit 1, as ruff's --fix
    assert res.code == 1 and "(1 more with --unsafe-fixes)" in res.err, res.err
    assert f.read_text() == FIXED
    assert f.stat().st_mode & 0o777 == 0o600
    assert dopt("fix", "--check", str(f)).code == 0


def test_fix_diff_applies(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    f = tmp_path / "Dockerfile"
    f.write_text(SOURCE)
    res = dopt("fix", "--diff", "Dockerfile", cwd=tmp_path)
    assert res.code == 1
    assert res.out.startswith("--- a/Dockerfile\n+++ b/Dockerfile\n")
    assert " # tools\n" in res.out  # untouched lines are context, byte for byte
    (tmp_path / "p.diff").write_text(res.out)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "apply", "p.diff"], cwd=tmp_path, check=True)
    assert f.read_text() == FIXED


def test_select_and_ignore() -> None:
    only_merge = dopt("fix", "--select", "DOP101", "-", stdin=SOURCE)
    assert "rm -rf" not in only_merge.out and "apt-get update && \\" in only_merge.out
    nothing = dopt("fix", "--ignore", "DOP1", "-", stdin=SOURCE)
    assert nothing.out == SOURCE


def test_unsafe_fixes_are_counted_and_opt_in() -> None:
    text = (
        "FROM debian:bookworm-slim\n"
        "RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n"
    )
    safe = dopt("fix", "--select", "DOP301", "-", stdin=text)
    if "DOP301" not in dopt("rules").out:
        pytest.skip("DOP301 not available")
    assert safe.out == text
    assert "1 more with --unsafe-fixes" in safe.err
    unsafe = dopt("fix", "--select", "DOP301", "--unsafe-fixes", "-", stdin=text)
    assert "--no-install-recommends" in unsafe.out


def test_check_text_and_exit_codes(tmp_path: Path) -> None:
    f = tmp_path / "Dockerfile"
    f.write_text(SOURCE)
    res = dopt("check", "--select", "DOP101", str(f))
    assert res.code == 1
    assert res.out == f"{f}:4:1: DOP101 [*] RUN can be merged with the RUN above\n"
    clean = tmp_path / "clean.Dockerfile"
    clean.write_text(FIXED)
    ok = dopt("check", "--select", "DOP1,DOP2", str(clean))
    assert ok.code == 0 and ok.out == "" and "All checks passed" in ok.err


def test_check_reports_why_a_fix_is_blocked() -> None:
    text = (
        "FROM debian:bookworm-slim\nRUN apt-get update\n"
        "RUN --mount=type=cache,target=/x apt-get install -y jq\n"
    )
    res = dopt("check", "--select", "DOP101", "-", stdin=text)
    assert "-:3:1: DOP101 RUN could merge with the RUN above, but their flags differ" in res.out


@pytest.mark.parametrize("fmt", ["json", "sarif", "github"])
def test_check_formats(fmt: str) -> None:
    res = dopt("check", "--format", fmt, "--stdin-filename", "svc/Dockerfile", "-", stdin=SOURCE)
    assert res.code == 1
    if fmt == "json":
        data = json.loads(res.out)
        assert {d["code"] for d in data} >= {"DOP101"}
        assert all(d["filename"] == "svc/Dockerfile" for d in data)
    elif fmt == "sarif":
        data = json.loads(res.out)
        assert data["version"] == "2.1.0"
        assert data["runs"][0]["results"][0]["ruleId"].startswith("DOP")
    else:
        assert res.out.startswith("::warning title=dopt (DOP")
        assert "file=svc/Dockerfile,line=" in res.out


def test_suppression_comments() -> None:
    text = SOURCE.replace("RUN apt-get install", "# dopt: ignore=DOP101\nRUN apt-get install")
    assert "DOP101" not in dopt("check", "-", stdin=text).out
    text = SOURCE.replace("RUN apt-get install", "# hadolint ignore=DL3059\nRUN apt-get install")
    assert "DOP101" not in dopt("check", "-", stdin=text).out
    assert dopt("check", "-", stdin="# dopt: ignore-file\n" + SOURCE).out == ""


def test_rules_and_explain() -> None:
    rules = dopt("rules")
    assert rules.code == 0
    codes = [line.split()[0] for line in rules.out.splitlines()]
    assert "DOP101" in codes and "DOP102" in codes and "DOP201" in codes
    explained = dopt("explain", "dop102")
    assert explained.code == 0
    assert "apt-lists-not-removed" in explained.out and "Why it matters" in explained.out
    assert "DL3009" in explained.out
    assert dopt("explain", "DOP999").code == 2


def test_parse_error_is_reported(tmp_path: Path) -> None:
    f = tmp_path / "Dockerfile"
    f.write_text("FROM a\nENV x\n")
    res = dopt("fix", "--write", str(f))
    assert res.code == 2 and f"{f}:2:1: ENV must have two arguments" in res.err
    assert f.read_text() == "FROM a\nENV x\n"
    assert dopt("check", str(f)).code == 2
