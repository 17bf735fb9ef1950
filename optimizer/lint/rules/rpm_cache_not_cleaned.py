"""DOP104: yum/dnf/microdnf metadata and packages left in the layer."""

from __future__ import annotations

from collections.abc import Iterator

from optimizer.analysis import package_managers
from optimizer.analysis.package_managers import Manager, command_names
from optimizer.analysis.shell.facts import ShellScript
from optimizer.lint.rules.base import Context, Finding, FixAvailability, Rule
from optimizer.lint.rules.cache_cleanup import CacheCleanupRule, removes_any

MANAGERS = package_managers.cleaned_by("DOP104")  # yum, dnf, microdnf
RPM = command_names(MANAGERS)
# Each manager's actions that download repository metadata (and packages) into the cache.
FETCHES = {name: m.fetches for m in MANAGERS for name in command_names(m)}
HOW = (
    "`yum install`, `dnf install` and `microdnf install` download repository metadata and packages "
    "(often over 100 MB) into /var/cache/yum or /var/cache/dnf. Deleting them in a later RUN does "
    "not shrink the image: the layer that wrote them keeps them."
)


def installers(script: ShellScript) -> list[str]:
    """The rpm managers that install something, in order of first use."""
    out: list[str] = []
    for op in script.package_ops:
        if op.manager in RPM and op.action in FETCHES[op.manager] and op.manager not in out:
            out.append(op.manager)
    return out


def rpm_cleaned(script: ShellScript, manager: str) -> bool:
    # yum is dnf on EL8 and later, and either's `clean all` empties the shared metadata.
    for op in script.package_ops:
        if op.manager in RPM and op.action == "clean" and "all" in op.packages:
            return True
    entry = package_managers.manager(manager)
    return entry is not None and any(removes_any(script, p) for p in entry.cache.folders)


class _Part(CacheCleanupRule):
    """DOP104 for the RUNs whose first installing manager is ``manager``."""

    code = "DOP104"
    name = "rpm-cache-not-cleaned"
    summary = ""
    why = ""
    bad = ""
    good = ""
    hadolint = ("DL3032", "DL3040")

    def __init__(self, manager: Manager) -> None:
        self.manager = manager.name
        self.cache = manager.cache
        self.what = f"{manager.name} metadata and packages ({manager.cache.folders[0]})"

    def triggered(self, script: ShellScript) -> bool:
        found = installers(script)
        return bool(found) and found[0] == self.manager

    def cleaned(self, script: ShellScript) -> bool:
        return rpm_cleaned(script, self.manager)


class RpmCache(Rule):
    code = "DOP104"
    name = "rpm-cache-not-cleaned"
    summary = "`yum`/`dnf`/`microdnf install` without `clean all` leaves its cache in the layer"
    why = HOW
    bad = "FROM fedora:40\nRUN dnf install -y gcc\n"
    good = "FROM fedora:40\nRUN dnf install -y gcc && dnf clean all && rm -rf /var/cache/dnf\n"
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
    parts = tuple(_Part(m) for m in MANAGERS)

    def check(self, ctx: Context) -> Iterator[Finding]:
        for part in self.parts:
            yield from part.check(ctx)


RULE = RpmCache()
