"""What the language server computes for one version of a document: findings, quick fixes,
"fix all", "ignore here", formatting (whole and range) and the hover text of a rule code.

Everything here is pure: a ``Snapshot`` (the text, its settings and what the engine found)
in, LSP types out.  Each version is parsed once; checking, formatting and fixing reuse the
tree.  One fix's edits are the hunks of "fix this rule" that touch its instruction (the
engine reports where a finding is, not its edits): when those hunks alone would not read as
a Dockerfile, the action offers every hunk of that rule ("fix all DOP101") instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lsprotocol import types

from optimizer.engine import Diagnostic as Finding
from optimizer.engine import check_source, fix_source, format_source, parse_source
from optimizer.errors import DoptError, ParseError, Unexpected
from optimizer.io.settings import Settings
from optimizer.record import Record
from optimizer.server import convert
from optimizer.server.convert import Hunk, Lines

FIX_ALL_KIND = "source.fixAll.dopt"
QUICKFIX = types.CodeActionKind.QuickFix.value
UNUSED_SUPPRESSION = "DOP001"  # ignoring the finding about an ignore comment makes no sense

# `# dopt: ignore=CODE,CODE` (and ignore-file=): where its codes are, for hover and for
# appending one more (the syntax of optimizer.lint.suppressions, read here on its own).
_RE_IGNORE = re.compile(
    r"^(?P<head>[ \t]*#[ \t]*dopt[ \t]*:[ \t]*(?P<kind>ignore|ignore-file)[ \t]*=[ \t]*)"
    r"(?P<codes>[A-Za-z0-9_]+(?:[ \t]*,[ \t]*[A-Za-z0-9_]+)*)"
)
_RE_CODE = re.compile(r"[A-Za-z0-9_]+")


class Snapshot(Record):
    """One version of a document and what the engine made of it."""

    text: str
    settings: Settings
    path: Path | None
    findings: tuple[Finding, ...] = ()
    error: DoptError | None = None  # a parse error (or a dopt bug): no findings then
    tree: Any = None  # the parsed file, reused by formatting and fixing
    _lines: Lines | None = None
    _fixed: dict | None = None  # (codes, unsafe) -> fixed text or error, per snapshot

    @property
    def lines(self) -> Lines:
        if self._lines is None:
            object.__setattr__(self, "_lines", Lines(self.text))
        return self._lines  # type: ignore[return-value]


def analyse(text: str, settings: Settings, path: Path | None) -> Snapshot:
    """Parse and check ``text``; every error goes into the snapshot (never raises)."""
    name = str(path) if path is not None else "-"
    try:
        tree = parse_source(text)
        # Not the fixes' text edits: a code action works its fix out from `dopt fix`.
        result = check_source(text, settings, path, name=name, tree=tree, edits=False)
    except DoptError as exc:
        return Snapshot(text, settings, path, error=exc)
    except Exception as exc:  # a dopt bug: shown as one error, the server goes on
        return Snapshot(text, settings, path, error=Unexpected.wrap(exc))
    return Snapshot(text, settings, path, result.diagnostics, None, tree)


def diagnostics_json(snap: Snapshot, encoding: str) -> list[dict[str, Any]]:
    """The snapshot's diagnostics as JSON-ready dicts (what the server publishes)."""
    if snap.error is not None:
        return [convert.error_diagnostic_json(snap.error, snap.lines, encoding)]
    return [convert.diagnostic_json(f, snap.lines, encoding) for f in snap.findings]


# ---------------------------------------------------------------------------- formatting


def format_hunks(snap: Snapshot) -> list[Hunk]:
    """The formatter's changes; raises DoptError (a parse error, a guard refusal)."""
    if snap.error is not None:
        raise snap.error
    output = format_source(snap.text, snap.settings, tree=snap.tree).output
    return convert.hunks(snap.text, output or snap.text)


def format_document(snap: Snapshot, encoding: str) -> list[types.TextEdit]:
    return convert.text_edits(snap.text, format_hunks(snap), encoding)


def format_range(snap: Snapshot, where: types.Range, encoding: str) -> list[types.TextEdit]:
    """The formatter's hunks that touch the lines of ``where``.  If those alone do not give
    a file that formats to the same result (a hunk cut an instruction's change in two),
    the whole document's edits instead."""
    every = format_hunks(snap)
    last = where.end.line
    if where.end.character == 0 and where.end.line > where.start.line:
        last -= 1  # a selection of whole lines ends at the start of the next one
    chosen = [h for h in every if convert.touches(h, where.start.line, last)]
    if len(chosen) != len(every) and chosen:
        partial = convert.apply(snap.text, chosen)
        full = convert.apply(snap.text, every)
        try:
            again = format_source(partial, snap.settings).output
        except DoptError:
            again = None
        if again != full:
            chosen = every
    return convert.text_edits(snap.text, chosen, encoding)


# ---------------------------------------------------------------------------- code actions


def _fixed(snap: Snapshot, codes: tuple[str, ...] | None, unsafe: bool) -> str | None:
    """The text with these rules' fixes applied (None: every rule); None on failure."""
    from optimizer.lint.selection import Selection  # the engine's parameter type

    cache = snap._fixed
    if cache is None:
        cache = {}
        object.__setattr__(snap, "_fixed", cache)
    key = (codes, unsafe)
    if key not in cache:
        selection = Selection(select=codes) if codes is not None else None
        try:
            result = fix_source(
                snap.text, snap.settings, snap.path, selection, unsafe, tree=snap.tree
            )
            cache[key] = result.output
        except DoptError:
            cache[key] = None
    return cache[key]


def _workspace_edit(uri: str, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
    return types.WorkspaceEdit(changes={uri: edits})


def _wanted(kind: str, only: Sequence[str] | None) -> bool:
    """Does ``only`` (the client's filter of kinds, by prefix) admit ``kind``?"""
    if not only:
        return True
    return any(kind == o or kind.startswith(o + ".") for o in only)


def quick_fix(
    snap: Snapshot, uri: str, finding: Finding, diag: types.Diagnostic, encoding: str
) -> types.CodeAction | None:
    """The finding's fix, labelled safe or unsafe."""
    if finding.fix is None:
        return None
    output = _fixed(snap, (finding.code,), finding.fix == "unsafe")
    if output is None or output == snap.text:
        return None
    every = convert.hunks(snap.text, output)
    chosen = [h for h in every if convert.touches(h, finding.line - 1, finding.end_line - 1)]
    what = finding.fix_description or "fix"
    title = f"{finding.code}: {what} ({finding.fix})"
    if len(chosen) != len(every):
        try:
            if not chosen:
                raise ParseError("no hunk of its own")
            parse_source(convert.apply(snap.text, chosen))
        except DoptError:
            chosen = every
            title = f"Fix all {finding.code} problems ({finding.fix})"
    return types.CodeAction(
        title=title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diag],
        is_preferred=finding.fix == "safe",
        edit=_workspace_edit(uri, convert.text_edits(snap.text, chosen, encoding)),
    )


def ignore_here(
    snap: Snapshot, uri: str, finding: Finding, diag: types.Diagnostic, encoding: str
) -> types.CodeAction | None:
    """``# dopt: ignore=CODE`` on a new line above the instruction, or ``,CODE`` added to
    the ``# dopt: ignore=`` comment right above it."""
    if finding.code == UNUSED_SUPPRESSION:
        return None
    lines = snap.lines
    row = finding.line - 1
    above = _RE_IGNORE.match(lines.line(row - 1)) if row > 0 else None
    if above is not None and above.group("kind") == "ignore":
        at = types.Position(row - 1, convert.units(lines.line(row - 1)[: above.end()], encoding))
        edit = types.TextEdit(types.Range(at, at), f",{finding.code}")
    else:
        text = lines.line(row)
        indent = text[: len(text) - len(text.lstrip(" \t"))]
        eol = "\r\n" if _line_ends_crlf(snap.text, row) else "\n"
        at = types.Position(row, 0)
        edit = types.TextEdit(types.Range(at, at), f"{indent}# dopt: ignore={finding.code}{eol}")
    return types.CodeAction(
        title=f"Ignore {finding.code} here",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diag],
        edit=_workspace_edit(uri, [edit]),
    )


def _line_ends_crlf(text: str, row: int) -> bool:
    start = 0
    for _ in range(row):
        start = text.find("\n", start) + 1
        if start == 0:
            return False
    end = text.find("\n", start)
    return end > 0 and text[end - 1] == "\r"


def fix_all(snap: Snapshot, uri: str, encoding: str) -> types.CodeAction | None:
    """Every safe fix, as ``dopt fix`` applies them."""
    output = _fixed(snap, None, False)
    if output is None or output == snap.text:
        return None
    edits = convert.text_edits(snap.text, convert.hunks(snap.text, output), encoding)
    return types.CodeAction(
        title="Fix all safe problems",
        kind=FIX_ALL_KIND,
        edit=_workspace_edit(uri, edits),
    )


def code_actions(
    snap: Snapshot, uri: str, where: types.Range, only: Sequence[str] | None, encoding: str
) -> list[types.CodeAction]:
    """The quick fixes and ignores of the findings on the lines of ``where``; "Fix all
    safe problems" when a safe fix exists (or when the client asks for source.fixAll)."""
    if snap.error is not None:
        return []
    out: list[types.CodeAction] = []
    if _wanted(QUICKFIX, only):
        for finding in snap.findings:
            if finding.line - 1 > where.end.line or finding.end_line - 1 < where.start.line:
                continue
            diag = convert.diagnostic(finding, snap.lines, encoding)
            for make in (quick_fix, ignore_here):
                action = make(snap, uri, finding, diag, encoding)
                if action is not None:
                    out.append(action)
    asked = bool(only) and _wanted(FIX_ALL_KIND, only)
    if _wanted(FIX_ALL_KIND, only) and (asked or any(f.fix == "safe" for f in snap.findings)):
        action = fix_all(snap, uri, encoding)
        if action is not None:
            out.append(action)
    return out


# ---------------------------------------------------------------------------- hover


def code_at(line: str, at: int) -> tuple[str, int, int] | None:
    """The rule code under index ``at`` of a ``# dopt: ignore=`` comment line, with where
    it starts and ends in the line; None elsewhere."""
    m = _RE_IGNORE.match(line)
    if m is None:
        return None
    for c in _RE_CODE.finditer(line, m.start("codes"), m.end("codes")):
        if c.start() <= at <= c.end():
            return c.group().upper(), c.start(), c.end()
    return None


def explain_markdown(code: str) -> str | None:
    """``dopt explain CODE`` as Markdown (None: no such rule)."""
    from optimizer.lint.rules import by_code  # the rules' own documentation

    rule = by_code().get(code)
    if rule is None:
        return None
    from optimizer.lint.docs import rule_page  # the same page as docs/rules/CODE.md

    return rule_page(rule)


def hover(snap: Snapshot, position: types.Position, encoding: str) -> types.Hover | None:
    """The explain text of the rule code under the cursor in a ``# dopt: ignore=`` comment."""
    line = snap.lines.line(position.line)
    found = code_at(line, convert.index(line, position.character, encoding))
    text = explain_markdown(found[0]) if found is not None else None
    if found is None or text is None:
        return None
    _, start, end = found
    where = types.Range(
        types.Position(position.line, convert.units(line[:start], encoding)),
        types.Position(position.line, convert.units(line[:end], encoding)),
    )
    content = types.MarkupContent(kind=types.MarkupKind.Markdown, value=text)
    return types.Hover(contents=content, range=where)
