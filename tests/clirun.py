"""Run the dopt CLI as users do: a separate process."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Result:
    code: int
    out: str
    err: str


def dopt(*args: str, stdin: str | bytes | None = None, cwd: Path | None = None) -> Result:
    data = stdin.encode() if isinstance(stdin, str) else stdin
    proc = subprocess.run(
        [sys.executable, "-m", "optimizer", *args],
        input=data if data is not None else b"",
        capture_output=True,
        cwd=cwd,
        check=False,
    )
    return Result(proc.returncode, proc.stdout.decode(), proc.stderr.decode())
