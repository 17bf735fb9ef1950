"""Our BuildKit model against BuildKit's own parser (the ``dockerfile`` package)."""

from __future__ import annotations

import oracle
import pytest
from conftest import corpus_texts, needs_corpus, rel

pytestmark = [
    needs_corpus,
    pytest.mark.skipif(
        not oracle.available, reason="the dockerfile package (test oracle) is not installed"
    ),
]

# Files where the oracle is known to differ from BuildKit itself, with the reason.
KNOWN = {
    # The package hands strings through C, so a JSON "\u0000" cuts the value short there;
    # BuildKit keeps it (its own `result` dump for this case, checked in test_parser_corpus,
    # has the NUL).
    "buildkit-parser/json/Dockerfile": "NUL inside a JSON string",
}


def test_model_matches_buildkit_on_corpus() -> None:
    mismatches = []
    compared = 0
    for path, text in corpus_texts():
        name = rel(path)
        if name in KNOWN:
            continue
        ours, theirs = oracle.both(text)
        if (ours is None) != (theirs is None):
            mismatches.append(f"{name}: accepted by {'BuildKit' if ours is None else 'us'} only")
        elif ours != theirs:
            mismatches.append(name)
        else:
            compared += ours is not None
    assert mismatches == []
    assert compared > 2500
