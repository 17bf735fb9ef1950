"""DOP603: a build stage that nothing uses (BuildKit skips it when building the last one)."""

from __future__ import annotations

from collections.abc import Iterator

from optimizer.lint.rules.base import Context, Finding, FixAvailability, Rule
from optimizer.regexes import rx

# Names people give stages they build with `--target` (alternatives to the last stage).
TARGET_NAMES = rx(
    r"(dev|develop|development|debug|test|tests|testing|lint|ci|check|prod|production|"
    r"release|runtime|final|local|live|staging|qa|e2e|unit|docs|shell|devcontainer)"
    r"([-_].*)?\Z"
)
_STAGE_REF = rx(r"--from=\$|from=\$")


class UnusedBuildStage(Rule):
    code = "DOP603"
    name = "unused-build-stage"
    summary = "A build stage that no later stage uses: BuildKit does not build it"
    why = (
        "BuildKit builds only the stages the target needs: the last stage (or `--target`) "
        "and the stages it is built FROM, copies from (`COPY --from`) or mounts "
        "(`RUN --mount=from=`). A stage nothing refers to is skipped, so its RUNs never run "
        "in a default build: dead code that looks like it matters (a test stage that never "
        "tests, a build whose output nobody copies), or a reference that was lost in an "
        "edit. Use it, or delete it. The caveat: a stage built on purpose with "
        "`docker build --target NAME` is no dead code; dopt leaves out stages whose name says "
        "so (dev, test, debug, lint, prod, release, ... and names starting with them, and a "
        "name that is the last stage's with a `-suffix`, or the other way round) and "
        "stages built FROM another stage of the file (the variants of a shared base that "
        "`--target` picks), and does not judge a file whose FROM or `--from` takes a stage "
        "from a variable."
    )
    bad = "FROM golang:1.22 AS builder\nRUN go build -o /app .\nFROM alpine:3.20\nCOPY app /app\n"
    good = (
        "FROM golang:1.22 AS builder\nRUN go build -o /app .\nFROM alpine:3.20\n"
        "COPY --from=builder /app /app\n"
    )
    fix_availability = FixAvailability.NEVER
    fix_safety = (
        "No fix: deleting the stage is right only if nobody builds it with `--target`, which "
        "the Dockerfile cannot say."
    )
    references = (
        "https://docs.docker.com/build/building/multi-stage/#stop-at-a-specific-build-stage",
        "https://docs.docker.com/build/buildkit/#overview",
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        stages = ctx.stages.stages
        if len(stages) < 2:
            return
        for _, inst in ctx.instructions():
            if inst.keyword == "FROM" and "$" in (inst.values[0] if inst.values else ""):
                return
            if any(_STAGE_REF.search(f) for f in inst.flags):
                return
        for stage in stages[:-1]:
            if stage.children or stage.copied_by or stage.base_stage is not None:
                continue
            if stage.name and (
                TARGET_NAMES.match(stage.name) or _variant_of(stage.name, stages[-1].name)
            ):
                continue
            label = f"`{stage.name}`" if stage.name else f"{stage.index}"
            yield ctx.finding(
                self,
                stage.items[0],
                f"stage {label} is not used by any later stage: BuildKit skips it (delete it, "
                "or build it with `--target`)",
            )


def _variant_of(name: str, last: str | None) -> bool:
    """Is an unused stage a variant of the last one by name (`base2-slim` beside `base2`,
    `app-debug` beside `app`): both are targets of the same build."""
    if not last:
        return False
    a, b = sorted((name, last), key=len)
    return b.startswith(a) and b[len(a) : len(a) + 1] in ("-", "_")


RULE = UnusedBuildStage()
