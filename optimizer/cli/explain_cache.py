"""``dopt explain-cache FILE [--context DIR]``: the rebuild model's per-step table for one
Dockerfile (``optimizer.analysis.rebuild``): what each step's cache key depends on, whether it
re-runs after a source edit, a dependency bump and a base-image update, and its cost.

Kept apart from ``main`` so that module stays a list of parsers and start-up stays lean.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from optimizer.cli.console import say
from optimizer.errors import EXIT_ERROR, EXIT_INTERNAL, EXIT_OK


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
    from optimizer.engine import decode_bytes, read_input
    from optimizer.errors import DoptError
    from optimizer.syntax.parser import parse

    inp = read_input(args.path)
    try:
        if inp.error is not None or inp.data is None:
            raise inp.error or DoptError("cannot read")
        tree = parse(decode_bytes(inp.data))
        dockerfile = Path(args.path) if args.path != "-" else None
        context = None
        if args.context is not None:
            folder = Path(args.context)
            if not folder.is_dir():
                say(f"dopt explain-cache: {args.context}: the build context is not a folder")
                return EXIT_ERROR
            context = rebuild.load_context(folder, dockerfile)
        elif dockerfile is not None:
            context = rebuild.load_context(dockerfile.parent, dockerfile)
        text = rebuild.table(rebuild.simulate(tree, context))
    except DoptError as exc:
        say(exc.located(inp.name))
        return exc.exit_code
    except Exception as exc:  # a dopt bug, reported as one
        from optimizer.errors import Unexpected

        say(Unexpected.wrap(exc).located(inp.name))
        return EXIT_INTERNAL
    sys.stdout.write(text)
    return EXIT_OK
