"""DOP303: an apt command that asks for confirmation, which a build cannot give."""

from __future__ import annotations

import re
from collections.abc import Iterator

from optimizer.analysis import package_managers
from optimizer.analysis.failure import fails_the_run
from optimizer.analysis.shell.facts import PackageOp
from optimizer.lint.rules.apt_in_run import apt_ops, config_mentions
from optimizer.lint.rules.base import SAFE, Context, Finding, FixAvailability, Rule
from optimizer.lint.rules.common import RunScript, action_end, insertion_finding, run_scripts
from optimizer.regexes import rx

# Actions that change packages and so may stop at "Do you want to continue? [Y/n]".
PROMPTING = frozenset(
    {
        "install",
        "reinstall",
        "upgrade",
        "dist-upgrade",
        "full-upgrade",
        "dselect-upgrade",
        "remove",
        "purge",
        "autoremove",
        "auto-remove",
        "autopurge",
        "build-dep",
        "satisfy",
    }
)
# Short options that take a value (-o -c -t -a), which a bundle like `-qo` ends with.
_VALUE_LETTERS = frozenset(o[1] for o in package_managers.APT.value_options if len(o) == 2)
_TRUE = frozenset({"1", "yes", "true", "with", "on", "enable"})
# apt.conf snippets written earlier: `APT::Get::Assume-Yes "true";` or `quiet "2";`.
_CONFIG = rx(
    r"assume-yes\s+\\?[\"']?(?:1|yes|true|with|on|enable)\b"
    r"|(?<![\w-])quiet\s+\\?[\"']?(?:[2-9]|\d\d)",
    re.IGNORECASE,
)
_YES_PIPE = rx(r"\|\s*\Z")
# Options that make apt only show what it would do: it never asks, so `-y` has no place.
_SIMULATE = frozenset(
    {"-s", "--simulate", "--just-print", "--dry-run", "--recon", "--no-act", "--print-uris"}
)
_SIMULATE_CONFIG = frozenset({"apt::get::simulate", "apt::get::print-uris"})


def simulates(op: PackageOp) -> bool:
    """Does the command only simulate (`-s` and its spellings, `--print-uris`)?"""
    options = list(op.options)
    for i, opt in enumerate(options):
        name, eq, given = opt.partition("=")
        value: str | None = None
        if name in _SIMULATE:
            if not eq or given.lower() in _TRUE:
                return True
        elif name in ("-o", "--option"):
            value = given if eq else (options[i + 1] if i + 1 < len(options) else "")
        elif opt.startswith("-o") and not opt.startswith("--"):
            value = opt[2:]  # -oKEY=VALUE
        elif opt.startswith("-") and not opt.startswith("--"):
            for letter in opt[1:]:
                if letter in _VALUE_LETTERS:
                    break  # the rest of the cluster is that option's value
                if letter == "s":
                    return True
        if value is not None:
            key, _, setting = value.partition("=")
            if key.lower() in _SIMULATE_CONFIG and setting.lower() in _TRUE:
                return True
    return False


def answers(op: PackageOp) -> str | None:
    """How the command answers apt's prompt from its options: "yes", "no" or None (it asks).

    apt skips the prompt for -y/--yes/--assume-yes (APT::Get::Assume-Yes) and also at quiet
    level 2 or more (-qq, -q -q, -q=2): apt-private/private-install.cc checks
    `quiet < 2 && !Assume-Yes` before it asks."""
    quiet = 0
    result: str | None = None
    options = list(op.options)
    i = 0
    while i < len(options):
        opt = options[i]
        value: str | None = None
        name, eq, given = opt.partition("=")
        if name in ("-o", "--option"):
            value = given if eq else (options[i + 1] if i + 1 < len(options) else "")
            i += 0 if eq else 1
        elif opt.startswith("-o") and not opt.startswith("--"):
            value = opt[2:]  # -oKEY=VALUE
        elif name in ("-y", "--yes", "--assume-yes"):
            result = "yes" if not eq or given.lower() in _TRUE else result
        elif name == "--assume-no":
            result = result or "no"
        elif name in ("-q", "--quiet"):
            quiet = int(given) if eq and given.isdigit() else quiet + 1
        elif opt.startswith("-") and not opt.startswith("--"):
            for letter in opt[1:]:
                if letter in _VALUE_LETTERS:
                    break  # the rest of the cluster is that option's value
                if letter == "y":
                    result = "yes"
                elif letter == "q":
                    quiet += 1
        if value is not None:
            key, _, setting = value.partition("=")
            if key.lower() == "apt::get::assume-yes":
                result = "yes" if setting.lower() in _TRUE else "no"  # explicitly asks
            elif key.lower() == "quiet" and setting.isdigit():
                quiet = int(setting)
        i += 1
    if result is None and quiet >= 2:
        result = "yes"
    return result


def piped_yes(run: RunScript, op: PackageOp) -> bool:
    """Is the command's input `yes | ...` (or `echo y | ...`)?"""
    before = run.script[: op.command.start]
    if not _YES_PIPE.search(before) or before.rstrip().endswith("||"):
        return False
    for cmd in run.shell.commands:
        if cmd.end <= op.command.start and not run.script[cmd.end : op.command.start].strip(
            " \t\n|"
        ):
            if cmd.name == "yes":
                return True
            words = [w.literal or "" for w in cmd.argv[1:]]
            return cmd.name in ("echo", "printf") and bool(words) and words[-1][:1] in "yY"
    return False


class AptYes(Rule):
    code = "DOP303"
    name = "apt-without-yes"
    summary = "apt command without `-y` stops at its confirmation prompt"
    why = (
        "`apt-get install` (and upgrade, remove, purge...) asks `Do you want to continue?` "
        "whenever it would do more than asked: install a dependency, remove a package. A build has "
        "no terminal, so apt reads end-of-file, answers no and the RUN fails; whether that happens "
        "depends on what the base image already holds, so it can start failing on a rebuild. `-y` "
        "answers yes."
    )
    bad = "FROM debian:bookworm\nRUN apt-get update && apt-get install curl\n"
    good = "FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl\n"
    fix_availability = FixAvailability.ALWAYS
    fix_safety = (
        "The fix is safe: where the prompt was never shown, `-y` does nothing, and where it was, "
        "the build had failed. So dopt adds it only where the command's failure fails the RUN: "
        "chained with `&&` or last, or ended by `;` under `set -e`. After `;` without errexit, "
        "before `||`, or inside `if` and the like, a refused prompt let the build go on without "
        "the change: there dopt reports and does not fix. It says nothing when the command only "
        "simulates (`-s`, `--simulate`, `--dry-run`, `--just-print`, `--recon`, `--no-act`, "
        "`--print-uris`: no prompt) or already answers: `-y`, `--yes`, `--assume-yes`, quiet level "
        "2 (`-qq`, which apt treats as yes), `-o APT::Get::Assume-Yes=true`, `yes |`, or apt "
        "configuration written earlier in the image that sets Assume-Yes."
    )
    references = (
        "https://github.com/hadolint/hadolint/wiki/DL3014",
        "https://docs.docker.com/build/building/best-practices/#apt-get",
        "https://manpages.debian.org/bookworm/apt/apt-get.8.en.html",
    )
    hadolint = ("DL3014",)

    def check(self, ctx: Context) -> Iterator[Finding]:
        for run in run_scripts(ctx):
            ops = [
                op
                for op in apt_ops(run, PROMPTING)
                if answers(op) != "yes"
                and not simulates(op)
                and not piped_yes(run, op)
                and not config_mentions(ctx, run, op, _CONFIG)
            ]
            if not ops:
                continue
            # Commands that answer no keep that answer; the others get `-y`.
            asking = [op for op in ops if answers(op) is None] or ops
            first = asking[0]
            message = f"`{first.manager} {first.action}` without `-y` stops at its prompt"
            reason = run.blocked
            shell = ctx.state(run.index).shell
            insertions: list[tuple[int, str]] = []
            for op in asking:
                if reason is None and answers(op) == "no":
                    reason = (
                        "its options answer no (`--assume-no`, Assume-Yes=false): dopt keeps that"
                    )
                if reason is None and not fails_the_run(run.shell, op.command, shell):
                    reason = (
                        "its failure does not fail the RUN (`;` or `||` after it, or it is in a "
                        "pipeline or compound command): where it refused, the build went on "
                        "without it, and `-y` would change the image"
                    )
                end = action_end(run, op)
                if reason is None and end is None:
                    reason = f"the `{op.action}` word is quoted or escaped"
                if reason is not None:
                    break
                assert end is not None
                insertions.append((end, " -y"))
            yield insertion_finding(self, ctx, run, message, reason, SAFE, insertions, "add `-y`")


RULE = AptYes()
