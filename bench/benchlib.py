"""What the benchmark scripts share: the corpus, and timing a whole dopt process."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "corpus"
_NOT_DOCKERFILES = {"README.md", "SOURCES.tsv", "result", "expected_lines.json"}


def corpus(root: Path = DEFAULT) -> list[tuple[Path, str]]:
    """Every Dockerfile BuildKit accepts or rejects on purpose is skipped (the negative cases)."""
    return [
        (p, p.read_bytes().decode("utf-8"))
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name not in _NOT_DOCKERFILES and "negative" not in str(p)
    ]


# An installed dopt runs from cached bytecode; a session that sets PYTHONDONTWRITEBYTECODE
# would time the compiler instead, so the child processes run without it (after a warm-up).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def process_ms(cmd: list[str], stdin: bytes = b"", runs: int = 21) -> float:
    """Median wall time of a whole process, in ms."""
    subprocess.run(cmd, input=stdin, capture_output=True, check=False, env=ENV)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, input=stdin, capture_output=True, check=False, env=ENV)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def dopt_command() -> list[str]:
    """The installed `dopt` beside this Python (a venv), else `python -m optimizer`."""
    exe = Path(sys.executable).with_name("dopt")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "optimizer"]
