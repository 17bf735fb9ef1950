"""The engine: one Dockerfile in, one typed result out, for every command and for editors.

The steps, each usable on its own (a language server calls the pure ones on its buffer)::

    read_input(path)                       -> Input       I/O: a file's bytes, or stdin's
    decode_bytes(data)                     -> str         ReadError unless UTF-8 text
    config.settings_for(path)              -> Settings    I/O: the nearest .dopt.toml
    format_source(text, settings)          -> FileResult  pure
    check_source(text, settings, ...)      -> FileResult  pure
    fix_source(text, settings, ...)        -> FileResult  pure
    run_text(text, settings, task)         -> FileResult  pure; any error in the result
    process(input, task)                   -> FileResult  decode, settings, run_text

A ``FileResult`` holds the changed text (fmt, fix), the findings with start and end
positions, or the error (``optimizer.errors``: a ``UserError`` such as a ParseError, or an
``InternalError`` such as a guard refusal).  ``process`` catches every exception per file,
so one bad file never stops the others; nothing here prints or writes files.
"""

from __future__ import annotations

import sys

from optimizer.errors import (
    EXIT_ERROR,
    EXIT_FOUND,
    EXIT_OK,
    BrokenFix,
    DoptError,
    NotConverged,
    ReadError,
    Unexpected,
)
from optimizer.io.settings import Settings, settings_for, with_overrides
from optimizer.io.sources import read_bytes
from optimizer.record import Record

TYPE_CHECKING = False  # not typing's: importing typing costs ~3 ms of every start-up
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

    from optimizer.lint.rules.base import Finding, Fix
    from optimizer.lint.selection import Selection
    from optimizer.syntax import cst

FMT, FIX, CHECK = "fmt", "fix", "check"


class Input(Record):
    """One file as read: what messages call it, where it is (for settings), its bytes."""

    name: str  # the path as given, or the --stdin-filename, or "-"
    path: Path | None  # the file for settings and per-file-ignores (None: stdin, unnamed)
    data: bytes | None  # None when it could not be read
    error: ReadError | None = None
    is_stdin: bool = False
    explicit: bool = True  # named on the command line (not found in a folder)


class TextEdit(Record):
    """One edit of a fix on the text the finding was made on: replace the characters from
    (``line``, ``column``) up to, not including, (``end_line``, ``end_column``) with
    ``content``.  1-based lines and columns in characters (code points); an edit of whole
    lines ends at column 1 of the line after them (as ruff's JSON ``end_location``)."""

    line: int
    column: int
    end_line: int
    end_column: int
    content: str


class Diagnostic(Record):
    """A finding, placed: 1-based lines and columns; ``end_column`` is one past the last
    character of the instruction (as in ruff's JSON ``end_location``).  ``edits``: its fix
    as text edits of the file the positions refer to (empty when there is no fix, or when
    the finding was moved back to the input's lines by ``source_positions``)."""

    code: str
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    fix: str | None = None  # "safe", "unsafe", "display" (shown, never applied), or None
    fix_description: str | None = None
    edits: tuple[TextEdit, ...] = ()


class FileResult(Record):
    name: str
    path: Path | None = None
    source: str | None = None  # the decoded input (None if unreadable)
    data: bytes | None = None  # the bytes read (write-back checks the file did not change)
    output: str | None = None  # fmt/fix: the new text (None for check, and on error)
    diagnostics: tuple[Diagnostic, ...] = ()  # check: findings; fix: those left
    error: DoptError | None = None
    skipped: bool = False  # excluded by the settings' `exclude`
    applied: int = 0  # fix: fixes applied
    applied_codes: tuple[str, ...] = ()  # fix: the code of each fix applied, in order
    unsafe_available: int = 0  # fix: more with --unsafe-fixes
    layers_before: int = 0
    layers_after: int = 0

    @property
    def changed(self) -> bool:
        return self.output is not None and self.output != self.source

    @property
    def exit_code(self) -> int:
        if self.error is not None:
            return self.error.exit_code
        return EXIT_FOUND if self.diagnostics else EXIT_OK


class Task(Record):
    """What to do with each file."""

    kind: str  # FMT, FIX or CHECK
    style: tuple[tuple[str, Any], ...] = ()  # command-line Style overrides (name, value)
    selection: Selection | None = None  # command-line codes (fix, check)
    unsafe: bool = False  # fix: also the unsafe fixes
    source_positions: bool = False  # fix: findings at the input's lines, not the output's
    preview: bool = False  # fix, check: --preview (also the rules still in preview)
    context: Path | None = None  # fix, check: --context DIR (None: the Dockerfile's folder)
    cache_mounts: bool = False  # fix, check: --cache-mounts (DOP203, the opt-in rule)
    # fix, check: work out each fix's text edits (False: only whether there is a fix, for a
    # report that does not print edits; rendering every fix's new text is most of its cost)
    edits: bool = True


# ---------------------------------------------------------------------------- I/O steps


def read_input(path: str, stdin_name: str | None = None, explicit: bool = True) -> Input:
    """Read ``path`` (``-``: standard input); a failure is kept in ``Input.error``."""
    if path == "-":
        name = stdin_name or "-"
        real = None
        if stdin_name:
            from optimizer.io.fspath import Path  # only here: `fmt -` needs no path

            real = Path(stdin_name)
        return Input(name, real, sys.stdin.buffer.read(), None, True, True)
    from optimizer.io.fspath import Path  # pathlib's, without its ~4 ms of imports

    try:
        data = read_bytes(path)  # ReadError for FIFOs, sockets, devices, folders
    except ReadError as exc:
        return Input(path, Path(path), None, exc, False, explicit)
    return Input(path, Path(path), data, None, False, explicit)


def decode_bytes(data: bytes) -> str:
    """The text of a Dockerfile's bytes; ReadError (with its position) unless UTF-8 text."""
    if b"\x00" in data:
        raise ReadError("looks like a binary file (it contains NUL bytes), not a Dockerfile")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ReadError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); Dockerfiles must be UTF-8 text",
            line,
            col,
        ) from None


# ---------------------------------------------------------------------------- pure steps


def parse_source(text: str) -> cst.Dockerfile:
    """Parse, then refuse what BuildKit would refuse to build (both raise ParseError)."""
    from optimizer.syntax import validate
    from optimizer.syntax.parser import parse

    tree = parse(text)
    validate.check(tree)
    return tree


def format_source(
    text: str, settings: Settings, name: str = "-", tree: cst.Dockerfile | None = None
) -> FileResult:
    """``dopt fmt`` on one text.  Raises ParseError, Refused."""
    from optimizer.format import formatter as formatting

    tree = tree if tree is not None else parse_source(text)
    output = formatting.format_text(text, settings.style, tree)
    return FileResult(name, source=text, output=output)


def _rules_to_run(settings: Settings, selection: Selection | None, path: Path | None) -> tuple:
    """(select, ignore) for ``lint``: the exact dopt codes to run (or everything ignored)."""
    from optimizer.errors import ConfigError
    from optimizer.lint.selection import Selection, UnknownCode, resolve

    configured = Selection(settings.select, settings.extend_select, settings.ignore)
    try:
        chosen = resolve(selection or Selection(), configured, settings.ignored_for(path))
    except UnknownCode as exc:  # command-line codes are checked before any file is read
        where = ""
        if settings.source is not None:
            from optimizer.io.settings import display_path

            where = f"{display_path(settings.source)}: "
        raise ConfigError(f"{where}{exc.code}: {exc.reason}") from None
    from optimizer.lint.rules import all_rules

    every = [r.code for r in all_rules()]
    if not chosen:
        return (), tuple(every)
    # The exact codes (not "() for all"): lint runs preview rules only when they are chosen.
    return tuple(c for c in every if c in chosen), ()


def _diagnostics(
    tree: cst.Dockerfile, findings: tuple[Finding, ...] | list[Finding], with_edits: bool = True
) -> tuple:
    if not findings:
        return ()
    spans = _spans(tree)
    if not with_edits:
        return tuple(_diagnostic(f, spans.get(f.item)) for f in findings)
    starts: list[tuple[int, int]] | None = None
    # One fix can answer many findings (a chain of RUN merges): its edits are worked out
    # once, or a file with a long chain would take quadratic time.
    done: dict[Fix, tuple[TextEdit, ...]] = {}
    out = []
    secrets: frozenset[str] | None = None
    for f in findings:
        edits: tuple[TextEdit, ...] = ()
        if f.fix is not None:
            if starts is None:
                starts = _item_starts(tree)
                secrets = _secret_values(tree.code)
            edits = done.get(f.fix) or done.setdefault(f.fix, _text_edits(tree, f.fix, starts))
            if secrets and any(s in e.content for e in edits for s in secrets):
                edits = ()  # a report never shows a secret, not even inside a fix's new text
        out.append(_diagnostic(f, spans.get(f.item), edits))
    return tuple(out)


def _secret_values(text: str) -> frozenset[str]:
    """The literal secrets in the file (those DOP401/DOP402 report, masked)."""
    from optimizer.analysis.secrets import assigned_secrets, known_secrets

    return frozenset(text[s.start : s.end] for s in (*known_secrets(text), *assigned_secrets(text)))


def _spans(tree: cst.Dockerfile) -> dict[int, tuple[int, int, int]]:
    """item index -> (first line, last line, end column)."""
    out = {}
    for index, (item, line, end_line) in enumerate(tree.positions()):
        code = item.code.rstrip("\r\n")
        last = code.rsplit("\n", 1)[-1].rstrip("\r")
        out[index] = (line, end_line, len(last) + 1)
    return out


def _item_starts(tree: cst.Dockerfile) -> list[tuple[int, int]]:
    """(line, column) where each item starts, and one more entry: the end of the file.
    Items are whole lines, so each starts at column 1 (a BOM is not counted)."""
    out = []
    line = 1
    for item in tree.items:
        out.append((line, 1))
        line += item.code.count("\n")
    last = tree.items[-1].code if tree.items else "\n"
    if last.endswith("\n"):
        out.append((line, 1))
    else:  # no final newline: the end is after the last character of the last line
        out.append((line, len(last.rsplit("\n", 1)[-1]) + 1))
    return out


def _text_edits(
    tree: cst.Dockerfile, fix: Fix, starts: list[tuple[int, int]]
) -> tuple[TextEdit, ...]:
    """The fix's edits of items as edits of the text, as the fixer would apply this fix
    alone (with the comment lines it keeps)."""
    from optimizer.lint.fixer import keep_comments

    out = []
    for e in sorted(keep_comments(tree, fix).edits, key=lambda e: (e.start, e.end)):
        start, end = starts[min(e.start, len(starts) - 1)], starts[min(e.end, len(starts) - 1)]
        out.append(TextEdit(start[0], start[1], end[0], end[1], e.text))
    return tuple(out)


def _applicability(value: object) -> str:
    """The plain string of a fix's applicability (a str enum or a str)."""
    return str(getattr(value, "value", value))


def _diagnostic(
    f: Finding, span: tuple[int, int, int] | None, edits: tuple[TextEdit, ...] = ()
) -> Diagnostic:
    end_line, end_column = (span[1], span[2]) if span else (f.line, f.column)
    fix = _applicability(f.fix.applicability) if f.fix is not None else None
    desc = f.fix.description if f.fix is not None else None
    return Diagnostic(f.code, f.message, f.line, f.column, end_line, end_column, fix, desc, edits)


def check_source(
    text: str,
    settings: Settings,
    path: Path | None = None,
    selection: Selection | None = None,
    name: str = "-",
    tree: cst.Dockerfile | None = None,
    context: Path | None = None,
    edits: bool = True,
) -> FileResult:
    """``dopt check`` on one text: the findings (``context``: the build context folder,
    ``--context``; None: the Dockerfile's own; ``edits``: False leaves each finding's
    ``edits`` empty, for a caller that needs only whether a fix exists, as a language
    server publishing diagnostics).  Raises ParseError, ConfigError."""
    from optimizer.lint.runner import lint

    tree = tree if tree is not None else parse_source(text)
    select, ignore = _rules_to_run(settings, selection, path)
    merge, style, preview = settings.merge_build_stages, settings.style, settings.preview
    findings = lint(
        tree, path, select, ignore, merge, style, preview, context, opt_in=settings.opt_in
    )
    return FileResult(name, path, text, diagnostics=_diagnostics(tree, findings, edits))


def fix_source(
    text: str,
    settings: Settings,
    path: Path | None = None,
    selection: Selection | None = None,
    unsafe: bool = False,
    source_positions: bool = False,
    name: str = "-",
    tree: cst.Dockerfile | None = None,
    context: Path | None = None,
    edits: bool = True,
) -> FileResult:
    """``dopt fix`` on one text: the fixed text and the findings left (``context`` and
    ``edits`` as for ``check_source``).

    ``source_positions``: place the findings left at the input's lines (for --check and
    --diff, which leave the file as it is), where they can be matched to one there.
    Raises ParseError, ConfigError, BrokenFix, NotConverged.
    """
    from optimizer.errors import ParseError
    from optimizer.lint.fixer import fix_text
    from optimizer.lint.rules.base import applied_by_fix
    from optimizer.lint.runner import lint
    from optimizer.syntax.parser import parse

    tree = tree if tree is not None else parse_source(text)
    select, ignore = _rules_to_run(settings, selection, path)
    merge, style, preview = settings.merge_build_stages, settings.style, settings.preview
    try:
        result = fix_text(
            text,
            path,
            unsafe,
            select,
            ignore,
            merge,
            style,
            tree,
            preview,
            context,
            opt_in=settings.opt_in,
        )
    except RuntimeError as exc:  # the fixer's "a fix broke the file"
        if isinstance(exc, RecursionError):
            raise
        raise BrokenFix(str(exc).removeprefix("dopt bug: ")) from None
    pending = sorted(
        {
            f.code
            for f in result.remaining
            if f.fix is not None and applied_by_fix(f.fix.applicability, unsafe)
        }
    )
    if pending:
        raise NotConverged(
            f"fixes still apply after the fixer's round limit ({', '.join(pending)})"
        )
    after = tree if result.output == text else parse(result.output)
    if after is not tree:
        try:
            from optimizer.syntax import validate

            validate.check(after)
        except ParseError as exc:
            codes = ", ".join(sorted({f.code for f in result.applied}))
            raise BrokenFix(
                f"fixes {codes} produced a file BuildKit would refuse: {exc}", exc.line
            ) from None
    remaining = _diagnostics(after, result.remaining, edits)
    if source_positions and remaining:
        before = lint(
            tree, path, select, ignore, merge, style, preview, context, opt_in=settings.opt_in
        )
        remaining = _to_source(tree, after, result.remaining, before)
    return FileResult(
        name,
        path,
        text,
        output=result.output,
        diagnostics=remaining,
        applied=len(result.applied),
        applied_codes=tuple(f.code for f in result.applied),
        unsafe_available=result.unsafe_available,
        layers_before=result.layers_before,
        layers_after=result.layers_after,
    )


def _to_source(
    before_tree: cst.Dockerfile,
    after_tree: cst.Dockerfile,
    left: tuple[Finding, ...],
    before: list[Finding],
) -> tuple[Diagnostic, ...]:
    """The findings left, each placed at the input's finding it continues: the same code on
    an instruction with the same text, else the same code and message, else the same code."""
    spans = _spans(before_tree)
    # Three indexes over the input's findings, in order; a finding used once is skipped
    # (linear in the number of findings: files of 10,000 lines have thousands).
    from collections import deque

    by_text: dict[tuple[str, str], deque[int]] = {}
    by_message: dict[tuple[str, str], deque[int]] = {}
    by_code: dict[str, deque[int]] = {}
    for k, o in enumerate(before):
        by_text.setdefault((o.code, before_tree.items[o.item].code), deque()).append(k)
        by_message.setdefault((o.code, o.message), deque()).append(k)
        by_code.setdefault(o.code, deque()).append(k)
    used: set[int] = set()

    def take(candidates: deque[int] | None) -> int | None:
        while candidates:
            index = candidates.popleft()
            if index not in used:
                used.add(index)
                return index
        return None

    out = []
    for f in left:
        text = after_tree.items[f.item].code
        found = take(by_text.get((f.code, text)))
        if found is None:
            found = take(by_message.get((f.code, f.message)))
        if found is None:
            found = take(by_code.get(f.code))
        if found is not None:
            match = before[found]
            placed = f.replace(item=match.item, line=match.line, column=match.column)
            # No edits: the fix is of the fixed text, whose lines are not the input's.
            out.append(_diagnostic(placed, spans.get(match.item)))
        else:  # made by a fix: no line in the input to show; the first line of the file
            out.append(Diagnostic(f.code, f.message + " (after fixes)", 1, 1, 1, 1, None, None))
    out.sort(key=lambda d: (d.line, d.column, d.code))
    return tuple(out)


# ---------------------------------------------------------------------------- one file


def run_text(
    text: str, settings: Settings, task: Task, name: str = "-", path: Path | None = None
) -> FileResult:
    """Run ``task`` on a text already in memory (an editor's buffer): pure, and it never
    raises (but KeyboardInterrupt): every error becomes ``FileResult.error``, an exception
    dopt did not expect an ``Unexpected`` internal error."""
    try:
        settings = with_overrides(settings, **dict(task.style))
        if task.preview:
            settings = settings.replace(preview=True)
        if task.cache_mounts:
            settings = settings.replace(cache_mounts=True)
        tree = parse_source(text)
        if task.kind == FMT:
            result = format_source(text, settings, name, tree)
        elif task.kind == CHECK:
            result = check_source(
                text, settings, path, task.selection, name, tree, task.context, task.edits
            )
        else:
            result = fix_source(
                text,
                settings,
                path,
                task.selection,
                task.unsafe,
                task.source_positions,
                name,
                tree,
                task.context,
                task.edits,
            )
    except DoptError as exc:
        return FileResult(name, path, text, error=exc)
    except Exception as exc:  # any other bug: this file fails, the others still run
        return FileResult(name, path, text, error=Unexpected.wrap(exc))
    return result.replace(path=path)


def process(inp: Input, task: Task) -> FileResult:
    """Decode ``inp``, find its settings, and ``run_text``.  Never raises (as ``run_text``)."""
    base = FileResult(inp.name, inp.path, data=inp.data)
    if inp.error is not None or inp.data is None:
        return base.replace(error=inp.error or ReadError("cannot read"))
    text: str | None = None
    try:
        text = decode_bytes(inp.data)
        settings = settings_for(inp.path)
    except DoptError as exc:
        return base.replace(source=text, error=exc)
    except Exception as exc:
        return base.replace(source=text, error=Unexpected.wrap(exc))
    if not inp.explicit and inp.path is not None and settings.excludes(inp.path):
        return base.replace(source=text, skipped=True)
    return run_text(text, settings, task, inp.name, inp.path).replace(data=inp.data)


__all__ = [
    "CHECK",
    "EXIT_ERROR",
    "FIX",
    "FMT",
    "Diagnostic",
    "FileResult",
    "Input",
    "Task",
    "TextEdit",
    "check_source",
    "decode_bytes",
    "fix_source",
    "format_source",
    "parse_source",
    "process",
    "read_input",
    "run_text",
]
