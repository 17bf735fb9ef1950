"""DOP301: `apt-get install` that also installs recommended packages."""

from __future__ import annotations

import re
from collections.abc import Iterator

from optimizer.lint.rules.apt_in_run import apt_ops, config_mentions, hidden_config
from optimizer.lint.rules.base import UNSAFE, Applicability, Context, Finding, FixAvailability, Rule
from optimizer.lint.rules.common import action_end, insertion_finding, run_scripts
from optimizer.regexes import rx

# `--no-install-recommends`, `--install-recommends`, `-o APT::Install-Recommends=...`: any of
# them on the command is a decision already made.
_RECOMMENDS = rx(r"install-recommends", re.IGNORECASE)
# An apt.conf line turning them off (`APT::Install-Recommends "false";`), written earlier.
_CONFIG = rx(r"install-recommends\s+\\?[\"']?(?:0|false|no|off|without|disable)\b", re.IGNORECASE)


class NoInstallRecommends(Rule):
    code = "DOP301"
    name = "apt-install-recommends"
    summary = "`apt-get install` without `--no-install-recommends`"
    why = (
        "By default apt also installs the packages a package only recommends: documentation, "
        "optional helpers, sometimes whole toolchains. In an image they cost space and add to what "
        "has to be patched. `--no-install-recommends` installs only real dependencies."
    )
    bad = "FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl\n"
    good = (
        "FROM debian:bookworm\n"
        "RUN apt-get update && apt-get install --no-install-recommends -y curl\n"
    )
    fix_availability = FixAvailability.ALWAYS
    fix_applicability = Applicability.UNSAFE
    fix_kinds_declared = frozenset((UNSAFE,))  # every fix it gives is unsafe
    fix_safety = (
        "The fix adds `--no-install-recommends` and is unsafe: the image gets fewer packages, "
        "and something may have relied on one of them. dopt says nothing when the command (or "
        "apt configuration written earlier in the image) already decides about recommends."
    )
    references = (
        "https://github.com/hadolint/hadolint/wiki/DL3015",
        "https://docs.docker.com/build/building/best-practices/#apt-get",
        "https://manpages.debian.org/bookworm/apt/apt.conf.5.en.html",
    )
    hadolint = ("DL3015",)

    def check(self, ctx: Context) -> Iterator[Finding]:
        for run in run_scripts(ctx):
            ops = [
                op
                for op in apt_ops(run, frozenset({"install"}))
                if not any(_RECOMMENDS.search(o) for o in op.options)
                and not config_mentions(ctx, run, op, _CONFIG)
            ]
            if not ops:
                continue
            message = (
                f"`{ops[0].manager} install` without `--no-install-recommends` "
                "also installs recommended packages"
            )
            reason = run.blocked
            insertions: list[tuple[int, str]] = []
            for op in ops:
                if reason is None:
                    reason = hidden_config(ctx, run, op)
                end = action_end(run, op)
                if reason is None and end is None:
                    reason = "the `install` word is quoted or escaped"
                if reason is not None:
                    break
                assert end is not None
                insertions.append((end, " --no-install-recommends"))
            yield insertion_finding(
                self, ctx, run, message, reason, UNSAFE, insertions, "add `--no-install-recommends`"
            )


RULE = NoInstallRecommends()
