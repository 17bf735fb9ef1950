"""A fix's text is made when first read (``Edit.later``): the fixer reads only the texts of the
fixes it applies, and check and fix leave the edits out for the formats that do not show them
(``formats.SHOW_EDITS``)."""

from __future__ import annotations

import pytest
from conftest import GOLDEN

from optimizer.cli.formats import FORMATS, SHOW_EDITS, render
from optimizer.cli.formats.common import Report
from optimizer.engine import Task, run_text
from optimizer.io.settings import Settings
from optimizer.lint import fixer
from optimizer.lint.rules import common, multiple_consecutive_runs
from optimizer.lint.rules.base import SAFE, Edit, Fix

# DOP101 merges the RUNs (its text made), then DOP102 cleans the apt lists: DOP102's fix is
# seen in the first round too, but waits for the merge.
TEXT = "FROM debian\nRUN apt-get update\nRUN apt-get install -y curl\n"


def test_a_later_edit_is_made_once_on_first_use() -> None:
    made: list[int] = []

    def make() -> str:
        made.append(1)
        return "RUN x\n"

    edit = Edit.later(1, 2, make)
    assert (edit.start, edit.end) == (1, 2) and made == []
    assert edit == Edit(1, 2, "RUN x\n") and hash(edit) == hash(Edit(1, 2, "RUN x\n"))
    assert edit.text == "RUN x\n" and made == [1]
    assert edit.text == "RUN x\n" and made == [1] and "_make" not in edit.__dict__
    assert Fix(SAFE, (edit,), "d") == Fix(SAFE, (Edit(1, 2, "RUN x\n"),), "d")
    assert edit.replace(end=3) == Edit(1, 3, "RUN x\n")
    assert edit != Edit(1, 2, "RUN y\n")


def test_the_fixer_makes_only_the_texts_it_applies(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[str] = []
    appended, merged = common.appended, multiple_consecutive_runs._merged

    def appending(*args: object) -> str:
        made.append("append")
        return appended(*args)  # type: ignore[arg-type]

    def merging(*args: object) -> str:
        made.append("merge")
        return merged(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(common, "appended", appending)
    monkeypatch.setattr(multiple_consecutive_runs, "_merged", merging)
    result = fixer.fix_text(TEXT)
    assert [f.code for f in result.applied] == ["DOP101", "DOP102"]
    assert made == ["merge", "append"]  # DOP102's text of the first round was never made


def _results(edits: bool) -> Report:
    texts = sorted(GOLDEN.rglob("*.Dockerfile"))[:40]
    results = []
    for kind in ("check", "fix"):
        for path in texts:
            task = Task(kind, edits=edits)
            text = path.read_text(encoding="utf-8")
            results.append(run_text(text, Settings(), task, path.name, None))
    return Report(tuple(results))


def test_formats_without_edits_do_not_show_them() -> None:
    with_edits, without = _results(True), _results(False)
    assert any(d.edits for r in with_edits.results for d in r.diagnostics)
    assert not any(d.edits for r in without.results for d in r.diagnostics)
    for fmt in FORMATS:
        same = render(fmt, with_edits) == render(fmt, without)
        assert same == (fmt not in SHOW_EDITS), fmt
