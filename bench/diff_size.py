"""How much of a file one fix rewrites (issue 10): changed diff lines per applied fix, by rule.

Every fix `dopt check` offers on each corpus file (safe and unsafe) is applied alone to the
file as written, and the unified diff against the original is counted two ways: lines
removed plus lines added (a line edited in place counts twice), and changed lines, the lines of
the result that are new or edited (the diff's `+` lines; a line edited in place counts once).
A reviewer reads that diff, so one appended cleanup or one inserted flag should be 1-2
changed lines.  Also counts, after `dopt fix --unsafe-fixes`, the RUN instructions that
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


def diff_lines(before: str, after: str) -> tuple[int, int]:
    """(lines removed + lines added, lines added) of the unified diff."""
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    body = [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    return len(body), sum(1 for line in body if line.startswith("+"))


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
    sizes: dict[tuple[str, str], list[int]] = defaultdict(list)  # removed + added
    changed: dict[tuple[str, str], list[int]] = defaultdict(list)  # the `+` lines
    leftovers = files = could_be_one = 0
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
            both, added = diff_lines(text, after)
            sizes[(finding.code, str(fix.applicability))].append(both)
            changed[(finding.code, str(fix.applicability))].append(added)
        try:
            fixed = fix_text(text, unsafe=True).output
            leftovers += leftover_installs(fixed)
            could_be_one += sum(1 for f in lint(parse(fixed), select=["DOP109"]) if f.fix)
        except Exception:  # a crash is the other tests' business; count what runs
            pass
    rows = [
        (code, kind, len(v), v, changed[(code, kind)]) for (code, kind), v in sorted(sizes.items())
    ]

    def figures(v: list[int]) -> tuple[str, int, int]:
        return f"{statistics.median(v):g}", percentile(v, 0.95), max(v)

    if markdown:
        print("| rule | fix | fixes | changed: median | p95 | max | +/-: median | p95 | max |")
        print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for code, kind, n, both, added in rows:
            cells = " | ".join(str(x) for x in (*figures(added), *figures(both)))
            print(f"| {code} | {kind} | {n} | {cells} |")
    else:
        for code, kind, n, both, added in rows:
            (m1, p1, x1), (m2, p2, x2) = figures(added), figures(both)
            print(f"{code} {kind:6} fixes={n:5} changed {m1}/{p1}/{x1}  +/- {m2}/{p2}/{x2}")
    everything = [n for v in sizes.values() for n in v]
    every_added = [n for v in changed.values() for n in v]
    if everything:
        (m1, p1, x1), (m2, p2, x2) = figures(every_added), figures(everything)
        print(
            f"\nall: {len(everything)} fixes in {files} files; changed lines median {m1}, "
            f"p95 {p1}, max {x1}; removed + added median {m2}, p95 {p2}, max {x2}"
        )
    print(f"RUNs with 2+ installs of one manager after fix --unsafe-fixes: {leftovers}")
    print(f"of them, installs DOP109 could still make one: {could_be_one}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
