"""Running the rules over one file: selection, suppression comments, stable order."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from optimizer import cst
from optimizer.analysis.shell import file_scope
from optimizer.emit import Style
from optimizer.rules import all_rules, hadolint_map
from optimizer.rules.base import Context, Finding
from optimizer.suppress import ignores_file, suppressed_codes


def _matches(code: str, prefixes: Iterable[str]) -> bool:
    return any(code.startswith(p.upper()) for p in prefixes)


def selected_rules(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list:
    select, ignore = list(select), list(ignore)
    return [
        r
        for r in all_rules()
        if (not select or _matches(r.code, select)) and not _matches(r.code, ignore)
    ]


def lint(
    tree: cst.Dockerfile,
    path: Path | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    merge_build_stages: bool = False,
    style: Style | None = None,
) -> list[Finding]:
    if ignores_file(tree):
        return []
    with file_scope():
        return _lint(tree, path, select, ignore, merge_build_stages, style)


def _lint(
    tree: cst.Dockerfile,
    path: Path | None,
    select: Iterable[str],
    ignore: Iterable[str],
    merge_build_stages: bool,
    style: Style | None,
) -> list[Finding]:
    ctx = Context(tree, path, merge_build_stages, style)
    table = hadolint_map()
    findings = []
    for rule in selected_rules(select, ignore):
        for finding in rule.check(ctx):
            comments = [c for _, c in ctx.comments_before(finding.item)]
            if finding.code not in suppressed_codes(comments, table):
                findings.append(finding)
    findings.sort(key=lambda f: (f.line, f.column, f.code))
    return findings


def layers(tree: cst.Dockerfile) -> int:
    """Instructions that add a layer to the final image: RUN, COPY, ADD in its stages."""
    ctx = Context(tree)
    count = 0
    for stage in ctx.stages.stages:
        if stage.in_final_image:
            count += sum(
                1 for i in stage.items if ctx.instruction(i).keyword in ("RUN", "COPY", "ADD")
            )
    return count
