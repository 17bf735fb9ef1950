"""DOP103: apk package indexes left in the layer.

This module also holds what the other cache rules (DOP104-DOP108) share beyond the engine:
reading the script of RUNs that are not plain shell form, and the findings for them.
"""

from __future__ import annotations

import posixpath
import re
import shlex
from collections.abc import Iterator

from optimizer import cst
from optimizer.analysis.shell import ShellScript, analyze
from optimizer.rules.base import Context, Finding
from optimizer.rules.cache_cleanup import CacheCleanupRule, removes, runs_manager
from optimizer.rules.common import analyze_run, covered_by_cache_mount

SHELLS = frozenset({"sh", "bash", "dash", "ash"})
_MARKER_RE = re.compile(r"<<-?\s*([\"']?)[A-Za-z0-9_]+\1")
_SHEBANG_RE = re.compile(r"#!\s*(?:\S*/)?(?:env\s+)?(?:sh|bash|dash|ash)(?:\s|$)")


def run_script(inst: cst.Instruction) -> tuple[ShellScript, str | None] | None:
    """The shell a RUN runs and, when dopt cannot edit it, why.

    Shell form gives its script (reason None).  Exec form gives `sh -c` text or the argv
    joined; a heredoc RUN gives its header plus, when the heredoc is the script the shell
    runs, the body.  Good enough to see which package managers run, not to edit.
    """
    if inst.keyword != "RUN":
        return None
    run = analyze_run(inst)
    if run is not None:
        return run[1], None
    if inst.is_json:
        argv = list(inst.values)
        if len(argv) >= 3 and posixpath.basename(argv[0]) in SHELLS and argv[1] == "-c":
            text = argv[2]
        else:
            text = shlex.join(argv)
        return analyze(text), "it is in exec form (JSON), which dopt does not edit"
    if inst.heredocs:
        header = _MARKER_RE.sub("", inst.values[0] if inst.values else "")
        texts = [header]
        words = header.split()
        # Only a heredoc fed to a shell is a script; `cat <<EOF >file` writes data.
        if not words or posixpath.basename(words[0]) in SHELLS:
            for body in inst.heredocs:
                first = body.content.lstrip().split("\n", 1)[0]
                if not first.startswith("#!") or _SHEBANG_RE.match(first):
                    texts.append(body.content)
        return analyze("\n".join(texts)), "it uses a heredoc, which dopt does not edit"
    return None


def removes_any(script: ShellScript, path: str) -> bool:
    """Does some `rm` delete this folder or one of its parents (`rm -rf /var/cache/*`)?"""
    while path not in ("/", ""):
        if removes(script, path):
            return True
        path = posixpath.dirname(path)
    return False


def removes_home(script: ShellScript, relative: str) -> bool:
    """Does some `rm` delete ~/relative, written with `~` or `$HOME` (root's home here)?"""
    for home in ("/root", "~", "$HOME", "${HOME}"):
        if removes_any(script, f"{home}/{relative}"):
            return True
    return False


class UneditedReporting(CacheCleanupRule):
    """The engine, plus findings (never fixes) for exec-form and heredoc RUNs."""

    def check(self, ctx: Context) -> Iterator[Finding]:
        yield from super().check(ctx)
        for index, inst in ctx.instructions():
            found = run_script(inst)
            if found is None or found[1] is None:
                continue
            script, reason = found
            if not self.triggered(script) or self.cleaned(script):
                continue
            if covered_by_cache_mount(inst, self.cache_paths) or self.env_disables(ctx, index):
                continue
            message = f"{self.what} stay in this layer: clean up in the same RUN"
            yield ctx.finding(self, index, f"{message} (not fixed: {reason})")


APK = frozenset({"apk"})
# Actions that fetch the indexes into the cache unless --no-cache is given.
FETCHES = frozenset({"add", "update", "upgrade"})
QUIET = frozenset({"--no-cache", "--no-network"})  # these never write the indexes
REFRESH = frozenset({"--no-cache", "--update", "--update-cache", "-U"})


def leaves_indexes(script: ShellScript) -> bool:
    return any(
        op.manager == "apk" and op.action in FETCHES and not QUIET.intersection(op.options)
        for op in script.package_ops
    )


class ApkCache(UneditedReporting):
    code = "DOP103"
    name = "apk-cache-not-removed"
    summary = "`apk add` without `--no-cache` leaves its package indexes in the layer"
    why = (
        "`apk update`, and `apk add` or `apk upgrade` without `--no-cache`, store the "
        "repository indexes (a few MB per repository) in /var/cache/apk. Deleting them in a "
        "later RUN does not shrink the image: the layer that wrote them keeps them. Use "
        "`apk add --no-cache`, or remove /var/cache/apk/* at the end of the same RUN, which "
        "is what dopt appends. It does not when a cache mount holds the indexes, when the "
        "RUN runs as a non-root USER, or when a later RUN of the stage (or of a stage built "
        "FROM it) runs `apk add` without `--no-cache`, `--update` or its own `apk update`, "
        "since that step reads the indexes."
    )
    bad = "RUN apk update && apk add curl\n"
    good = "RUN apk update && \\\n    apk add curl && \\\n    rm -rf /var/cache/apk/*\n"
    hadolint = ("DL3019",)
    cache_paths = ("/var/cache/apk", "/etc/apk/cache")
    cleanup = "rm -rf /var/cache/apk/*"
    what = "apk package indexes (/var/cache/apk)"

    def triggered(self, script: ShellScript) -> bool:
        return leaves_indexes(script)

    def cleaned(self, script: ShellScript) -> bool:
        return removes_any(script, "/var/cache/apk")

    def later_need(self, ctx: Context, index: int) -> str | None:
        for later in ctx.stages.later_items(index):
            found = run_script(ctx.instruction(later))
            if found is None:
                continue
            script = found[0]
            if runs_manager(script, APK, frozenset({"update"})):
                continue
            for op in script.package_ops:
                if op.manager == "apk" and op.action in ("add", "upgrade"):
                    if not REFRESH.intersection(op.options):
                        return (
                            f"the RUN at line {ctx.lines[later]} runs `apk {op.action}` "
                            "without `--no-cache` or `apk update` and reads these indexes"
                        )
        return None


RULE = ApkCache()
