"""The proof over many files: every rewrite `dopt fix` makes (bench/execproof.py and
tests/test_execproof_corpus.py share this)."""

from __future__ import annotations

import time
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from optimizer.errors import ParseError
from optimizer.lint.fixer import fix_text
from optimizer.syntax.parser import parse

from .allowed import allowed_for
from .dockerfile import windows
from .prove import Verdict, prove_window, window_key


@dataclass
class Report:
    files: int = 0  # files whose RUN text dopt rewrote
    rewrites: int = 0  # windows executed (a run of changed RUNs, one rewrite)
    scenarios: int = 0
    skipped: int = 0  # changed windows that are not RUN rewrites (moves, LABEL...)
    disagreements: list[str] = field(default_factory=list)  # "file: rules: message"
    seconds: float = 0.0

    def lines(self, title: str) -> list[str]:
        return [
            f"{title}: {self.rewrites} rewrites executed in {self.files} files, "
            f"{self.scenarios} scenarios, {len(self.disagreements)} disagreements, "
            f"{self.skipped} non-RUN windows skipped, {self.seconds:.1f} s",
            *(f"  DISAGREE {d}" for d in self.disagreements),
        ]


def prove_files(files: Iterable[tuple[str, str]], unsafe: bool = False, workers: int = 2) -> Report:
    """Fix each (name, text) and prove the result against the text.

    The fixes are computed here while a pool runs the sandboxed windows (the work is in
    child processes, so threads suffice); equal windows run once.
    """
    report = Report()
    start = time.perf_counter()
    futures: dict[tuple[object, ...], Future[Verdict]] = {}
    jobs: list[tuple[str, str, list[tuple[object, ...]]]] = []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for name, text in files:
            try:
                parse(text)
            except ParseError:
                continue
            try:
                # DOP201 moves instructions (no RUN text changes): left out, so that the
                # windows line up with the RUN rewrites.
                result = fix_text(text, path=Path(name), unsafe=unsafe, ignore=["DOP201"])
            except RuntimeError as exc:  # a dopt bug; the fix corpus test names it too
                report.disagreements.append(f"{name}: fix failed: {exc}")
                continue
            if result.output == text:
                continue
            codes = sorted({f.code for f in result.applied})
            allowed = allowed_for(codes)
            keys = []
            for w in windows(text, result.output):
                if w.reason:
                    report.skipped += 1
                    continue
                key = window_key(w, allowed)
                if key not in futures:
                    futures[key] = pool.submit(prove_window, w, allowed)
                keys.append(key)
            jobs.append((name, ",".join(codes), keys))
        for name, codes, keys in jobs:
            verdicts = [futures[k].result() for k in keys]
            if verdicts:
                report.files += 1
            for v in verdicts:
                report.rewrites += 1
                report.scenarios += v.scenarios
                if not v.proven:
                    report.disagreements.append(f"{name}: {codes}: {v.disagreement}")
                    break
    report.seconds = time.perf_counter() - start
    return report
