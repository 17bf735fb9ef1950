"""DOP102: `apt-get update` lists left in the layer."""

from __future__ import annotations

from collections.abc import Iterator

from optimizer.analysis.package_managers import APT as TABLE
from optimizer.analysis.package_managers import APT_LISTS
from optimizer.analysis.shell.facts import ShellScript
from optimizer.lint.rules.base import Context, Finding
from optimizer.lint.rules.cache_cleanup import (
    CacheCleanupRule,
    first_later,
    removes,
    runs_a_script,
    runs_manager,
)
from optimizer.lint.rules.common import APT, covered_by_cache_mount, shell_runs

INSTALLS = TABLE.install | TABLE.upgrade
UPDATE = TABLE.update
# `apt-get dist-clean` (apt 2.7.8+) deletes the lists as well as the archives.
DIST_CLEAN = frozenset(words[0] for words in APT_LISTS.clean)


class AptLists(CacheCleanupRule):
    code = "DOP102"
    name = "apt-lists-not-removed"
    summary = "`apt-get update` leaves its package lists in the layer"
    why = (
        "`apt-get update` downloads package lists (tens of MB) into /var/lib/apt/lists. Removing "
        "them in a later RUN does not shrink the image: the layer that wrote them keeps them. "
        "Remove them at the end of the RUN that ran the update."
    )
    bad = "FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl\n"
    good = (
        "FROM debian:bookworm\n"
        "RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n"
    )
    fix_safety = (
        "The fix appends `rm -rf /var/lib/apt/lists/*` to the RUN that ran the update and is safe: "
        "it deletes only the package lists, which the image never reads again. It offers no fix "
        "when a cache mount holds the lists, when the RUN runs as a non-root USER, or when a later "
        "RUN of the stage (or of a stage built FROM it) installs packages without its own `apt-get "
        "update`, since that install would then fail; a later RUN that runs a script or a build "
        "tool (`sh x.sh`, `./install`, `make`, `curl ... | sh`) counts as one that installs. "
        "`apt-get dist-clean` counts as removing the lists."
    )
    references = (
        "https://docs.docker.com/build/building/best-practices/#apt-get",
        "https://github.com/hadolint/hadolint/wiki/DL3009",
        "https://docs.docker.com/reference/dockerfile/#run---mounttypecache",
    )
    hadolint = ("DL3009",)
    # The lists, not /var/cache/apt: a cache mount there holds the downloaded .debs.
    cache = APT_LISTS
    what = "apt package lists (/var/lib/apt/lists)"

    def check(self, ctx: Context) -> Iterator[Finding]:
        yield from super().check(ctx)
        # A RUN that only updates: its lists stay in its layer whatever later RUNs do. The
        # fix is to merge it with the install that follows (DOP101 does where it can).
        for index, inst, script in shell_runs(ctx):
            if covered_by_cache_mount(inst, self.cache_paths):
                continue
            if (
                runs_manager(script, APT, UPDATE)
                and not self.triggered(script)
                and not self.cleaned(script)
            ):
                yield ctx.finding(
                    self,
                    index,
                    "`apt-get update` alone in a RUN: its lists stay in this layer; run it in "
                    "the RUN that installs (merging adjacent RUNs does that)",
                )

    def triggered(self, script: ShellScript) -> bool:
        # A script or build tool run after the update is taken to install with the lists.
        return runs_manager(script, APT, UPDATE) and (
            runs_manager(script, APT, INSTALLS) or runs_a_script(script) is not None
        )

    def cleaned(self, script: ShellScript) -> bool:
        return removes(script, self.cache.folders[0]) or runs_manager(script, APT, DIST_CLEAN)

    def later_need(self, ctx: Context, index: int) -> str | None:
        found = first_later(ctx, index, _needs_lists)
        if found is None:
            return None
        later, script = found
        if runs_manager(script, APT, INSTALLS):
            return (
                f"the RUN at line {ctx.lines[later]} installs packages without "
                "`apt-get update` and needs these lists"
            )
        return (
            f"the RUN at line {ctx.lines[later]} runs {runs_a_script(script)}, which may "
            "install packages with these lists"
        )


def _needs_lists(script: ShellScript) -> bool:
    """Reads the lists: an install without its own `apt-get update`, or a script that may."""
    if runs_manager(script, APT, UPDATE):
        return False
    return runs_manager(script, APT, INSTALLS) or runs_a_script(script) is not None


RULE = AptLists()
