"""DOP306: upgrading the base image's packages in a RUN."""

from __future__ import annotations

from collections.abc import Iterator

from optimizer.analysis import package_managers
from optimizer.analysis.shell.facts import PackageOp
from optimizer.lint.rules.base import Context, Finding, FixAvailability, Rule
from optimizer.lint.rules.common import run_scripts

# Whole-system upgrades: the upgrade actions of the system managers.  apt's are flagged even
# with package names (they still upgrade everything); the others only without, since
# `apk upgrade musl` upgrades just musl.
_ALWAYS = package_managers.command_names(package_managers.APT)


def upgrades_everything(op: PackageOp) -> bool:
    entry = package_managers.manager(op.manager)
    if entry is None or not entry.system or op.action not in entry.upgrade:
        return False
    return op.manager in _ALWAYS or not op.packages


class AptUpgrade(Rule):
    code = "DOP306"
    name = "package-upgrade-in-run"
    summary = "A RUN upgrades all the base image's packages"
    why = (
        "`apt-get upgrade` (and `dist-upgrade`, `apk upgrade`, `yum update`, `dnf upgrade`...) in "
        "a RUN makes the image depend on the day it was built: two builds of the same Dockerfile "
        "get different packages, and a cached layer keeps old ones while a fresh build does not. "
        "It also adds a layer of changed files on top of the base image's. Use a newer (or "
        "regularly rebuilt) base image instead, and upgrade single packages by name where a fix "
        "cannot wait."
    )
    bad = "FROM debian:bookworm\nRUN apt-get update && apt-get -y upgrade\n"
    good = "FROM debian:bookworm-20240612\n"
    fix_availability = FixAvailability.NEVER
    fix_safety = (
        "There is nothing to rewrite the command into: which base image (or which package "
        "versions) to use instead is the author's choice."
    )
    references = (
        "https://github.com/hadolint/hadolint/wiki/DL3005",
        "https://docs.docker.com/build/building/best-practices/#rebuild-your-images-often",
        "https://docs.docker.com/build/building/best-practices/#apt-get",
    )
    hadolint = ("DL3005",)

    def check(self, ctx: Context) -> Iterator[Finding]:
        for run in run_scripts(ctx):
            ops = [op for op in run.shell.package_ops if upgrades_everything(op)]
            if ops:
                op = ops[0]
                yield ctx.finding(
                    self,
                    run.index,
                    f"`{op.manager} {op.action}` upgrades the base image's packages at build "
                    "time: use an updated base image instead",
                )


RULE = AptUpgrade()
