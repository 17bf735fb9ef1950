"""What each rule's fix is allowed to change in the built image, as data (for ``dopt verify``).

A safe fix keeps the image the same apart from package-manager caches it deletes.  Each entry
says which paths the fix may remove (``may_remove``: they may be missing, or differ, in the
fixed image) and which config fields it may change (``may_change``).  A difference that no
applied rule's entry covers is a non-equivalence, reported with the rule that caused it.

Globs: ``**`` matches across ``/``, ``*`` and ``?`` within one path component.  A folder the
cache lived in is listed on its own (``/root/.cache``): a fix such as ``--no-cache-dir`` means
it is never created.  Rules not listed here (DOP101 merges, DOP201 reorders, DOP302/303/305
spell the same thing differently, ...) may change nothing.

Kept apart from the rule modules on purpose: it is what ``verify`` holds the rules to, so one
table reviews them all, and the rules need not import anything of ``verify``.  The cache
folders themselves are those of the table of package managers (``analysis.package_managers``).
"""

from __future__ import annotations

from optimizer.analysis import package_managers as pm
from optimizer.analysis.package_managers import Cache, Manager
from optimizer.record import Record


class Effect(Record):
    may_remove: tuple[str, ...] = ()
    may_change: tuple[str, ...] = ()  # config fields: "Labels.<key>", "Author", "Env.<name>"
    why: str = ""


def _below(folders: tuple[str, ...]) -> tuple[str, ...]:
    """What is in these folders."""
    return tuple(f + "/**" for f in folders)


def _system(*managers: Manager) -> tuple[str, ...]:
    """What is in the system managers' caches (in table order, once each)."""
    return _below(tuple(dict.fromkeys(f for m in managers for c in m.caches for f in c.folders)))


def _home(cache: Cache) -> tuple[str, ...]:
    """A cache in the home, in root's and any user's: the folders above it there, itself,
    and what is in it (a fix such as ``--no-cache-dir`` means none is ever created)."""
    out: list[str] = []
    for home in ("/root", "/home/*"):
        for path in cache.home:
            rel = pm.home_relative(path).split("/")
            out += [f"{home}/{'/'.join(rel[: k + 1])}" for k in range(len(rel))]
            out.append(f"{home}/{'/'.join(rel)}/**")
    return tuple(out)


APT = _system(pm.APT)
APK = _system(pm.APK)
# `dnf clean all` also empties the repositories' state in /var/lib/dnf.
RPM = (*_system(*pm.RPM), "/var/lib/dnf/repos/**")
ZYPPER = _system(pm.ZYPPER)
PIP = _home(pm.PIP.cache)


def _emptied(cache: Cache) -> tuple[str, ...]:
    """A cache a cleanup empties (the folders stay): each folder and what is in it, root's
    and, for a cache in the home, any user's."""
    homes = tuple(f"/home/*/{pm.home_relative(p)}" for p in cache.home)
    return tuple(x for f in (*cache.folders, *homes) for x in (f, f + "/**"))


# `npm cache clean` empties only ~/.npm/_cacache (npm keeps ~/.npm/_logs and the rest).
NPM = ("/root/.npm/_cacache", "/root/.npm/_cacache/**", "/home/*/.npm/_cacache/**")
YARN = _emptied(pm.YARN.cache)


def _mounted() -> tuple[str, ...]:
    """What DOP203's cache mounts keep out of the image: every mount target of the table
    (and, for a cache in the home, any user's), and the file its setup command deletes
    (apt's docker-clean hook: `rm -f FILE`)."""
    out: list[str] = []
    for m in pm.MANAGERS:
        for cache in m.caches:
            if cache.mount:
                out += [cache.mount, cache.mount + "/**", *(_home(cache) if cache.home else ())]
            if cache.mount_setup:
                out.append(cache.mount_setup.split()[-1])
    return tuple(dict.fromkeys(out))


EFFECTS: dict[str, Effect] = {
    "DOP102": Effect(may_remove=APT, why="deletes apt's package lists and caches"),
    "DOP103": Effect(may_remove=APK, why="apk --no-cache keeps no index"),
    "DOP104": Effect(may_remove=RPM, why="yum/dnf clean all"),
    "DOP105": Effect(may_remove=ZYPPER, why="zypper clean"),
    "DOP106": Effect(may_remove=PIP, why="pip --no-cache-dir"),
    "DOP107": Effect(may_remove=NPM + YARN, why="npm cache clean / yarn cache clean"),
    # Moving a cleanup into the RUN that filled the cache deletes the same files, earlier.
    "DOP108": Effect(may_remove=APT + APK + RPM + ZYPPER + PIP + NPM + YARN, why="moved cleanup"),
    "DOP203": Effect(may_remove=_mounted(), why="caches in cache mounts; docker-clean removed"),
    # MAINTAINER sets the config's Author; its LABEL replacement sets one label instead.
    "DOP304": Effect(
        may_change=("Author", "Labels.org.opencontainers.image.authors"),
        why="MAINTAINER -> LABEL org.opencontainers.image.authors",
    ),
}


def effect(code: str) -> Effect:
    return EFFECTS.get(code, Effect())
