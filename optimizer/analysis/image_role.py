"""Is an image an application, or a base for other images to build on?

Which user an image runs as matters for the image that runs an application: a language
runtime (`python`, `node`), an OS image or a toolchain image is a base that others build
FROM, and its own Dockerfile leaves USER to them (the official images do: their defaults
are a shell or the language's REPL, and a derived image adds the user with the application).

dopt reads the final stage as an application when it copies something in that is not just
the image's own set-up (an entrypoint script, a configuration file, a package key), when it
EXPOSEs a port, or when the command it starts is not a shell, a REPL or a build tool with no
arguments (or, with no command of its own, when its base is a service image).  A stage
with ONBUILD triggers is a base by declaration.  The tables are data; the sources are the
docker-library images' own defaults (https://github.com/docker-library: `CMD ["python3"]`,
`CMD ["node"]`, `CMD ["irb"]`, `CMD ["php", "-a"]`, `CMD ["jshell"]`, `CMD ["bash"]`...).
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence

from optimizer.analysis.dependency_manifests import is_manifest
from optimizer.regexes import rx
from optimizer.syntax import cst

# A default command that opens an interactive prompt: what a base image starts.
INTERACTIVE_DEFAULTS = frozenset(
    {"sh", "bash", "ash", "dash", "zsh", "ksh", "mksh", "fish", "tcsh", "csh", "busybox"}
    | {"pwsh", "powershell", "cmd", "cmd.exe", "powershell.exe"}
    | {"python", "python2", "python3", "pypy", "pypy3", "ipython", "node", "deno", "bun"}
    | {"irb", "ruby", "php", "perl", "jshell", "iex", "erl", "julia", "r", "ghci", "swift"}
    | {"clojure", "clj", "lein", "groovysh", "scala", "sbt", "elixir", "lua", "luajit", "tclsh"}
    | {"mvn", "gradle", "go", "cargo", "rustc", "dotnet", "gcc", "make"}
)
# Arguments that keep such a command interactive (`php -a`, `bash -l`, `perl -de0`).
INTERACTIVE_ARGUMENTS = frozenset({"-a", "-i", "-l", "--login", "-de0", "repl"})
# Programs that only start the command after them (`tini --`, `dumb-init`), or the
# official images' entrypoint scripts, which end in `exec "$@"`.
PASS_THROUGH = frozenset({"tini", "tini-static", "dumb-init", "catatonit", "s6-overlay", "--"})
_ENTRYPOINT_SCRIPT = rx(r"(?i).*entrypoint.*")
# Files an image copies to set itself up, not an application.
_SET_UP_FILE = rx(
    r"(?i).*(\.sh|\.bash|\.conf|\.cnf|\.ini|\.cfg|\.repo|\.list|\.asc|\.gpg|\.pub|\.patch"
    r"|\.diff|\.pc|\.xml|\.toml|\.ya?ml|\.rc|\.properties|\.sources|\.pref)"
    r"|.*entrypoint.*|.*\.d|.*-wrapper|(.*/)?docker-[^/]*"
)


def _words(inst: cst.Instruction) -> list[str]:
    if inst.is_json:
        return list(inst.values)
    return " ".join(inst.values).split()


def _program(words: Sequence[str]) -> tuple[str, list[str]]:
    """The program a CMD/ENTRYPOINT runs and its arguments, past init wrappers."""
    rest = list(words)
    while rest:
        name = posixpath.basename(rest[0]).lower()
        # A wrapper with nothing after it is the program itself (`ENTRYPOINT ./entrypoint.sh`).
        if len(rest) > 1 and (name in PASS_THROUGH or _ENTRYPOINT_SCRIPT.fullmatch(name)):
            rest = rest[1:]
            continue
        return name, rest[1:]
    return "", []


def starts_an_application(entrypoint: cst.Instruction | None, cmd: cst.Instruction | None) -> bool:
    """Does the image's default command (ENTRYPOINT then CMD, as in force) run something
    other than a shell, a REPL or a bare build tool?"""
    words = (_words(entrypoint) if entrypoint is not None else []) + (
        _words(cmd) if cmd is not None else []
    )
    program, arguments = _program(words)
    if not program:
        return False
    if program not in INTERACTIVE_DEFAULTS:
        return True
    return not all(a in INTERACTIVE_ARGUMENTS for a in arguments)


def copies_an_application(inst: cst.Instruction) -> bool:
    """Does this COPY/ADD bring in files of the build context other than the image's own
    set-up (scripts, configuration, keys, dependency manifests; docker-library's `docker-*`
    helpers)?"""
    if not isinstance(inst, cst.Copy):
        return False
    if inst.flag("from") is not None:
        # Another stage's or image's files: a toolchain (the golang image copies its own
        # build) as often as an application, whose CMD or ENTRYPOINT then says so.
        return False
    for source in inst.sources:
        if source.startswith("<<") or "://" in source or source.startswith("git@"):
            continue  # a heredoc or a download: the image's own set-up
        name = source.rstrip("/")
        # A dependency manifest alone sets up an environment (requirements.txt + pip install):
        # the application is what a `COPY .` or its CMD brings.
        if not _SET_UP_FILE.fullmatch(name) and not is_manifest(name):
            return True
    return False
