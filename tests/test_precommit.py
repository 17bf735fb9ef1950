"""The pre-commit hooks (.pre-commit-hooks.yaml) work from a clone: `pre-commit try-repo`
on a temporary git repo with an unformatted Dockerfile.  Slow (pre-commit installs dopt into a
fresh environment from the clone, which needs the package index); skipped where pre-commit is
not installed or the checkout is not a git repository."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
UGLY = "from alpine:3.20\nrun pip install flask\n"


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def _pre_commit() -> list[str]:
    exe = Path(sys.executable).with_name("pre-commit")
    if exe.exists():
        return [str(exe)]
    if shutil.which("pre-commit"):
        return ["pre-commit"]
    pytest.skip("pre-commit is not installed (pip install pre-commit; it is in the test extras)")


def test_hooks_run_from_a_clone(tmp_path: Path) -> None:
    pre_commit = _pre_commit()
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and a git checkout of dopt")
    clone = tmp_path / "dopt"
    # try-repo needs the hooks file committed: a clone of this checkout's HEAD
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    if not (clone / ".pre-commit-hooks.yaml").exists():
        pytest.skip("HEAD has no .pre-commit-hooks.yaml committed yet")
    project = tmp_path / "project"
    project.mkdir()
    _git("init", "-q", cwd=project)
    (project / "Dockerfile").write_text(UGLY)
    (project / "README.md").write_text("from alpine\n")  # not a Dockerfile: never touched
    _git("add", ".", cwd=project)
    env_home = {"PRE_COMMIT_HOME": str(tmp_path / "cache")}

    def run(hook: str) -> subprocess.CompletedProcess[str]:
        import os

        return subprocess.run(
            [*pre_commit, "try-repo", str(clone), hook, "--all-files"],
            cwd=project,
            capture_output=True,
            text=True,
            env={**os.environ, **env_home},
            check=False,
        )

    check = run("dopt-check")
    assert check.returncode == 1, check.stdout + check.stderr
    assert "DOP106" in check.stdout
    fmt = run("dopt-fmt")
    assert fmt.returncode == 1, fmt.stdout + fmt.stderr  # it changed the file
    assert (project / "Dockerfile").read_text() == "FROM alpine:3.20\nRUN pip install flask\n"
    assert (project / "README.md").read_text() == "from alpine\n"
    assert run("dopt-fmt").returncode == 0  # nothing more to change
    fix = run("dopt-fix")
    assert fix.returncode == 1, fix.stdout + fix.stderr  # it changed the file
    assert (project / "Dockerfile").read_text() == (
        "FROM alpine:3.20\nRUN pip install --no-cache-dir flask\n"
    )
    assert run("dopt-fix").returncode == 0
    assert run("dopt-check").returncode == 0
