"""The typed rule contract (optimizer/lint/rules/base.py) held for every registered rule:
unique codes, names that are the module's, documentation in its fixed sections, and each
rule's own example: `bad` is reported, `good` is not, and `dopt fix` of `bad` (this rule
selected, --unsafe-fixes when the example's fix is unsafe) is `good` byte for byte.

Display-only fixes and preview rules are checked with small rules of this module put into
the registry (no registered rule uses them yet).
"""

from __future__ import annotations

import io
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from optimizer import engine
from optimizer.cli.main import run
from optimizer.engine import Diagnostic, TextEdit
from optimizer.io.settings import Settings, parse_settings
from optimizer.lint import docs
from optimizer.lint.fixer import fix_text
from optimizer.lint.rules import all_rules, by_code
from optimizer.lint.rules.base import (
    DISPLAY,
    UNSAFE,
    Applicability,
    Context,
    Edit,
    Finding,
    Fix,
    FixAvailability,
    Rule,
    fix_label,
)
from optimizer.lint.runner import lint
from optimizer.lint.selection import Selection
from optimizer.syntax.parser import parse

RULES = all_rules()
IDS = [r.code for r in RULES]


def test_codes_are_unique_and_well_formed() -> None:
    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes))
    assert [c for c in codes if not re.fullmatch(r"DOP\d{3}", c)] == []


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_name_is_kebab_case_and_the_module_name(rule: Rule) -> None:
    assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", rule.name)
    module = type(rule).__module__
    assert module == "optimizer.lint.rules." + rule.name.replace("-", "_")


def test_names_are_unique() -> None:
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_documentation_has_every_section(rule: Rule) -> None:
    for field in ("summary", "why", "bad", "good", "fix_safety"):
        value = getattr(rule, field)
        assert isinstance(value, str) and value.strip(), f"{rule.code}: empty {field}"
    assert "\n" not in rule.summary
    assert rule.bad.endswith("\n") and rule.good.endswith("\n")
    assert isinstance(rule.fix_availability, FixAvailability)
    assert isinstance(rule.fix_applicability, Applicability)
    assert rule.references, f"{rule.code}: no references"
    assert all(re.fullmatch(r"https://\S+", url) for url in rule.references)
    for code in rule.hadolint:  # the hadolint wiki page of every code it answers to
        assert f"https://github.com/hadolint/hadolint/wiki/{code}" in rule.references


# As `dopt check`/`dopt fix --select CODE --preview` run them: the engine, which also refuses
# what BuildKit would not build (an example must be a whole Dockerfile, FROM included).
PREVIEW = Settings(preview=True, cache_mounts=True)  # the opt-in rules too


def _selection(rule: Rule) -> Selection:
    return Selection(select=(rule.code,))


def _diagnostics(rule: Rule, text: str) -> list[Diagnostic]:
    result = engine.check_source(text, PREVIEW, selection=_selection(rule))
    return [d for d in result.diagnostics if d.code == rule.code]


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_bad_example_is_reported_and_good_is_not(rule: Rule) -> None:
    if "****" in rule.bad:
        pytest.skip("the example's secret is masked on purpose: docs never hold a secret")
    assert _diagnostics(rule, rule.bad), f"{rule.code}: its `bad` example gives no finding"
    assert _diagnostics(rule, rule.good) == [], f"{rule.code}: its `good` example is reported"


FIXABLE = [r for r in RULES if r.fix_availability != FixAvailability.NEVER]


@pytest.mark.parametrize("rule", FIXABLE, ids=[r.code for r in FIXABLE])
def test_fix_of_bad_example_is_good(rule: Rule) -> None:
    fixes = [d.fix for d in _diagnostics(rule, rule.bad) if d.fix is not None]
    assert fixes, f"{rule.code}: its `bad` example gets no fix"
    unsafe = UNSAFE in fixes
    if rule.fix_availability == FixAvailability.ALWAYS:
        assert set(fixes) == {rule.fix_applicability}
    result = engine.fix_source(rule.bad, PREVIEW, selection=_selection(rule), unsafe=unsafe)
    assert result.output == rule.good


UNFIXABLE = [r for r in RULES if r.fix_availability == FixAvailability.NEVER]


@pytest.mark.parametrize("rule", UNFIXABLE, ids=[r.code for r in UNFIXABLE])
def test_rule_without_fix_offers_none(rule: Rule) -> None:
    assert all(d.fix is None for d in _diagnostics(rule, rule.bad))


def test_fix_labels() -> None:
    labels = {r.code: fix_label(r) for r in RULES}
    assert labels["DOP101"] == "sometimes" and labels["DOP301"] == "unsafe"
    assert labels["DOP303"] == "safe" and labels["DOP306"] == "none"


def test_enums_are_their_strings() -> None:
    assert Applicability.SAFE == "safe" and FixAvailability.NEVER == "never"
    assert json.dumps({"a": Applicability.DISPLAY}) == '{"a": "display"}'
    assert Fix("display", (), "x").applicability == DISPLAY


# ---------------------------------------------------------------------------- docs/ in sync


def test_generated_docs_are_up_to_date() -> None:
    stale = [str(p.relative_to(docs.ROOT)) for p in docs.stale_files()]
    assert stale == [], f"out of date: {stale}; run `{docs.REGENERATE}` to regenerate"


def test_readme_table_is_generated_between_markers() -> None:
    readme = (docs.ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split(docs.TABLE_START, 1)[1].split(docs.TABLE_END, 1)[0]
    assert table == "\n" + docs.readme_table(RULES)
    for rule in RULES:
        assert f"[{rule.code}](docs/rules/{rule.code}.md)" in table
        assert (docs.ROOT / "docs" / "rules" / f"{rule.code}.md").is_file()


def test_docs_check_names_the_stale_file(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "README.md").write_text(f"x\n{docs.TABLE_START}\nold\n{docs.TABLE_END}\ny\n")
    assert docs.write(tmp_path)  # everything written
    assert docs.stale_files(tmp_path) == []
    page = tmp_path / "docs" / "rules" / "DOP101.md"
    page.write_text("edited\n")
    (tmp_path / "docs" / "rules" / "DOP999.md").write_text("gone\n")
    assert sorted(p.name for p in docs.stale_files(tmp_path)) == ["DOP101.md", "DOP999.md"]
    docs.write(tmp_path)
    assert docs.stale_files(tmp_path) == [] and not (page.parent / "DOP999.md").exists()
    assert (tmp_path / "README.md").read_text().endswith(f"{docs.TABLE_END}\ny\n")


def test_page_has_the_fixed_sections() -> None:
    page = docs.rule_page(by_code()["DOP102"])
    headings = re.findall(r"^## (.+)$", page, re.M)
    assert tuple(headings) == docs.SECTIONS
    assert "https://github.com/hadolint/hadolint/wiki/DL3009" in page


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_explain_prints_every_section(rule: Rule, capsys: pytest.CaptureFixture) -> None:
    assert run(["explain", rule.code.lower()]) == 0
    out = capsys.readouterr().out
    at = [out.index("\n" + s + "\n") for s in docs.SECTIONS]
    assert at == sorted(at)
    assert rule.bad.splitlines()[0] in out and rule.references[0] in out


# ---------------------------------------------------------------------------- display, preview

SUGGEST_TEXT = "FROM debian\nRUN echo hi\n"


class _Suggest(Rule):
    """A rule whose one fix is a suggestion (display-only)."""

    code = "DOP998"
    name = "suggest"
    summary = "A suggestion"
    why = "x"
    bad = SUGGEST_TEXT
    good = SUGGEST_TEXT
    fix_availability = FixAvailability.ALWAYS
    fix_applicability = Applicability.DISPLAY
    fix_safety = "Display only."

    def check(self, ctx: Context) -> Iterator[Finding]:
        for index, inst in ctx.instructions():
            if inst.keyword == "RUN":
                edit = Edit(index, index + 1, "RUN echo suggested\n")
                yield ctx.finding(self, index, "say hi", Fix(DISPLAY, (edit,), "suggest it"))


class _Preview(Rule):
    code = "DOP997"
    name = "preview-only"
    summary = "A rule in preview"
    why = "x"
    bad = SUGGEST_TEXT
    good = SUGGEST_TEXT
    fix_availability = FixAvailability.NEVER
    fix_safety = "No fix."
    preview = True

    def check(self, ctx: Context) -> Iterator[Finding]:
        for index, inst in ctx.instructions():
            if inst.keyword == "FROM":
                yield ctx.finding(self, index, "previewed")


@pytest.fixture
def extra_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    rules = [*RULES, _Suggest(), _Preview()]
    monkeypatch.setattr("optimizer.lint.rules.all_rules", lambda: rules)
    monkeypatch.setattr("optimizer.lint.runner.all_rules", lambda: rules)


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))


def test_display_fix_is_never_applied(extra_rules: None) -> None:
    for unsafe in (False, True):
        result = fix_text(SUGGEST_TEXT, select=["DOP998"], unsafe=unsafe)
        assert result.output == SUGGEST_TEXT and result.applied == ()
        assert result.unsafe_available == 0
        fixed = engine.fix_source(SUGGEST_TEXT, Settings(), unsafe=unsafe)  # converges
        assert fixed.output == SUGGEST_TEXT and fixed.applied == 0
        assert [d.fix for d in fixed.diagnostics if d.code == "DOP998"] == ["display"]


def test_check_shows_the_suggestion(
    extra_rules: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    _stdin(monkeypatch, SUGGEST_TEXT)
    assert run(["check", "--select", "DOP998", "-"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "-:2:1: DOP998 [suggestion] say hi\n"
    assert "0 fixable with `dopt fix`, 0 more with --unsafe-fixes, 1 with a suggested edit" in (
        captured.err
    )
    _stdin(monkeypatch, SUGGEST_TEXT)
    assert run(["check", "--select", "DOP998", "--format", "json", "-"]) == 1
    (entry,) = json.loads(capsys.readouterr().out)
    assert entry["fix"] == {
        "applicability": "display",
        "message": "suggest it",
        "edits": [
            {
                "line": 2,
                "column": 1,
                "end_line": 3,
                "end_column": 1,
                "content": "RUN echo suggested\n",
            }
        ],
    }


def test_fix_diff_leaves_suggestions_out(
    extra_rules: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
    tmp_path: Path,
) -> None:
    f = tmp_path / "Dockerfile"
    f.write_text(SUGGEST_TEXT)
    assert run(["fix", "--diff", "--unsafe-fixes", "--select", "DOP998", str(f)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "DOP998 say hi" in captured.err  # shown as a finding left, not as a change


def test_preview_rules_run_only_with_preview(
    extra_rules: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    tree = parse(SUGGEST_TEXT)
    assert [f.code for f in lint(tree, select=["DOP997"])] == []
    assert [f.code for f in lint(tree, select=["DOP997"], preview=True)] == ["DOP997"]
    assert "DOP998" in [d.code for d in engine.check_source(SUGGEST_TEXT, Settings()).diagnostics]
    codes = [d.code for d in engine.check_source(SUGGEST_TEXT, parse_settings({})).diagnostics]
    assert "DOP997" not in codes
    on = parse_settings({"preview": True})
    assert "DOP997" in [d.code for d in engine.check_source(SUGGEST_TEXT, on).diagnostics]
    _stdin(monkeypatch, SUGGEST_TEXT)
    assert run(["check", "--select", "DOP997", "-"]) == 0
    _stdin(monkeypatch, SUGGEST_TEXT)
    assert run(["check", "--preview", "--select", "DOP997", "-"]) == 1
    assert "DOP997 previewed" in capsys.readouterr().out
    _stdin(monkeypatch, SUGGEST_TEXT)
    assert run(["fix", "--preview", "--select", "DOP997", "-"]) == 0
    assert "DOP997 previewed" in capsys.readouterr().err
    assert run(["rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    marked = {line.split()[0] for line in lines if "(preview" in line}
    assert "DOP997" in marked  # the stand-in, beside the real preview rules
    assert marked - {"DOP997"} == {r.code for r in all_rules() if r.preview and r.code != "DOP997"}


def test_preview_setting_must_be_a_bool() -> None:
    from optimizer.errors import ConfigError

    with pytest.raises(ConfigError, match="preview must be a bool"):
        parse_settings({"preview": "yes"})


def _apply_line_edits(text: str, edits: tuple[TextEdit, ...]) -> str:
    """Apply edits given as (line, column)-(end_line, end_column) ranges of ``text``."""
    lines = [*text.splitlines(keepends=True), ""]

    def offset(line: int, column: int) -> int:
        return sum(len(x) for x in lines[: line - 1]) + column - 1

    out = text
    for e in sorted(edits, key=lambda e: (e.line, e.column), reverse=True):
        out = out[: offset(e.line, e.column)] + e.content + out[offset(e.end_line, e.end_column) :]
    return out


@pytest.mark.parametrize("rule", FIXABLE, ids=[r.code for r in FIXABLE])
def test_reported_edits_turn_the_example_into_good(rule: Rule) -> None:
    """The edits `check` reports (JSON `fix.edits`) are the fix: applied to the lines of
    `bad` they give `good` (every example is fixed in one round)."""
    found = next(d for d in _diagnostics(rule, rule.bad) if d.fix is not None)
    assert _apply_line_edits(rule.bad, found.edits) == rule.good
