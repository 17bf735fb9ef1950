"""Suppression comments: ``# dopt: ignore=CODE[,CODE]`` on the comment lines right above an
instruction, ``# dopt: ignore-file`` anywhere, and hadolint's ``# hadolint ignore=DLxxxx``,
which suppresses the dopt rules that correspond to it (each rule's ``hadolint`` codes)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from optimizer import cst

_RE_DOPT_IGNORE = re.compile(r"#\s*dopt\s*:\s*ignore\s*=\s*([A-Za-z0-9_,\s]+)$")
_RE_HADOLINT_IGNORE = re.compile(r"#\s*hadolint\s+ignore\s*=\s*([A-Za-z0-9_,\s]+)$")
_RE_IGNORE_FILE = re.compile(r"#\s*dopt\s*:\s*ignore-file\s*$")
_RE_KEEP = re.compile(r"#\s*dopt\s*:\s*keep\s*$")


def _codes(text: str) -> set[str]:
    return {c.strip().upper() for c in text.split(",") if c.strip()}


def ignores_file(tree: cst.Dockerfile) -> bool:
    return any(
        isinstance(item, cst.Comment) and _RE_IGNORE_FILE.match(item.text.strip())
        for item in tree.items
    )


def is_keep(comment: cst.Comment) -> bool:
    return _RE_KEEP.match(comment.text.strip()) is not None


def suppressed_codes(
    comments: Iterable[cst.Comment], hadolint_map: dict[str, set[str]]
) -> set[str]:
    """dopt codes switched off by these comment lines."""
    out: set[str] = set()
    for comment in comments:
        text = comment.text.strip()
        m = _RE_DOPT_IGNORE.match(text)
        if m:
            out |= _codes(m.group(1))
        m = _RE_HADOLINT_IGNORE.match(text)
        if m:
            for code in _codes(m.group(1)):
                out |= hadolint_map.get(code, set())
    return out
