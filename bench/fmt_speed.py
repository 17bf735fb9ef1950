"""How fast `dopt fmt` is, in process and as an editor's format-on-save.

    .venv/bin/python bench/fmt_speed.py [CORPUS_DIR]

Prints the per-file median and p95 of format_text over the corpus, the median wall time of
`dopt fmt -` as a whole process on a typical ~60-line file (with `python -c pass` and
`import typer` for scale), and the top entries of `python -X importtime`.  Not a test.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchlib import ENV, corpus, dopt_command, process_ms  # noqa: E402

from optimizer import ParseError  # noqa: E402
from optimizer.format.formatter import format_text  # noqa: E402


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpus"
    files = corpus(root)
    format_text("FROM a\nRUN a && \\\n b\n")  # warm: parser tables, tree-sitter
    per_file = []
    for _, text in files:
        t = time.perf_counter()
        try:
            format_text(text)
        except ParseError:
            pass
        per_file.append((time.perf_counter() - t) * 1000)
    per_file.sort()
    print(
        f"format_text over {len(files)} files: median {statistics.median(per_file):.2f} ms, "
        f"p95 {per_file[int(len(per_file) * 0.95)]:.2f} ms, total {sum(per_file) / 1000:.1f} s"
    )
    typical = min(files, key=lambda f: (abs(f[1].count("\n") - 60), str(f[0])))
    data = typical[0].read_bytes()
    py = sys.executable
    env_note = "" if os.environ.get("VIRTUAL_ENV") or ".venv" in py else " (not a venv)"
    print(f"python -c pass: {process_ms([py, '-c', 'pass']):.1f} ms{env_note}")
    print(f"python -c 'import typer': {process_ms([py, '-c', 'import typer']):.1f} ms")
    lines = data.count(b"\n")
    print(
        f"dopt fmt - < {typical[0].name} ({lines} lines): "
        f"{process_ms([*dopt_command(), 'fmt', '-'], data):.1f} ms"
    )
    proc = subprocess.run(
        [py, "-X", "importtime", "-m", "optimizer", "fmt", "-"],
        input=data,
        capture_output=True,
        check=False,
        env=ENV,
    )
    rows = []
    for line in proc.stderr.decode().splitlines():
        if line.startswith("import time:") and "|" in line:
            _, cumulative, name = (x.strip() for x in line[len("import time:") :].split("|"))
            if cumulative.isdigit():
                rows.append((int(cumulative), name))
    print("top imports (cumulative µs):")
    for us, name in sorted(rows, reverse=True)[:12]:
        print(f"  {us:8d}  {name}")


if __name__ == "__main__":
    main()
