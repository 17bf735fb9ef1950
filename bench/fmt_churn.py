"""How much `dopt fmt` rewrites (issue 10 item 4): files changed and changed diff lines.

Formats every corpus file that parses and counts, against the file as written, the lines
removed plus the lines added in the unified diff; then the same per instruction keyword
(fmt keeps the instructions, so input and output pair up one to one), how many multi-line
instructions were joined into fewer lines, and how many column-0 comment lines inside an
instruction's continuations were moved off column 0.

    .venv/bin/python bench/fmt_churn.py [corpus folder] [--markdown]
"""

from __future__ import annotations

import difflib
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchlib import DEFAULT, corpus  # noqa: E402

from optimizer.errors import ParseError  # noqa: E402
from optimizer.format.layout import format_tree  # noqa: E402
from optimizer.syntax import cst  # noqa: E402
from optimizer.syntax.parser import parse  # noqa: E402


def changed_lines(before: str, after: str) -> int:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return sum(1 for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---")))


def _instructions(tree: cst.Dockerfile) -> list[cst.Instruction]:
    return [i for i in tree.items if isinstance(i, cst.Instruction)]


def _lines(code: str) -> int:
    return len(code.splitlines())


def _column0_comments(inst: cst.Instruction) -> int:
    return sum(
        1
        for part in inst.parts
        if isinstance(part, cst.Continuation)
        for c in part.comments
        if c.startswith("#")
    )


class Churn:
    """The counts over one corpus."""

    def __init__(self) -> None:
        self.files = self.changed_files = self.lines = self.changed = 0
        self.by_keyword: Counter[str] = Counter()
        self.joined: Counter[str] = Counter()
        self.column0_in = self.column0_out = 0

    def add(self, text: str, out: str) -> None:
        self.files += 1
        self.lines += _lines(text)
        if out == text:
            return
        self.changed_files += 1
        self.changed += changed_lines(text, out)
        before, after = _instructions(parse(text)), _instructions(parse(out))
        if len(before) != len(after):  # not expected: count the file, not its instructions
            return
        for a, b in zip(before, after, strict=True):
            kind = a.keyword.upper()
            if a.code != b.code:
                self.by_keyword[kind] += changed_lines(a.code, b.code)
            if _lines(a.code) > 1 and _lines(b.code) < _lines(a.code):
                self.joined[kind] += 1
            self.column0_in += _column0_comments(a)
            self.column0_out += min(_column0_comments(a), _column0_comments(b))


def measure(root: Path) -> Churn:
    churn = Churn()
    for _path, text in corpus(root):
        try:
            tree = parse(text)
        except ParseError:
            continue
        churn.add(text, format_tree(tree))
    return churn


def main(argv: list[str]) -> int:
    markdown = "--markdown" in argv
    args = [a for a in argv if not a.startswith("--")]
    root = Path(args[0]) if args else DEFAULT
    if not root.is_dir():
        print(f"fmt_churn: skipped: no corpus at {root}")
        return 0
    c = measure(root)
    print(
        f"files: {c.files}, changed by fmt: {c.changed_files}; "
        f"changed lines: {c.changed} of {c.lines}"
    )
    print(
        f"column-0 comment lines inside continuations of changed files: {c.column0_in}, "
        f"kept at column 0: {c.column0_out}"
    )
    kinds = sorted(set(c.by_keyword) | set(c.joined), key=lambda k: -c.by_keyword[k])
    if markdown:
        print("\n| keyword | changed lines | multi-line instructions joined |")
        print("| --- | ---: | ---: |")
        for kind in kinds:
            print(f"| {kind} | {c.by_keyword[kind]} | {c.joined[kind]} |")
    else:
        for kind in kinds:
            print(f"{kind:12} changed={c.by_keyword[kind]:6} joined={c.joined[kind]:5}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
