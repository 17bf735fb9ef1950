"""``dopt fmt``: files, folders or stdin; write, --check or --diff; exit codes like black's."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from optimizer import discover
from optimizer.config import ConfigError, settings_for, with_overrides
from optimizer.errors import ParseError
from optimizer.formatting import Refused, format_text
from optimizer.sources import SourceError, decode, read_bytes

EXIT_OK, EXIT_CHANGES, EXIT_ERROR, EXIT_INTERNAL = 0, 1, 2, 3


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


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _use_color(option: bool | None) -> bool:
    if option is not None:
        return option
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def run_fmt(opts: FmtOptions) -> int:
    paths = list(opts.paths)
    if not paths:
        if sys.stdin.isatty():
            _say("dopt fmt: give files or folders to format, or - to read standard input")
            return EXIT_ERROR
        paths = ["-"]
    tally = _Tally()
    color = _use_color(opts.color)
    for path in discover.find(paths, opts.exclude):
        _format_one(path, opts, tally, color)
    if not opts.quiet and not (paths == ["-"] and not opts.check):
        _say(_summary(tally, opts))
    return tally.code


def _format_one(path: str, opts: FmtOptions, tally: _Tally, color: bool) -> None:
    is_stdin = path == "-"
    name = (opts.stdin_filename or "-") if is_stdin else path
    try:
        if is_stdin:
            data = sys.stdin.buffer.read()
            config_path = Path(opts.stdin_filename) if opts.stdin_filename else None
        else:
            data = read_bytes(path)  # SourceError for FIFOs, devices, ...
            config_path = Path(path)
        text = decode(data, name)
        settings = with_overrides(settings_for(config_path), **opts.style)
        if not is_stdin and _excluded_by_config(
            path, settings.exclude, explicit=path in opts.paths
        ):
            return
        output = format_text(text, settings.style)
    except (SourceError, ConfigError) as exc:
        _say(str(exc))
        tally.failed += 1
        tally.worst(EXIT_ERROR)
        return
    except OSError as exc:
        _say(f"{name}: cannot read: {exc.strerror or exc}")
        tally.failed += 1
        tally.worst(EXIT_ERROR)
        return
    except ParseError as exc:
        _say(f"{name}:{exc}")
        tally.failed += 1
        tally.worst(EXIT_ERROR)
        if is_stdin and not (opts.check or opts.diff):
            sys.stdout.write(text)  # an editor must not lose the buffer
        return
    except Refused as exc:
        _say(f"{name}:{exc.line}: {exc.reason}; left unchanged")
        _say("  this is a dopt bug: please report it with the file")
        tally.failed += 1
        tally.worst(EXIT_INTERNAL)
        if is_stdin and not (opts.check or opts.diff):
            sys.stdout.write(text)
        return
    changed = output != text
    if changed:
        tally.changed += 1
    else:
        tally.unchanged += 1
    if opts.check or opts.diff:
        if changed:
            tally.worst(EXIT_CHANGES)
            if opts.diff:
                from optimizer.diff import colorize, unified_diff

                patch = unified_diff(text, output, name)
                sys.stdout.write(colorize(patch) if color else patch)
            if opts.check and not opts.quiet:
                _say(f"would reformat {name}")
        return
    if is_stdin:
        sys.stdout.write(output)
        return
    if changed:
        # Imported here: stdin formatting (format-on-save) never writes files.
        from optimizer.fileio import WriteError, write_atomic

        try:
            write_atomic(Path(path), output, data)
        except (WriteError, OSError) as exc:
            _say(str(exc))
            tally.changed -= 1
            tally.failed += 1
            tally.worst(EXIT_ERROR)


def _excluded_by_config(path: str, patterns: tuple[str, ...], explicit: bool) -> bool:
    if explicit or not patterns:
        return False
    return discover._excluded(Path(path), patterns)


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
