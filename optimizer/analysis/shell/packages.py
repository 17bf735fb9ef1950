"""Package-manager calls: which command is a manager (``pip3``, ``python -m pip``...), its
action, packages and options (each option with its value when it takes one).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from optimizer.analysis.shell.commands import _base, _effective, _val
from optimizer.analysis.shell.facts import Command, PackageOp, Word

_APT_VALUE = frozenset(
    {
        "-o",
        "--option",
        "-c",
        "--config-file",
        "-t",
        "--target-release",
        "--default-release",
        "-a",
        "--host-architecture",
    }
)
_APK_VALUE = frozenset(
    {
        "-X",
        "--repository",
        "-p",
        "--root",
        "--arch",
        "--cache-dir",
        "--keys-dir",
        "--repositories-file",
        "-t",
        "--virtual",
        "--cache-max-age",
    }
)
_RPM_VALUE = frozenset(
    {
        "-c",
        "--config",
        "--installroot",
        "--releasever",
        "--enablerepo",
        "--disablerepo",
        "--repo",
        "--repoid",
        "-x",
        "--exclude",
        "--setopt",
        "--forcearch",
        "-d",
        "--debuglevel",
        "-e",
        "--errorlevel",
        "--rpmverbosity",
        "--downloaddir",
        "--destdir",
        "--comment",
    }
)
_ZYPPER_VALUE = frozenset(
    {
        "-R",
        "--root",
        "-c",
        "--config",
        "--releasever",
        "-r",
        "--repo",
        "--from",
        "-t",
        "--type",
        "-D",
        "--reposd-dir",
        "-C",
        "--cache-dir",
        "--raw-cache-dir",
        "--solv-cache-dir",
        "--pkg-cache-dir",
    }
)
_PIP_VALUE = frozenset(
    {
        "-r",
        "--requirement",
        "-c",
        "--constraint",
        "-e",
        "--editable",
        "-i",
        "--index-url",
        "--extra-index-url",
        "-f",
        "--find-links",
        "-t",
        "--target",
        "--prefix",
        "--root",
        "--platform",
        "--python-version",
        "--implementation",
        "--abi",
        "--src",
        "--upgrade-strategy",
        "--progress-bar",
        "--trusted-host",
        "--cache-dir",
        "--proxy",
        "--timeout",
        "--retries",
        "--log",
        "-C",
        "--config-settings",
        "--global-option",
        "--no-binary",
        "--only-binary",
        "--report",
        "--exists-action",
        "--cert",
        "--client-cert",
        "--python",
    }
)
_NPM_VALUE = frozenset(
    {
        "--prefix",
        "--registry",
        "--cache",
        "--userconfig",
        "--globalconfig",
        "--loglevel",
        "-w",
        "--workspace",
        "--tag",
        "--omit",
        "--include",
        "--install-strategy",
        "--location",
    }
)
_YARN_VALUE = frozenset(
    {
        "--cwd",
        "--cache-folder",
        "--modules-folder",
        "--registry",
        "--network-timeout",
        "--mutex",
        "--global-folder",
        "--link-folder",
    }
)
_GEM_VALUE = frozenset(
    {
        "-v",
        "--version",
        "-i",
        "--install-dir",
        "-n",
        "--bindir",
        "-s",
        "--source",
        "-P",
        "--trust-policy",
        "--platform",
        "-g",
        "--file",
    }
)
_MANAGERS: dict[str, frozenset[str]] = {
    "apt-get": _APT_VALUE,
    "apt": _APT_VALUE,
    "apk": _APK_VALUE,
    "yum": _RPM_VALUE,
    "dnf": _RPM_VALUE,
    "microdnf": _RPM_VALUE,
    "zypper": _ZYPPER_VALUE,
    "pip": _PIP_VALUE,
    "npm": _NPM_VALUE,
    "yarn": _YARN_VALUE,
    "gem": _GEM_VALUE,
}
_PIP_RE = re.compile(r"pip(\d+(\.\d+)*)?$")
_PYTHON_RE = re.compile(r"python(\d+(\.\d+)*)?$")
_PYTHON_VALUE = frozenset({"-W", "-X", "--check-hash-based-pycs"})


def _manager_args(eff: Sequence[Word]) -> tuple[str, Sequence[Word]] | None:
    if not eff:
        return None
    base = _base(eff[0])
    if base is None:
        return None
    if base in _MANAGERS:
        return base, eff[1:]
    if _PIP_RE.match(base):
        return "pip", eff[1:]
    if _PYTHON_RE.match(base):
        i = 1
        while i < len(eff):
            v = _val(eff[i])
            if v == "-m":
                if i + 1 < len(eff) and eff[i + 1].literal == "pip":
                    return "pip", eff[i + 2 :]
                return None
            if v == "-mpip":
                return "pip", eff[i + 1 :]
            if not v.startswith("-") or v.startswith("-c"):
                return None  # a script or -c code: not pip
            i += 2 if v in _PYTHON_VALUE else 1
    return None


def _package_op(cmd: Command) -> PackageOp | None:
    found = _manager_args(_effective(cmd.argv))
    if found is None:
        return None
    manager, args = found
    value_opts = _MANAGERS[manager]
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
    if manager == "yarn" and positional[:1] == ["global"]:
        options.append(positional.pop(0))  # `yarn global add x` acts like `yarn add`
    if not positional:
        if manager != "yarn":
            return None  # `apt-get --version` and the like
        positional = ["install"]  # bare `yarn` installs
    return PackageOp(manager, positional[0], tuple(positional[1:]), tuple(options), cmd)
