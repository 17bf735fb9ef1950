"""What each rule that edits RUN text may add, as data: its cleanup commands (argv
prefixes, command by base name) and the flags it adds, read from the table of package
managers the rules themselves read.  A rule not listed must keep the
commands exactly (DOP101 merges, DOP302 is checked as `apt` -> `apt-get` below)."""

from __future__ import annotations

import shlex
from collections.abc import Iterable

from optimizer.analysis import package_managers as pm
from optimizer.lint.rules import standalone_cleanup

from .prove import EXACT, Allowed

_RM = ("rm", "-rf")


def _calls(cleanup: str) -> tuple[tuple[str, ...], ...]:
    """The commands of a cleanup the table of package managers gives (`a && b`)."""
    return tuple(tuple(shlex.split(part)) for part in cleanup.split("&&"))


def _moved() -> tuple[tuple[str, ...], ...]:
    """The cleanup commands DOP108 moves: each cache's cleaning words, for each manager."""
    return tuple(
        (manager, action, *first)
        for kind in standalone_cleanup.KINDS
        for manager in sorted(kind.managers)
        for action, first in kind.clean_actions
    )


ALLOWED: dict[str, Allowed] = {
    "DOP101": EXACT,
    "DOP102": Allowed(
        commands=(
            *_calls(pm.APT_LISTS.cleanup),
            *(("apt-get", *words) for cache in pm.APT.caches for words in cache.clean),
        )
    ),
    "DOP103": Allowed(
        commands=_calls(pm.APK.cache.cleanup), flags=frozenset(pm.APK.no_cache_flags)
    ),
    "DOP104": Allowed(commands=tuple(c for m in pm.RPM for c in _calls(m.cache.cleanup))),
    "DOP105": Allowed(commands=_calls(pm.ZYPPER.cache.cleanup)),
    # Where pip is too old for --no-cache-dir, DOP106 deletes the cache of the user pip ran as.
    "DOP106": Allowed(
        commands=(
            *((*_RM, folder) for folder in pm.PIP.cache.folders),
            *_calls(pm.PIP.cache.cleanup),
        ),
        flags=frozenset(pm.PIP.no_cache_flags),
    ),
    "DOP107": Allowed(
        commands=(*_calls(pm.NPM.cache.cleanup), *_calls(pm.YARN.cache.cleanup), (*_RM,)),
    ),
    # DOP108 moves a cleanup-only RUN's commands into the RUN that made the files.
    "DOP108": Allowed(commands=(("rm",), *_moved())),
    # DOP109 makes one install of the installs of one manager and options; the cleanups of
    # that manager it drops between them are the cleanup rules' commands.
    "DOP109": Allowed(
        commands=(
            *_calls(pm.APT_LISTS.cleanup),
            *(("apt-get", *words) for cache in pm.APT.caches for words in cache.clean),
            *_calls(pm.APK.cache.cleanup),
            *(c for m in pm.RPM for c in _calls(m.cache.cleanup)),
            *_calls(pm.ZYPPER.cache.cleanup),
            # `apk update` before installs that fetch the index themselves (--no-cache).
            *(("apk", action) for action in sorted(pm.APK.update)),
        ),
        consolidates=True,
    ),
    "DOP301": Allowed(flags=frozenset({"--no-install-recommends"})),
    "DOP303": Allowed(flags=frozenset({"-y"})),
}


def allowed_for(codes: Iterable[str]) -> Allowed:
    out = EXACT
    for code in codes:
        out = out | ALLOWED.get(code, EXACT)
    return out
