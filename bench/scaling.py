"""How parse, fmt, check and fix grow with file size: time and peak memory.

    python bench/scaling.py                     # 100, 1k, 10k, 50k lines
    python bench/scaling.py --sizes 100 1000    # fewer
    python bench/scaling.py --shape apt         # only `RUN apt-get update && ...` lines

Each (size, command) runs in a fresh subprocess, so the peak RSS is that command's own
(``ru_maxrss`` of the child; the interpreter with dopt imported and the text built is given
as the baseline).  Time is the in-process wall time of the call (parse, format_text, lint,
fix_text), best of --repeat runs.  A linear command shows a flat µs/line column.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# One block of a realistic single-stage Dockerfile (20 lines): every rule has work to do.
BLOCK = """\
# block {n}
RUN apt-get update && apt-get install -y curl
RUN set -eux; \\
    apt-get update; \\
    apt-get install -y --no-install-recommends ca-certificates git; \\
    rm -rf /var/lib/apt/lists/*
ENV PATH=/opt/app{n}/bin:$PATH LANG=C.UTF-8
COPY requirements{n}.txt /tmp/
RUN pip install -r /tmp/requirements{n}.txt
RUN <<EOF
set -e
echo building {n}
make -j2
EOF
ADD app{n}.py /app/
WORKDIR /app/{n}
LABEL version="{n}" \\
      maintainer="me@example.com"
run   echo   formatted   {n}
"""
SHAPES = {
    "mixed": BLOCK,
    "apt": "RUN apt-get update && apt-get install -y curl\n",
    "heredoc": "RUN <<EOF\necho {n}\nEOF\n",
}


def make_text(lines: int, shape: str = "mixed") -> str:
    block = SHAPES[shape]
    per = block.count("\n")
    out = ["FROM debian:bookworm\n"]
    n = 0
    while (n + 1) * per < lines:
        out.append(block.format(n=n))
        n += 1
    return "".join(out)


def _peak_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child(command: str, lines: int, shape: str, repeat: int) -> dict[str, float]:
    sys.path.insert(0, str(ROOT))
    from optimizer.format.formatter import format_text
    from optimizer.lint.fixer import fix_text
    from optimizer.lint.runner import lint
    from optimizer.syntax.parser import parse

    text = make_text(lines, shape)
    format_text(make_text(60, shape))  # warm the grammar and tree-sitter up
    base = _peak_kib()
    steps = {
        "parse": lambda: parse(text),
        "fmt": lambda: format_text(text),
        "check": lambda: lint(parse(text)),
        "fix": lambda: fix_text(text),
    }
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        steps[command]()
        best = min(best, time.perf_counter() - t)
    return {
        "seconds": best,
        "peak_mib": _peak_kib() / 1024,
        "base_mib": base / 1024,
        "lines": text.count("\n"),
        "bytes": len(text.encode()),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[100, 1000, 10000, 50000])
    ap.add_argument("--commands", nargs="*", default=["parse", "fmt", "check", "fix"])
    ap.add_argument("--shape", choices=sorted(SHAPES), default="mixed")
    ap.add_argument("--repeat", type=int, default=0, help="runs per cell (0: 3 below 10k)")
    ap.add_argument("--child", nargs=2, metavar=("COMMAND", "LINES"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        result = child(args.child[0], int(args.child[1]), args.shape, max(args.repeat, 1))
        print(json.dumps(result))
        return 0
    print(f"shape: {args.shape}")
    print("| lines | command | seconds | µs/line | peak MiB | over baseline MiB |")
    print("|---:|---|---:|---:|---:|---:|")
    for size in args.sizes:
        repeat = args.repeat or (3 if size < 10000 else 1)
        for command in args.commands:
            proc = subprocess.run(
                [
                    *(sys.executable, __file__, "--shape", args.shape),
                    *("--repeat", str(repeat), "--child", command, str(size)),
                ],
                capture_output=True,
                text=True,
                check=False,
            )
            if proc.returncode:
                print(f"| {size} | {command} | failed: {proc.stderr.strip()[-200:]} |||")
                continue
            r = json.loads(proc.stdout)
            print(
                f"| {r['lines']:.0f} | {command} | {r['seconds']:.3f} |"
                f" {r['seconds'] / r['lines'] * 1e6:.0f} | {r['peak_mib']:.0f} |"
                f" {r['peak_mib'] - r['base_mib']:.0f} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
