"""`--context DIR` of `dopt check` and `dopt fix`: the build context the rules read (DOP403's
.dockerignore and context walk, DOP202's dependency manifests).  The default stays the
Dockerfile's folder; stdin has none unless given; a DIR that is no folder is a usage error."""

from __future__ import annotations

from pathlib import Path

import pytest
from clirun import dopt

# A registry login split in two, so that no token-shaped string sits whole in the source.
TOKEN = "npm_" + "abcdefghijklmnopqrstuvwxyz0123456789"
DOCKERFILE = "FROM debian:bookworm\nCOPY . /app\n"


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path]:
    """(a Dockerfile's folder holding an `.npmrc` with a login, an empty folder)."""
    here = tmp_path / "here"
    here.mkdir()
    (here / "Dockerfile").write_text(DOCKERFILE)
    (here / ".npmrc").write_text(f"//registry.npmjs.org/:_authToken={TOKEN}\n")
    empty = tmp_path / "empty"
    empty.mkdir()
    return here, empty


def test_default_is_the_dockerfile_folder(project: tuple[Path, Path]) -> None:
    here, _ = project
    got = dopt("check", "--select", "DOP403", str(here / "Dockerfile"))
    assert got.code == 1
    assert "`.npmrc`" in got.out


def test_context_replaces_the_default(project: tuple[Path, Path]) -> None:
    here, empty = project
    got = dopt("check", "--select", "DOP403", "--context", str(empty), str(here / "Dockerfile"))
    assert (got.code, got.out) == (0, "")
    # And the other way: a Dockerfile elsewhere, the context given.
    other = empty / "Dockerfile"
    other.write_text(DOCKERFILE)
    got = dopt("check", "--select", "DOP403", "--context", str(here), str(other))
    assert got.code == 1 and "`.npmrc`" in got.out


def test_stdin_has_no_context_unless_given(project: tuple[Path, Path]) -> None:
    here, _ = project
    assert dopt("check", "--select", "DOP403", "-", stdin=DOCKERFILE, cwd=here).code == 0
    got = dopt("check", "--select", "DOP403", "--context", str(here), "-", stdin=DOCKERFILE)
    assert got.code == 1 and got.out.startswith("-:2:1: DOP403")


def test_the_dockerignore_of_the_given_context_is_read(project: tuple[Path, Path]) -> None:
    here, _ = project
    (here / ".dockerignore").write_text(".npmrc\n")
    got = dopt("check", "--select", "DOP403", "--context", str(here), "-", stdin=DOCKERFILE)
    assert (got.code, got.out) == (0, "")


@pytest.mark.parametrize("command", ["check", "fix"])
def test_a_missing_context_is_a_usage_error(tmp_path: Path, command: str) -> None:
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(DOCKERFILE)
    missing = tmp_path / "nope"
    got = dopt(command, "--context", str(missing), str(dockerfile))
    assert got.code == 2
    assert got.err == f"dopt: {missing}: the build context (--context) does not exist\n"
    got = dopt(command, "--context", str(dockerfile), str(dockerfile))
    assert got.code == 2
    assert got.err == f"dopt: {dockerfile}: the build context (--context) is not a folder\n"
    assert "Traceback" not in got.err


def test_fix_reads_the_context(tmp_path: Path) -> None:
    """DOP202's fix names the manifests the given context holds."""
    app = tmp_path / "app"
    app.mkdir()
    (app / "requirements.txt").write_text("flask==3.0.0\n")
    text = "FROM debian:bookworm\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n"
    got = dopt("fix", "--select", "DOP202", "--context", str(app), "-", stdin=text)
    assert got.code == 0, got.err
    assert got.out == (
        "FROM debian:bookworm\n"
        "WORKDIR /app\n"
        "COPY requirements.txt ./\n"
        "RUN pip install -r requirements.txt\n"
        "COPY . .\n"
    )
    got = dopt("fix", "--select", "DOP202", "-", stdin=text)  # no context: unchanged
    assert got.out == text
