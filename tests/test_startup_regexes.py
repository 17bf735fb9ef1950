"""The per-file commands compile no regular expression at run time: each pattern dopt uses
on their paths comes from the stored tables (optimizer/regexes.py), as a compile costs
~50-150 us of each run (fnmatch's globs too)."""

from __future__ import annotations

import os
import subprocess
import sys
from fnmatch import fnmatchcase
from pathlib import Path

import pytest
from conftest import CORPUS
from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer.analysis import package_managers

ROOT = Path(__file__).resolve().parent.parent
BENCH_FILE = CORPUS / "apps" / "grafana__grafana__Dockerfile"

# Counts re's compiles (cache misses of re.compile, re.split(str, ...), fnmatch) once dopt's
# modules are imported, then runs the command as the console script does.
_COUNTING = """
import re, sys
import re._compiler as c
compiled = []
real = c.compile
c.compile = lambda p, flags=0: compiled.append(p) or real(p, flags)
from optimizer.__main__ import main
from optimizer.cli.commands import run
import optimizer.cli.commands as m
def counted(argv):
    compiled.clear()
    code = run(argv)
    sys.stderr.write("COMPILED %r\\n" % compiled)
    return code
m.run = counted
main(sys.argv[1:])
"""


@pytest.mark.skipif(not BENCH_FILE.is_file(), reason="the shared corpus is not here")
# (fix still compiles a few: manifest globs of its fixes, package_setup's path patterns)
@pytest.mark.parametrize("command", ["check", "fmt"])
def test_the_bench_file_compiles_no_regex_at_run_time(tmp_path: Path, command: str) -> None:
    (tmp_path / "Dockerfile").write_bytes(BENCH_FILE.read_bytes())
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = ["-"] if command == "fmt" else ["Dockerfile"]
    proc = subprocess.run(
        [sys.executable, "-c", _COUNTING, command, *args],
        input=BENCH_FILE.read_bytes() if command == "fmt" else b"",
        capture_output=True,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    report = [line for line in proc.stderr.decode().splitlines() if line.startswith("COMPILED")]
    assert report == ["COMPILED []"], proc.stderr.decode()[-2000:]


_PIECES = st.sampled_from(["-", "release", "repo", "repos", "keyring", "a", "x-", "\n", ""])


@settings(max_examples=2000, deadline=None)
@given(st.lists(_PIECES, max_size=6).map("".join))
def test_repository_packages_match_as_their_globs(name: str) -> None:
    globs = package_managers.REPOSITORY_PACKAGES
    expected = any(fnmatchcase(name, g) for g in globs)
    apt = package_managers.by_command("apt-get")
    assert apt is not None
    assert package_managers.sets_up_repository(apt[0], name) == expected
