"""``dopt fix`` and ``dopt check``: the engine over each file, then print and write."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from optimizer.cli.console import ErrorLog, echo_input, say, use_color
from optimizer.engine import CHECK, FIX, FileResult, Task, process, read_input
from optimizer.errors import EXIT_ERROR, EXIT_FOUND, EXIT_OK, located
from optimizer.io import discovery as discover
from optimizer.lint.selection import Selection


def _inputs(
    paths: list[str], stdin_filename: str | None, exclude: Iterable[str]
) -> Iterable[tuple[str, bool]]:
    """(path, named on the command line) for each file; no paths: stdin when piped, else
    the working folder (as ruff does), rather than waiting on a terminal."""
    if not paths:
        paths = ["."] if sys.stdin.isatty() else ["-"]
        given: set[str] = set()
    else:
        given = set(paths)
    for path in discover.find(paths, tuple(exclude)):
        yield path, path in given


def run_check(
    paths: list[str],
    fmt: str = "text",
    selection: Selection | None = None,
    stdin_filename: str | None = None,
    exclude: tuple[str, ...] = (),
) -> int:
    from optimizer.cli.report import render

    task = Task(CHECK, selection=selection)
    log = ErrorLog()
    results: list[FileResult] = []
    for path, explicit in _inputs(paths, stdin_filename, exclude):
        result = process(read_input(path, stdin_filename, explicit), task)
        if result.error is not None:
            log.report(result)
        results.append(result)
    sys.stdout.write(render(fmt, results))
    code = max((r.exit_code for r in results if not r.skipped), default=EXIT_OK)
    if fmt == "text":
        say(_check_summary(results))
    return code


def _check_summary(results: list[FileResult]) -> str:
    checked = [r for r in results if not r.skipped]
    found = [d for r in checked for d in r.diagnostics]
    failed = sum(1 for r in checked if r.error is not None)
    fixable = sum(1 for d in found if d.fix == "safe")
    unsafe = sum(1 for d in found if d.fix == "unsafe")
    parts = []
    if found:
        parts.append(
            f"Found {len(found)} problem{'s' if len(found) != 1 else ''} "
            f"({fixable} fixable with `dopt fix`, {unsafe} more with --unsafe-fixes)."
        )
    if failed:
        parts.append(f"{failed} file{'s' if failed != 1 else ''} could not be checked.")
    if not checked:
        parts.append("No Dockerfiles checked.")
    return " ".join(parts) if parts else "All checks passed!"


def run_fix(
    paths: list[str],
    write: bool = False,
    diff: bool = False,
    check: bool = False,
    unsafe: bool = False,
    selection: Selection | None = None,
    stdin_filename: str | None = None,
    color: bool | None = None,
    exclude: tuple[str, ...] = (),
) -> int:
    if write and (diff or check):
        say(f"dopt fix: --write cannot be used with {'--diff' if diff else '--check'}")
        return EXIT_ERROR
    files = list(_inputs(paths, stdin_filename, exclude))
    if not (write or diff or check) and len(files) > 1:
        say("dopt fix: give --write, --diff or --check to fix several files")
        return EXIT_ERROR
    use = use_color(color)
    # --check and --diff leave the files as they are: findings at the lines on disk.
    task = Task(FIX, selection=selection, unsafe=unsafe, source_positions=diff or check)
    log = ErrorLog()
    code = EXIT_OK
    applied = unsafe_left = before = after = failed = 0
    for path, explicit in files:
        result = process(read_input(path, stdin_filename, explicit), task)
        if result.skipped:
            continue
        to_stdout = not (write or diff or check) or (write and path == "-")
        if result.error is not None:
            log.report(result)
            failed += 1
            code = max(code, result.error.exit_code)
            if to_stdout and path == "-":
                echo_input(result)  # an editor must not lose the buffer
            continue
        assert result.output is not None and result.source is not None
        applied += result.applied
        unsafe_left += result.unsafe_available
        before += result.layers_before
        after += result.layers_after
        if diff:
            if result.changed:
                from optimizer.io.diff import colorize, unified_diff

                patch = unified_diff(result.source, result.output, result.name)
                sys.stdout.write(colorize(patch) if use else patch)
                code = max(code, EXIT_FOUND)
        elif check:
            if result.changed:
                say(f"would fix {result.name}")
                code = max(code, EXIT_FOUND)
        elif to_stdout:
            sys.stdout.write(result.output)
        elif result.changed:
            code = max(code, _write(result))
        for d in result.diagnostics:
            if d.fix is None:
                say(located(result.name, d.line, d.column, f"{d.code} {d.message}"))
        if result.diagnostics and write:
            code = max(code, EXIT_FOUND)  # findings left after fixing (ruff's --fix)
    verb = "would be applied" if (diff or check) else "applied"
    more = f" ({unsafe_left} more with --unsafe-fixes)" if unsafe_left else ""
    failures = f"; {failed} file{'s' if failed != 1 else ''} failed" if failed else ""
    say(
        f"{applied} fix{'es' if applied != 1 else ''} {verb}{more}; "
        f"layers {before} -> {after}{failures}"
    )
    return code


def _write(result: FileResult) -> int:
    from optimizer.io.atomic import WriteError, write_atomic

    assert result.path is not None and result.output is not None and result.data is not None
    try:
        write_atomic(Path(result.path), result.output, result.data)
    except (WriteError, OSError) as exc:
        say(str(exc))
        return EXIT_ERROR
    return EXIT_OK
