"""optimizer.analysis.failure: "does this command's failure fail the RUN?", checked against
what dash and bash really do.

In each script ``X`` is the command asked about.  It is run as ``false`` (the other commands
are builtins), so the script's exit status says whether X's failure failed it.  A yes must
always be a real failure under both shells; a no is either a real success or (marked
CAUTIOUS) a failure that dopt does not try to prove.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from optimizer.analysis.failure import fails_the_run
from optimizer.analysis.shell.script import analyze

SH = ("/bin/sh", "-c")
BASH_E = ("/bin/bash", "-eo", "pipefail", "-c")

CAUTIOUS = None  # dopt says no; the shell fails all the same
CASES: list[tuple[str, tuple[str, ...], bool | None]] = [
    ("X", SH, True),
    ("true && X", SH, True),
    ("X && true && true", SH, True),
    ("false || X && true", SH, True),
    ("echo n | X", SH, True),
    ("echo y |\\\n  X", SH, True),
    ("A=1 X >/dev/null 2>&1 && true", SH, True),
    ("set -eux; true; X; true", SH, True),
    ("set -e && X; true", SH, True),
    ("set -o errexit; X; true", SH, True),
    ("X; true", BASH_E, True),
    ("X; true", SH, False),
    ("X || true", SH, False),
    ("true && X || true", SH, False),
    ("X | cat", SH, False),
    ("! X", SH, False),
    ("if true; then X; fi", SH, CAUTIOUS),
    ("set -e; X && true; true", SH, False),
    ("set -e; set +e; X; true", SH, False),
    ("trap 'exit 0' EXIT; X", SH, CAUTIOUS),
    ("X && true; true", SH, False),
]


@pytest.mark.parametrize(("script", "shell", "expected"), CASES)
def test_answer(script: str, shell: tuple[str, ...], expected: bool | None) -> None:
    parsed = analyze(script.replace("X", "target"))
    (cmd,) = [c for c in parsed.commands if c.name == "target"]
    assert fails_the_run(parsed, cmd, shell) is bool(expected)


@pytest.mark.parametrize(("script", "shell", "expected"), CASES)
@pytest.mark.parametrize("binary", ["dash", "bash"])
def test_answer_matches_the_shell(
    script: str, shell: tuple[str, ...], expected: bool | None, binary: str
) -> None:
    path = shutil.which(binary)
    if path is None:
        pytest.skip(f"{binary} is not installed")
    argv = [path, *shell[1:-1], "-c", script.replace("X", "false")]
    if binary == "dash" and "pipefail" in shell:
        argv = [path, "-e", "-c", script.replace("X", "false")]  # dash < 0.5.11 lacks pipefail
    result = subprocess.run(argv, capture_output=True, timeout=10)
    assert (result.returncode != 0) is (expected is not False)
