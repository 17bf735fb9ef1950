"""Entry point of the ``dopt`` command.

``dopt fmt -`` is an editor's format-on-save, run on every save, so start-up counts: the
command line is argparse with only the subcommand's parser built, each command imports only
what it uses (``fmt`` never loads the rules, nothing loads Lark), and the per-file commands
run without the cyclic GC.  bench/startup.py measures it.
"""

from __future__ import annotations

import gc
import sys

try:
    # The C module under ``signal``, which wraps it to build enums (~0.5 ms of each start-up);
    # with plain numbers its signal() does the same.
    import _signal as signal  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - another Python implementation
    import signal


from optimizer.errors import EXIT_INTERRUPTED

TYPE_CHECKING = False  # not typing's: importing typing costs ~3 ms of every start-up
if TYPE_CHECKING:
    from optimizer.preload import Session


class Interrupted(BaseException):
    """Ctrl-C, raised by our handler so that no library turns it into a message of its own."""


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


# The commands that run per file and exit (an editor's format-on-save, a hook per commit):
# without the cyclic GC, whose passes over the modules being imported cost ~7% of such a run.
# dopt's trees hold no cycles: over 2,000 corpus files in one process the peak RSS grew by
# 1 MB with it off (bench/startup.md).  A long-running command (a server) keeps it on.
_NO_GC = frozenset({"fmt", "check", "fix"})


def main(argv: list[str] | None = None) -> int:
    """Run dopt; the exit code.  ``argv`` None: as the process (the console script), which
    a per-file command then ends itself (see ``_exit_now``)."""
    args = sys.argv[1:] if argv is None else argv
    per_file = bool(args) and args[0] in _NO_GC
    gc_was_on = gc.isenabled()
    if per_file:
        gc.disable()
    preloaded = None
    try:
        _quiet_signals()
        if argv is None and per_file:
            from optimizer import preload

            preloaded = preload.start(args)
        from optimizer.cli.commands import run

        code = run(args)
    except Interrupted:
        code = EXIT_INTERRUPTED
    finally:
        if gc_was_on:
            gc.enable()  # main() called in process (tests): leave the GC as it was
    if argv is None and per_file:
        _exit_now(code, preloaded)
    return code


def _exit_now(code: int, preloaded: Session | None = None) -> None:
    """End the process at once once its output is flushed, as mypy's ``hard_exit`` does.

    A normal exit then spends 6-8 ms (a fifth of ``dopt fmt -``) on the interpreter's
    teardown: a last full GC pass over every object (more of them as the GC was off) and
    freeing each module, all of which the OS reclaims anyway.  Nothing of dopt's is left to
    do: files are written and closed in ``with`` blocks, no thread runs, no ``atexit``
    handler is registered.  When a flush fails (a full disk), the normal exit reports it.
    """
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:  # Python's own exit reports it, with its exit code
        return
    if preloaded is not None:
        preloaded.finish()  # after the output: a run that records keeps no one waiting
    import os

    os._exit(code)


if __name__ == "__main__":
    sys.exit(main())
