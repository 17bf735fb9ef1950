"""A pretend build engine for ``dopt verify`` tests in CI: no containers.

It "builds" a small Dockerfile subset into real docker-archive files (via tests/imagekit.py):
ENV, LABEL, MAINTAINER, WORKDIR, USER, CMD set the config; each RUN is run by a toy shell that
knows ``apt-get update`` (writes package lists), ``apt-get install -y PKG`` (writes
/usr/bin/PKG), ``touch``, ``mkdir -p``, ``rm -rf`` (with a trailing ``*``), ``echo ... > F``,
``cd`` and ``( ... )`` subshells; each RUN gives one layer holding what it changed, deletions
as whiteouts.  Enough to see the verify pipeline judge real fixes and wrong ones.
"""

from __future__ import annotations

import posixpath
import shlex
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from imagekit import F, docker_archive, file, folder, whiteout

from optimizer.verify.build_engines import BuildResult

BASE: dict[str, bytes | None] = {
    "/etc": None,
    "/etc/os-release": b"PRETTY_NAME=fake\n",
    "/tmp": None,
    "/usr": None,
    "/usr/bin": None,
    "/srv": None,
    "/var": None,
    "/var/lib": None,
    "/var/lib/apt": None,
    "/var/lib/apt/lists": None,
}
LISTS = {
    "/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease": b"x" * 150_000,
    "/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4": (
        b"y" * 8_800_000
    ),
}


class FakeEngine:
    name = "fake"

    def __init__(self, fail: str | None = None) -> None:
        self.images: dict[str, tuple[list[list[F]], dict[str, Any], list[str], str]] = {}
        self.fail = fail  # a word: a Dockerfile holding it fails to build
        self.builds: list[str] = []
        self.removed: list[str] = []

    def version(self) -> str:
        return "fake 1.0"

    def image_ids(self) -> set[str]:
        return set(self.images)

    def remove(self, images: Sequence[str]) -> None:
        self.removed.extend(images)
        for name in images:
            self.images.pop(name, None)

    def save(self, tag: str, dest: Path) -> None:
        layers, cfg, created, author = self.images[tag]
        docker_archive(dest, layers, cfg, created=created, author=author or None)

    def build(
        self,
        dockerfile: Path,
        context: Path,
        tag: str,
        build_args: Sequence[str] = (),
        target: str | None = None,
        tmpdir: Path | None = None,
    ) -> BuildResult:
        text = dockerfile.read_text()
        self.builds.append(text)
        if self.fail and self.fail in text:
            return BuildResult(False, 0.1, f"error: {self.fail}\n")
        state = dict(BASE)
        layers: list[list[F]] = [[_entry(p, v) for p, v in state.items()]]
        created = ["2020-01-01T00:00:00Z"]
        env: list[str] = ["PATH=/usr/bin:/bin"]
        labels: dict[str, str] = {}
        cfg: dict[str, Any] = {"Env": env, "Cmd": ["bash"], "Labels": labels}
        author = ""
        for keyword, rest in _instructions(text):
            if keyword in ("ENV", "LABEL"):
                for word in shlex.split(rest):
                    key, _, value = word.partition("=")
                    if keyword == "ENV":
                        env[:] = [e for e in env if not e.startswith(key + "=")]
                        env.append(f"{key}={value}")
                    else:
                        labels[key] = value
            elif keyword == "MAINTAINER":
                author = rest
            elif keyword == "WORKDIR":
                cfg["WorkingDir"] = rest
            elif keyword == "USER":
                cfg["User"] = rest
            elif keyword == "RUN":
                before = dict(state)
                _shell(rest, state, cfg.get("WorkingDir") or "/")
                layers.append(_layer(before, state))
                created.append(datetime.now(timezone.utc).isoformat().replace("+00:00", "Z"))
        self.images[tag] = (layers, cfg, created, author)
        return BuildResult(True, 0.1, "ok\n")


def _entry(path: str, value: bytes | None) -> F:
    return folder(path[1:]) if value is None else file(path[1:], value)


def _layer(before: dict[str, bytes | None], after: dict[str, bytes | None]) -> list[F]:
    out = [whiteout(p[1:]) for p in before if p not in after and posixpath.dirname(p) in after]
    out += [_entry(p, v) for p, v in after.items() if p not in before or before[p] != v]
    return out


def _instructions(text: str) -> list[tuple[str, str]]:
    out = []
    joined = text.replace("\\\n", " ")
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            out.append((keyword.upper(), rest.strip()))
    return out


def _shell(script: str, state: dict[str, bytes | None], cwd: str) -> None:
    lexer = shlex.shlex(script, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    words = list(lexer)
    stack: list[str] = []
    command: list[str] = []
    for word in [*words, ";"]:
        if word in ("&&", ";", "(", ")", "||"):
            cwd = _run(command, state, cwd)
            command = []
            if word == "(":
                stack.append(cwd)
            elif word == ")":
                cwd = stack.pop()
        else:
            command.append(word)


def _run(argv: list[str], state: dict[str, bytes | None], cwd: str) -> str:
    if not argv:
        return cwd
    name, args = argv[0], argv[1:]

    def at(p: str) -> str:
        return posixpath.normpath(posixpath.join(cwd, p))

    if name == "cd":
        return at(args[0])
    if argv[:2] == ["apt-get", "update"]:
        state.update(LISTS)
    elif argv[:2] == ["apt-get", "install"]:
        for pkg in (a for a in args[1:] if not a.startswith("-")):
            state[f"/usr/bin/{pkg}"] = f"#!{pkg}\n".encode()
    elif name == "touch":
        for a in args:
            state.setdefault(at(a), b"")
    elif name == "mkdir":
        for a in (a for a in args if not a.startswith("-")):
            state[at(a)] = None
    elif name == "rm":
        for a in (a for a in args if not a.startswith("-")):
            target = at(a)
            if target.endswith("/*"):
                prefix = target[:-1]
                victims = [p for p in state if p.startswith(prefix)]
            else:
                victims = [p for p in state if p == target or p.startswith(target + "/")]
            for p in victims:
                del state[p]
    elif name == "echo" and ">" in args:
        i = args.index(">")
        state[at(args[i + 1])] = (" ".join(args[:i]) + "\n").encode()
    return cwd
