"""Package-manager calls: which command is a manager (``pip3``, ``python -m pip``...), its
action, packages and options (each option with its value when it takes one).  What each
manager is called and which options take a value is the table of ``package_managers``.
"""

from __future__ import annotations

from collections.abc import Sequence

from optimizer.analysis import package_managers
from optimizer.analysis.package_managers import Manager
from optimizer.analysis.shell.commands import _base, _effective, _val
from optimizer.analysis.shell.facts import Command, PackageOp, Word
from optimizer.regexes import rx

_PYTHON_RE = rx(r"python(\d+(\.\d+)*)?$")
_PYTHON_VALUE = frozenset({"-W", "-X", "--check-hash-based-pycs"})


def _manager_args(eff: Sequence[Word]) -> tuple[Manager, str, Sequence[Word]] | None:
    """The manager a command runs, the name its ``PackageOp`` gives it, and its arguments."""
    if not eff:
        return None
    base = _base(eff[0])
    if base is None:
        return None
    found = package_managers.by_command(base)
    if found is not None:
        return found[0], found[1], eff[1:]
    if _PYTHON_RE.match(base):
        modules = package_managers.PYTHON_MODULES
        i = 1
        while i < len(eff):
            v = _val(eff[i])
            if v == "-m":
                m = modules.get(eff[i + 1].literal or "") if i + 1 < len(eff) else None
                return (m, m.name, eff[i + 2 :]) if m is not None else None
            if v.startswith("-m") and v[2:] in modules:
                return modules[v[2:]], modules[v[2:]].name, eff[i + 1 :]
            if not v.startswith("-") or v.startswith("-c"):
                return None  # a script or -c code: not a manager
            i += 2 if v in _PYTHON_VALUE else 1
    return None


def _package_op(cmd: Command) -> PackageOp | None:
    found = _manager_args(_effective(cmd.argv))
    if found is None:
        return None
    entry, manager, args = found
    value_opts = entry.value_options
    options: list[str] = []
    positional: list[str] = []
    i, only_args = 0, False
    while i < len(args):
        v = _val(args[i])
        if only_args or not v.startswith("-") or v == "-":
            positional.append(v)
        elif v == "--":
            only_args = True
        else:
            options.append(v)
            if v in value_opts and i + 1 < len(args):
                i += 1
                options.append(_val(args[i]))
        i += 1
    if positional[:1] and positional[0] in entry.modifiers:
        options.append(positional.pop(0))  # `yarn global add x` acts like `yarn add`
    if not positional:
        if not entry.bare:
            return None  # `apt-get --version` and the like
        positional = [entry.bare]  # bare `yarn` installs
    return PackageOp(manager, positional[0], tuple(positional[1:]), tuple(options), cmd)
