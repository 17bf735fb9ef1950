"""Shared fixtures: the corpus in ../shared (optional) and golden folders."""

from __future__ import annotations

from pathlib import Path

import pytest

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
