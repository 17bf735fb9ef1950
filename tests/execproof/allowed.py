"""What each rule that edits RUN text may add, as data: its cleanup commands (argv
prefixes, command by base name) and the flags it adds.  A rule not listed must keep the
commands exactly (DOP101 merges, DOP302 is checked as `apt` -> `apt-get` below)."""

from __future__ import annotations

from collections.abc import Iterable

from .prove import EXACT, Allowed

_RM = ("rm", "-rf")
ALLOWED: dict[str, Allowed] = {
    "DOP101": EXACT,
    "DOP102": Allowed(
        commands=((*_RM, "/var/lib/apt/lists/*"), ("apt-get", "clean"), ("apt-get", "dist-clean"))
    ),
    "DOP103": Allowed(commands=((*_RM, "/var/cache/apk/*"),), flags=frozenset({"--no-cache"})),
    "DOP104": Allowed(
        commands=(
            ("yum", "clean", "all"),
            ("dnf", "clean", "all"),
            ("microdnf", "clean", "all"),
            (*_RM, "/var/cache/yum"),
            (*_RM, "/var/cache/dnf"),
        )
    ),
    "DOP105": Allowed(commands=(("zypper", "clean"), ("zypper", "clean", "--all"))),
    # Where pip is too old for --no-cache-dir, DOP106 deletes the cache of the user pip ran as.
    "DOP106": Allowed(
        commands=((*_RM, "/root/.cache/pip"), (*_RM, "~/.cache/pip")),
        flags=frozenset({"--no-cache-dir"}),
    ),
    "DOP107": Allowed(
        commands=(("npm", "cache", "clean"), ("yarn", "cache", "clean"), (*_RM,)),
    ),
    # DOP108 moves a cleanup-only RUN's commands into the RUN that made the files.
    "DOP108": Allowed(
        commands=(
            ("rm",),
            ("apt-get", "clean"),
            ("apt-get", "dist-clean"),
            ("apt", "clean"),
            ("yum", "clean"),
            ("dnf", "clean"),
            ("microdnf", "clean"),
            ("zypper", "clean"),
            ("apk", "cache", "clean"),
            ("npm", "cache", "clean"),
            ("yarn", "cache", "clean"),
            ("pip", "cache", "purge"),
            ("conda", "clean"),
        )
    ),
    "DOP301": Allowed(flags=frozenset({"--no-install-recommends"})),
    "DOP303": Allowed(flags=frozenset({"-y"})),
}


def allowed_for(codes: Iterable[str]) -> Allowed:
    out = EXACT
    for code in codes:
        out = out | ALLOWED.get(code, EXACT)
    return out
