"""Package lists that can be sorted without changing what gets installed.

The formatter lays long install lists out one package per line, sorted, as the Docker docs
recommend; the guard compares scripts with those lists sorted.  Only lists where order
provably does not matter qualify: the manager's install action, options that take no separate
value, then plain literal package names.
"""

from __future__ import annotations

from optimizer.analysis import package_managers
from optimizer.regexes import rx


def package_key(name: str) -> tuple[str, str]:
    """Sort order: case-insensitive, ties broken by the exact text."""
    return (name.lower(), name)


_RE_PLAIN_PACKAGE = rx(r"[A-Za-z0-9][A-Za-z0-9.+_:=~@-]*\Z")
# compiled at import from the stored tables (optimizer/regexes.py), not at each call
_BLANKS = rx(r"[ \t]+")
# Command word -> (its sortable install action, the flags such an install may carry).
_INSTALL = {
    name: (m.sorted_install, m.flags)
    for m in package_managers.MANAGERS
    if m.sorted_install
    for name in (*m.commands, *m.aliases)
}


def sortable_install(text: str) -> tuple[list[str], list[str]] | None:
    """(prefix words, package words) of a plain install command, or None."""
    words = text.split()
    if " ".join(words) != _BLANKS.sub(" ", text.strip()) or not words:
        return None
    if any(c in text for c in "\"'\\$`;&|<>(){}*?[]#\n"):
        return None
    manager = words[0]
    found = _INSTALL.get(manager)
    if found is None:
        return None
    action, flags = found
    i = 1
    while i < len(words) and words[i].startswith("-"):
        if words[i] not in flags and "=" not in words[i]:
            return None
        i += 1
    if i >= len(words) or words[i] != action:
        return None
    i += 1
    while i < len(words) and words[i].startswith("-"):
        if words[i] not in flags and "=" not in words[i]:
            return None
        i += 1
    packages = words[i:]
    if len(packages) < 2 or not all(_RE_PLAIN_PACKAGE.match(p) for p in packages):
        return None
    return words[:i], packages


def canonical_packages(script: str) -> str:
    """The script with each sortable install's packages sorted (for the guard's comparison)."""
    from optimizer.analysis.shell.script import analyze

    analysis = analyze(script)
    out = script
    for cmd in sorted(analysis.commands, key=lambda c: -c.start):
        found = sortable_install(cmd.text)
        if found is not None:
            prefix, packages = found
            packages = sorted(packages, key=package_key)
            out = out[: cmd.start] + " ".join([*prefix, *packages]) + out[cmd.end :]
    return out
