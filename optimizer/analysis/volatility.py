"""How often a RUN's inputs change: the order Docker practice recommends.

A changed layer invalidates every layer after it, so steps whose inputs rarely change go
first.  The order, lowest (most stable) first: 0 FROM and ARG; 1 metadata (ENV, LABEL,
WORKDIR, USER, EXPOSE, CMD...); 2 system package installs; 3 language dependency installs;
4 COPY of dependency manifests; 5 COPY/ADD of the rest of the context, remote ADD, git clone
and downloads; 6 build commands.  ``run_rank`` places a RUN in it (2, 3, 5 or 6), for DOP201
and DOP101.
"""

from __future__ import annotations

from optimizer.analysis import package_managers
from optimizer.analysis.shell.facts import ShellScript

BASE, METADATA, SYSTEM_PACKAGES, LANGUAGE_PACKAGES, MANIFESTS, CONTEXT, BUILD = range(7)

SYSTEM_MANAGERS = package_managers.command_names(package_managers.SYSTEM)
LANGUAGE_MANAGERS = frozenset({"pip", "npm", "yarn", "gem"})
# Commands that belong with a package install without making it a build step.
_PACKAGING_HELPERS = SYSTEM_MANAGERS | frozenset(
    {
        "apt-key",
        "add-apt-repository",
        "apt-mark",
        "dpkg-reconfigure",
        "update-ca-certificates",
        "locale-gen",
    }
)
_WRAPPERS = frozenset({"sudo", "env", "nice", "nohup", "time", "command", "exec"})
# Shell builtins and file housekeeping: they say nothing about how often inputs change.
_NEUTRAL = frozenset(
    {
        "set",
        "true",
        ":",
        "export",
        "cd",
        "echo",
        "printf",
        "test",
        "[",
        "[[",
        "mkdir",
        "ln",
        "chmod",
        "chown",
        "touch",
        "umask",
        "unset",
        "sed",
        "tee",
        "cat",
        "yes",
    }
)
_CACHE_PATHS = (*package_managers.system_cache_folders(), "/tmp", "/var/tmp")
_DOWNLOADERS = frozenset({"curl", "wget", "git", "svn", "hg"})


def _is_cleanup(words: list[str]) -> bool:
    if not words or words[0] != "rm":
        return False
    paths = [w for w in words[1:] if not w.startswith("-")]
    return bool(paths) and all(p.startswith(_CACHE_PATHS) for p in paths)


def run_rank(script: ShellScript) -> int:
    """The rank of a RUN: that of its most volatile command (a build step if it has none)."""
    rank = -1
    for cmd in script.commands:
        name = cmd.name
        words = [w.literal if w.literal is not None else w.text for w in cmd.argv]
        while name in _WRAPPERS and len(words) > 1:
            words = [w for w in words[1:] if not w.startswith("-") and "=" not in w] or words[1:]
            name = words[0].rsplit("/", 1)[-1]
        if name in _NEUTRAL:
            continue
        if name in _PACKAGING_HELPERS or _is_cleanup(words):
            rank = max(rank, SYSTEM_PACKAGES)
        elif name in LANGUAGE_MANAGERS or (
            name is not None and name.startswith(("pip", "python")) and "pip" in words[:3]
        ):
            rank = max(rank, LANGUAGE_PACKAGES)
        elif name in _DOWNLOADERS:
            rank = max(rank, CONTEXT)
        else:
            rank = max(rank, BUILD)
    return BUILD if rank < 0 else rank
