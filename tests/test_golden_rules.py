"""Golden tests for the rules: golden/<CODE>/NAME.Dockerfile with, beside it,

- NAME.fixed.Dockerfile: what `dopt fix --select CODE` writes (absent: the file is unchanged,
  a case where a precondition stops the fix);
- NAME.unsafe.Dockerfile: what `--unsafe-fixes` writes, where that differs;
- NAME.check.txt: the findings of CODE, one `line:col: CODE message` per line (for blocked
  cases this is where the reason shows).

Everything is compared byte for byte, and every fixed output must be a fixed point.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from optimizer.lint.fixer import fix_text
from optimizer.lint.rules import by_code
from optimizer.lint.runner import lint
from optimizer.syntax.parser import parse

GOLDEN = Path(__file__).parent.parent / "golden"


def cases() -> list[tuple[str, str]]:
    out = []
    for folder in sorted(GOLDEN.glob("DOP*")):
        for f in sorted(folder.glob("*.Dockerfile")):
            if f.name.endswith((".fixed.Dockerfile", ".unsafe.Dockerfile")):
                continue
            out.append((folder.name, f.name[: -len(".Dockerfile")]))
    return out


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


@pytest.mark.parametrize(("code", "name"), cases())
def test_fix(code: str, name: str) -> None:
    folder = GOLDEN / code
    text = _read(folder / f"{name}.Dockerfile")
    expected_path = folder / f"{name}.fixed.Dockerfile"
    expected = _read(expected_path) if expected_path.exists() else text
    result = fix_text(text, path=folder / f"{name}.Dockerfile", select=[code])
    assert result.output == expected
    assert fix_text(result.output, path=folder / f"{name}.Dockerfile", select=[code]).output == (
        result.output
    )


@pytest.mark.parametrize(("code", "name"), cases())
def test_unsafe_fix(code: str, name: str) -> None:
    folder = GOLDEN / code
    unsafe_path = folder / f"{name}.unsafe.Dockerfile"
    if not unsafe_path.exists():
        pytest.skip("no unsafe tier for this case")
    text = _read(folder / f"{name}.Dockerfile")
    result = fix_text(text, path=folder / f"{name}.Dockerfile", unsafe=True, select=[code])
    assert result.output == _read(unsafe_path)


@pytest.mark.parametrize(("code", "name"), cases())
def test_check_output(code: str, name: str) -> None:
    folder = GOLDEN / code
    check_path = folder / f"{name}.check.txt"
    if not check_path.exists():
        pytest.skip("no check expectation for this case")
    text = _read(folder / f"{name}.Dockerfile")
    findings = lint(parse(text), folder / f"{name}.Dockerfile", select=[code])
    got = "".join(f"{f.line}:{f.column}: {f.code} {f.message}\n" for f in findings)
    assert got == _read(check_path)


def test_every_rule_has_golden_cases() -> None:
    counts: dict[str, tuple[int, int]] = {}
    for code, name in cases():
        fixed = (GOLDEN / code / f"{name}.fixed.Dockerfile").exists() or (
            GOLDEN / code / f"{name}.unsafe.Dockerfile"
        ).exists()
        f, b = counts.get(code, (0, 0))
        counts[code] = (f + fixed, b + (not fixed))
    missing = []
    for code, rule in by_code().items():
        fixes, blocked = counts.get(code, (0, 0))
        need_fixes = 0 if rule.fix_availability == "never" else 6
        if fixes < need_fixes or blocked < 6:
            missing.append(f"{code}: {fixes} fixing, {blocked} blocked")
    assert missing == []
