"""Rebuild-model figures over the corpus (issue 12): total steps re-run after a source edit
and after a dependency bump, for the files as they are, after ``dopt fix`` (safe fixes) and
after ``dopt fix --unsafe-fixes`` (``optimizer.lint.fixer.fix_text``), with the model of
``optimizer.analysis.rebuild`` (no build context: a folder copy is taken to hold sources and
manifests).  Files the parser refuses are left out of every column.  Prints one JSON object;
bench/rebuild.md was written from its output.

    python3 bench/rebuild.py [--corpus ../shared/corpus] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from optimizer.analysis import rebuild  # noqa: E402
from optimizer.errors import DoptError  # noqa: E402
from optimizer.lint.fixer import fix_text  # noqa: E402
from optimizer.syntax.parser import parse  # noqa: E402

VARIANTS = ("original", "fix", "unsafe")
# As tests/conftest.py: the corpus files that are not Dockerfiles.
_NOT_DOCKERFILES = frozenset({"README.md", "SOURCES.tsv", "result", "expected_lines.json"})


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"no corpus at {corpus}", file=sys.stderr)
        return 2
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and p.name not in _NOT_DOCKERFILES)
    if args.limit:
        files = files[: args.limit]
    totals = {v: {"steps": 0, "source": 0, "dependency": 0, "base": 0} for v in VARIANTS}
    expensive = {v: {"source": 0, "dependency": 0} for v in VARIANTS}
    used = refused = 0
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace")
        try:
            texts = {
                "original": text,
                "fix": fix_text(text, path).output,
                "unsafe": fix_text(text, path, unsafe=True).output,
            }
            sims = {v: rebuild.simulate(parse(t)) for v, t in texts.items()}
        except DoptError:
            refused += 1
            continue
        used += 1
        for v, sim in sims.items():
            totals[v]["steps"] += len(sim.steps)
            for change in rebuild.CHANGES:
                totals[v][change] += sim.count(change)
            for change in ("source", "dependency"):
                expensive[v][change] += sim.expensive(change)
    out = {
        "files": used,
        "refused": refused,
        "totals": totals,
        "expensive": expensive,
    }
    json.dump(out, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
