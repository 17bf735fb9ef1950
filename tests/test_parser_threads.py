"""parse() is re-entrant: parses in several threads at once give the trees a serial parse gives.

(Issue 8: the per-parse state once lived on the shared Lark callbacks, and 233 of 240 parses
in 8 threads came back wrong or raised.)
"""

from __future__ import annotations

import threading

from conftest import corpus_texts, needs_corpus

from optimizer.syntax.parser import parse

THREADS = 8

# Files that differ in what the scanner hands the callbacks: escape, heredocs, BOM, counts.
BUILT_IN = [
    "FROM alpine\nRUN echo hi\n",
    "# escape=`\nFROM windows\nRUN dir `\n  c:\\\n",
    "\ufeffFROM a AS b\nCOPY --from=b /x /y\n",
    "FROM a\nRUN <<EOF\necho one\nEOF\nCOPY <<A <<B /dst\na\nA\nb\nB\n",
    "FROM a\n" + "".join(f"RUN echo {i}\n" for i in range(200)),
    "ARG X=1\nFROM a\nENV K=v L=w\nLABEL a=b\nONBUILD RUN x\n",
    "FROM a\nRUN apt-get update \\\n  # note\n  && apt-get install -y curl\n",
]


def _parse_concurrently(texts: list[str]) -> list[list[object]]:
    """Each thread parses every text (starting at a different one), all starting together."""
    barrier = threading.Barrier(THREADS)
    results: list[list[object]] = [[None] * len(texts) for _ in range(THREADS)]

    def work(k: int) -> None:
        barrier.wait()
        for j in range(len(texts)):
            i = (j + k) % len(texts)
            try:
                results[k][i] = parse(texts[i])
            except Exception as exc:  # recorded and compared: a crash is a wrong result
                results[k][i] = exc

    threads = [threading.Thread(target=work, args=(k,)) for k in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def _check(texts: list[str]) -> None:
    serial = [parse(t) for t in texts]
    wrong = [
        (k, i)
        for k, row in enumerate(_parse_concurrently(texts))
        for i, tree in enumerate(row)
        if tree != serial[i]
    ]
    assert wrong == [], f"{len(wrong)} of {THREADS * len(texts)} concurrent parses differ"


def test_threads_built_in() -> None:
    _check(BUILT_IN * 4)


@needs_corpus
def test_threads_corpus() -> None:
    texts = [text for _, text in corpus_texts("official", "heredoc")][:60]
    _check(texts)
