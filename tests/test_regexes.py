"""The precompiled patterns (optimizer/regexes.py, _regex_tables.py) are re.compile's: the
same code, flags and groups; and the committed table has every pattern the modules compile."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from optimizer import _regex_tables, regex_gen, regexes

ON_THIS_PYTHON = regexes._TABLE is _regex_tables.PATTERNS
needs_table = pytest.mark.skipif(
    not ON_THIS_PYTHON, reason="the table was generated on another Python: rx is re.compile"
)


@pytest.mark.parametrize("key", sorted(_regex_tables.PATTERNS), ids=repr)
def test_a_stored_pattern_is_what_re_compiles(key: tuple[str, int]) -> None:
    ours, theirs = regexes.rx(*key), re.compile(*key)
    # Pattern equality compares the pattern, the flags and the compiled code.
    assert ours == theirs
    assert (ours.groups, ours.groupindex) == (theirs.groups, theirs.groupindex)
    if ON_THIS_PYTHON:
        assert ours is not theirs  # built from the table, not taken from re's cache


@needs_table
def test_the_committed_table_is_fresh() -> None:
    # A fresh interpreter: modules imported here already would not compile their patterns.
    res = subprocess.run(
        [sys.executable, "-m", "optimizer.regex_gen", "--check"], capture_output=True, text=True
    )
    assert res.returncode == 0, f"{res.stderr}regenerate: `{regex_gen.COMMAND}`, and commit it"


def test_a_pattern_not_in_the_table_is_compiled_by_re() -> None:
    pattern = r"not (in) the table\Z"
    assert (pattern, 0) not in regexes._TABLE
    ours = regexes.rx(pattern, re.IGNORECASE)
    assert ours == re.compile(pattern, re.IGNORECASE) and ours.match("NOT IN THE TABLE")


@needs_table
def test_named_groups_and_flags_come_through() -> None:
    named = next((k for k, v in _regex_tables.PATTERNS.items() if v[3]), None)
    flagged = next((k for k in _regex_tables.PATTERNS if k[1]), None)
    assert named is not None and flagged is not None
    for key in (named, flagged):
        ours, theirs = regexes.rx(*key), re.compile(*key)
        assert ours.flags == theirs.flags and dict(ours.groupindex) == dict(theirs.groupindex)
