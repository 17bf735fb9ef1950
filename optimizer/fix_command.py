"""``dopt fix`` and ``dopt check``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from optimizer import discover
from optimizer.config import ConfigError, Settings, settings_for
from optimizer.diff import colorize, unified_diff
from optimizer.errors import ParseError
from optimizer.fileio import WriteError, write_atomic
from optimizer.fixer import fix_text
from optimizer.lint import lint
from optimizer.parser import parse
from optimizer.report import render
from optimizer.rules.base import SAFE, Finding
from optimizer.sources import SourceError, decode, read_bytes

EXIT_OK, EXIT_FOUND, EXIT_ERROR, EXIT_INTERNAL = 0, 1, 2, 3


def _say(message: str) -> None:
    print(message, file=sys.stderr)


class _Input:
    """One file (or stdin) read, decoded, parsed, with its settings."""

    def __init__(self, name: str, text: str, data: bytes, path: Path | None) -> None:
        self.name = name
        self.text = text
        self.data = data
        self.path = path
        self.settings: Settings = settings_for(path)
        self.tree = parse(text)


def _load(path: str, stdin_name: str | None) -> _Input | None:
    """The input, or None after reporting why it cannot be used."""
    name = (stdin_name or "-") if path == "-" else path
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
            real = Path(stdin_name) if stdin_name else None
        else:
            data = read_bytes(path)  # SourceError for FIFOs, devices, ...
            real = Path(path)
        return _Input(name, decode(data, name), data, real)
    except OSError as exc:
        _say(f"{path}: cannot read: {exc.strerror or exc}")
    except (SourceError, ConfigError) as exc:
        _say(str(exc))
    except ParseError as exc:
        _say(f"{name}:{exc}")
    return None


def run_check(
    paths: list[str],
    fmt: str = "text",
    select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    stdin_filename: str | None = None,
    exclude: tuple[str, ...] = (),
) -> int:
    code = EXIT_OK
    results: list[tuple[str, list[Finding]]] = []
    for path in discover.find(paths or ["-"], exclude):
        loaded = _load(path, stdin_filename)
        if loaded is None:
            code = max(code, EXIT_ERROR)
            continue
        name, settings = loaded.name, loaded.settings
        findings = lint(
            loaded.tree, loaded.path, select, ignore, settings.merge_build_stages, settings.style
        )
        results.append((name, findings))
        if findings:
            code = max(code, EXIT_FOUND)
    sys.stdout.write(render(fmt, results))
    if fmt == "text":
        total = sum(len(f) for _, f in results)
        fixable = sum(1 for _, fs in results for f in fs if f.fix and f.fix.applicability == SAFE)
        unsafe = sum(1 for _, fs in results for f in fs if f.fix and f.fix.applicability != SAFE)
        if total:
            _say(
                f"Found {total} problem{'s' if total != 1 else ''} "
                f"({fixable} fixable with `dopt fix`, {unsafe} more with --unsafe-fixes)."
            )
        else:
            _say("All checks passed!")
    return code


def run_fix(
    paths: list[str],
    write: bool = False,
    diff: bool = False,
    check: bool = False,
    unsafe: bool = False,
    select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    stdin_filename: str | None = None,
    color: bool | None = None,
    exclude: tuple[str, ...] = (),
) -> int:
    files = list(discover.find(paths or ["-"], exclude))
    if not (write or diff or check) and len(files) > 1:
        _say("dopt fix: give --write, --diff or --check to fix several files")
        return EXIT_ERROR
    use_color = (
        color if color is not None else (sys.stdout.isatty() and not os.environ.get("NO_COLOR"))
    )
    code = EXIT_OK
    applied_total = unsafe_total = before_total = after_total = 0
    for path in files:
        loaded = _load(path, stdin_filename)
        if loaded is None:
            code = max(code, EXIT_ERROR)
            continue
        name, text, data, settings = loaded.name, loaded.text, loaded.data, loaded.settings
        try:
            result = fix_text(
                text,
                loaded.path,
                unsafe,
                select,
                ignore,
                settings.merge_build_stages,
                settings.style,
                loaded.tree,  # parsed once, when it was read
            )
        except RuntimeError as exc:  # a fix that broke the file: never written
            _say(f"{name}: {exc}")
            code = max(code, EXIT_INTERNAL)
            continue
        applied_total += len(result.applied)
        unsafe_total += result.unsafe_available
        before_total += result.layers_before
        after_total += result.layers_after
        changed = result.output != text
        if diff:
            if changed:
                patch = unified_diff(text, result.output, name)
                sys.stdout.write(colorize(patch) if use_color else patch)
                code = max(code, EXIT_FOUND)
        elif check:
            if changed:
                _say(f"would fix {name}")
                code = max(code, EXIT_FOUND)
        elif write and path != "-":
            if changed:
                try:
                    write_atomic(Path(path), result.output, data)
                except (WriteError, OSError) as exc:
                    _say(str(exc))
                    code = max(code, EXIT_ERROR)
        else:
            sys.stdout.write(result.output)
        for f in result.remaining:
            if f.fix is None:
                _say(f"{name}:{f.line}:{f.column}: {f.code} {f.message}")
    verb = "would be applied" if (diff or check) else "applied"
    more = f" ({unsafe_total} more with --unsafe-fixes)" if unsafe_total else ""
    _say(
        f"{applied_total} fix{'es' if applied_total != 1 else ''} {verb}{more}; "
        f"layers {before_total} -> {after_total}"
    )
    return code
