"""Thin adapters over the engines ``dopt verify`` builds with: docker buildx, podman, buildah.

Each one builds a Dockerfile into a tagged image, saves it as a docker-archive (read by
:mod:`optimizer.verify.image_archive`), lists the store's images and removes images.  The build
settings follow ../shared/tools/equiv's for podman/buildah: ``--isolation chroot`` (the
default OCI isolation fails where cgroups are hybrid; chroot shares the host network),
``--pull=never`` (use local bases only), ``--layers`` (one layer per RUN/COPY/ADD, as docker
does), ``--no-cache`` (both builds really run) and ``--format docker`` (OCI drops SHELL and
HEALTHCHECK).  Each build gets a fresh TMPDIR, so ``RUN --mount=type=cache`` starts empty.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

from optimizer.record import Record

ENGINES = ("docker", "podman", "buildah")
LOCAL_FLAGS = (
    "--isolation",
    "chroot",
    "--pull=never",
    "--layers",
    "--no-cache",
    "--force-rm",
    "--format",
    "docker",
)


class EngineError(Exception):
    """No usable engine, or an engine command that failed outside a build."""


class BuildResult(Record):
    ok: bool
    seconds: float
    log: str


class Engine:
    name = ""
    build_words: tuple[str, ...] = ()  # the build command's words after the executable

    def __init__(self, exe: str) -> None:
        self.exe = exe

    def version(self) -> str:
        proc = _run([self.exe, "--version"])
        return proc.stdout.strip().splitlines()[0] if proc.returncode == 0 and proc.stdout else ""

    def build_argv(
        self,
        dockerfile: Path,
        context: Path,
        tag: str,
        build_args: Sequence[str],
        target: str | None,
    ) -> list[str]:
        common = self._common(dockerfile, tag, build_args, target)
        return [self.exe, *self.build_words, *common, str(context)]

    def build(
        self,
        dockerfile: Path,
        context: Path,
        tag: str,
        build_args: Sequence[str] = (),
        target: str | None = None,
        tmpdir: Path | None = None,
    ) -> BuildResult:
        argv = self.build_argv(dockerfile, context, tag, build_args, target)
        env = dict(os.environ)
        if tmpdir is not None:
            env["TMPDIR"] = str(tmpdir)
        start = time.monotonic()
        proc = subprocess.run(
            argv, capture_output=True, text=True, errors="replace", env=env, check=False
        )
        return BuildResult(
            proc.returncode == 0, time.monotonic() - start, proc.stdout + proc.stderr
        )

    def save(self, tag: str, dest: Path) -> None:
        _check(self._save_argv(tag, dest), f"saving {tag}")

    def _save_argv(self, tag: str, dest: Path) -> list[str]:
        return [self.exe, "save", "--format", "docker-archive", "-o", str(dest), tag]

    def image_ids(self) -> set[str]:
        proc = _run([self.exe, "images", "--all", "--quiet", "--no-trunc"])
        return {line.strip() for line in proc.stdout.splitlines() if line.strip()}

    def remove(self, images: Sequence[str]) -> None:
        if images:
            _run([self.exe, "rmi", "--force", *images])

    def _common(
        self, dockerfile: Path, tag: str, build_args: Sequence[str], target: str | None
    ) -> list[str]:
        argv = ["-f", str(dockerfile), "-t", tag]
        for arg in build_args:
            argv += ["--build-arg", arg]
        if target:
            argv += ["--target", target]
        return argv


class Buildah(Engine):
    name = "buildah"
    build_words = ("bud", *LOCAL_FLAGS)

    def _save_argv(self, tag: str, dest: Path) -> list[str]:
        return [self.exe, "push", "--quiet", tag, f"docker-archive:{dest}:{tag}"]


class Podman(Engine):
    name = "podman"
    build_words = ("build", *LOCAL_FLAGS)


class Docker(Engine):
    name = "docker"
    build_words = ("buildx", "build", "--load", "--no-cache")

    def version(self) -> str:
        proc = _run([self.exe, "buildx", "version"])
        return proc.stdout.strip()

    def _save_argv(self, tag: str, dest: Path) -> list[str]:
        return [self.exe, "save", "-o", str(dest), tag]


_CLASSES: dict[str, type[Engine]] = {"docker": Docker, "podman": Podman, "buildah": Buildah}


def _run(argv: Sequence[str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            list(argv),
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return subprocess.CompletedProcess(list(argv), 127, "", str(exc))


def _check(argv: Sequence[str], what: str) -> None:
    proc = _run(argv, timeout=1800)
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-10:])
        raise EngineError(f"{what} failed ({' '.join(argv[:3])} ...):\n{tail}")


def _usable(name: str, exe: str) -> bool:
    # docker: the client alone is not enough, a daemon with buildx must answer.
    if name == "docker":
        return _run([exe, "buildx", "version"], 20).returncode == 0 and (
            _run([exe, "info"], 20).returncode == 0
        )
    return _run([exe, "version" if name == "podman" else "--version"], 20).returncode == 0


def pick(name: str = "auto") -> Engine:
    """The engine called ``name``, or the first usable of docker buildx, podman, buildah."""
    if name != "auto" and name not in _CLASSES:
        raise EngineError(f"unknown engine {name!r}; use auto, {', '.join(ENGINES)}")
    tried: list[str] = []
    for candidate in ENGINES if name == "auto" else (name,):
        exe = shutil.which(candidate)
        if exe is None:
            tried.append(f"{candidate}: not on PATH")
            continue
        if not _usable(candidate, exe):
            tried.append(f"{candidate}: found at {exe} but not usable (no daemon or no buildx?)")
            continue
        return _CLASSES[candidate](exe)
    raise EngineError("no build engine: " + "; ".join(tried))
