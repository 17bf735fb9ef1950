"""Entry point of the ``dopt`` command.

``dopt fmt`` on stdin is an editor's format-on-save, run on every save: importing typer (and
the click and pydantic machinery behind it) costs more than formatting itself, so plain `fmt`
invocations are read here and run directly.  Everything else, ``--help`` included, goes
through the typer app in ``optimizer.cli``.
"""

from __future__ import annotations

import sys

_FAST_FLAGS = {"--check": "check", "--diff": "diff", "--quiet": "quiet", "-q": "quiet"}


def _fast_fmt(argv: list[str]) -> int | None:
    if not argv or argv[0] != "fmt":
        return None
    from optimizer.fmt_command import FmtOptions, run_fmt

    opts = FmtOptions()
    args = iter(argv[1:])
    for arg in args:
        if arg in _FAST_FLAGS:
            setattr(opts, _FAST_FLAGS[arg], True)
        elif arg == "--no-color":
            opts.color = False
        elif arg == "--stdin-filename":
            value = next(args, None)
            if value is None:
                return None
            opts.stdin_filename = value
        elif arg.startswith("--stdin-filename="):
            opts.stdin_filename = arg.split("=", 1)[1]
        elif arg == "-" or not arg.startswith("-"):
            opts.paths.append(arg)
        else:
            return None  # anything else: the full CLI
    return run_fmt(opts)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    code = _fast_fmt(args)
    if code is not None:
        return code
    from optimizer.cli import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
