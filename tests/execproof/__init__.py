"""Execution proof of RUN rewrites (issue 7): run the original's and the rewritten's RUNs as
BuildKit would, under dash and bash, in a sandbox where every external command is a stub
that logs what it saw, failing each external call in turn, and compare.

    from tests.execproof import prove_merge, prove_addition, unavailable
    verdict = prove_merge(original_text, rewritten_text)
    assert verdict.proven, verdict.disagreement
"""

from .allowed import ALLOWED, allowed_for
from .prove import EXACT, Allowed, Verdict, prove, prove_addition, prove_merge
from .sandbox import unavailable

__all__ = [
    "ALLOWED",
    "EXACT",
    "Allowed",
    "Verdict",
    "allowed_for",
    "prove",
    "prove_addition",
    "prove_merge",
    "unavailable",
]
