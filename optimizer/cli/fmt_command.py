"""``dopt fmt``: files, folders or stdin; write, --check or --diff; exit codes like black's."""

from __future__ import annotations

import sys

from optimizer.cli.console import ErrorLog, echo_input, say, use_color
from optimizer.engine import FMT, FileResult, Task, process, read_input
from optimizer.errors import EXIT_ERROR, EXIT_FOUND, EXIT_OK

TYPE_CHECKING = False  # not typing's: importing typing costs ~3 ms of every start-up
if TYPE_CHECKING:
    from typing import Any


class FmtOptions:
    """What the command line asked for (plain class: dataclasses cost start-up time)."""

    def __init__(
        self,
        paths: list[str] | None = None,
        check: bool = False,
        diff: bool = False,
        stdin_filename: str | None = None,
        color: bool | None = None,  # None: only on a terminal, and not with NO_COLOR
        exclude: list[str] | None = None,
        quiet: bool = False,
        style: dict[str, Any] | None = None,  # CLI overrides of Style fields
    ) -> None:
        self.paths = paths or []
        self.check = check
        self.diff = diff
        self.stdin_filename = stdin_filename
        self.color = color
        self.exclude = exclude or []
        self.quiet = quiet
        self.style = style or {}


class _Tally:
    def __init__(self) -> None:
        self.changed = 0
        self.unchanged = 0
        self.failed = 0
        self.code = EXIT_OK

    def worst(self, code: int) -> None:
        self.code = max(self.code, code)


def run_fmt(opts: FmtOptions) -> int:
    paths = list(opts.paths)
    if not paths:
        if sys.stdin.isatty():
            say("dopt fmt: give files or folders to format, or - to read standard input")
            return EXIT_ERROR
        paths = ["-"]
    tally = _Tally()
    color = use_color(opts.color)
    style = tuple((k, v) for k, v in opts.style.items() if v is not None)
    task = Task(FMT, style)
    log = ErrorLog()
    if paths == ["-"]:  # format-on-save: what discovery.find gives, without importing it
        found = paths
    else:
        from optimizer.io import discovery

        found = discovery.find(paths, opts.exclude)
    for path in found:
        inp = read_input(path, opts.stdin_filename, explicit=path in opts.paths)
        _report(process(inp, task), inp.is_stdin, opts, tally, color, log)
    if not opts.quiet and not (paths == ["-"] and not opts.check):
        say(_summary(tally, opts))
    return tally.code


def _report(
    result: FileResult,
    is_stdin: bool,
    opts: FmtOptions,
    tally: _Tally,
    color: bool,
    log: ErrorLog,
) -> None:
    if result.skipped:
        return
    if result.error is not None:
        log.report(result)
        tally.failed += 1
        tally.worst(result.error.exit_code)
        if is_stdin and not (opts.check or opts.diff):
            echo_input(result)  # an editor must not lose the buffer
        return
    assert result.output is not None and result.source is not None
    output, text, name = result.output, result.source, result.name
    changed = result.changed
    if changed:
        tally.changed += 1
    else:
        tally.unchanged += 1
    if opts.check or opts.diff:
        if changed:
            tally.worst(EXIT_FOUND)
            if opts.diff:
                from optimizer.io.diff import colorize, unified_diff

                patch = unified_diff(text, output, name)
                sys.stdout.write(colorize(patch) if color else patch)
            if opts.check and not opts.quiet:
                say(f"would reformat {name}")
        return
    if is_stdin:
        sys.stdout.write(output)
        return
    if changed:
        # Imported here: stdin formatting (format-on-save) never writes files.
        from optimizer.io.atomic import WriteError, write_atomic

        assert result.path is not None and result.data is not None
        try:
            from pathlib import Path

            write_atomic(Path(result.path), output, result.data)
        except (WriteError, OSError) as exc:
            say(str(exc))
            tally.changed -= 1
            tally.failed += 1
            tally.worst(EXIT_ERROR)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _summary(t: _Tally, opts: FmtOptions) -> str:
    verb = "would be reformatted" if (opts.check or opts.diff) else "reformatted"
    keep = "would be left unchanged" if (opts.check or opts.diff) else "left unchanged"
    parts = []
    if t.changed:
        parts.append(f"{_plural(t.changed, 'file')} {verb}")
    if t.unchanged:
        parts.append(f"{_plural(t.unchanged, 'file')} {keep}")
    if t.failed:
        parts.append(f"{_plural(t.failed, 'file')} failed")
    return ", ".join(parts) if parts else "no Dockerfiles found"
