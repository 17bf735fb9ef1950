"""``dopt fix`` and ``dopt check``: the engine over each file, then print and write.

The report (``--output-format``, optimizer.cli.formats) goes to ``-o FILE`` when given,
else to stdout; for ``fix``, stdout may carry the fixed text or the diff, and then a
machine-format report goes to stderr."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable

from optimizer.cli.console import ErrorLog, echo_input, say, use_color
from optimizer.engine import CHECK, FIX, FileResult, Task, process, read_input
from optimizer.errors import EXIT_ERROR, EXIT_FOUND, EXIT_OK, located
from optimizer.io import discovery as discover
from optimizer.io.fspath import Path  # pathlib.Path without importing pathlib
from optimizer.lint.selection import Selection
from optimizer.record import Record


class ReportOptions(Record):
    """The ruff-style report flags of ``check`` and ``fix``."""

    output_file: str | None = None  # -o: the report goes there, not to stdout
    exit_zero: bool = False  # findings left (exit 1) exit 0; errors still exit 2 or 3
    statistics: bool = False  # check: counts per code instead of the findings
    show_fixes: bool = False  # fix: list the fixes applied on stderr
    exit_non_zero_on_fix: bool = False  # fix: exit 1 when a fix was applied


def _emit(text: str, options: ReportOptions, stream: str = "stdout") -> int:
    """Write the report to ``-o FILE`` (atomically) or to the stream; an exit code."""
    if options.output_file is not None:
        from optimizer.io.atomic import WriteError, write_report

        try:
            write_report(Path(options.output_file), text)
        except WriteError as exc:
            say(f"dopt: {exc}")
            return EXIT_ERROR
        return EXIT_OK
    out = sys.stdout if stream == "stdout" else sys.stderr
    out.write(text)
    out.flush()
    return EXIT_OK


def _final(code: int, options: ReportOptions) -> int:
    return EXIT_OK if options.exit_zero and code == EXIT_FOUND else code


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
    preview: bool = False,
    options: ReportOptions | None = None,
    context: Path | None = None,
    cache_mounts: bool = False,
) -> int:
    from optimizer.cli.formats import SHOW_EDITS, render, render_statistics
    from optimizer.cli.formats.common import Report

    options = options or ReportOptions()
    task = Task(
        CHECK,
        selection=selection,
        preview=preview,
        context=context,
        cache_mounts=cache_mounts,
        edits=fmt in SHOW_EDITS and not options.statistics,
    )
    log = ErrorLog()
    results: list[FileResult] = []
    for path, explicit in _inputs(paths, stdin_filename, exclude):
        result = process(read_input(path, stdin_filename, explicit), task)
        if result.error is not None:
            log.report(result)
        results.append(result)
    report = Report(tuple(results))
    text = render_statistics(fmt, report) if options.statistics else render(fmt, report)
    written = _emit(text, options)
    code = max((r.exit_code for r in results if not r.skipped), default=EXIT_OK)
    if fmt == "text":
        say(_check_summary(results))
    return max(_final(code, options), written)


def _check_summary(results: list[FileResult]) -> str:
    checked = [r for r in results if not r.skipped]
    found = [d for r in checked for d in r.diagnostics]
    failed = sum(1 for r in checked if r.error is not None)
    fixable = sum(1 for d in found if d.fix == "safe")
    unsafe = sum(1 for d in found if d.fix == "unsafe")
    suggested = sum(1 for d in found if d.fix == "display")
    parts = []
    if found:
        shown = f", {suggested} with a suggested edit" if suggested else ""
        parts.append(
            f"Found {len(found)} problem{'s' if len(found) != 1 else ''} "
            f"({fixable} fixable with `dopt fix`, {unsafe} more with --unsafe-fixes{shown})."
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
    preview: bool = False,
    fmt: str = "text",
    options: ReportOptions | None = None,
    context: Path | None = None,
    cache_mounts: bool = False,
) -> int:
    options = options or ReportOptions()
    if write and (diff or check):
        say(f"dopt fix: --write cannot be used with {'--diff' if diff else '--check'}")
        return EXIT_ERROR
    files = list(_inputs(paths, stdin_filename, exclude))
    if not (write or diff or check) and len(files) > 1:
        say("dopt fix: give --write, --diff or --check to fix several files")
        return EXIT_ERROR
    use = use_color(color)
    from optimizer.cli.formats import SHOW_EDITS

    # --check and --diff leave the files as they are: findings at the lines on disk.
    task = Task(
        FIX,
        selection=selection,
        unsafe=unsafe,
        source_positions=diff or check,
        preview=preview,
        context=context,
        cache_mounts=cache_mounts,
        edits=fmt in SHOW_EDITS,
    )
    log = ErrorLog()
    code = EXIT_OK
    applied = unsafe_left = before = after = failed = 0
    done: list[FileResult] = []
    # The text format without -o keeps the findings no fix answers on stderr, as before.
    report = fmt != "text" or options.output_file is not None
    for path, explicit in files:
        result = process(read_input(path, stdin_filename, explicit), task)
        if result.skipped:
            continue
        done.append(result)
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
            if d.fix not in ("safe", "unsafe") and not report:
                say(located(result.name, d.line, d.column, f"{d.code} {d.message}"))
        if result.diagnostics and write:
            code = max(code, EXIT_FOUND)  # findings left after fixing (ruff's --fix)
        if options.exit_non_zero_on_fix and result.applied and result.changed:
            code = max(code, EXIT_FOUND)
    if report:
        from optimizer.cli.formats import render
        from optimizer.cli.formats.common import Report

        # --check/--diff place the findings at the input's lines; otherwise they are on
        # the fixed text (what --write wrote, or what went to stdout).
        text = render(fmt, Report(tuple(done), on_output=not (diff or check)))
        stdout_free = (write and "-" not in {p for p, _ in files}) or check
        code = max(code, _emit(text, options, "stdout" if stdout_free else "stderr"))
    verb = "would be applied" if (diff or check) else "applied"
    more = f" ({unsafe_left} more with --unsafe-fixes)" if unsafe_left else ""
    failures = f"; {failed} file{'s' if failed != 1 else ''} failed" if failed else ""
    if options.show_fixes:
        say(_show_fixes(done, diff or check))
    say(
        f"{applied} fix{'es' if applied != 1 else ''} {verb}{more}; "
        f"layers {before} -> {after}{failures}"
    )
    changed = [(r.source, r.output) for r in done if r.changed and r.source and r.output]
    if changed:
        from optimizer.analysis.rebuild import fix_summary

        line = fix_summary(changed)
        if line is not None:
            say(line)
    return _final(code, options)


def _show_fixes(results: list[FileResult], dry: bool) -> str:
    """--show-fixes: the fixes applied (or that would be), per file and code, as ruff."""
    from optimizer.cli.formats.common import rule_name

    fixed = [(r.name, Counter(r.applied_codes)) for r in results if r.applied_codes]
    if not fixed:
        return "No fixes would be applied." if dry else "No fixes applied."
    total = sum(sum(c.values()) for _, c in fixed)
    lines = [f"{'Would fix' if dry else 'Fixed'} {total} problem{'s' if total != 1 else ''}:"]
    for name, counts in fixed:
        lines.append(f"- {name}:")
        for code, n in sorted(counts.items()):
            lines.append(f"    {n} \u00d7 {code} ({rule_name(code)})")
    return "\n".join(lines)


def _write(result: FileResult) -> int:
    from optimizer.io.atomic import WriteError, write_atomic

    assert result.path is not None and result.output is not None and result.data is not None
    try:
        write_atomic(Path(result.path), result.output, result.data)
    except (WriteError, OSError) as exc:
        say(str(exc))
        return EXIT_ERROR
    return EXIT_OK
