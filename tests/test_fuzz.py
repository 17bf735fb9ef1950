"""A small fixed-seed run of bench/fuzz.py: no crash, meaning change, non-idempotent result,
lost comment or refusal in a few thousand mutated inputs (the full run takes 100,000)."""

from __future__ import annotations

import importlib.util
import sys

import pytest
from conftest import ROOT

_spec = importlib.util.spec_from_file_location("fuzz", ROOT / "bench" / "fuzz.py")
assert _spec is not None and _spec.loader is not None
fuzz = importlib.util.module_from_spec(_spec)
sys.modules["fuzz"] = fuzz
_spec.loader.exec_module(fuzz)


def test_fuzz_fixed_seed() -> None:
    fuzz.ORACLE_EVERY = 10
    stats = fuzz.run(seed=20261203, count=2000)
    assert stats.parsed > 1500  # the mutations leave most inputs valid
    assert stats.formatted > 500
    assert stats.findings == {}, fuzz.report(stats, 0)


def test_inputs_depend_on_seed_and_index_only() -> None:
    corpus = fuzz._corpus()
    assert fuzz.make_input(5, 123, corpus) == fuzz.make_input(5, 123, corpus)
    assert [fuzz.make_input(5, i, corpus) for i in range(20)] != [
        fuzz.make_input(6, i, corpus) for i in range(20)
    ]


def test_fuzz_reports_a_non_idempotent_formatter(monkeypatch: pytest.MonkeyPatch) -> None:
    # The checks can fail: a formatter that adds a blank line each run is caught.
    monkeypatch.setattr(fuzz, "format_text", lambda text: text + "\n")
    stats = fuzz.Stats()
    fuzz.check(0, "FROM a\nRUN x\n", stats)
    assert list(stats.findings) == ["fmt not idempotent"]
