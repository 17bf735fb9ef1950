"""Running the rules over one file: selection, suppression comments, stable order."""

from __future__ import annotations

from collections.abc import Iterable

from optimizer.analysis.shell.script import file_scope
from optimizer.format.style import Style
from optimizer.io.fspath import Path  # pathlib.Path without importing pathlib
from optimizer.lint.rules import all_rules, hadolint_map
from optimizer.lint.rules.base import Context, Finding, Fix, Rule
from optimizer.lint.rules.common import no_fix
from optimizer.lint.suppressions import UNUSED_CODE, Suppressions
from optimizer.syntax import cst


def selected_rules(
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    preview: bool = False,
    opt_in: frozenset[str] = frozenset(),
) -> list:
    """The rules to report: selected, not ignored, and stable unless ``preview`` (a preview
    rule runs only with --preview, even when its code is selected, as in ruff); an opt-in
    rule only when its setting is among ``opt_in`` ("cache-mounts")."""
    # Upper-cased once, not per rule: fix selects once a round from ~40 codes.
    chosen = tuple(p.upper() for p in select)
    ignored = tuple(p.upper() for p in ignore)
    return [
        r
        for r in all_rules()
        if (not chosen or r.code.startswith(chosen))
        and not r.code.startswith(ignored)
        and (preview or not r.preview)
        and (not r.opt_in or r.opt_in in opt_in)
    ]


def lint(
    tree: cst.Dockerfile,
    path: Path | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    merge_build_stages: bool = False,
    style: Style | None = None,
    preview: bool = False,
    context: Path | None = None,
    opt_in: frozenset[str] = frozenset(),
) -> list[Finding]:
    """The findings of the selected rules (``context``: the build context folder, given by
    ``--context``; None: the Dockerfile's own, see ``Context.build_context``; ``opt_in``:
    the opt-in settings that are on)."""
    table = hadolint_map()
    everything = all_rules()
    sup = Suppressions(tree, table, (r.code for r in everything))
    if sup.ignore_file:
        return []
    with file_scope():
        return _lint(
            tree,
            path,
            select,
            ignore,
            merge_build_stages,
            style,
            sup,
            everything,
            preview,
            context,
            opt_in,
        )


def _lint(
    tree: cst.Dockerfile,
    path: Path | None,
    select: Iterable[str],
    ignore: Iterable[str],
    merge_build_stages: bool,
    style: Style | None,
    sup: Suppressions,
    everything: list[Rule],
    preview: bool,
    context: Path | None,
    opt_in: frozenset[str],
) -> list[Finding]:
    ctx = Context(tree, path, merge_build_stages, style, context)
    ctx.suppressed = sup.suppresses  # a rule that asks is affected by the pragma: it is used
    chosen = selected_rules(select, ignore, preview, opt_in)
    reported = {r.code for r in chosen}
    ctx.opted_in = frozenset(r.code for r in chosen if r.opt_in)
    to_run = list(chosen)
    judge = UNUSED_CODE in reported
    if judge:
        # Whether a suppression is needed is known only by running the rules it names.
        wanted = sup.wanted_codes()
        to_run += [
            r for r in everything if r.code not in reported and (wanted is None or r.code in wanted)
        ]
    findings = []
    # id(fix), code -> the fix (kept alive, so its id is not reused) and why it may not apply
    blocked: dict[tuple[int, str], tuple[Fix, str | None]] = {}
    for rule in to_run:
        for finding in rule.check(ctx):
            if finding.item in sup.protected or sup.suppresses(finding.code, finding.item):
                continue
            if finding.code not in reported:
                continue
            if finding.fix is not None:
                # A fix shared by many findings (a chain of merges) is judged once.
                key = (id(finding.fix), finding.code)
                if key not in blocked:
                    blocked[key] = (finding.fix, _fix_blocked(finding, sup, ctx))
                reason = blocked[key][1]
                if reason is not None:
                    finding = finding.replace(fix=None, message=no_fix(finding.message, reason))
            findings.append(finding)
    if judge:
        unused_rule = next(r for r in chosen if r.code == UNUSED_CODE)
        findings += unused_rule.findings(ctx, sup.unused())
    findings.sort(key=lambda f: (f.line, f.column, f.code))
    return findings


def _fix_blocked(finding: Finding, sup: Suppressions, ctx: Context) -> str | None:
    """Why the finding's fix may not apply, if it would edit lines a pragma protects: under
    ``# dopt: off``/``skip``, or an instruction where this code is suppressed (a merge of
    several RUNs answers to each of their findings)."""
    assert finding.fix is not None
    for edit in finding.fix.edits:
        for i in range(edit.start, min(max(edit.end, edit.start + 1), len(ctx.items))):
            if i in sup.protected:
                return "it would change lines under `# dopt: off` or `# dopt: skip`"
            if (
                i != finding.item
                and isinstance(ctx.items[i], cst.Instruction)
                and sup.suppresses(finding.code, i)
            ):
                line = ctx.lines.get(i, 1)
                return f"it would change line {line}, where {finding.code} is suppressed"
    return None


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
