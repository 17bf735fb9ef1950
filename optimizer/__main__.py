"""Entry point of the ``dopt`` command.

``dopt fmt`` on stdin is an editor's format-on-save, run on every save: importing typer (and
the click and pydantic machinery behind it) costs more than formatting itself, so plain `fmt`
invocations are read here and run directly.  Everything else, ``--help`` included, goes
through the typer app in ``optimizer.cli``.
"""

from __future__ import annotations

import os
import signal
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


class Interrupted(BaseException):
    """Ctrl-C.  Not a KeyboardInterrupt, which click turns into "Aborted!" and exit 1."""


EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it


def _on_sigint(signum: int, frame: object) -> None:
    raise Interrupted


def _quiet_signals() -> None:
    """Ctrl-C and a closed pipe end dopt quietly, as they end cat or ruff."""
    try:
        signal.signal(signal.SIGINT, _on_sigint)
    except ValueError:  # main() called from a thread other than the main one: leave them
        return
    if hasattr(signal, "SIGPIPE"):
        # `dopt check . | head -1`: die silently on the write, as any filter does.  Only
        # writes to the pipe raise it, never file writes, so no file is left half-written.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)


def main(argv: list[str] | None = None) -> int:
    _quiet_signals()
    args = sys.argv[1:] if argv is None else argv
    from optimizer.discover import DiscoveryError

    try:
        code = _fast_fmt(args)
        if code is not None:
            return code
        from optimizer.cli import run

        return run(args)
    except DiscoveryError as exc:  # a usage error in the paths, found before any work
        print(exc, file=sys.stderr)
        return 2
    except (Interrupted, KeyboardInterrupt):
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # where there is no SIGPIPE (Windows)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())
