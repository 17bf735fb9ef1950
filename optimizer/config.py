"""Settings: ``[tool.dopt]`` in pyproject.toml or a ``.dopt.toml``; the nearest one above the
file wins, and command-line flags win over both."""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

from optimizer.emit import Style
from optimizer.record import Record


class ConfigError(Exception):
    pass


class Settings(Record):
    style: Style = Style()
    exclude: tuple[str, ...] = ()
    merge_build_stages: bool = False  # DOP101 also in stages that are not the final image
    source: Path | None = None  # the file the settings came from


# config key -> (Style field, expected type)
_STYLE_KEYS: dict[str, tuple[str, type]] = {
    "indent-width": ("indent", int),
    "operator-position": ("operator_first", str),
    "sort-packages": ("sort_packages", bool),
    "line-width": ("line_width", int),
}


def _load_toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read settings: {exc}") from None


def _table(path: Path) -> dict[str, Any] | None:
    data = _load_toml(path)
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        return tool.get("dopt") if isinstance(tool, dict) else None
    return data


@lru_cache(maxsize=64)
def settings_for_dir(directory: Path) -> Settings:
    for folder in (directory, *directory.parents):
        for name in (".dopt.toml", "pyproject.toml"):
            candidate = folder / name
            if candidate.is_file():
                table = _table(candidate)
                if table is not None:
                    return parse_settings(table, candidate)
    return Settings()


def settings_for(path: Path | None) -> Settings:
    directory = (path.parent if path is not None else Path.cwd()).resolve()
    return settings_for_dir(directory)


def parse_settings(table: dict[str, Any], source: Path | None = None) -> Settings:
    style = Style()
    changes: dict[str, Any] = {}
    where = f"{source}: " if source else ""
    for key, value in table.items():
        if key in ("exclude", "merge-build-stages"):
            continue
        if key not in _STYLE_KEYS:
            known = ", ".join(sorted([*_STYLE_KEYS, "exclude", "merge-build-stages"]))
            raise ConfigError(f"{where}unknown setting {key!r} (known: {known})")
        name, kind = _STYLE_KEYS[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise ConfigError(f"{where}{key} must be a {kind.__name__}")
        if key == "operator-position":
            if value not in ("end", "start"):
                raise ConfigError(f"{where}operator-position must be 'end' or 'start'")
            value = value == "start"
        if key == "indent-width" and not 1 <= value <= 16:
            raise ConfigError(f"{where}indent-width must be between 1 and 16")
        changes[name] = value
    exclude = table.get("exclude", [])
    if not isinstance(exclude, list) or not all(isinstance(x, str) for x in exclude):
        raise ConfigError(f"{where}exclude must be a list of glob strings")
    merge = table.get("merge-build-stages", False)
    if not isinstance(merge, bool):
        raise ConfigError(f"{where}merge-build-stages must be a bool")
    return Settings(style.replace(**changes), tuple(exclude), merge, source)


def with_overrides(settings: Settings, **overrides: Any) -> Settings:
    given = {k: v for k, v in overrides.items() if v is not None and k in Style.__fields__}
    return settings.replace(style=settings.style.replace(**given)) if given else settings
