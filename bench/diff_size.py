"""How much of a file one fix rewrites (issue 10): changed diff lines per applied fix, by rule.

Every fix `dopt check` offers on each corpus file (safe and unsafe) is applied alone to the
file as written, and the unified diff against the original is counted: lines removed plus
lines added.  A reviewer reads that diff, so one appended cleanup or one inserted flag should
be 1-2 changed lines.  Also counts, after `dopt fix --unsafe-fixes`, the RUN instructions that
still hold two or more installs of one package manager.

    .venv/bin/python bench/diff_size.py [corpus folder] [--markdown]
"""

from __future__ import annotations

import difflib
import re
import statistics
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchlib import DEFAULT, corpus  # noqa: E402

from optimizer.errors import ParseError  # noqa: E402
from optimizer.lint.fixer import apply_fixes, fix_text, keep_comments  # noqa: E402
from optimizer.lint.runner import lint  # noqa: E402
from optimizer.syntax import cst  # noqa: E402
from optimizer.syntax.parser import parse  # noqa: E402

# One install command of a manager, as a reviewer would count it in a RUN's text.
_INSTALLS = {
    "apt": re.compile(r"\bapt(?:-get)?\s+(?:-\S+\s+)*install\b"),
    "apk": re.compile(r"\bapk\s+(?:-\S+\s+)*add\b"),
    "rpm": re.compile(r"\b(?:yum|dnf|microdnf)\s+(?:-\S+\s+)*install\b"),
    "zypper": re.compile(r"\bzypper\s+(?:-\S+\s+)*(?:install|in)\b"),
}


def changed_lines(before: str, after: str) -> int:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return sum(1 for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---")))


def percentile(values: list[int], q: float) -> int:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def leftover_installs(text: str) -> int:
    """RUN instructions holding 2+ installs of one manager."""
    try:
        tree = parse(text)
    except ParseError:
        return 0
    count = 0
    for item in tree.items:
        if isinstance(item, cst.Instruction) and item.keyword.upper() == "RUN":
            if any(len(rx.findall(item.code)) >= 2 for rx in _INSTALLS.values()):
                count += 1
    return count


def main(argv: list[str]) -> int:
    markdown = "--markdown" in argv
    args = [a for a in argv if not a.startswith("--")]
    root = Path(args[0]) if args else DEFAULT
    if not root.is_dir():
        print(f"diff_size: skipped: no corpus at {root}")
        return 0
    sizes: dict[tuple[str, str], list[int]] = defaultdict(list)
    leftovers = files = 0
    for _path, text in corpus(root):
        try:
            tree = parse(text)
        except ParseError:
            continue
        files += 1
        for finding in lint(tree):
            fix = finding.fix
            if fix is None or fix.applicability not in ("safe", "unsafe"):
                continue
            after = apply_fixes(tree, [keep_comments(tree, fix)])
            sizes[(finding.code, str(fix.applicability))].append(changed_lines(text, after))
        try:
            leftovers += leftover_installs(fix_text(text, unsafe=True).output)
        except Exception:  # a crash is the other tests' business; count what runs
            pass
    rows = [
        (code, kind, len(v), statistics.median(v), percentile(v, 0.95), max(v))
        for (code, kind), v in sorted(sizes.items())
    ]
    everything = [n for v in sizes.values() for n in v]
    if markdown:
        print("| rule | fix | fixes | median | p95 | max |")
        print("| --- | --- | ---: | ---: | ---: | ---: |")
        for code, kind, n, med, p95, top in rows:
            print(f"| {code} | {kind} | {n} | {med:g} | {p95} | {top} |")
    else:
        for code, kind, n, med, p95, top in rows:
            print(f"{code} {kind:6} fixes={n:5} median={med:g} p95={p95} max={top}")
    if everything:
        print(
            f"\nall: {len(everything)} fixes in {files} files, median "
            f"{statistics.median(everything):g}, p95 {percentile(everything, 0.95)}, "
            f"max {max(everything)} changed lines"
        )
    print(f"RUNs with 2+ installs of one manager after fix --unsafe-fixes: {leftovers}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
