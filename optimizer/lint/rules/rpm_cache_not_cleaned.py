"""DOP104: yum/dnf/microdnf metadata and packages left in the layer."""

from __future__ import annotations

from collections.abc import Iterator

from optimizer.analysis.shell import ShellScript
from optimizer.lint.rules.base import Context, Finding, FixAvailability, Rule
from optimizer.lint.rules.cache_cleanup import CacheCleanupRule, removes_any

RPM = ("yum", "dnf", "microdnf")
# Actions that download repository metadata (and packages) into the cache.
INSTALLS = frozenset(
    {
        "install",
        "groupinstall",
        "localinstall",
        "reinstall",
        "downgrade",
        "update",
        "upgrade",
        "update-minimal",
        "upgrade-minimal",
        "distro-sync",
        "group",
        "module",
        "builddep",
        "makecache",
    }
)
CACHE_DIRS = {
    "yum": ("/var/cache/yum",),
    "dnf": ("/var/cache/dnf", "/var/cache/libdnf5"),  # dnf5 (Fedora 41+) uses libdnf5
    "microdnf": ("/var/cache/yum", "/var/cache/dnf"),
}
CLEANUPS = {
    "yum": "yum clean all && rm -rf /var/cache/yum",
    "dnf": "dnf clean all && rm -rf /var/cache/dnf",
    "microdnf": "microdnf clean all",
}
HOW = (
    "`yum install`, `dnf install` and `microdnf install` download repository metadata and packages "
    "(often over 100 MB) into /var/cache/yum or /var/cache/dnf. Deleting them in a later RUN does "
    "not shrink the image: the layer that wrote them keeps them."
)


def installers(script: ShellScript) -> list[str]:
    """The rpm managers that install something, in order of first use."""
    out: list[str] = []
    for op in script.package_ops:
        if op.manager in RPM and op.action in INSTALLS and op.manager not in out:
            out.append(op.manager)
    return out


def rpm_cleaned(script: ShellScript, manager: str) -> bool:
    # yum is dnf on EL8 and later, and either's `clean all` empties the shared metadata.
    for op in script.package_ops:
        if op.manager in RPM and op.action == "clean" and "all" in op.packages:
            return True
    return any(removes_any(script, path) for path in CACHE_DIRS[manager])


class _Part(CacheCleanupRule):
    """DOP104 for the RUNs whose first installing manager is ``manager``."""

    code = "DOP104"
    name = "rpm-cache-not-cleaned"
    summary = ""
    why = ""
    bad = ""
    good = ""
    hadolint = ("DL3032", "DL3040")
    manager = ""

    def triggered(self, script: ShellScript) -> bool:
        found = installers(script)
        return bool(found) and found[0] == self.manager

    def cleaned(self, script: ShellScript) -> bool:
        return rpm_cleaned(script, self.manager)


class _Yum(_Part):
    manager = "yum"
    cache_paths = CACHE_DIRS["yum"]
    cleanup = CLEANUPS["yum"]
    what = "yum metadata and packages (/var/cache/yum)"


class _Dnf(_Part):
    manager = "dnf"
    cache_paths = CACHE_DIRS["dnf"]
    cleanup = CLEANUPS["dnf"]
    what = "dnf metadata and packages (/var/cache/dnf)"


class _Microdnf(_Part):
    manager = "microdnf"
    cache_paths = CACHE_DIRS["microdnf"]
    cleanup = CLEANUPS["microdnf"]
    what = "microdnf metadata and packages (/var/cache/yum)"


class RpmCache(Rule):
    code = "DOP104"
    name = "rpm-cache-not-cleaned"
    summary = "`yum`/`dnf`/`microdnf install` without `clean all` leaves its cache in the layer"
    why = HOW
    bad = "FROM fedora:40\nRUN dnf install -y gcc\n"
    good = (
        "FROM fedora:40\n"
        "RUN dnf install -y gcc && \\\n"
        "    dnf clean all && \\\n"
        "    rm -rf /var/cache/dnf\n"
    )
    fix_availability = FixAvailability.SOMETIMES
    fix_safety = (
        "The fix is safe: it deletes only the package manager's cache. dopt appends `clean all` "
        "(and removes the cache folder) at the end of the RUN that installed, for the first of "
        "these managers the RUN uses. It does not when a cache mount holds the cache or the RUN "
        "runs as a non-root USER. A later install needs nothing from the cache: these managers "
        "download missing metadata themselves."
    )
    references = (
        "https://github.com/hadolint/hadolint/wiki/DL3032",
        "https://github.com/hadolint/hadolint/wiki/DL3040",
        "https://dnf.readthedocs.io/en/latest/command_ref.html#clean-command",
    )
    hadolint = ("DL3032", "DL3040")
    # One engine rule per manager, since the engine appends a fixed command.
    parts = (_Yum(), _Dnf(), _Microdnf())

    def check(self, ctx: Context) -> Iterator[Finding]:
        for part in self.parts:
            yield from part.check(ctx)


RULE = RpmCache()
