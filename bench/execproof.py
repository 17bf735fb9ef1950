"""The execution proof over every rewrite `dopt fix` makes in ../shared/corpus (issue 7):
rewrites executed, scenarios, disagreements (file, rules, first difference), time.

    .venv/bin/python bench/execproof.py [--unsafe] [corpus folder]

Needs root (mount namespaces, chroot); see tests/execproof."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchlib import DEFAULT, corpus  # noqa: E402

from tests.execproof import unavailable  # noqa: E402
from tests.execproof.corpus import prove_files  # noqa: E402


def main(argv: list[str]) -> int:
    unsafe = "--unsafe" in argv
    args = [a for a in argv if a != "--unsafe"]
    root = Path(args[0]) if args else DEFAULT
    why = unavailable()
    if why:
        print(f"execproof: skipped: {why}")
        return 0
    files = [(str(p.relative_to(root)), t) for p, t in corpus(root)]
    safe = prove_files(files)
    print("\n".join(safe.lines("safe fixes")))
    bad = bool(safe.disagreements)
    if unsafe:
        report = prove_files(files, unsafe=True)
        print("\n".join(report.lines("with --unsafe-fixes")))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
