"""Start-up of the per-file commands as ratios to an empty Python process (issue 13, item 5).

    .venv/bin/python bench/startup.py [--pairs N] [--file DOCKERFILE] [--markdown]
                                      [--also OTHER_VENV_PYTHON ...]

Goal: ``dopt fmt -`` (stdin, a typical 30-100 line Dockerfile) <= 3x ``python -c pass``;
``dopt check FILE`` and ``dopt fix FILE`` <= 4x.  Each command runs as users run it (the
console script beside this interpreter, else ``python -m optimizer``), in interleaved pairs
with ``python -c pass`` of the same interpreter: pair i runs the floor and then the command,
and the figure is the median of the per-pair ratios, so a load spike on the shared machine
moves both halves of a pair.  Wall time and the child's CPU time (user + sys, from
``wait4``) are both given: CPU is the steadier of the two on a loaded machine.

The default file is the grafana Dockerfile of the shared corpus (92 lines, three stages,
11 findings of which 5 have safe fixes), else ``examples/Dockerfile``.  It is copied into a
temporary folder that the commands run in, so no settings file is found (a pyproject.toml
on the way up costs ``import tomllib``, ~3 ms more).  ``--also`` times another checkout's
venv (e.g. a baseline) in the same interleaved rounds.  Not a test.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from benchlib import DEFAULT, ENV  # noqa: E402

TYPICAL = DEFAULT / "apps" / "grafana__grafana__Dockerfile"
GOALS = {"fmt -": 3.0, "check FILE": 4.0, "fix FILE": 4.0}


def _run(cmd: list[str], stdin: bytes, cwd: Path) -> tuple[float, float]:
    """(wall ms, child CPU ms) of one process."""
    t = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=ENV,
        cwd=cwd,
    )
    assert proc.stdin is not None
    try:
        proc.stdin.write(stdin)
    except BrokenPipeError:
        pass
    proc.stdin.close()
    _, _, usage = os.wait4(proc.pid, 0)
    wall = (time.perf_counter() - t) * 1000
    proc.returncode = 0  # reaped by wait4; keep Popen from waiting again
    return wall, (usage.ru_utime + usage.ru_stime) * 1000


def _dopt(python: str) -> list[str]:
    """The console script beside ``python`` (a venv), else ``python -m optimizer``."""
    exe = Path(python).with_name("dopt")
    return [str(exe)] if exe.exists() else [python, "-m", "optimizer"]


Row = tuple[str, str, float, float, float, float]


def measure(pairs: int, path: Path, pythons: list[str]) -> list[Row]:
    """Per interpreter and command: (interpreter, command, median wall ratio, median CPU
    ratio, median wall ms, median floor ms); the floor is ``python -c pass`` of the
    interpreter that runs the benchmark."""
    floor = [sys.executable, "-c", "pass"]
    with tempfile.TemporaryDirectory(prefix="dopt-startup-") as tmp:
        work = Path(tmp)
        target = work / "Dockerfile"
        shutil.copyfile(path, target)
        data = target.read_bytes()
        commands = {}
        for python in pythons:
            dopt = _dopt(python)
            commands[(python, "fmt -")] = ([*dopt, "fmt", "-"], data)
            # fix prints the fixed text (one path, no --write): the file stays as it is.
            commands[(python, "check FILE")] = ([*dopt, "check", "Dockerfile"], b"")
            commands[(python, "fix FILE")] = ([*dopt, "fix", "Dockerfile"], b"")
        for cmd, stdin in commands.values():  # warm: bytecode caches, page cache
            _run(cmd, stdin, work)
            _run(floor, b"", work)
        got: dict[tuple[str, str], list[tuple[float, float, float, float]]] = {
            k: [] for k in commands
        }
        for _ in range(pairs):
            for key, (cmd, stdin) in commands.items():
                f_wall, f_cpu = _run(floor, b"", work)
                c_wall, c_cpu = _run(cmd, stdin, work)
                got[key].append((c_wall / f_wall, c_cpu / max(f_cpu, 0.1), c_wall, f_wall))
        assert target.read_bytes() == data, "a command changed the file"
    return [
        (python, name, *(statistics.median(r[i] for r in rows) for i in range(4)))
        for (python, name), rows in got.items()
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=int, default=15)
    ap.add_argument("--file", type=Path, default=None)
    ap.add_argument("--markdown", action="store_true", help="print a table for startup.md")
    ap.add_argument("--also", action="append", default=[], metavar="PYTHON")
    args = ap.parse_args()
    path = args.file or (TYPICAL if TYPICAL.exists() else ROOT / "examples" / "Dockerfile")
    lines = path.read_bytes().count(b"\n")
    pythons = [sys.executable, *args.also]
    rows = measure(args.pairs, path, pythons)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"{path.name} ({lines} lines), {args.pairs} interleaved pairs, "
        f"floor {sys.executable} -c pass, load average {load:.1f} after the run"
    )
    if args.markdown:
        print("| dopt | command | wall ratio | CPU ratio | goal | wall ms | floor ms |")
        print("|---|---|---:|---:|---:|---:|---:|")
    for python, name, wall, cpu, ms, floor in rows:
        goal = GOALS[name]
        where = _dopt(python)[0]
        if args.markdown:
            cells = f"{wall:.2f}x | {cpu:.2f}x | <= {goal:g}x | {ms:.1f} | {floor:.1f}"
            print(f"| {where} | `dopt {name}` | {cells} |")
        else:
            ok = "ok" if wall <= goal else "over"
            print(
                f"{where}: dopt {name:<11} wall {wall:5.2f}x  CPU {cpu:5.2f}x  "
                f"(goal <= {goal:g}x: {ok})  {ms:6.1f} ms vs {floor:5.1f} ms"
            )


if __name__ == "__main__":
    main()
