"""Commands that run another command as another user: `sudo -u`, `doas -u`, `su -c`, `gosu`,
`su-exec`, `runuser`.

A cache in the home of whoever runs the tool (pip's ~/.cache/pip, npm's ~/.npm) is then in
that user's home, which a cleanup run by the RUN's own user does not reach.  ``account``
reads the uid and home of a user from the `useradd`/`adduser` commands that create it (a
cache mount for that user needs both).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator, Sequence

from optimizer.analysis.shell.facts import Command, ShellScript, Word
from optimizer.analysis.shell.script import analyze
from optimizer.record import Record, kept_on

ROOT = frozenset({"root", "0", "#0"})
_SUDO_VALUE = frozenset(
    {"-u", "--user", "-g", "--group", "-p", "--prompt", "-C", "--close-from", "-h", "--host"}
    | {"-r", "--role", "-t", "--type", "-U", "--other-user", "-D", "--chdir", "-R", "--chroot"}
    | {"-T", "--command-timeout"}
)
_SU_VALUE = frozenset({"-c", "--command", "-s", "--shell", "-g", "--group", "-G"})
_SU_VALUE |= frozenset({"--supp-group", "-w", "--whitelist-environment", "--session-command"})


class RunAs(Record):
    """One command that runs ``inner`` as ``user`` (not root)."""

    wrapper: str  # the words that switch user, as written: `sudo -u node`, `gosu app`, `su`
    user: str
    command: Command  # the wrapper command in the script
    inner: ShellScript  # what it runs as that user


def _value(word: Word) -> str:
    return word.literal if word.literal is not None else word.text


def runs_as_other_user(script: ShellScript) -> tuple[RunAs, ...]:
    """Every command of the script (and, nested, of what those run) that switches to a user
    other than root.  Kept on the script (immutable; the answer reads nothing else): the
    cache rules ask it of every RUN, each fix round again."""
    return kept_on(script, "_runas_memo", lambda s: tuple(_runs_as(s, 0)))


def _runs_as(script: ShellScript, depth: int) -> Iterator[RunAs]:
    if depth > 3:
        return
    for cmd in script.commands:
        found = _switch(cmd)
        if found is None:
            continue
        wrapper, user, inner_text = found
        inner = analyze(inner_text)
        if user.partition(":")[0] not in ROOT:
            yield RunAs(wrapper, user, cmd, inner)
        yield from _runs_as(inner, depth + 1)


def _switch(cmd: Command) -> tuple[str, str, str] | None:
    """(wrapper text, user, text of the command it runs) for a user-switching command."""
    argv = cmd.argv
    name = posixpath.basename(argv[0].literal or "") if argv else ""
    words = [_value(w) for w in argv]
    if name in ("sudo", "doas"):
        return _sudo(argv, words)
    if name in ("gosu", "su-exec") and len(argv) >= 3:
        return _joined(argv, 2, words[1])
    if name == "runuser":
        return _runuser(argv, words)
    if name == "su":
        return _su(argv, words, 1)
    return None


def _wrapper(argv: Sequence[Word], end: int) -> str:
    return " ".join(w.text for w in argv[:end])


def _joined(argv: Sequence[Word], start: int, user: str) -> tuple[str, str, str] | None:
    if start >= len(argv):
        return None
    return _wrapper(argv, start), user, " ".join(w.text for w in argv[start:])


def _sudo(argv: Sequence[Word], words: list[str]) -> tuple[str, str, str] | None:
    user = "root"
    i = 1
    while i < len(words):
        word = words[i]
        if word == "--":
            i += 1
            break
        if not word.startswith("-") or word == "-":
            break
        name, eq, given = word.partition("=")
        if name in ("-u", "--user"):
            user = given if eq else (words[i + 1] if i + 1 < len(words) else user)
        elif word.startswith("-u") and len(word) > 2:
            user = word[2:]
        if name in _SUDO_VALUE and not eq:
            i += 1
        i += 1
    return _joined(argv, i, user)  # `sudo su app -c ...` is read again as its inner command


def _runuser(argv: Sequence[Word], words: list[str]) -> tuple[str, str, str] | None:
    if len(words) > 2 and (words[1] in ("-u", "--user") or words[1].startswith("--user=")):
        user = words[1].partition("=")[2] or words[2]
        i = 2 if "=" in words[1] else 3
        if i < len(words) and words[i] == "--":
            i += 1
        return _joined(argv, i, user)
    return _su(argv, words, 1)


def _su(argv: Sequence[Word], words: list[str], i: int) -> tuple[str, str, str] | None:
    """`su [options] [-] [USER [ARGS]]`: runs `-c CMD` as USER (root when none is given)."""
    user: str | None = None
    command: str | None = None
    while i < len(words):
        word = words[i]
        name, eq, given = word.partition("=")
        if name in ("-c", "--command", "--session-command"):
            command = given if eq else (words[i + 1] if i + 1 < len(words) else None)
            i += 1 if eq else 2
            continue
        if word.startswith("-c") and len(word) > 2 and not word.startswith("--"):
            command = word[2:]
        elif name in _SU_VALUE and not eq:
            i += 1
        elif not word.startswith("-") and user is None:
            user = word
        i += 1
    if command is None:
        return None  # an interactive shell: nothing dopt can read
    return argv[0].text, user or "root", command


# ------------------------------------------------------------- the accounts a file creates


class Account(Record):
    """What the file says about a user: its uid and home ("" where it says nothing)."""

    user: str
    uid: str
    home: str


# useradd/adduser options whose value is the next word, by what the value is.
_UID = frozenset({"-u", "--uid"})
_HOME = frozenset({"-d", "--home-dir", "-h", "--home"})
_BASE = frozenset({"-b", "--base-dir"})
_ACCOUNT_VALUE = _UID | _HOME | _BASE
_ACCOUNT_VALUE |= frozenset({"-g", "--gid", "--group", "--ingroup", "-G", "--groups", "-s"})
_ACCOUNT_VALUE |= frozenset({"--shell", "-c", "--comment", "--gecos", "-k", "--skel", "-e"})
_ACCOUNT_VALUE |= frozenset({"-f", "-K", "--key", "-p", "--password", "-g", "-Z"})


def account(user: str, scripts: Sequence[ShellScript]) -> Account:
    """The uid and home of ``user`` (a name, or ``name:group``, or a uid) as the file's
    own `useradd`/`adduser` commands create it: `useradd -u 1000 -m app` (home
    /home/app unless -d or -b), BusyBox's `adduser -D -u 1000 -h /srv app` and Debian's
    `adduser --uid 1000 --home /srv app`.  A numeric user is its own uid."""
    name = user.partition(":")[0]
    uid = name if name.isdigit() else ""
    home = ""
    for script in scripts:
        for cmd in script.commands:
            if cmd.name not in ("useradd", "adduser"):
                continue
            found = _created(cmd)
            if found is not None and name in (found.user, found.uid):
                uid, home = found.uid or uid, found.home or home
    return Account(name, uid, home)


def _created(cmd: Command) -> Account | None:
    words = [_value(w) for w in cmd.argv[1:]]
    uid, home, base, names = "", "", "/home", []
    i = 0
    while i < len(words):
        word = words[i]
        option, eq, given = word.partition("=")
        if option in _ACCOUNT_VALUE and word.startswith("-"):
            value = given if eq else (words[i + 1] if i + 1 < len(words) else "")
            if option in _UID:
                uid = value
            elif option in _HOME:
                home = value
            elif option in _BASE:
                base = value
            i += 1 if eq else 2
            continue
        if not word.startswith("-"):
            names.append(word)
        i += 1
    if len(names) != 1 or (uid and not uid.isdigit()):
        return None  # `adduser app group` adds to a group; a uid from a variable is unknown
    return Account(names[0], uid, home or posixpath.join(base, names[0]))
