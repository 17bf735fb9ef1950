"""The script edits a cache mount makes unnecessary (DOP203): the no-cache flags of the
commands whose cache it holds, and the cleanup steps that empty it, cut out of the RUN's
script at offsets, keeping every other byte; and why a step cannot be cut.

Kept apart from the rule (cache_mount_instead_of_cleanup) to keep each module to one
concern: which mounts a RUN gets is there, what they replace in its text is here.
"""

from __future__ import annotations

import posixpath

from optimizer.analysis import package_managers
from optimizer.analysis.package_managers import Cache, Manager, home_relative
from optimizer.analysis.shell.facts import Command, PackageOp, ShellScript
from optimizer.lint.rules.common import word_spans
from optimizer.record import Record

_HOMES = ("~/", "$HOME/", "${HOME}/")
FRESH = ("-U", "--update")  # apk options that fetch the index, as --update-cache does


class Mount(Record):
    """One cache mount the fix adds."""

    cache: Cache
    target: str
    uid: str = ""  # the owner, for a user other than root

    @property
    def flag(self) -> str:
        parts = ["type=cache", f"target={self.target}"]
        if self.cache.sharing:
            parts.append(f"sharing={self.cache.sharing}")
        if self.uid:
            parts.append(f"uid={self.uid}")
        return "--mount=" + ",".join(parts)


def _chain_spans(script: ShellScript) -> list[tuple[int, int, str]] | None:
    """(start, end, operator after) of each top-level step of the script."""
    if script.chain is None:
        return None
    out, pos = [], 0
    for text, op in script.chain:
        at = script.source.find(text, pos)
        if at < 0:
            return None
        out.append((at, at + len(text), op))
        pos = at + len(text)
    return out


def _cut_step(steps: list[tuple[int, int, str]], k: int) -> tuple[int, int] | None:
    """The script range that removes step k and one operator beside it, keeping what runs
    after what the same (a cleanup step always succeeds): None where `||`, `|` or `&`
    would join other steps."""
    before = steps[k - 1][2] if k > 0 else ""
    after = steps[k][2]
    if before not in ("", "&&", ";") or after not in ("", "&&", ";"):
        return None
    if k == 0:
        return (steps[0][0], steps[1][0]) if len(steps) > 1 else None
    if before == ";" and after == "&&":
        return steps[k][0], steps[k + 1][0]  # `a; rm x && b` -> `a; b`
    # `a && rm x; b` -> `a; b`: from the step before, so that the lines (and comments)
    # between this step and the next stay.
    return steps[k - 1][1], steps[k][1]


def _in_mount(text: str, home: str, held: list[Mount]) -> bool:
    """Is this `rm` argument inside one of the mounts (`~` is the home of the RUN's user)?"""
    path = _resolved(text, home)
    if path is None:
        return False
    path = path.rstrip("*").rstrip("/")
    return any(path == m.target or path.startswith(m.target + "/") for m in held)


def _above_mount(text: str, home: str, held: list[Mount]) -> bool:
    """Would this `rm` argument delete a mount's folder itself (`rm -rf ~/.cache` over
    ~/.cache/pip, `rm -rf /var/cache/*` over /var/cache/apt)?  rm then fails (EBUSY)."""
    path = _resolved(text, home)
    if path is None:
        return False
    parent = path[:-2] if path.endswith("/*") else path.rstrip("/")
    return any(m.target.startswith(parent + "/") for m in held)


def _resolved(text: str, home: str) -> str | None:
    """An `rm` argument as an absolute path (`~` is the home of the RUN's user), or None."""
    path = text.replace('"', "").replace("'", "")
    for prefix in _HOMES:
        if path.startswith(prefix):
            if not home:
                return None
            return posixpath.join(home, path[len(prefix) :])
    return path


def _clean_kept(m: Manager, cache: Cache, mount: Mount, user: str) -> str | None:
    """A folder of the cache the manager's clean command empties but the mount does not hold
    (go's module cache, dnf5's libdnf5), or None.  For root a user's home cache is not one;
    for another user only the home cache counts."""
    if user:
        return None
    copies = {"/root/" + home_relative(p) for p in cache.home}
    for folder in cache.folders:
        if folder == mount.target or folder.startswith(mount.target + "/"):
            continue
        if folder in copies and not mount.target.startswith("/root/"):
            continue
        return folder
    return None


def _cleaning(
    cmd: Command, ops: dict[Command, PackageOp], held: list[Mount], users: dict[str, str]
) -> tuple[bool, str | None]:
    """(does this command clean a mounted cache, why it must stay: it cleans more)."""
    op = ops.get(cmd)
    m = package_managers.manager(op.manager) if op is not None else None
    if op is None or m is None:
        return False, None
    for mount in held:
        if mount.cache not in m.caches:
            continue
        if any((op.action, *op.packages[: len(w) - 1]) == w for w in mount.cache.clean):
            kept = _clean_kept(m, mount.cache, mount, users.get(m.name, ""))
            if kept is not None:
                return True, f"`{cmd.text}` also empties {kept}, which the mount does not hold"
            return True, None
    return False, None


def cuts(
    script: ShellScript,
    mounts: list[Mount],
    users: dict[str, str],
    home: str,
    edits: list[tuple[int, int, str]],
    dropped: list[str],
) -> str | None:
    """Add the edits that cut the no-cache flags and the cleanup steps the mounts replace;
    return why they cannot be cut (None: they can, or there are none)."""
    ops = {op.command: op for op in script.package_ops}
    for op in script.package_ops:
        m = package_managers.manager(op.manager)
        for mount in mounts:
            if m is not None and mount.cache in m.caches:
                reason = _cut_flags(script, op, m, mount.cache, edits, dropped)
                if reason is not None:
                    return reason
    steps = _chain_spans(script)
    for cmd in script.commands:
        paths = [w for w in cmd.argv[1:] if not w.text.startswith("-")]
        above = [w.text for w in paths if cmd.name == "rm" and _above_mount(w.text, home, mounts)]
        if above:
            return f"`rm` of {above[0]} would delete the folder a mount is made in: the RUN fails"
        inside = [w for w in paths if _in_mount(w.text, home, mounts)] if cmd.name == "rm" else []
        cleans, kept = _cleaning(cmd, ops, mounts, users)
        if kept is not None:
            return kept
        if not inside and not cleans:
            continue
        if inside and len(inside) < len(paths):  # `rm -rf /tmp/* /var/lib/apt/lists/*`
            spans = word_spans(script.source, cmd)
            if spans is None:
                return f"dopt could not find the words of `{cmd.text}`"
            for n, word in enumerate(cmd.argv):
                if n and word in inside:
                    edits.append((spans[n - 1][1], spans[n][1], ""))
                    dropped.append(word.text)
            continue
        at = next((i for i, s in enumerate(steps or []) if s[:2] == (cmd.start, cmd.end)), None)
        cut = _cut_step(steps, at) if steps is not None and at is not None else None
        if cut is None:
            return f"`{cmd.text}` is not a step of the RUN's `&&` chain that dopt can cut"
        edits.append((cut[0], cut[1], ""))
        dropped.append(cmd.text)
    return None


def _cut_flags(
    script: ShellScript,
    op: PackageOp,
    m: Manager,
    cache: Cache,
    edits: list[tuple[int, int, str]],
    dropped: list[str],
) -> str | None:
    """Cut the command's no-cache flags (or put the mount's flag in the first one's place)."""
    argv = op.command.argv
    flags = [k for k, w in enumerate(argv) if w.literal in m.no_cache_flags]
    if not flags:
        if any(o.startswith("--no-cache") for o in op.options):
            return f"dopt could not find the no-cache option of `{op.command.text}`"
        return None
    spans = word_spans(script.source, op.command)
    if spans is None or any(argv[k].text != argv[k].literal for k in flags):
        return f"dopt could not find the words of `{op.command.text}`"
    fresh = any(o == cache.mount_flag or o in FRESH for o in op.options)
    for n, k in enumerate(flags):
        edit = (spans[k - 1][1], spans[k][1], "")
        if cache.mount_flag and not fresh and n == 0:
            edit = (spans[k][0], spans[k][1], cache.mount_flag)
        if edit not in edits:
            edits.append(edit)
            dropped.append(argv[k].text)
    return None
