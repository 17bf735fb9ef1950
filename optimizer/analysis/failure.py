"""Does a command's failure fail the RUN?

A rule that makes a failing command succeed (DOP303 adds `-y` to an apt command that would
stop at its prompt) keeps the image the same only where that failure failed the build: then
the original never produced an image.  Where the script goes on after the failure (`;`
without errexit, `|| true`, inside an `if`), the original built an image without the
command's effect, and the fix would add it.

Only what can be read off the top level of the script counts; anything else is "no".
"""

from __future__ import annotations

import posixpath

from optimizer.analysis.shell.facts import Command, ShellScript
from optimizer.regexes import rx

# Blanks and line continuations, which say nothing about how commands are joined.
_GAP = rx(r"(?:\s|\\\n)*\Z")


def fails_the_run(script: ShellScript, cmd: Command, shell: tuple[str, ...]) -> bool:
    """True when a nonzero exit of ``cmd`` (a command of ``script``) makes the RUN fail.

    That holds for a command that is a whole top-level element of the script (or the last
    stage of a top-level pipeline, whose status the pipeline returns) when either every
    operator after it is `&&` (its failure skips the rest and is the script's status), or
    errexit is on (SHELL option or an earlier top-level `set -e`) and a `;` ends its
    and-or list.  A `trap` anywhere may change the exit status: then no.
    """
    chain = script.chain
    if chain is None or any(c.name == "trap" for c in script.commands):
        return False
    errexit = _shell_errexit(shell)
    pos = 0
    for n, (text, op) in enumerate(chain):
        start = script.source.find(text, pos)
        if start < 0:
            return False
        end = pos = start + len(text)
        if not (start <= cmd.start and cmd.end <= end):
            errexit = _after_set(script, start, end, errexit)
            continue
        if not _status_of(script.source, start, end, cmd):
            return False
        if all(o in ("&&", "") for _, o in chain[n:]):
            return True
        return errexit and op == ";"
    return False


def _status_of(source: str, start: int, end: int, cmd: Command) -> bool:
    """Is the element's exit status the command's own (it is the element, or the last stage
    of a pipeline that is)?"""
    if cmd.start == start and cmd.end == end:
        return True
    if cmd.end != end or source[start] == "!":
        return False
    before = source[start : cmd.start]
    before = before[: len(before) - len(_GAP.search(before).group())]  # type: ignore[union-attr]
    return before.endswith(("|", "|&")) and not before.endswith("||")


def _shell_errexit(shell: tuple[str, ...]) -> bool:
    """Does the SHELL's own option list turn errexit on (`bash -e -c`, `-eo pipefail`)?"""
    if not shell or posixpath.basename(shell[0]) not in ("sh", "bash", "dash", "ash"):
        return False
    return _set_flags(list(shell[1:-1]), False)


def _after_set(script: ShellScript, start: int, end: int, errexit: bool) -> bool:
    """errexit after a top-level element: changed only by a plain `set` that is the element."""
    for c in script.commands:
        if c.start == start and c.end == end and c.name == "set":
            words = [w.literal for w in c.argv[1:]]
            if None in words:
                return False  # `set $OPTS`: unknown, so taken as off
            return _set_flags([w for w in words if w is not None], errexit)
    return errexit


def _set_flags(words: list[str], errexit: bool) -> bool:
    i = 0
    while i < len(words):
        word = words[i]
        if word == "--" or word[:1] not in ("-", "+") or word in ("-", "+"):
            break
        on = word[0] == "-"
        letters = word[1:]
        if "e" in letters:
            errexit = on
        if "o" in letters and i + 1 < len(words):
            i += 1
            if words[i] == "errexit":
                errexit = on
        i += 1
    return errexit
