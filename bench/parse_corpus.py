"""Parse speed over the shared corpus, and `dopt parse` as a whole process.

    python bench/parse_corpus.py [CORPUS_DIR]

Prints files/s, the per-file median and 95th percentile, and the median wall time of a
`dopt parse` process on one typical file (plus `python -c pass` for scale).  Not a test: numbers
depend on the machine; record them in the README or the issue note.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchlib import corpus, dopt_command, process_ms  # noqa: E402

import optimizer  # noqa: E402


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpus"
    files = corpus(root)
    optimizer.parse("FROM a\n")  # build the parser once, as a long-lived process would
    per_file = []
    start = time.perf_counter()
    for _, text in files:
        t = time.perf_counter()
        try:
            optimizer.parse(text)
        except optimizer.ParseError:
            pass
        per_file.append((time.perf_counter() - t) * 1000)
    total = time.perf_counter() - start
    per_file.sort()
    print(f"files: {len(files)}  total: {total:.2f} s  files/s: {len(files) / total:.0f}")
    print(
        f"per file: median {statistics.median(per_file):.3f} ms, "
        f"p95 {per_file[int(len(per_file) * 0.95)]:.3f} ms, max {per_file[-1]:.3f} ms"
    )
    typical = min(files, key=lambda f: abs(f[1].count("\n") - 60))[0]
    py = sys.executable
    print(f"python -c pass: {process_ms([py, '-c', 'pass']):.1f} ms")
    print(
        f"dopt parse {typical.name} ({typical.read_text().count(chr(10))} lines): "
        f"{process_ms([*dopt_command(), 'parse', str(typical)]):.1f} ms"
    )


if __name__ == "__main__":
    main()
