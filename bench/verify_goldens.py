"""Run ``dopt verify`` on goldens that build on the local Debian base; write a Markdown table.

    nice -n 15 python3 bench/verify_goldens.py --out /tmp/verify.jsonl   # builds, one at a time
    python3 bench/verify_goldens.py --render /tmp/verify.jsonl          # the table

Each case is golden/<CODE>/<NAME>.Dockerfile, fixed in memory (safe fixes) as ``dopt verify``
does; the table also says whether that fix is byte for byte the golden's .fixed.Dockerfile.
The context is an empty folder (the chosen goldens have no COPY/ADD).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "golden"

CASES = (
    "DOP101/apt-update-then-install",
    "DOP101/chain-of-four-subshells",
    "DOP101/comment-between",
    "DOP101/dash-shell",
    "DOP101/second-with-or",
    "DOP101/second-with-semicolon",
    "DOP101/three-runs",
    "DOP101/two-installs",
    "DOP101/update-then-install",
    "DOP101/same-mount-flags",
    "DOP102/apt-not-apt-get",
    "DOP102/cache-mount-archives-only",
    "DOP102/no-install-recommends",
    "DOP102/set-eux",
    "DOP102/update-install",
    "DOP102/multi-line-packages",
    "DOP106/debian-pip3",
    "DOP106/trailing-comment-and-exit",
    "DOP108/apt-clean-and-lists",
    "DOP108/or-true",
    "DOP108/producer-already-cleans",
    "DOP303/install",
    "DOP303/quiet-once",
    "DOP303/crlf",
    "DOP304/simple",
    "DOP304/comment-above",
    "DOP304/special-characters",
    "DOP107/npm-global",
)


def run(out: Path, engine: str, only: list[str]) -> None:
    sys.path.insert(0, str(ROOT))
    from optimizer.lint.fixer import fix_text

    for case in only or CASES:
        src = GOLDEN / f"{case}.Dockerfile"
        fixed_golden = GOLDEN / f"{case}.fixed.Dockerfile"
        text = src.read_bytes().decode("utf-8")
        matches = (
            fixed_golden.is_file()
            and fix_text(text, src).output.encode("utf-8") == fixed_golden.read_bytes()
        )
        with tempfile.TemporaryDirectory() as ctx:
            argv = ["verify", str(src), "--context", ctx, "--engine", engine, "--format", "json"]
            start = time.monotonic()
            proc = subprocess.run(
                [sys.executable, "-m", "optimizer", *argv],
                capture_output=True,
                text=True,
                cwd=ROOT,
                check=False,
            )
        entry: dict[str, Any] = {
            "case": case,
            "rc": proc.returncode,
            "wall_seconds": round(time.monotonic() - start, 1),
            "fix_is_golden": matches,
        }
        try:
            entry["report"] = json.loads(proc.stdout)
        except ValueError:
            entry["stderr"] = proc.stderr[-2000:]
        if proc.returncode == 2:
            entry["stderr"] = proc.stderr[-2000:]
        with out.open("a", encoding="utf-8") as f:
            f.write(json.dumps(entry, sort_keys=True) + "\n")
        print(case, proc.returncode, entry["wall_seconds"], flush=True)


def _mb(n: int) -> str:
    return f"{n / 1e6:.2f} MB" if n >= 1e5 else f"{n / 1e3:.1f} kB"


def render(path: Path) -> str:
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    lines = [
        "| golden | rules applied | = .fixed | verdict | layers added | bytes added "
        "| removed caches | build s (orig / fixed) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        rep = row.get("report", {})
        if row["rc"] == 2:
            why = rep.get("build_failed", "?")
            log = (row.get("stderr") or "").strip().splitlines()
            last = log[-1] if log else ""
            verdict = f"build failed ({why}): `{last[:90]}`"
            layers = size = caches = secs = "-"
        else:
            verdict = "**equivalent**" if row["rc"] == 0 else "NOT equivalent"
            if rep.get("note"):
                verdict += " (nothing to fix)"
            la, ba = rep.get("layers_added", {}), rep.get("bytes_added", {})
            layers = f"{la.get('orig', '-')} -> {la.get('new', '-')}" if la else "-"
            size = f"{_mb(ba['orig'])} -> {_mb(ba['new'])}" if ba else "-"
            caches = _mb(rep["explained_bytes"]) if rep.get("explained_bytes") else "0"
            bs = rep.get("build_seconds", {})
            secs = f"{bs.get('original', 0):.1f} / {bs.get('fixed', 0):.1f}" if bs else "-"
            changes = [d["where"] for d in rep.get("explained", []) if d["kind"] == "config"]
            if changes:
                caches += " + config " + ", ".join(changes)
            if rep.get("differences"):
                verdict += ": " + "; ".join(
                    f"{d['kind']} {d['where']} [{', '.join(d['rules'])}]"
                    for d in rep["differences"][:3]
                )
        rules = ", ".join(rep.get("applied", []))
        same = "yes" if row["fix_is_golden"] else "no"
        lines.append(
            f"| {row['case']} | {rules} | {same} | {verdict} | {layers} | {size} | {caches} "
            f"| {secs} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--render", type=Path)
    parser.add_argument("--engine", default="auto")
    parser.add_argument("cases", nargs="*")
    args = parser.parse_args()
    if args.render:
        sys.stdout.write(render(args.render))
    elif args.out:
        run(args.out, args.engine, args.cases)
    else:
        parser.error("give --out or --render")


if __name__ == "__main__":
    main()
