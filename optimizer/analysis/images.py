"""What dopt knows about base images, as data in one place, and how a stage's image is found.

Today one fact: which distro releases package a pip older than 6.0.  Such a pip rejects
`--no-cache-dir` (added in pip 6.0, December 2014), so a fix that adds it breaks the build.
"""

from __future__ import annotations

import re

from optimizer.analysis.stages import Stages
from optimizer.regexes import rx
from optimizer.syntax import buildkit, cst

# Compiled once from the tables (optimizer.regexes), not by `re` on first use.
_TAG_WORDS_RE = rx(r"[-_.]")
_TAG_FIRST_RE = rx(r"[-_]")

# Releases whose packaged pip (python-pip, python3-pip, and the wheel python3-venv bundles)
# is older than 6.0, by image family: every numeric version below the first with a newer
# pip, and the codenames of those releases.  Ubuntu 14.04-15.10 ship pip 1.5.x (16.04:
# 8.1); Debian 7 ships 1.1 and 8 ships 1.5.6 (9: 9.0).
OLD_PIP_BELOW: dict[str, tuple[int, ...]] = {"ubuntu": (16, 4), "debian": (9,)}
OLD_PIP_CODENAMES: dict[str, frozenset[str]] = {
    "ubuntu": frozenset(
        {
            "wily",
            "vivid",
            "utopic",
            "trusty",
            "saucy",
            "raring",
            "quantal",
            "precise",
            "oneiric",
            "natty",
            "maverick",
            "lucid",
            "karmic",
            "jaunty",
            "intrepid",
            "hardy",
        }
    ),
    "debian": frozenset({"jessie", "wheezy", "squeeze", "lenny"}),
}
# Repositories that are one of those families, under any registry.
FAMILY: dict[str, str] = {
    "ubuntu": "ubuntu",
    "ubuntu-debootstrap": "ubuntu",
    "ubuntu-upstart": "ubuntu",
    "debian": "debian",
    "debian/eol": "debian",
}
# The official images' per-architecture copies: arm64v8/ubuntu is ubuntu.
ARCH_NAMESPACES = frozenset(
    {"amd64", "arm32v5", "arm32v6", "arm32v7", "arm64v8", "i386", "mips64le", "ppc64le"}
    | {"riscv64", "s390x"}
)
# Images that install a current pip of their own: a distro codename in their tag
# (python:2.7-jessie) says nothing about their pip.
OWN_PIP: frozenset[str] = frozenset({"python", "pypy"})

_VERSION = rx(r"\d+(?:\.\d+)*")
_VARIABLE = rx(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))")


def base_image(stages: Stages, tree: cst.Dockerfile, item: int) -> str | None:
    """The image reference the stage of ``item`` is built on (through the stages it builds
    FROM), with the global ARG defaults filled in (a variable without one stays); None
    outside any stage."""
    stage = stages.stage(item)
    seen: set[int] = set()
    while stage is not None and stage.base_stage is not None and stage.index not in seen:
        seen.add(stage.index)
        stage = stages.stages[stage.base_stage]
    if stage is None:
        return None
    defaults = _global_arg_defaults(tree)

    def value(m: re.Match[str]) -> str:
        return defaults.get(m.group(1) or m.group(2), m.group(0))

    return _VARIABLE.sub(value, stage.base)


def _global_arg_defaults(tree: cst.Dockerfile) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in tree.items:
        if isinstance(item, cst.From):
            break
        if isinstance(item, cst.Arg):
            for word in item.values:
                name, eq, default = word.partition("=")
                if eq:
                    out[name] = buildkit.process_word(default, item.escape)
    return out


def split_reference(image: str) -> tuple[str, str | None]:
    """(repository without registry, `library/` or an architecture namespace, tag or None)
    of an image reference."""
    parts = image.split("@", 1)[0].split("/")
    if len(parts) > 1 and ("." in parts[0] or ":" in parts[0] or parts[0] == "localhost"):
        parts = parts[1:]
    if len(parts) > 1 and parts[0] in ("library", *ARCH_NAMESPACES):
        parts = parts[1:]
    tag = None
    if parts and ":" in parts[-1]:
        parts[-1], tag = parts[-1].split(":", 1)
    return "/".join(parts).lower(), tag or None


def may_have_old_pip(image: str | None) -> bool:
    """Can a pip older than 6.0 be the distro's pip on this image?  For a family above, a
    release that cannot be read (a tag from a variable, a digest only) counts as old; an
    image dopt knows nothing about does not."""
    if image is None:
        return False
    repo, tag = split_reference(image)
    if repo in OWN_PIP or repo == "scratch":
        return False
    family = FAMILY.get(repo)
    if family is not None:
        if tag is None:
            return "@" in image  # `ubuntu` is latest; `ubuntu@sha256:...` may be any release
        return "$" in tag or _old_release(family, tag)
    # Another image: only a codename in its tag (node:6-jessie, buildpack-deps:trusty).
    words = set(_TAG_WORDS_RE.split((tag or "").lower()))
    return any(words & names for names in OLD_PIP_CODENAMES.values())


def _old_release(family: str, tag: str) -> bool:
    tag = tag.lower()
    first = _TAG_FIRST_RE.split(tag, maxsplit=1)[0]
    if first in OLD_PIP_CODENAMES[family]:
        return True
    if not _VERSION.fullmatch(first):
        return False  # latest, stable, a newer codename...
    return tuple(int(n) for n in first.split(".")) < OLD_PIP_BELOW[family]
