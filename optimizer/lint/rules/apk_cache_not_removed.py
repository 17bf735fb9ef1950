"""DOP103: apk package indexes left in the layer."""

from __future__ import annotations

from optimizer.analysis.package_managers import APK as TABLE
from optimizer.analysis.package_managers import command_names
from optimizer.analysis.shell.facts import PackageOp, ShellScript
from optimizer.lint.rules.base import Context
from optimizer.lint.rules.cache_cleanup import (
    CacheCleanupRule,
    first_later,
    removes_any,
    runs_a_script,
    runs_manager,
)

APK = command_names(TABLE)
# Actions that fetch the indexes into the cache unless --no-cache is given.
FETCHES = TABLE.fetches
READS = TABLE.install | TABLE.upgrade  # these read the indexes
QUIET = frozenset({*TABLE.no_cache_flags, "--no-network"})  # these never write the indexes
# These fetch fresh indexes first (`apk add --update`), so read none left by earlier steps.
REFRESH = frozenset({*TABLE.no_cache_flags, "--update", "--update-cache", "-U"})


def leaves_indexes(script: ShellScript) -> bool:
    return any(
        op.manager in APK and op.action in FETCHES and not QUIET.intersection(op.options)
        for op in script.package_ops
    )


class ApkCache(CacheCleanupRule):
    code = "DOP103"
    name = "apk-cache-not-removed"
    summary = "`apk add` without `--no-cache` leaves its package indexes in the layer"
    why = (
        "`apk update`, and `apk add` or `apk upgrade` without `--no-cache`, store the repository "
        "indexes (a few MB per repository) in /var/cache/apk. Deleting them in a later RUN does "
        "not shrink the image: the layer that wrote them keeps them. Use `apk add --no-cache`, or "
        "remove /var/cache/apk/* at the end of the same RUN, which is what dopt appends."
    )
    bad = "FROM alpine:3.20\nRUN apk update && apk add curl\n"
    good = "FROM alpine:3.20\nRUN apk update && apk add curl && rm -rf /var/cache/apk/*\n"
    fix_safety = (
        "The fix (`rm -rf /var/cache/apk/*` at the end of the RUN) is safe: it deletes only the "
        "indexes. It offers no fix when a cache mount holds the indexes, when the RUN runs as a "
        "non-root USER, or when a later RUN of the stage (or of a stage built FROM it) runs `apk "
        "add` without `--no-cache`, `--update` or its own `apk update`, or runs a script or a "
        "build tool that may do so, since that step reads the indexes."
    )
    references = (
        "https://github.com/hadolint/hadolint/wiki/DL3019",
        "https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper",
        "https://docs.docker.com/build/building/best-practices/#run",
    )
    hadolint = ("DL3019",)
    cache = TABLE.cache
    what = "apk package indexes (/var/cache/apk)"

    def triggered(self, script: ShellScript) -> bool:
        return leaves_indexes(script)

    def cleaned(self, script: ShellScript) -> bool:
        return removes_any(script, self.cache.folders[0])

    def later_need(self, ctx: Context, index: int) -> str | None:
        found = first_later(ctx, index, _needs_indexes)
        if found is None:
            return None
        later, script = found
        op = _index_reader(script)
        if op is not None:
            return (
                f"the RUN at line {ctx.lines[later]} runs `apk {op.action}` "
                "without `--no-cache` or `apk update` and reads these indexes"
            )
        return (
            f"the RUN at line {ctx.lines[later]} runs {runs_a_script(script)}, which may "
            "install packages with these indexes"
        )


def _index_reader(script: ShellScript) -> PackageOp | None:
    """The `apk add`/`apk upgrade` of a script without `apk update` that reads the indexes."""
    if runs_manager(script, APK, TABLE.update):
        return None
    for op in script.package_ops:
        if op.manager in APK and op.action in READS:
            if not REFRESH.intersection(op.options):
                return op
    return None


def _needs_indexes(script: ShellScript) -> bool:
    """Reads the indexes: an install without a refresh, or a script that may run one."""
    if runs_manager(script, APK, TABLE.update):
        return False
    return _index_reader(script) is not None or runs_a_script(script) is not None


RULE = ApkCache()
