"""What the golden tests share: per-case options in a header comment, and the update mode.

**Options.** A case's input may start with one header line (after a BOM, if any)::

    # dopt-test: unsafe-fixes, select=DOP101,DOP102

Options are separated by a comma and white space (or white space alone); a value holds no
white space (``select=DOP101,DOP102`` is one option).  The harness removes the header line
(with its line ending) before the tool sees the text, so the expected outputs never contain
it and a header cannot change what the case tests: directives such as ``# escape=`` that
follow it are still the file's first lines.  A name the harness does not know is an error.

**Updating.** With ``DOPT_UPDATE_GOLDEN=1`` in the environment, a comparison writes what the
tool produced into the expected file (creating or deleting it where the harness says) and
passes; review the result with ``git diff golden/``.  Without it, the comparison is byte for
byte and fails with both texts.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

HEADER = "# dopt-test:"
BOM = "\ufeff"


def updating() -> bool:
    return os.environ.get("DOPT_UPDATE_GOLDEN", "") not in ("", "0")


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def split_header(text: str) -> tuple[str, dict[str, str]]:
    """(the text without its header line, the options: name -> value, "" for a flag)."""
    bom = BOM if text.startswith(BOM) else ""
    body = text[len(bom) :]
    if not body.startswith(HEADER):
        return text, {}
    line, newline, rest = body.partition("\n")
    options: dict[str, str] = {}
    for token in re.split(r",?\s+", line[len(HEADER) :].strip()):
        if token:
            name, _, value = token.partition("=")
            options[name] = value
    return bom + (rest if newline else ""), options


def check_options(options: dict[str, str], known: tuple[str, ...], where: Path) -> None:
    unknown = sorted(set(options) - set(known))
    assert not unknown, f"{where}: unknown dopt-test option(s) {unknown} (known: {known})"


def compare(expected_path: Path, got: str, absent_means: str | None = None) -> None:
    """Assert ``got`` is the expected file's text, or (updating) write it there.

    ``absent_means``: the text a missing expected file stands for (a fix golden without a
    ``.fixed`` file means "unchanged"); updating then deletes the file when ``got`` is that
    text, rather than writing a copy of it.
    """
    if updating():
        if absent_means is not None and got == absent_means:
            expected_path.unlink(missing_ok=True)
        elif not expected_path.exists() or read(expected_path) != got:
            expected_path.write_bytes(got.encode("utf-8"))
        return
    if expected_path.exists():
        expected = read(expected_path)
    else:
        assert absent_means is not None, f"{expected_path} is missing"
        expected = absent_means
    assert got == expected, f"{expected_path.name} differs (DOPT_UPDATE_GOLDEN=1 rewrites it)"
