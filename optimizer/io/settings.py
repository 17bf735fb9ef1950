"""Settings: a ``.dopt.toml`` (keys at the top level) or ``[tool.dopt]`` of a pyproject.toml.

The nearest such file above the Dockerfile wins; command-line flags win over it.  A
``.dopt.toml`` may also hold its keys under ``[tool.dopt]``, as a pyproject.toml does.
Reading settings is the only I/O here; ``parse_settings`` is pure.
"""

from __future__ import annotations

import os
import re
import sys

from optimizer.errors import ConfigError
from optimizer.format.style import STYLE_KEYS, Style, style_value
from optimizer.record import Record

TYPE_CHECKING = False  # not typing's: importing typing costs ~3 ms of every start-up
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

__all__ = ["ConfigError", "Settings", "parse_settings", "settings_for", "with_overrides"]


class Settings(Record):
    style: Style = Style()
    exclude: tuple[str, ...] = ()
    merge_build_stages: bool = False  # DOP101 also in stages that are not the final image
    preview: bool = False  # the rules still in preview run too (--preview)
    select: tuple[str, ...] | None = None  # None: every rule
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (glob, codes)
    source: Path | None = None  # the file the settings came from
    cache_mounts: bool = False  # DOP203 runs: cache mounts instead of cleanups (--cache-mounts)

    @property
    def opt_in(self) -> frozenset[str]:
        """The opt-in settings that are on (``Rule.opt_in`` names them)."""
        return frozenset({"cache-mounts"}) if self.cache_mounts else frozenset()

    @property
    def root(self) -> Path:
        """The folder relative globs (exclude, per-file-ignores) are matched from."""
        from optimizer.io.fspath import Path  # pathlib's, without its ~4 ms of imports

        return self.source.parent if self.source is not None else Path.cwd()

    def excludes(self, path: Path) -> bool:
        """Does ``exclude`` match this file (relative to the settings' folder, or by name)?"""
        return _matches(path, self.exclude, self.root)

    def ignored_for(self, path: Path | None) -> tuple[str, ...]:
        """``ignore`` plus the ``per-file-ignores`` codes whose glob matches ``path``."""
        codes = list(self.ignore)
        if path is not None:
            for pattern, extra in self.per_file_ignores:
                if _matches(path, (pattern,), self.root):
                    codes.extend(extra)
        return tuple(codes)


def _matches(path: Path, patterns: tuple[str, ...], root: Path) -> bool:
    if not patterns:
        return False
    import fnmatch

    from optimizer.io.fspath import Path  # pathlib's, without its ~4 ms of imports

    absolute = Path(os.path.abspath(path))
    try:
        relative = absolute.relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        relative = absolute.as_posix()
    for pattern in patterns:
        pattern = pattern.rstrip("/")
        if fnmatch.fnmatchcase(relative, pattern) or fnmatch.fnmatchcase(path.name, pattern):
            return True
        # a folder pattern excludes everything under it (`vendor` or `vendor/*`)
        parents = Path(relative).parents
        if any(fnmatch.fnmatchcase(p.as_posix(), pattern) for p in parents if str(p) != "."):
            return True
    return False


_CODE_LIST_KEYS = ("select", "extend-select", "ignore")
_OTHER_KEYS = (
    "cache-mounts",
    "exclude",
    "merge-build-stages",
    "per-file-ignores",
    "preview",
    *_CODE_LIST_KEYS,
)
_CODE = r"[A-Z]+[0-9]*"  # compiled on first use (re's cache), not at each start-up


def display_path(path: Path) -> str:
    """``path`` relative to the working folder when it is below it (as messages show it)."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)


def _load_toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10 (the tomli dependency)
        import tomli as tomllib
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{display_path(path)}: cannot read settings: {exc}") from None


def _table(path: Path) -> dict[str, Any] | None:
    data = _load_toml(path)
    tool = data.get("tool")
    nested = tool.get("dopt") if isinstance(tool, dict) else None
    if path.name == "pyproject.toml":
        return nested if isinstance(nested, dict) else None
    if isinstance(nested, dict) and set(data) == {"tool"}:
        return nested  # a .dopt.toml written like a pyproject.toml
    return data


# Folder -> its settings, or the error reading them (raised again, not re-read: one message).
_CACHE: dict[str, Settings | ConfigError] = {}


def settings_for_dir(directory: str | Path) -> Settings:
    """The settings of the nearest settings file at or above ``directory`` (absolute)."""
    directory = os.fspath(directory)
    cached = _CACHE.get(directory)
    if cached is None:
        try:
            cached = _find(directory)
        except ConfigError as exc:
            cached = exc
        _CACHE[directory] = cached
    if isinstance(cached, ConfigError):
        raise cached
    return cached


def _find(directory: str) -> Settings:
    # With os.path: `dopt fmt -` with no settings file makes no path object.
    folder = directory
    while True:
        for name in (".dopt.toml", "pyproject.toml"):
            candidate = os.path.join(folder, name)
            if os.path.isfile(candidate):
                from optimizer.io.fspath import Path  # pathlib's, without its imports

                table = _table(Path(candidate))
                if table is not None:
                    return parse_settings(table, Path(candidate))
        parent = os.path.dirname(folder)
        if parent == folder:
            return Settings()
        folder = parent


def settings_for(path: Path | None) -> Settings:
    """The settings that apply to the Dockerfile at ``path`` (None: the working folder)."""
    return settings_for_dir(os.path.abspath(path.parent if path is not None else os.getcwd()))


def _codes(value: Any, key: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise ConfigError(f"{where}{key} must be a list of rule codes")
    codes = tuple(c.strip().upper() for c in value)
    for code in codes:
        if not re.fullmatch(_CODE, code):
            raise ConfigError(f"{where}{key}: {code!r} is not a rule code")
    return codes


def parse_settings(table: dict[str, Any], source: Path | None = None) -> Settings:
    """Settings from a TOML table (already read); raises ConfigError naming the key."""
    changes: dict[str, Any] = {}
    where = f"{display_path(source)}: " if source else ""
    for key, value in table.items():
        if key in _OTHER_KEYS:
            continue
        if key not in STYLE_KEYS:
            known = ", ".join(sorted([*STYLE_KEYS, *_OTHER_KEYS]))
            raise ConfigError(f"{where}unknown setting {key!r} (known: {known})")
        name, value = style_value(key, value, where)
        changes[name] = value
    exclude = table.get("exclude", [])
    if not isinstance(exclude, list) or not all(isinstance(x, str) for x in exclude):
        raise ConfigError(f"{where}exclude must be a list of glob strings")
    merge = table.get("merge-build-stages", False)
    if not isinstance(merge, bool):
        raise ConfigError(f"{where}merge-build-stages must be a bool")
    preview = table.get("preview", False)
    if not isinstance(preview, bool):
        raise ConfigError(f"{where}preview must be a bool")
    cache_mounts = table.get("cache-mounts", False)
    if not isinstance(cache_mounts, bool):
        raise ConfigError(f"{where}cache-mounts must be a bool")
    select = _codes(table["select"], "select", where) if "select" in table else None
    extend = _codes(table.get("extend-select", []), "extend-select", where)
    ignore = _codes(table.get("ignore", []), "ignore", where)
    per_file = table.get("per-file-ignores", {})
    if not isinstance(per_file, dict):
        raise ConfigError(f"{where}per-file-ignores must be a table of glob = [codes]")
    pfi = tuple(
        (str(glob), _codes(codes, f"per-file-ignores.{glob}", where))
        for glob, codes in per_file.items()
    )
    return Settings(
        Style().replace(**changes),
        tuple(exclude),
        merge,
        preview,
        select,
        extend,
        ignore,
        pfi,
        source,
        cache_mounts,
    )


def with_overrides(settings: Settings, **overrides: Any) -> Settings:
    given = {k: v for k, v in overrides.items() if v is not None and k in Style.__fields__}
    return settings.replace(style=settings.style.replace(**given)) if given else settings
