"""Regular expressions compiled ahead of time: ``rx(pattern, flags)`` is ``re.compile``.

dopt's modules compile ~100 patterns at import; ``re``'s parser and compiler take ~10 ms
of each ``dopt check`` start-up for them (bench/startup.md).  ``_regex_tables.py``, written
by ``python -m optimizer.regex_gen``, holds what ``re``'s compiler made of each of them on
one Python (exact version and ``_sre``'s code format); there ``rx`` hands the stored code to
``_sre.compile`` as ``re.compile`` does, so the pattern object is equal to ``re.compile``'s
(same flags, groups and code: tests/test_regexes.py compares them all).  On any other
Python, and for a pattern not in the table (one added or edited since), ``rx`` is
``re.compile``: a stale table is slower, never wrong.
"""

from __future__ import annotations

import re
import sys

try:
    import _sre  # type: ignore[import-not-found]

    from optimizer import _regex_tables as _tables

    _KEY = (sys.implementation.name, sys.hexversion, _sre.MAGIC, _sre.CODESIZE)
    _TABLE = _tables.PATTERNS if _tables.KEY == _KEY else {}
except ImportError:  # pragma: no cover - another Python implementation
    _TABLE = {}

# The generator's: (pattern, flags) of every rx call, when it sets this to a list.
_record: list[tuple[str, int]] | None = None


def rx(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, from the stored code when the table has it."""
    flags = int(flags)
    if _record is not None:
        _record.append((pattern, flags))
    entry = _TABLE.get((pattern, flags))
    if entry is None:
        return re.compile(pattern, flags)
    all_flags, code, groups, groupindex, indexgroup = entry
    compiled: re.Pattern[str] = _sre.compile(
        pattern, all_flags, list(code), groups, dict(groupindex), indexgroup
    )
    return compiled


def glob_match(name: str, pattern: str) -> bool:
    """``fnmatch.fnmatchcase(name, pattern)``.  A pattern without wildcards is compared as
    text and one whose only wildcard is ``*`` (``*.csproj``, ``*-release-*``) piece by
    piece: what fnmatch's regex of them does, without compiling it (~0.1 ms a pattern, the
    first time in each process)."""
    if "?" in pattern or "[" in pattern:
        import fnmatch

        return fnmatch.fnmatchcase(name, pattern)
    if "*" not in pattern:
        return name == pattern
    first, *middle, last = pattern.split("*")
    if len(name) < len(first) + len(last) or not name.startswith(first):
        return False
    if not name.endswith(last):
        return False
    at, end = len(first), len(name) - len(last)
    for part in middle:  # each as early as it fits: what is left is the widest for the rest
        found = name.find(part, at, end)
        if found < 0:
            return False
        at = found + len(part)
    return True
