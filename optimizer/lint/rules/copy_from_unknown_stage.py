"""DOP602: `COPY --from=NAME` where NAME is no stage (BuildKit would pull it as an image)."""

from __future__ import annotations

from collections.abc import Iterator

from optimizer.analysis.official_images import OFFICIAL_NAMES
from optimizer.lint.rules.base import Context, Finding, FixAvailability, Rule


def looks_like_image(name: str) -> bool:
    """Does `--from=` name an image rather than a stage: a registry, namespace, tag or
    digest in it, or the bare name of an official image (`--from=nginx`)?"""
    return any(c in name for c in "/:@.") or name.lower() in OFFICIAL_NAMES


class CopyFromUnknownStage(Rule):
    code = "DOP602"
    name = "copy-from-unknown-stage"
    summary = "`COPY --from=` names no stage of the file (BuildKit pulls it as an image)"
    why = (
        "BuildKit reads `COPY --from=NAME` as a stage when NAME is the name of a stage of the "
        "file (case-insensitive) or a number below the stage count, then as a named build "
        "context, and otherwise as an image reference: `--from=buidler` (a typo of "
        "`builder`) makes it try to pull "
        "`docker.io/library/buidler:latest`, which fails with `pull access denied` far from "
        "the cause, or, worse, succeeds with somebody's image of that name. A number that "
        "is the stage's own index is a circular dependency, one beyond the last stage an "
        "`invalid stage index` error, and one of a later stage builds with BuildKit but not "
        "with the classic builder. dopt reports a bare word that is no stage and not the "
        "name of an official image (`--from=nginx` is an image) when it is one or two edits "
        "away from a stage name (a typo: `buidler` for `builder`), and a number that is not "
        "an earlier stage. Any other bare word is left alone: `docker buildx build "
        "--build-context NAME=…` gives `--from=NAME` a named context of that name (the "
        "Dockerfile cannot say whether the build passes one). A reference with a registry, "
        "namespace, tag or digest is an image, and one with a variable is not judged."
    )
    bad = (
        "FROM golang:1.22 AS builder\nRUN go build -o /app .\nFROM alpine:3.20\n"
        "COPY --from=buidler /app /app\n"
    )
    good = (
        "FROM golang:1.22 AS builder\nRUN go build -o /app .\nFROM alpine:3.20\n"
        "COPY --from=builder /app /app\n"
    )
    fix_availability = FixAvailability.NEVER
    fix_safety = (
        "No fix: which stage was meant is a guess (a typo of one name, or a stage that was "
        "renamed or removed), and a guess that is wrong copies the wrong files."
    )
    references = (
        "https://docs.docker.com/reference/dockerfile/#copy---from",
        "https://github.com/moby/buildkit/blob/master/frontend/dockerfile/dockerfile2llb/convert.go",
        "https://github.com/hadolint/hadolint/wiki/DL3022",
    )
    hadolint = ("DL3022",)

    def check(self, ctx: Context) -> Iterator[Finding]:
        stages = ctx.stages.stages
        names = {s.name for s in stages if s.name}
        for index, inst in ctx.instructions():
            if inst.keyword not in ("COPY", "ADD"):
                continue
            ref = inst.flag("from")
            if not ref or "$" in ref:
                continue
            stage = ctx.stages.stage(index)
            if stage is None:
                continue
            if ref.isdigit():
                n = int(ref)
                if n >= len(stages):
                    message = (
                        f"`--from={ref}`: the file has {len(stages)} stage(s) (0 to "
                        f"{len(stages) - 1}): BuildKit fails with `invalid stage index`"
                    )
                elif n == stage.index:
                    message = f"`--from={ref}` is this stage itself: a circular dependency"
                elif n > stage.index:
                    message = (
                        f"`--from={ref}` is a later stage: the classic builder rejects it; "
                        "copy from earlier stages"
                    )
                else:
                    continue
                yield ctx.finding(self, index, message)
                continue
            if ref.lower() in names or looks_like_image(ref):
                continue
            near = _nearest(ref.lower(), sorted(names))
            if near is None:
                continue  # a named build context (`--build-context NAME=…`) or an image
            yield ctx.finding(
                self,
                index,
                f"`--from={ref}` is no stage of this file (did you mean `{near}`?): BuildKit "
                f"would pull it as the image `{ref.lower()}:latest`",
            )


def _nearest(word: str, names: list[str]) -> str | None:
    """A stage name one or two edits from ``word`` (a typo), if there is exactly one."""
    close = [n for n in names if _distance(word, n) <= 2]
    return close[0] if len(close) == 1 else None


def _distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


RULE = CopyFromUnknownStage()
