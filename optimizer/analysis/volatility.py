"""How often an instruction's inputs change: the order Docker practice recommends.

A changed layer invalidates every layer after it, so steps whose inputs rarely change go
first.  Ranks, lowest (most stable) first:

0 FROM and ARG; 1 metadata (ENV, LABEL, WORKDIR, USER, EXPOSE, CMD...); 2 system package
installs; 3 language dependency installs; 4 COPY of dependency manifests; 5 COPY/ADD of the
rest of the context, remote ADD, git clone and downloads; 6 build commands.
"""

from __future__ import annotations

import posixpath

from optimizer.analysis import package_managers
from optimizer.analysis.shell.facts import ShellScript
from optimizer.analysis.shell.script import analyze
from optimizer.syntax import cst

BASE, METADATA, SYSTEM_PACKAGES, LANGUAGE_PACKAGES, MANIFESTS, CONTEXT, BUILD = range(7)
NAMES = {
    BASE: "base image and build arguments",
    METADATA: "metadata",
    SYSTEM_PACKAGES: "system package install",
    LANGUAGE_PACKAGES: "language dependency install",
    MANIFESTS: "copy of dependency manifests",
    CONTEXT: "copy of the build context or a download",
    BUILD: "build command",
}

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
MANIFEST_NAMES = frozenset(
    {
        "requirements.txt",
        "requirements-dev.txt",
        "constraints.txt",
        "pipfile",
        "pipfile.lock",
        "poetry.lock",
        "pyproject.toml",
        "setup.py",
        "setup.cfg",
        "package.json",
        "package-lock.json",
        "npm-shrinkwrap.json",
        "yarn.lock",
        "pnpm-lock.yaml",
        ".npmrc",
        ".yarnrc",
        ".yarnrc.yml",
        "go.mod",
        "go.sum",
        "gemfile",
        "gemfile.lock",
        "cargo.toml",
        "cargo.lock",
        "composer.json",
        "composer.lock",
        "pom.xml",
        "build.gradle",
        "settings.gradle",
        "mix.exs",
        "mix.lock",
    }
)
_METADATA = frozenset(
    {
        "ENV",
        "LABEL",
        "WORKDIR",
        "USER",
        "EXPOSE",
        "CMD",
        "ENTRYPOINT",
        "VOLUME",
        "STOPSIGNAL",
        "HEALTHCHECK",
        "SHELL",
        "MAINTAINER",
        "ONBUILD",
    }
)


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


def rank(inst: cst.Instruction) -> int:
    kw = inst.keyword
    if kw in ("FROM", "ARG"):
        return BASE
    if kw in _METADATA:
        return METADATA
    if kw == "RUN":
        if inst.is_json or inst.heredocs:
            return BUILD
        return run_rank(analyze(inst.values[0] if inst.values else ""))
    if kw in ("COPY", "ADD"):
        sources = inst.values[:-1]
        if kw == "ADD" and any("://" in s or s.startswith("git@") for s in sources):
            return CONTEXT
        if sources and all(
            posixpath.basename(s.rstrip("/")).lower() in MANIFEST_NAMES for s in sources
        ):
            return MANIFESTS
        return CONTEXT
    return BUILD
