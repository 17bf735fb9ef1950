"""Shared fixtures: the corpus in ../shared (optional) and golden folders."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

import optimizer
from optimizer.format.layout import format_tree
from optimizer.lint.fixer import FixResult, fix_text

# Before a test module imports it: golden_cases' comparisons show both texts on failure.
pytest.register_assert_rewrite("golden_cases")

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "golden"
CORPUS = ROOT.parent / "shared" / "corpus"
_NOT_DOCKERFILES = {"README.md", "SOURCES.tsv", "result", "expected_lines.json"}


def corpus_files(*subdirs: str) -> list[Path]:
    """Corpus Dockerfiles (all, or those under the given subfolders), sorted."""
    if not CORPUS.is_dir():
        return []
    roots = [CORPUS / s for s in subdirs] if subdirs else [CORPUS]
    return sorted(
        p for r in roots for p in r.rglob("*") if p.is_file() and p.name not in _NOT_DOCKERFILES
    )


def corpus_texts(*subdirs: str) -> list[tuple[Path, str]]:
    return [(p, p.read_bytes().decode("utf-8")) for p in corpus_files(*subdirs)]


needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(),
    reason=f"shared corpus not found at {CORPUS} (it lives beside the checkout)",
)


def rel(path: Path) -> str:
    return str(path.relative_to(CORPUS)) if CORPUS in path.parents else str(path)


# The corpus parsed, formatted and fixed once per session: several test modules read the same
# results (fixing the corpus takes most of a minute).


@cache
def parsed_corpus() -> tuple[tuple[Path, str, optimizer.Dockerfile], ...]:
    """Every corpus file that parses: (path, text, tree)."""
    out = []
    for path, text in corpus_texts():
        try:
            out.append((path, text, optimizer.parse(text)))
        except optimizer.ParseError:
            continue
    return tuple(out)


@cache
def formatted_corpus() -> tuple[tuple[Path, str, str], ...]:
    """(path, text, what `dopt fmt` writes) for every corpus file that parses."""
    return tuple((path, text, format_tree(tree)) for path, text, tree in parsed_corpus())


@cache
def fixed_corpus(unsafe: bool = False) -> tuple[tuple[Path, str, FixResult], ...]:
    """(path, text, what `dopt fix` does) for every corpus file that parses."""
    return tuple(
        (path, text, fix_text(text, path=path, unsafe=unsafe, tree=tree))
        for path, text, tree in parsed_corpus()
    )
