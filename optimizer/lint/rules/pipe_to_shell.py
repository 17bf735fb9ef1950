"""DOP406: a download piped into a shell or interpreter (`curl … | sh`)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from optimizer.analysis.shell.facts import Command
from optimizer.lint.rules.base import Context, Finding, FixAvailability, Rule
from optimizer.lint.rules.common import run_scripts
from optimizer.regexes import rx

DOWNLOADERS = frozenset({"curl", "wget", "fetch"})
# Programs that run the code they read on their input (or from `-c "$(…)"`).
INTERPRETERS = rx(r"(?:sh|bash|dash|ash|zsh|ksh|mksh|fish|python[0-9.]*|perl|ruby|node|php)\Z")
_WRAPPERS = frozenset({"sudo", "doas", "env", "nice", "nohup", "time", "exec"})
_SUBSTITUTED = rx(r"(?:\$\(|`|<\()\s*(?:\S*/)?(curl|wget|fetch)\b")


def _name(word: str | None) -> str | None:
    return word.rsplit("/", 1)[-1] if word else None


def interpreter(cmd: Command) -> str | None:
    """The interpreter a command runs (through sudo/env wrappers), if it is one."""
    argv = list(cmd.argv)
    k = 0
    while k < len(argv):
        name = _name(argv[k].literal)
        if name in _WRAPPERS:
            k += 1
            # the wrapper's options and assignments (`sudo -E`, `env FOO=1`)
            while k < len(argv) and (argv[k].text.startswith("-") or "=" in argv[k].text):
                k += 1
            continue
        return name if name and INTERPRETERS.match(name) else None
    return None


class PipeToShell(Rule):
    code = "DOP406"
    name = "pipe-to-shell"
    summary = "A downloaded script is run unverified (`curl … | sh`)"
    why = (
        "`curl https://… | sh` runs whatever the server sends at build time: nothing checks "
        "that it is the script you read, a compromised or hijacked host (or a truncated "
        "download, which a shell runs up to where it stops) puts its code into the image, and "
        "two builds may run different scripts. Download to a file, check it against a "
        "digest you recorded, then run it:\n\n"
        "    ADD --checksum=sha256:<digest> https://example.com/install.sh /tmp/install.sh\n"
        "    RUN sh /tmp/install.sh && rm /tmp/install.sh\n\n"
        "or use the distribution's package, or a pinned release of the tool. dopt finds a "
        "curl/wget/fetch piped into a shell or an interpreter (sh, bash, python, perl, node, "
        '… also through sudo or env), `sh -c "$(curl …)"` and `bash <(curl …)`.'
    )
    bad = "FROM debian:bookworm-slim\nRUN curl -fsSL https://get.example.com | sh\n"
    good = (
        "FROM debian:bookworm-slim\n"
        "ADD --checksum=sha256:<digest> https://get.example.com /tmp/get.sh\n"
        "RUN sh /tmp/get.sh && rm /tmp/get.sh\n"
    )
    fix_availability = FixAvailability.NEVER
    fix_safety = (
        "No fix: the digest of the script is not in the Dockerfile, and dopt never invents "
        "one (it cannot download the script offline, and a digest of today's script is not "
        "a review of it)."
    )
    references = (
        "https://docs.docker.com/reference/dockerfile/#add---checksum",
        "https://www.idontplaydarts.com/2016/04/detecting-curl-pipe-bash-server-side/",
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        for run in run_scripts(ctx):
            found = self._pipe(run.shell.source, run.shell.commands)
            if found is not None:
                yield ctx.finding(self, run.index, found)

    @staticmethod
    def _pipe(script: str, commands: tuple[Command, ...]) -> str | None:
        for a, b in itertools.pairwise(commands):
            if a.name not in DOWNLOADERS or b.start < a.end:
                continue
            between = script[a.end : b.start].replace("\\\n", " ").strip()
            if between not in ("|", "|&"):
                continue
            shell = interpreter(b)
            if shell is not None:
                return (
                    f"`{a.name} … | {shell}` runs a downloaded script unverified: download it, "
                    "check its digest, then run it"
                )
        for cmd in commands:
            shell = interpreter(cmd)
            if shell is None:
                continue
            for word in cmd.argv[1:]:
                m = _SUBSTITUTED.search(word.text)
                if m:
                    return (
                        f"`{shell}` runs the output of `{m.group(1)}` unverified: download the "
                        "script, check its digest, then run it"
                    )
        return None


RULE = PipeToShell()
