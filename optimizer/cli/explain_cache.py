"""``dopt explain-cache FILE [--context DIR]``: the rebuild model's per-step table for one
Dockerfile (``optimizer.analysis.rebuild``): what each step's cache key depends on, whether it
re-runs after a source edit, a dependency bump and a base-image update, and its cost.

Kept apart from ``main`` so that module stays a list of parsers and start-up stays lean.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from optimizer.syntax import cst


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "explain-cache",
        help="show which steps re-run after a source edit, a dependency bump, a base update",
        description="Model BuildKit's layer cache for one Dockerfile and print, per step, "
        "what its cache key depends on, whether it re-runs after a source edit, a "
        "dependency bump (a manifest edit) and a base-image update, and its cost.",
    )
    p.add_argument("path", metavar="FILE", help="a Dockerfile, or - for standard input")
    p.add_argument(
        "--context",
        metavar="DIR",
        help="the build context (what .dockerignore leaves in decides what a COPY reads); "
        "default: the Dockerfile's folder, as for check and fix (stdin has none: a folder "
        "copy is then taken to hold sources and manifests)",
    )


def run(args: argparse.Namespace) -> int:
    from optimizer.analysis import rebuild
    from optimizer.cli.commands import context_folder
    from optimizer.cli.one_file import run_on_one_file

    dockerfile = Path(args.path) if args.path != "-" else None
    folder = context_folder(args)  # a usage error (exit 2) before any file is read
    if folder is None and dockerfile is not None:
        folder = dockerfile.parent

    def cache_table(tree: cst.Dockerfile) -> str:
        context = rebuild.load_context(folder, dockerfile) if folder is not None else None
        return rebuild.table(rebuild.simulate(tree, context))

    return run_on_one_file(args.path, cache_table)
