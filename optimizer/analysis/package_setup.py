"""What a RUN may do that a later system package install depends on, and which package
arguments name local files rather than packages from a repository.

A package install reads more than its command line: the package sources and trusted keys,
the package manager's own settings, the users and groups that exist (a package creates its
own with the next free ID unless they exist already), and answers or settings its install
scripts read (debconf, the time zone, the locales to build).  A RUN that sets any of these
must stay above an install that comes after it.  The knowledge is data: each manager's own
files and commands come from the table of ``package_managers``, the rest is here.
"""

from __future__ import annotations

from optimizer.analysis import package_managers
from optimizer.analysis.shell.facts import Command, ShellScript
from optimizer.analysis.shell.script import analyze
from optimizer.regexes import rx

# Arguments of an install that are files of the image or the build, not repository names
# (and Void Linux's, whose xbps dopt does not read otherwise).
LOCAL_PACKAGE_SUFFIXES = (
    *dict.fromkeys(s for m in package_managers.MANAGERS for s in m.package_files),
    ".xbps",
)

# Why it matters, per kind of setup (said in the finding).
SOURCES = "configures package sources, keys or the package manager"
USERS = "creates or changes users or groups (fixed IDs must exist before packages add theirs)"
PRESEED = "preseeds settings that the packages' install scripts read"

# Files and folders, by the kind of setup that writes them.  A script that names one (as a
# word, a redirect target or in a variable) is taken to set it up.
PATHS: dict[str, tuple[str, ...]] = {
    SOURCES: tuple(dict.fromkeys(p for m in package_managers.SYSTEM for p in m.config_paths)),
    USERS: ("/etc/passwd", "/etc/group", "/etc/shadow", "/etc/gshadow", "/etc/subuid"),
    PRESEED: (
        "/etc/timezone",
        "/etc/localtime",
        "/etc/locale.gen",
        "/etc/default/locale",
        "/usr/sbin/policy-rc.d",  # whether install scripts may start services
        "/var/cache/debconf",
    ),
}
# Text anywhere in the script (any case).
WORDS: dict[str, tuple[str, ...]] = {SOURCES: ("keyring",)}
# Commands, by name.
COMMANDS: dict[str, frozenset[str]] = {
    SOURCES: frozenset(c for m in package_managers.SYSTEM for c in m.config_commands),
    USERS: frozenset(
        {"useradd", "groupadd", "adduser", "addgroup", "usermod", "groupmod", "newusers"}
    ),
    PRESEED: frozenset({"debconf-set-selections", "debconf-loadtemplate", "timedatectl"}),
}
# Commands with an option or word that makes them setup: `gpg --dearmor` (a key for apt),
# `rpm --import` (a key for rpm), `dpkg --add-architecture` (which packages apt can install).
COMMAND_WORDS: dict[str, dict[str, frozenset[str]]] = {
    SOURCES: {
        "gpg": frozenset({"--dearmor", "--dearmour", "--import", "--export"}),
        "gpg2": frozenset({"--dearmor", "--dearmour", "--import", "--export"}),
        "rpm": frozenset({"--import"}),
        "rpmkeys": frozenset({"--import"}),
        "dpkg": frozenset({"--add-architecture"}),
    },
}
# `curl ... | sh`: a vendor's script, which usually adds its package repository and key.
_PIPED_TO_SHELL = rx(
    r"\|\s*(?:sudo\s+(?:-\S+\s+)*)?(?:env\s+(?:\S+=\S*\s+)*)?(?:\S*/)?(?:ba|da|a|z|k)?sh(?:\s|$|;|\))"
)
SHELL_PIPE = "runs a downloaded script (`... | sh`), which usually adds a package repository"
SCRIPT = "runs a shell script dopt cannot read (it may set up package sources or users)"
_SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh"})
# Commands that run the command named after their options.
_WRAPPERS = frozenset({"sudo", "doas", "env", "nice", "nohup", "time", "exec", "command", "xargs"})


def is_local_package(word: str) -> bool:
    """Is this install argument a file (a path, or a package file by its name)?"""
    return "/" in word or word.lower().endswith(LOCAL_PACKAGE_SUFFIXES)


_EDGE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")


def _names_path(source: str, path: str) -> bool:
    """Does ``path`` stand in ``source`` as a whole word (no name character just before or
    after it)?  What ``(?<![A-Za-z0-9_.-])path(?![A-Za-z0-9_.-])`` finds, without compiling
    a regex per path (each fix round asked again, and the first ask of each ~0.1 ms)."""
    at = source.find(path)
    while at >= 0:
        end = at + len(path)
        if (at == 0 or source[at - 1] not in _EDGE) and (
            end == len(source) or source[end] not in _EDGE
        ):
            return True
        at = source.find(path, at + 1)
    return False


def _command_words(cmd: Command) -> tuple[str | None, list[str]]:
    """The command run (past sudo, env...) and its arguments."""
    words = [w.literal if w.literal is not None else w.text for w in cmd.argv]
    name = cmd.name
    while name in _WRAPPERS and len(words) > 1:
        rest = [w for w in words[1:] if not w.startswith("-") and "=" not in w]
        if not rest:
            break
        words = words[words.index(rest[0], 1) :]
        name = rest[0].rsplit("/", 1)[-1]
    return name, words[1:]


def _inline_script(name: str, args: list[str]) -> str | None:
    """The script of `sh -c '...'` / `su -c '...'`, read like the RUN's own."""
    if name not in _SHELLS and name != "su":
        return None
    for i, arg in enumerate(args[:-1]):
        if arg == "-c" or (arg.startswith("-") and not arg.startswith("--") and "c" in arg):
            return args[i + 1]
    return None


def _runs_script_file(cmd: Command, name: str, args: list[str]) -> bool:
    """`./setup.sh`, `/tmp/x.sh`, `sh install.sh`, `. ./env.sh`: a file dopt cannot read."""
    first = cmd.argv[0].literal if cmd.argv else None
    if first is not None and first.endswith(".sh"):
        return True
    if name in _SHELLS or name in (".", "source"):
        files = [a for a in args if not a.startswith("-")]
        return bool(files) and files[0] != "-"  # `curl ... | sh -` is matched by its pipe
    return False


def setup_done(script: ShellScript) -> str | None:
    """What this script does that a package install after it may depend on (the reason, for
    a message), or None."""
    source = script.source
    for kind, paths in PATHS.items():
        for path in paths:
            if _names_path(source, path):
                return f"{kind} ({path})"
    lowered = source.lower()
    for kind, words in WORDS.items():
        for word in words:
            if word in lowered:
                return f"{kind} ({word})"
    for cmd in script.commands:
        name, args = _command_words(cmd)
        if name is None:
            continue
        inner = _inline_script(name, args)
        if inner is not None:
            found = setup_done(analyze(inner))
            if found is not None:
                return found
        elif _runs_script_file(cmd, name, args):
            return f"{SCRIPT} ({' '.join([name, *args][:2])})"
        for kind, names in COMMANDS.items():
            if name in names:
                return f"{kind} ({name})"
        for kind, by_name in COMMAND_WORDS.items():
            flags = by_name.get(name)
            hit = next((a for a in args if flags and a in flags), None)
            if hit is not None:
                return f"{kind} ({name} {hit})"
    if _PIPED_TO_SHELL.search(source):
        return SHELL_PIPE
    return None
