"""Count the secret rules' findings (DOP401-DOP404) over ../shared/corpus and print each with
its context line, the secret masked as the rule masks it (never the raw value).

Usage: .venv/bin/python bench/issue11_secrets.py [--show N]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from optimizer.analysis.secrets import assigned_secrets, known_secrets
from optimizer.errors import ParseError
from optimizer.lint.fixer import fix_text
from optimizer.lint.runner import lint
from optimizer.syntax.parser import parse

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
CODES = ("DOP401", "DOP402", "DOP403", "DOP404")
SKIP = {"README.md", "SOURCES.tsv", "result", "expected_lines.json"}


def masked_line(line: str) -> str:
    """The line with every secret the rules would find in it replaced by its mask."""
    found = sorted(known_secrets(line) + assigned_secrets(line), key=lambda s: -s.start)
    for s in found:
        shown = "****" if s.kind == "password in a URL" else s.masked
        line = line[: s.start] + shown + line[s.end :]
    return line


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show", type=int, default=10, help="findings printed per rule")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS}", file=sys.stderr)
        return 2
    counts: Counter[str] = Counter()
    files: Counter[str] = Counter()
    shown: Counter[str] = Counter()
    unstable = 0
    total = 0
    for path in sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name not in SKIP):
        text = path.read_bytes().decode("utf-8", errors="replace")
        try:
            tree = parse(text)
        except ParseError:
            continue
        total += 1
        findings = lint(tree, path, select=CODES)
        for code in {f.code for f in findings}:
            files[code] += 1
        lines = text.splitlines()
        for f in findings:
            counts[f.code] += 1
            if shown[f.code] < args.show:
                shown[f.code] += 1
                context = masked_line(lines[f.line - 1]) if f.line <= len(lines) else ""
                print(f"{f.code} {path.relative_to(CORPUS)}:{f.line}: {f.message}")
                print(f"    | {context.strip()[:160]}")
        if findings:
            # Stable under fix: the findings left after `fix` are found again after a second.
            once = fix_text(text, path, unsafe=True, select=CODES)
            twice = fix_text(once.output, path, unsafe=True, select=CODES)
            if twice.output != once.output:
                unstable += 1
    print()
    print(f"{total} files parsed")
    for code in CODES:
        print(f"{code}: {counts[code]} findings in {files[code]} files")
    print(f"not a fixed point after fix: {unstable}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
