"""Count the findings of the issue 11 practice rules (DOP405-407, DOP501-503, DOP601-603)
over ../shared/corpus, by rule and by fix applicability, and write samples to hand-check.

    .venv/bin/python bench/issue11_practice.py [--samples N] [--seed S] [--out FILE]

Prints a Markdown table; with --out, also writes N random findings per rule (path, line,
message and the instruction's text) to FILE for the hand check in bench/issue11_practice.md.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

from optimizer.errors import ParseError
from optimizer.lint.runner import lint
from optimizer.syntax.parser import parse

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
CODES = ("DOP405", "DOP406", "DOP407", "DOP501", "DOP502", "DOP503", "DOP601", "DOP602")
CODES += ("DOP603",)
_SKIP = {"README.md", "SOURCES.tsv", "result", "expected_lines.json"}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", type=int, default=10)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 2
    files = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name not in _SKIP)
    counts: Counter[tuple[str, str]] = Counter()
    files_with: Counter[str] = Counter()
    found: dict[str, list[tuple[str, int, str, str]]] = defaultdict(list)
    parsed = 0
    for path in files:
        try:
            text = path.read_bytes().decode("utf-8")
            tree = parse(text)
        except (UnicodeDecodeError, ParseError):
            continue
        parsed += 1
        seen: set[str] = set()
        for f in lint(tree, path, select=list(CODES)):
            kind = f.fix.applicability if f.fix is not None else "report"
            counts[(f.code, kind)] += 1
            seen.add(f.code)
            lines = text.splitlines()
            found[f.code].append(
                (str(path.relative_to(CORPUS)), f.line, f.message, lines[f.line - 1][:160])
            )
        for code in seen:
            files_with[code] += 1
    print(f"{parsed} files parsed of {len(files)}\n")
    print("| code | findings | files | report only | unsafe fix | display only |")
    print("| --- | --- | --- | --- | --- | --- |")
    for code in CODES:
        total = sum(n for (c, _), n in counts.items() if c == code)
        print(
            f"| {code} | {total} | {files_with[code]} | {counts[(code, 'report')]} | "
            f"{counts[(code, 'unsafe')]} | {counts[(code, 'display')]} |"
        )
    if args.out:
        rng = random.Random(args.seed)
        with args.out.open("w") as out:
            for code in CODES:
                sample = (
                    found[code]
                    if len(found[code]) <= args.samples
                    else (rng.sample(found[code], args.samples))
                )
                out.write(f"## {code}\n")
                for path_text, line, message, source in sorted(sample):
                    out.write(f"- {path_text}:{line}: {message}\n    `{source}`\n")
                out.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
