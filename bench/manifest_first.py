"""Build proof and rebuild times of DOP202's manifest-first rewrite (issue 12).

For each project bench/manifest_first/NAME/ (``Dockerfile`` and its build context
``context/``):

1. ``dopt fix --select DOP202 --context context/`` must rewrite it with a safe fix (no
   ``--unsafe-fixes``);
2. ``../shared/tools/equiv`` builds the original and the rewrite with no cache and compares
   the images (config, every file: type, mode, owner, size, sha256): the build proof;
3. the rebuild after a source edit: each variant is built once with ``--layers`` (the cache
   warm), then a source file of the context is edited and the build repeated, ``--rounds``
   times (a different edit each time); the wall time of each rebuild and how many steps ran
   (not "Using cache") are recorded, and the medians reported.

Needs root, buildah, podman and the equiv tool (read ../shared/tools/README.md).  Everything
runs in a private container store (``--store``, default /var/tmp/mf-store), into which the
local debian:bookworm is imported from /var/lib/equiv-base/bookworm.tar: equiv deletes every
image that appears in its store while it runs, so sharing the default store with other equiv
runs would break both.  RUN steps fetch from PyPI and the npm registry (as a user's build
does).  Prints one JSON object; bench/manifest_first.md was written from its output.

    python3 bench/manifest_first.py [--rounds 3] [--only pip,npm] [--skip-equiv]
        [--skip-rebuild] [--noise]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "bench" / "manifest_first"
EQUIV = ROOT.parent / "shared" / "tools" / "equiv"
BASE_TAR = Path("/var/lib/equiv-base/bookworm.tar")
BASE = "docker.io/library/debian:bookworm"
# The source file each case edits (context-relative): not a manifest.
EDITED = {
    "pip": "app.py",
    "npm": "server.js",
    "pip-venv-subfolder": "service/service/__main__.py",
}
# Paths equiv leaves out per case, and why: npm's download cache indexes each entry with the
# time it was fetched and names its log by the time, so two builds of the same Dockerfile
# differ there too (``--noise`` builds the original twice to show it).
IGNORE = {"npm": ("/root/.npm/**",)}
BUD = ["buildah", "bud", "--isolation", "chroot", "--pull=never", "--layers", "--format", "docker"]


def _env(store: Path) -> dict[str, str]:
    return {**os.environ, "CONTAINERS_STORAGE_CONF": str(store / "storage.conf")}


def prepare_store(store: Path) -> None:
    """A private overlay store holding debian:bookworm (imported as make-debian-base.sh
    does)."""
    store.mkdir(parents=True, exist_ok=True)
    conf = store / "storage.conf"
    conf.write_text(
        f'[storage]\ndriver = "overlay"\ngraphroot = "{store}/graph"\nrunroot = "{store}/run"\n'
    )
    env = _env(store)
    have = subprocess.run(
        ["buildah", "images", "-q", BASE], env=env, capture_output=True, text=True, check=False
    )
    if have.stdout.strip():
        return
    subprocess.run(
        [
            "podman",
            "import",
            "--change",
            'CMD ["bash"]',
            "--change",
            "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            str(BASE_TAR),
            BASE,
        ],
        env=env,
        check=True,
        capture_output=True,
    )


def rewrite(dockerfile: Path, context: Path) -> tuple[str, str]:
    """(the rewrite, dopt's check line): DOP202's safe fix only."""
    cmd = [sys.executable, "-m", "optimizer", "fix", "--select", "DOP202"]
    fixed = subprocess.run(
        [*cmd, "--context", str(context), str(dockerfile)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    where = ["--context", str(context), str(dockerfile)]
    check = subprocess.run(
        [sys.executable, "-m", "optimizer", "check", "--select", "DOP202", *where],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    return fixed.stdout, check.stdout.strip()


def build(dockerfile: Path, context: Path, tag: str, store: Path) -> dict[str, Any]:
    """One `buildah bud --layers`: wall seconds, steps, steps that ran (not from cache)."""
    start = time.monotonic()
    proc = subprocess.run(
        [*BUD, "-f", str(dockerfile), "-t", tag, str(context)],
        env=_env(store),
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.monotonic() - start
    if proc.returncode != 0:
        raise RuntimeError(f"build of {dockerfile} failed:\n{proc.stdout[-3000:]}{proc.stderr}")
    steps = len(re.findall(r"^STEP \d+/\d+: ", proc.stdout, re.M))
    cached = proc.stdout.count("--> Using cache")
    return {"seconds": round(seconds, 2), "steps": steps, "ran": steps - 1 - cached}


def rebuilds(
    dockerfile: Path, context: Path, edited: str, tag: str, store: Path, rounds: int
) -> dict[str, Any]:
    """The cold build, then ``rounds`` rebuilds each after a different edit of ``edited``."""
    source = context / edited
    original = source.read_bytes()
    try:
        cold = build(dockerfile, context, tag, store)
        warm = build(dockerfile, context, tag, store)  # nothing changed: all from cache
        runs = []
        for k in range(rounds):
            source.write_bytes(original + f"# edit {k} {time.time_ns()}\n".encode())
            runs.append(build(dockerfile, context, tag, store))
    finally:
        source.write_bytes(original)
    return {
        "cold": cold,
        "unchanged": warm,
        "after_source_edit": runs,
        "median_seconds": round(statistics.median(r["seconds"] for r in runs), 2),
        "ran": runs[-1]["ran"],
        "steps": runs[-1]["steps"],
    }


def equiv(
    orig: Path, new: Path, context: Path, store: Path, ignore: tuple[str, ...] = ()
) -> dict[str, Any]:
    flags = [f"--ignore={glob}" for glob in ignore]
    proc = subprocess.run(
        [str(EQUIV), str(orig), str(new), "--context", str(context), "--json", *flags],
        env=_env(store),
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = json.loads(proc.stdout)
    except ValueError:
        return {"rc": proc.returncode, "error": proc.stderr[-2000:]}
    keep = ("equivalent", "config_diff", "fs_added", "fs_removed", "fs_changed", "layers_added")
    out = {k: report.get(k) for k in keep}
    out["ignore"] = list(ignore)
    out["fs_ignored"] = (report.get("fs_ignored_differences") or {}).get("count")
    out["build_seconds"] = report.get("build_seconds")
    out["rc"] = proc.returncode
    return out


def run_case(
    name: str, store: Path, rounds: int, skip_equiv: bool, noise: bool, skip_rebuild: bool
) -> dict[str, Any]:
    case = CASES / name
    with tempfile.TemporaryDirectory(prefix=f"mf-{name}-", dir="/var/tmp") as tmp:
        work = Path(tmp)
        context = work / "context"
        shutil.copytree(case / "context", context)
        orig = work / "orig.Dockerfile"  # outside the context: editing one is no source edit
        shutil.copy(case / "Dockerfile", orig)
        text, finding = rewrite(orig, context)
        if not text or text == orig.read_text():
            return {"name": name, "error": "DOP202 gave no safe fix", "check": finding}
        new = work / "new.Dockerfile"
        new.write_text(text)
        result: dict[str, Any] = {"name": name, "check": finding, "rewrite": text}
        if not skip_equiv:
            result["equiv"] = equiv(orig, new, context, store, IGNORE.get(name, ()))
        if noise:  # the original against itself, nothing ignored: the noise floor
            result["noise"] = equiv(orig, orig, context, store)
        if skip_rebuild:
            return result
        edited = EDITED[name]
        result["orig"] = rebuilds(orig, context, edited, f"mf-{name}-orig", store, rounds)
        result["new"] = rebuilds(new, context, edited, f"mf-{name}-new", store, rounds)
        before, after = result["orig"]["median_seconds"], result["new"]["median_seconds"]
        result["ratio"] = round(after / before, 3) if before else None
        return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", default="", help="comma-separated case names")
    parser.add_argument("--skip-equiv", action="store_true")
    parser.add_argument("--skip-rebuild", action="store_true", help="equiv only")
    parser.add_argument("--noise", action="store_true", help="also the original vs itself")
    parser.add_argument("--store", default="/var/tmp/mf-store")
    args = parser.parse_args()
    missing = [t for t in ("buildah", "podman") if shutil.which(t) is None]
    if missing or os.geteuid() != 0 or not EQUIV.exists() or not BASE_TAR.exists():
        why = f"missing {missing}" if missing else "needs root, the equiv tool and the base tar"
        print(json.dumps({"skipped": why}))
        return 2
    store = Path(args.store)
    prepare_store(store)
    names = [n for n in (args.only.split(",") if args.only else EDITED) if n]
    results = [
        run_case(n, store, args.rounds, args.skip_equiv, args.noise, args.skip_rebuild)
        for n in names
    ]
    print(json.dumps({"cases": results}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
