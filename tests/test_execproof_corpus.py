"""The execution proof over every rewrite `dopt fix` (safe tier) makes in the corpus: 0
disagreements (issue 7; bench/execproof.py prints the same figures)."""

from __future__ import annotations

import pytest
from conftest import CORPUS, corpus_texts, needs_corpus, rel
from execproof import unavailable
from execproof.corpus import prove_files

WHY = unavailable()
pytestmark = [needs_corpus, pytest.mark.skipif(WHY is not None, reason=WHY or "")]


def test_every_safe_rewrite_runs_the_same() -> None:
    files = [(rel(p), t) for p, t in corpus_texts() if "negative" not in str(p)]
    report = prove_files(files)
    print("\n".join(report.lines(f"execproof over {CORPUS}")))
    assert report.rewrites > 1000
    assert report.disagreements == []
