"""DOP105: zypper repository metadata and packages left in the layer."""

from __future__ import annotations

from optimizer.analysis.package_managers import ZYPPER as TABLE
from optimizer.analysis.package_managers import command_names
from optimizer.analysis.shell.facts import ShellScript
from optimizer.lint.rules.cache_cleanup import CacheCleanupRule, removes_any, runs_manager

ZYPPER = command_names(TABLE)
# Actions that fetch metadata and packages.  A bare `zypper refresh` is left alone: the
# install that follows it, often in the next RUN, reads what it fetched.
INSTALLS = TABLE.install | TABLE.upgrade
CLEANS = frozenset(words[0] for words in TABLE.cache.clean)


class ZypperCache(CacheCleanupRule):
    code = "DOP105"
    name = "zypper-cache-not-cleaned"
    summary = "`zypper install` without `zypper clean` leaves its cache in the layer"
    why = (
        "`zypper install` downloads repository metadata (tens of MB) and builds solver caches in "
        "/var/cache/zypp. Deleting them in a later RUN does not shrink the image: the layer that "
        "wrote them keeps them."
    )
    bad = "FROM opensuse/leap:15.6\nRUN zypper --non-interactive install curl\n"
    good = "FROM opensuse/leap:15.6\nRUN zypper --non-interactive install curl && zypper clean -a\n"
    fix_safety = (
        "The fix is safe: it deletes only zypper's cache. dopt appends `zypper clean -a` at the "
        "end of the RUN that installed. It does not when a cache mount holds the cache or the RUN "
        "runs as a non-root USER. A later install needs nothing from the cache: zypper downloads "
        "missing metadata itself."
    )
    references = (
        "https://github.com/hadolint/hadolint/wiki/DL3036",
        "https://docs.docker.com/build/building/best-practices/#run",
    )
    hadolint = ("DL3036",)
    cache = TABLE.cache
    what = "zypper metadata and packages (/var/cache/zypp)"

    def triggered(self, script: ShellScript) -> bool:
        return runs_manager(script, ZYPPER, INSTALLS)

    def cleaned(self, script: ShellScript) -> bool:
        return runs_manager(script, ZYPPER, CLEANS) or removes_any(script, self.cache.folders[0])


RULE = ZypperCache()
