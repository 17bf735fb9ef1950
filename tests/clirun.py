"""Run the dopt CLI as users do: a separate process."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Result:
    code: int
    out: str
    err: str


def dopt(
    *args: str,
    stdin: str | bytes | None = None,
    cwd: Path | None = None,
    python_flags: tuple[str, ...] = (),
) -> Result:
    data = stdin.encode() if isinstance(stdin, str) else stdin
    env = dict(os.environ)
    # The checkout first, so the tests run this tree's code from any working folder.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.pop("NO_COLOR", None)
    proc = subprocess.run(
        # python_flags may end in `-c CODE` that runs dopt as its console script does
        [
            sys.executable,
            *python_flags,
            *(() if "-c" in python_flags else ("-m", "optimizer")),
            *args,
        ],
        input=data if data is not None else b"",
        capture_output=True,
        cwd=cwd,
        env=env,
        check=False,
    )
    return Result(proc.returncode, proc.stdout.decode(), proc.stderr.decode())
