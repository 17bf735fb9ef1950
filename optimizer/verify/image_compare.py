"""Comparing two images (read by :mod:`optimizer.verify.image_archive`): config, files, layers.

Every difference is one of: ignored noise (the noise list below: what differs between two
builds of the same Dockerfile), explained (a path or config field an applied rule declares it
may remove or change, :mod:`optimizer.verify.rule_effects`), or a non-equivalence.  mtimes,
directory sizes, hard-link structure and image history are never compared.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from optimizer.record import Record
from optimizer.verify.image_archive import Entry, Image, Layer, parse_time
from optimizer.verify.rule_effects import effect

# The noise list.  Measured: the same Dockerfile built twice differs in these (see
# ../shared/tools/README.md, "Noise floor"); or engine-managed files.  Each: (glob, why).
NOISE_IGNORE: tuple[tuple[str, str], ...] = (
    ("/var/log/apt/**", "apt's history/term logs carry timestamps"),
    ("/var/log/dpkg.log", "timestamps"),
    ("/var/log/alternatives.log", "timestamps"),
    ("/var/cache/ldconfig/aux-cache", "stores inode numbers and ctimes"),
    ("/etc/hosts", "engine-managed (bind-mounted at run time; buildah leaves a stub)"),
    ("/etc/hostname", "engine-managed"),
    ("/etc/resolv.conf", "engine-managed"),
    ("/root/.npm/_logs/**", "npm's debug logs are named by their start time"),
)
# Presence, type, mode and owner compared; size and content not.
NOISE_CONTENT: tuple[tuple[str, str], ...] = (
    ("/etc/ssh/ssh_host_*", "random host keys (openssh-server postinst)"),
    ("/var/lib/dbus/machine-id", "random per install"),
    ("/etc/machine-id", "random per install"),
    ("/var/lib/dpkg/*-old", "dpkg's backups of its previous state"),
    ("/var/cache/debconf/*-old", "debconf's backups of its previous state"),
    ("/etc/passwd-", "shadow-utils backup of the previous state"),
    ("/etc/group-", "shadow-utils backup"),
    ("/etc/shadow-", "shadow-utils backup"),
    ("/etc/gshadow-", "shadow-utils backup"),
    ("/etc/subuid-", "shadow-utils backup"),
    ("/etc/subgid-", "shadow-utils backup"),
    ("/root/.cache/pip/http*/**", "pip's HTTP cache stores response headers (Date)"),
)
# Also masked before hashing (optimizer.verify.image_archive.NORMALISERS): the mtime in *.pyc
# headers, and the last-password-change day in /etc/shadow.

CONFIG_FIELDS = (
    "Env",
    "Cmd",
    "Entrypoint",
    "User",
    "WorkingDir",
    "ExposedPorts",
    "Volumes",
    "Labels",
    "Healthcheck",
    "Shell",
    "StopSignal",
    "OnBuild",
    "ArgsEscaped",
)
TOP_FIELDS = {"Author": "author", "Architecture": "architecture", "OS": "os"}


@lru_cache(maxsize=256)
def glob_regex(pattern: str) -> re.Pattern[str]:
    """``**``: anything, ``/`` included; ``*``: anything within a component; ``?``: one char."""
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        c = pattern[i]
        out.append("[^/]*" if c == "*" else "[^/]" if c == "?" else re.escape(c))
        i += 1
    return re.compile("".join(out))


def matches(path: str, patterns: Iterable[str]) -> bool:
    return any(glob_regex(p).fullmatch(path) for p in patterns)


class Difference(Record):
    kind: str  # added, removed, changed (a path), config (a field)
    where: str  # the path, or the config field ("Env.PATH", "Labels.x", "Cmd")
    orig: Any = None
    new: Any = None
    attrs: tuple[str, ...] = ()  # for changed paths: what differs (type, mode, sha256, ...)
    size: int = 0  # bytes the original had there that the new image has not
    rules: tuple[str, ...] = ()  # explained by (when explained) or blamed on

    def describe(self) -> str:
        if self.kind == "config":
            return f"config {self.where}: {_short(self.orig)} -> {_short(self.new)}"
        if self.kind == "changed":
            parts = [
                f"{a} {_short(self.orig.get(a))} -> {_short(self.new.get(a))}" for a in self.attrs
            ]
            return f"~ {self.where}: " + ", ".join(parts)
        entry = self.orig if self.kind == "removed" else self.new
        sign = "-" if self.kind == "removed" else "+"
        return f"{sign} {self.where} ({entry.get('type', '?')})"

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "where": self.where}
        out.update(orig=self.orig, new=self.new, rules=list(self.rules))
        if self.attrs:
            out["attrs"] = list(self.attrs)
        if self.size:
            out["size"] = self.size
        return out


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


class Side(Record):
    layers: int  # all layers
    layers_added: int  # layers the Dockerfile added on top of its base
    bytes: int  # uncompressed layer bytes, all layers
    bytes_added: int
    entries: int  # paths in the final filesystem


class Comparison(Record):
    differences: tuple[Difference, ...]  # unexplained: the images are not equivalent
    explained: tuple[Difference, ...]
    ignored: tuple[str, ...]  # paths that differ, inside the noise list
    orig: Side
    new: Side

    @property
    def equivalent(self) -> bool:
        return not self.differences

    @property
    def explained_bytes(self) -> int:
        return sum(d.size for d in self.explained)


# --- config --------------------------------------------------------------------------------------


def _empty(value: Any) -> Any:
    return None if value in (None, [], {}, "") else value


def _pairs(env: Sequence[str] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in env or []:
        key, _, value = item.partition("=")
        out[key] = value
    return out


def config_fields(image: Image) -> dict[str, Any]:
    """The compared config, flattened: Env and Labels per key, ports/volumes as sorted keys."""
    cfg = image.config.get("config") or {}
    out: dict[str, Any] = {}
    for field in CONFIG_FIELDS:
        value = cfg.get(field)
        if field == "Env":
            for key, val in _pairs(value).items():
                out[f"Env.{key}"] = val
        elif field == "Labels":
            for key, val in (value or {}).items():
                out[f"Labels.{key}"] = val
        elif field in ("ExposedPorts", "Volumes"):
            keys = sorted(value or {})
            out[field] = keys or None
        else:
            out[field] = _empty(value)
    for name, key in TOP_FIELDS.items():
        out[name] = _empty(image.config.get(key))
    return {k: v for k, v in out.items() if v is not None}


def config_differences(orig: Image, new: Image) -> list[Difference]:
    a, b = config_fields(orig), config_fields(new)
    return [
        Difference("config", key, a.get(key), b.get(key))
        for key in sorted(set(a) | set(b))
        if a.get(key) != b.get(key)
    ]


# --- filesystem ----------------------------------------------------------------------------------

_META = ("type", "mode", "uid", "gid", "target", "device", "xattrs")
_CONTENT = ("size", "sha256")


def _changed(a: Entry, b: Entry, content: bool) -> tuple[str, ...]:
    attrs = _META + (_CONTENT if content and a.type == b.type == "file" else ())
    return tuple(x for x in attrs if getattr(a, x) != getattr(b, x))


def fs_differences(
    orig: Image, new: Image, ignore: Sequence[str] = ()
) -> tuple[list[Difference], list[str]]:
    """The path differences, and the differing paths the noise list (+ ``ignore``) hides."""
    skip = tuple(g for g, _ in NOISE_IGNORE) + tuple(ignore)
    no_content = tuple(g for g, _ in NOISE_CONTENT)
    diffs: list[Difference] = []
    ignored: list[str] = []
    for path in sorted(set(orig.files) | set(new.files)):
        a, b = orig.files.get(path), new.files.get(path)
        if a is not None and b is not None:
            attrs = _changed(a, b, content=not matches(path, no_content))
            if not attrs:
                continue
            diff = Difference("changed", path, a.as_dict(), b.as_dict(), attrs)
            if "size" in attrs or "sha256" in attrs:
                diff = diff.replace(size=max(0, a.size - b.size))
        elif a is not None:
            diff = Difference("removed", path, a.as_dict(), None, (), a.size)
        elif b is not None:
            diff = Difference("added", path, None, b.as_dict())
        if matches(path, skip):
            ignored.append(path)
        else:
            diffs.append(diff)
    return diffs, ignored


# --- explanations --------------------------------------------------------------------------------


def explaining_rule(diff: Difference, applied: Iterable[str]) -> str | None:
    """The applied rule whose declared effect covers ``diff``, if any."""
    for code in applied:
        eff = effect(code)
        if diff.kind == "config" and matches(diff.where, eff.may_change):
            return code
        if diff.kind in ("removed", "changed") and matches(diff.where, eff.may_remove):
            return code
    return None


# --- layers --------------------------------------------------------------------------------------


def _shared_prefix(a: Sequence[Layer], b: Sequence[Layer]) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n].digest == b[n].digest:
        n += 1
    return n


def added_layers(image: Image, base: int, since: datetime | None) -> list[Layer]:
    """The layers the Dockerfile added: created at or after ``since`` (the build start) when
    the history says so, else all but the first ``base``."""
    if since is not None:
        slack = since - timedelta(seconds=2)  # history times are rounded by some engines
        times = [parse_time(layer.created) for layer in image.layers]
        if all(t is not None for t in times):
            return [layer for layer, t in zip(image.layers, times, strict=True) if t and t >= slack]
    return list(image.layers[base:])


def _side(image: Image, base: int, since: datetime | None) -> Side:
    added = added_layers(image, base, since)
    return Side(
        layers=len(image.layers),
        layers_added=len(added),
        bytes=sum(layer.size for layer in image.layers),
        bytes_added=sum(layer.size for layer in added),
        entries=len(image.files),
    )


def compare(
    orig: Image,
    new: Image,
    applied: Sequence[str] = (),
    ignore: Sequence[str] = (),
    since: tuple[datetime | None, datetime | None] = (None, None),
    base_layers: int | None = None,
) -> Comparison:
    """Compare ``new`` (built from the fixed Dockerfile) with ``orig``.

    ``applied``: the codes of the rules whose fixes made ``new``; unexplained differences are
    blamed on all of them (:func:`optimizer.verify.command` narrows that down).
    ``since``: each build's start, to count the layers it added; otherwise the layers the two
    images share at the bottom (or ``base_layers``) are taken as the base.
    """
    diffs, ignored = fs_differences(orig, new, ignore)
    diffs = config_differences(orig, new) + diffs
    explained: list[Difference] = []
    unexplained: list[Difference] = []
    for diff in diffs:
        code = explaining_rule(diff, applied)
        if code is not None:
            explained.append(diff.replace(rules=(code,)))
        else:
            unexplained.append(diff.replace(rules=tuple(applied)))
    base = base_layers if base_layers is not None else _shared_prefix(orig.layers, new.layers)
    return Comparison(
        tuple(unexplained),
        tuple(explained),
        tuple(ignored),
        _side(orig, base, since[0]),
        _side(new, base, since[1]),
    )


def human(n: float) -> str:
    """Bytes as equiv and `docker images` print them (decimal units)."""
    for unit in ("B", "kB", "MB", "GB"):
        if abs(n) < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} GB"  # pragma: no cover
