"""DOP302: `apt` (the interactive front end) used in a RUN instead of `apt-get`.

This module also holds what only the apt rules (DOP301-DOP303) share: the apt commands of
a RUN and the apt configuration that may change their defaults.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from optimizer.analysis.shell.facts import PackageOp
from optimizer.lint.rules.base import UNSAFE, Applicability, Context, Finding, FixAvailability, Rule
from optimizer.lint.rules.common import (
    APT,
    RunScript,
    first_before,
    insertion_finding,
    manager_word,
    run_scripts,
    word_spans,
)
from optimizer.syntax import cst

# ---------------------------------------------------------------- shared by the apt rules


def apt_ops(run: RunScript, actions: frozenset[str] | None = None) -> list[PackageOp]:
    return [
        op
        for op in run.shell.package_ops
        if op.manager in APT and (actions is None or op.action in actions)
    ]


def config_mentions(ctx: Context, run: RunScript, op: PackageOp, pattern: re.Pattern[str]) -> bool:
    """Does apt configuration matching ``pattern`` show before this command: in an earlier
    instruction of the image (an `echo ... > /etc/apt/apt.conf.d/...`, a heredoc) or earlier
    in the same script?"""
    if pattern.search(run.script[: op.command.start]):
        return True
    found = first_before(ctx, run.index, pattern, lambda _, item: bool(pattern.search(item.code)))
    return found is not None


def hidden_config(ctx: Context, run: RunScript, op: PackageOp) -> str | None:
    """Apt configuration dopt cannot read that may change the command's defaults."""
    for option in op.options:
        if option in ("-c", "--config-file") or option.startswith(("-c=", "--config-file=")):
            return f"`{option}` loads a configuration file dopt cannot read"
    i = first_before(ctx, run.index, _configures_apt, _configures_apt)
    if i is None:
        return None
    inst = ctx.instruction(i)
    if inst.keyword in ("COPY", "ADD"):
        line = ctx.lines[i]
        return f"the {inst.keyword} at line {line} writes apt configuration dopt cannot read"
    return f"the ENV at line {ctx.lines[i]} sets APT_CONFIG, a file dopt cannot read"


def _configures_apt(_: int, inst: cst.Item) -> bool:
    """A COPY/ADD into /etc/apt/apt.conf*, or an ENV that sets APT_CONFIG."""
    if not isinstance(inst, cst.Instruction):
        return False
    if inst.keyword in ("COPY", "ADD") and inst.values:
        return inst.values[-1].startswith("/etc/apt/apt.conf")
    return inst.keyword == "ENV" and any(k == "APT_CONFIG" for k, _ in inst.pairs)  # type: ignore[attr-defined]


# ------------------------------------------------------------------------------- DOP302

# What apt-get also understands (apt-get of Debian 9 and later); `apt list/search/show`
# and friends belong to apt-cache instead.
APT_GET_ACTIONS = frozenset(
    {
        "update",
        "upgrade",
        "install",
        "remove",
        "purge",
        "autoremove",
        "auto-remove",
        "dist-upgrade",
        "full-upgrade",
        "build-dep",
        "clean",
        "autoclean",
        "auto-clean",
        "source",
        "download",
        "changelog",
    }
)


class AptCli(Rule):
    code = "DOP302"
    name = "apt-in-run"
    summary = "`apt` is for terminals: use `apt-get` in a RUN"
    why = (
        "`apt` is the interactive front end to the package manager: its command line and output "
        "are not promised to stay stable, and it warns so when its output is not a terminal. "
        "`apt-get` is the interface meant for scripts."
    )
    bad = "FROM debian:bookworm\nRUN apt update && apt install -y curl\n"
    good = "FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl\n"
    fix_availability = FixAvailability.ALWAYS
    fix_applicability = Applicability.UNSAFE
    fix_kinds_declared = frozenset((UNSAFE,))  # every fix it gives is unsafe
    fix_safety = (
        "The two also differ in defaults: `apt` deletes the .deb files it downloaded (apt-get "
        "keeps them in /var/cache/apt/archives unless the image's apt configuration says "
        "otherwise) and `apt upgrade` installs new dependencies where `apt-get upgrade` holds "
        "packages back, so switching can change the image: the fix is unsafe. Commands that only "
        "`apt` has (`list`, `search`, `show`...) are reported without a fix; apt-cache covers most "
        "of them."
    )
    references = (
        "https://github.com/hadolint/hadolint/wiki/DL3027",
        "https://manpages.debian.org/bookworm/apt/apt.8.en.html",
        "https://docs.docker.com/build/building/best-practices/#apt-get",
    )
    hadolint = ("DL3027",)

    def check(self, ctx: Context) -> Iterator[Finding]:
        for run in run_scripts(ctx):
            ops = [op for op in run.shell.package_ops if op.manager == "apt"]
            if not ops:
                continue
            message = "`apt` is meant for terminals: use `apt-get` in scripts"
            reason = run.blocked
            insertions: list[tuple[int, str]] = []
            for op in ops:
                if reason is not None:
                    break
                if op.action not in APT_GET_ACTIONS:
                    reason = f"apt-get has no `{op.action}` command"
                    break
                k = manager_word(op)
                spans = word_spans(run.script, op.command)
                if k < 0 or spans is None or not op.command.argv[k].text.endswith("apt"):
                    reason = "the `apt` word is quoted or escaped"
                    break
                insertions.append((spans[k][1], "-get"))  # apt -> apt-get
            yield insertion_finding(
                self, ctx, run, message, reason, UNSAFE, insertions, "replace `apt` with `apt-get`"
            )


RULE = AptCli()
