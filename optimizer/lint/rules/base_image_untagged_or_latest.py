"""DOP501: a FROM with no tag, or `:latest`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from optimizer.lint.rules.base import Context, Finding, FixAvailability, Rule
from optimizer.regexes import rx
from optimizer.syntax import buildkit, cst

_VARIABLE = rx(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-+][^}]*)?\}|([A-Za-z_][A-Za-z0-9_]*))")


# Repositories that publish no version tags (only latest, nonroot, debug...): a digest is
# the only pin, so the tag is not judged.
NO_VERSION_TAGS = ("gcr.io/distroless/",)


def global_arg_defaults(tree: cst.Dockerfile) -> dict[str, str | None]:
    """The ARGs before the first FROM: name -> default (None: declared without one)."""
    out: dict[str, str | None] = {}
    for item in tree.items:
        if isinstance(item, cst.From):
            break
        if isinstance(item, cst.Arg):
            for word in item.values:
                name, eq, default = word.partition("=")
                out[name] = buildkit.process_word(default, item.escape) if eq else None
    return out


def resolved(image: str, defaults: dict[str, str | None]) -> tuple[str, list[str]] | None:
    """The image with the global ARG defaults filled in, and the ARGs used; None when one has
    no default (the build must pass it: dopt cannot read the tag)."""
    used: list[str] = []
    missing = False

    def value(m: re.Match[str]) -> str:
        nonlocal missing
        name = m.group(1) or m.group(2)
        used.append(name)
        default = defaults.get(name)
        if default is None:
            missing = True
            return ""
        return default

    out = _VARIABLE.sub(value, image)
    return None if missing else (out, used)


def tag_state(image: str) -> str | None:
    """ "untagged" or "latest" for such a reference; None when pinned (a tag or digest)."""
    if "@" in image:
        return None
    last = image.rsplit("/", 1)[-1]
    if ":" not in last:
        return "untagged"
    return "latest" if last.rsplit(":", 1)[1] == "latest" else None


class BaseImageUntaggedOrLatest(Rule):
    code = "DOP501"
    name = "base-image-untagged-or-latest"
    summary = "A FROM without a tag, or with `:latest`: the base image changes under you"
    why = (
        "`FROM ubuntu` means `FROM ubuntu:latest`, a tag that moves to each new release: a "
        "rebuild months later gets another distribution version (other package names, "
        "another libc, another Python), the build cache hides it until it does not, and two "
        "machines build different images from the same file. Pin a version tag "
        "(`ubuntu:24.04`, `python:3.12-slim`) and update it on purpose; pin a digest "
        "(`@sha256:…`) too where builds must be reproducible. dopt fills in the defaults of "
        "ARGs declared before the first FROM (`ARG BASE=ubuntu` then `FROM $BASE`); an ARG "
        "without a default is a choice left to the build and is not judged, nor are "
        "`scratch`, stage names and images that publish no version tags (distroless: pin "
        "those by digest)."
    )
    bad = "FROM ubuntu\nRUN echo hi\n"
    good = "FROM ubuntu:24.04\nRUN echo hi\n"
    fix_availability = FixAvailability.NEVER
    fix_safety = (
        "No fix: the tag to pin cannot be known offline, and `dopt fix` never invents "
        "versions (the version that `latest` means today is a guess about the registry)."
    )
    references = (
        "https://docs.docker.com/build/building/best-practices/#from",
        "https://github.com/hadolint/hadolint/wiki/DL3006",
        "https://github.com/hadolint/hadolint/wiki/DL3007",
    )
    hadolint = ("DL3006", "DL3007")

    def check(self, ctx: Context) -> Iterator[Finding]:
        defaults = global_arg_defaults(ctx.tree)
        stage_names: set[str] = set()
        for index, inst in ctx.instructions():
            if not isinstance(inst, cst.From) or not inst.image:
                continue
            image = inst.image
            name = inst.stage_name
            known = image.lower() in stage_names
            if name:
                stage_names.add(name)
            if known or image.lower() == "scratch":
                continue
            found = resolved(image, defaults)
            if found is None:
                continue
            value, used = found
            if not value or value.lower() in stage_names or value.lower() == "scratch":
                continue
            if value.lower().startswith(NO_VERSION_TAGS):
                continue
            state = tag_state(value)
            if state is None:
                continue
            names = ", ".join(dict.fromkeys(used))
            via = f" (from the default of ARG {names})" if used else ""
            if state == "untagged":
                message = f"`{value}`{via} has no tag: it means `:latest`; pin a version tag"
            else:
                message = f"`{value}`{via} uses `:latest`, which moves; pin a version tag"
            yield ctx.finding(self, index, message)


RULE = BaseImageUntaggedOrLatest()
