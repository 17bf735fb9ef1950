"""Golden tests for the rules: golden/<CODE>/NAME.Dockerfile with, beside it,

- NAME.fixed.Dockerfile: what `dopt fix --select CODE` writes (absent: the file is unchanged,
  a case where a precondition stops the fix);
- NAME.unsafe.Dockerfile: what `--unsafe-fixes` writes, where that differs;
- NAME.check.txt: the findings of CODE, one `line:col: CODE message` per line (for blocked
  cases this is where the reason shows).

Everything is compared byte for byte, and every fixed output must be a fixed point.

Per-case options go in a header comment on the input's first line, which the harness removes
before running (golden_cases.py): ``# dopt-test: select=DOP101,DOP102`` (the codes to run; by
default the folder's), ``ignore=CODES``, ``unsafe-fixes`` (NAME.fixed.Dockerfile is then what
``--unsafe-fixes`` writes), ``merge-build-stages``, ``preview``, ``cache-mounts`` (the setting
that turns the opt-in rule DOP203 on).

**Build contexts.** A folder NAME.context/ beside NAME.Dockerfile is the case's build
context (``--context``): the rules that read the context (DOP202's manifests, DOP403's
.dockerignore) read it instead of the Dockerfile's folder.  Without one, the context is the
Dockerfile's folder (golden/CODE/), as for a file on disk.  ``DOPT_UPDATE_GOLDEN=1``
rewrites the expected files from what dopt produces: a .fixed file is written, or deleted when
the fix changes nothing; an .unsafe file is rewritten, or created when the unsafe fixes write
something else than the safe ones; an existing .check.txt is rewritten.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from golden_cases import check_options, compare, read, split_header, updating

from optimizer.lint.fixer import fix_text
from optimizer.lint.rules import by_code
from optimizer.lint.runner import lint
from optimizer.syntax.parser import parse

GOLDEN = Path(__file__).parent.parent / "golden"
OPTIONS = ("select", "ignore", "unsafe-fixes", "merge-build-stages", "preview", "cache-mounts")


def cases() -> list[tuple[str, str]]:
    out = []
    for folder in sorted(GOLDEN.glob("DOP*")):
        for f in sorted(folder.glob("*.Dockerfile")):
            if f.name.endswith((".fixed.Dockerfile", ".unsafe.Dockerfile")):
                continue
            out.append((folder.name, f.name[: -len(".Dockerfile")]))
    return out


def _is_preview(code: str) -> bool:
    rule = by_code().get(code)
    return rule is not None and rule.preview


def load(code: str, name: str) -> tuple[str, dict[str, Any]]:
    """The case's text (header removed) and the keyword arguments of fix_text/lint."""
    path = GOLDEN / code / f"{name}.Dockerfile"
    text, options = split_header(read(path))
    check_options(options, OPTIONS, path)
    select = options["select"].split(",") if options.get("select") else [code]
    kwargs: dict[str, Any] = {
        "path": path,
        "select": select,
        "ignore": options["ignore"].split(",") if options.get("ignore") else [],
        "merge_build_stages": "merge-build-stages" in options,
        # A folder of a preview rule runs with --preview (its cases need no header for it).
        "preview": "preview" in options or _is_preview(code),
        "opt_in": frozenset({"cache-mounts"} & set(options)),
    }
    context = GOLDEN / code / f"{name}.context"
    if context.is_dir():
        kwargs["context"] = context
    return text, {**kwargs, "unsafe": "unsafe-fixes" in options}


@pytest.mark.parametrize(("code", "name"), cases())
def test_fix(code: str, name: str) -> None:
    text, kwargs = load(code, name)
    result = fix_text(text, **kwargs)
    compare(GOLDEN / code / f"{name}.fixed.Dockerfile", result.output, absent_means=text)
    assert fix_text(result.output, **kwargs).output == result.output


@pytest.mark.parametrize(("code", "name"), cases())
def test_unsafe_fix(code: str, name: str) -> None:
    unsafe_path = GOLDEN / code / f"{name}.unsafe.Dockerfile"
    text, kwargs = load(code, name)
    if not unsafe_path.exists() and not updating():
        pytest.skip("no unsafe tier for this case")
    result = fix_text(text, **{**kwargs, "unsafe": True})
    if not unsafe_path.exists() and result.output == fix_text(text, **kwargs).output:
        return  # updating: the unsafe fixes write what the safe ones do, no tier needed
    compare(unsafe_path, result.output)


@pytest.mark.parametrize(("code", "name"), cases())
def test_check_output(code: str, name: str) -> None:
    check_path = GOLDEN / code / f"{name}.check.txt"
    if not check_path.exists():
        pytest.skip("no check expectation for this case")
    text, kwargs = load(code, name)
    findings = lint(
        parse(text),
        kwargs["path"],
        kwargs["select"],
        kwargs["ignore"],
        kwargs["merge_build_stages"],
        preview=kwargs["preview"],
        context=kwargs.get("context"),
        opt_in=kwargs["opt_in"],
    )
    got = "".join(f"{f.line}:{f.column}: {f.code} {f.message}\n" for f in findings)
    compare(check_path, got)


def test_header_options_are_read_and_removed() -> None:
    text = "# dopt-test: unsafe-fixes, select=DOP101,DOP102 preview\r\nFROM a\r\n"
    assert split_header(text) == (
        "FROM a\r\n",
        {"unsafe-fixes": "", "select": "DOP101,DOP102", "preview": ""},
    )
    assert split_header("\ufeff# dopt-test: preview\nFROM a\n") == (
        "\ufeffFROM a\n",
        {"preview": ""},
    )
    assert split_header("# dopt-testing\nFROM a\n") == ("# dopt-testing\nFROM a\n", {})
    with pytest.raises(AssertionError, match="unknown dopt-test option"):
        check_options({"unsafe": ""}, OPTIONS, Path("x"))


def test_update_mode_writes_creates_and_deletes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = tmp_path / "a.fixed.Dockerfile"
    monkeypatch.delenv("DOPT_UPDATE_GOLDEN", raising=False)
    with pytest.raises(AssertionError, match="DOPT_UPDATE_GOLDEN=1 rewrites it"):
        compare(expected, "new\n", absent_means="old\n")
    monkeypatch.setenv("DOPT_UPDATE_GOLDEN", "1")
    compare(expected, "new\n", absent_means="old\n")
    assert expected.read_bytes() == b"new\n"
    compare(expected, "old\n", absent_means="old\n")  # unchanged: no .fixed file
    assert not expected.exists()
    monkeypatch.setenv("DOPT_UPDATE_GOLDEN", "0")
    with pytest.raises(AssertionError):
        compare(expected, "new\n", absent_means="old\n")


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
