"""Running the rules over one file: selection, suppression comments, stable order."""

from __future__ import annotations

from collections.abc import Iterable

from optimizer.analysis.shell.script import file_scope
from optimizer.format.style import Style
from optimizer.io.fspath import Path  # pathlib.Path without importing pathlib
from optimizer.lint.rules import all_rules, hadolint_map
from optimizer.lint.rules.base import Context, Finding, Fix, Rule, applied_by_fix, fix_kinds
from optimizer.lint.rules.common import no_fix
from optimizer.lint.suppressions import UNUSED_CODE, Suppressions
from optimizer.syntax import cst


def selected_rules(
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    preview: bool = False,
    opt_in: frozenset[str] = frozenset(),
    rules: list[Rule] | None = None,
) -> list:
    """The rules to report (of ``rules``, else all): selected, not ignored, and stable
    unless ``preview`` (a preview rule runs only with --preview, even when its code is
    selected, as in ruff); an opt-in rule only when its setting is among ``opt_in``
    ("cache-mounts")."""
    # Upper-cased once, not per rule: fix selects once a round from ~40 codes.
    chosen = tuple(p.upper() for p in select)
    ignored = tuple(p.upper() for p in ignore)
    # The engine selects by exact codes: a set answers those without trying each of the
    # ~40 prefixes on each rule (a code in it starts with itself; startswith decides the rest).
    exact = frozenset(chosen)
    return [
        r
        for r in (all_rules() if rules is None else rules)
        if (not chosen or r.code in exact or r.code.startswith(chosen))
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
    run = Lint(tree, path, select, ignore, merge_build_stages, style, preview, context, opt_in)
    return run.findings()


class Lint:
    """One lint of one tree, which ``dopt fix`` may take in two parts: ``fixable()``, the
    findings of the rules that may give a fix it applies (all a fix round needs to choose
    its fixes), then at the fixed point ``findings()``, the other rules' added: the same
    list ``lint`` gives.  A file with pragmas runs every rule in the first part (whether a
    pragma is used, DOP001, is known only once all the rules it names have run)."""

    def __init__(
        self,
        tree: cst.Dockerfile,
        path: Path | None = None,
        select: Iterable[str] = (),
        ignore: Iterable[str] = (),
        merge_build_stages: bool = False,
        style: Style | None = None,
        preview: bool = False,
        context: Path | None = None,
        opt_in: frozenset[str] = frozenset(),
    ) -> None:
        self.everything = everything = all_rules()
        # The tables only a file with pragmas reads (made then: most files have none).
        self.sup = Suppressions(tree, hadolint_map, lambda: [r.code for r in everything])
        self.ctx = Context(tree, path, merge_build_stages, style, context)
        self.ctx.suppressed = self.sup.suppresses  # a rule that asks uses the pragma
        self.chosen = selected_rules(select, ignore, preview, opt_in, everything)
        self.reported = {r.code for r in self.chosen}
        self.ctx.opted_in = frozenset(r.code for r in self.chosen if r.opt_in)
        self._todo: list[Rule] | None = None  # the rules not run yet (None: not started)
        self._found: list[Finding] = []
        # id(fix), code -> the fix (kept alive, so its id is not reused) and why it may
        # not apply
        self._blocked: dict[tuple[int, str], tuple[Fix, str | None]] = {}
        self._sorted: list[Finding] | None = None
        self._split: int | None = None  # where the findings of the rules left for later start

    def _rules(self) -> list[Rule]:
        to_run = list(self.chosen)
        if UNUSED_CODE in self.reported:
            # Whether a suppression is needed is known only by running the rules it names.
            wanted = self.sup.wanted_codes()
            to_run += [
                r
                for r in self.everything
                if r.code not in self.reported and (wanted is None or r.code in wanted)
            ]
        return to_run

    def fixable(self, unsafe: bool = False) -> list[Finding]:
        """The findings of the rules that may give a fix ``dopt fix`` (``--unsafe-fixes``
        or not) applies, sorted as ``findings()``; all findings when the file has pragmas
        (or ``ignore-file``: none)."""
        if self.sup.ignore_file:
            return []
        if self._todo is None:
            self._todo = self._rules()
            if not self.sup.pragmas and not self.sup.bad:
                now: list[Rule] = []
                later: list[Rule] = []
                for rule in self._todo:
                    (now if _may_fix(rule, unsafe) else later).append(rule)
                self._todo = later
                self._run(now)
                self._split = len(self._found)
                return _sorted(self._found)
        return self.findings()

    def missed(self, unsafe: bool = False) -> bool:
        """After ``fixable()``: does a rule it left for later give a fix ``dopt fix`` applies
        (its ``fix_kinds_declared`` is wrong, a dopt bug)?  Runs them (``findings()``)."""
        self.findings()
        later = self._found[self._split :] if self._split is not None else []
        return any(f.fix is not None and applied_by_fix(f.fix.applicability, unsafe) for f in later)

    def findings(self) -> list[Finding]:
        """All the findings, as ``lint`` gives them."""
        if self.sup.ignore_file:
            return []
        if self._sorted is None:
            if self._todo is None:
                self._todo = self._rules()
            self._run(self._todo)
            self._todo = []
            findings = self._found
            if UNUSED_CODE in self.reported:
                unused_rule = next(r for r in self.chosen if r.code == UNUSED_CODE)
                findings += unused_rule.findings(self.ctx, self.sup.unused())
            self._sorted = _sorted(findings)
        return self._sorted

    def _run(self, rules: list[Rule]) -> None:
        ctx, sup, reported, blocked = self.ctx, self.sup, self.reported, self._blocked
        findings = self._found
        with file_scope():
            for rule in rules:
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
                            finding = finding.replace(
                                fix=None, message=no_fix(finding.message, reason)
                            )
                    findings.append(finding)


def _may_fix(rule: Rule, unsafe: bool) -> bool:
    """May the rule give a fix ``dopt fix`` (``--unsafe-fixes`` or not) applies?"""
    # A loop, not any() over a generator: asked of each rule each fix round.
    for kind in fix_kinds(rule):
        if applied_by_fix(kind, unsafe):
            return True
    return False


def _sorted(findings: list[Finding]) -> list[Finding]:
    # Stable: findings at one place with one code come from one rule, in its order, so
    # the rules' findings taken in two parts sort as when taken at once.
    return sorted(findings, key=lambda f: (f.line, f.column, f.code))


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


def layers(tree: cst.Dockerfile | Context) -> int:
    """Instructions that add a layer to the final image: RUN, COPY, ADD in its stages (of a
    tree, or of a Context of it, whose stages the rules have worked out already)."""
    ctx = tree if isinstance(tree, Context) else Context(tree)
    count = 0
    for stage in ctx.stages.stages:
        if stage.in_final_image:
            count += sum(
                1 for i in stage.items if ctx.instruction(i).keyword in ("RUN", "COPY", "ADD")
            )
    return count
