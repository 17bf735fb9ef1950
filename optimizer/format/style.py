"""The formatter's style: the settings a user can change, and how settings files spell them.

Kept apart from the layout code because the rules, the fixer and the settings reader all
need the type but not the layout machinery.  ``style_value`` checks one style key of a
settings table (``optimizer.io.settings`` reads the file and the other keys).
"""

from __future__ import annotations

from optimizer.errors import ConfigError
from optimizer.record import Record

TYPE_CHECKING = False  # not typing's: importing typing costs ~3 ms of every start-up
if TYPE_CHECKING:
    from typing import Any

    from optimizer.syntax import cst

__all__ = ["DEFAULT_STYLE", "STYLE_KEYS", "Style", "newline_style", "style_value"]


class Style(Record):
    """Settings a user can change (``[tool.dopt]``, ``.dopt.toml`` or CLI flags)."""

    indent: int = 4
    operator_first: bool = False  # `&& cmd` at the start of lines instead of `cmd && \`
    sort_packages: bool = True
    line_width: int = 0  # wrap a one-line RUN chain longer than this (0: never)


DEFAULT_STYLE = Style()

# settings key -> (Style field, expected type)
STYLE_KEYS: dict[str, tuple[str, type]] = {
    "indent-width": ("indent", int),
    "operator-position": ("operator_first", str),
    "sort-packages": ("sort_packages", bool),
    "line-width": ("line_width", int),
}


def style_value(key: str, value: Any, where: str = "") -> tuple[str, Any]:
    """The Style field and value for one style key of a settings table; raises ConfigError."""
    name, kind = STYLE_KEYS[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ConfigError(f"{where}{key} must be a {kind.__name__}")
    if key == "operator-position":
        if value not in ("end", "start"):
            raise ConfigError(f"{where}operator-position must be 'end' or 'start'")
        value = value == "start"
    if key == "indent-width" and not 1 <= value <= 16:
        raise ConfigError(f"{where}indent-width must be between 1 and 16")
    if key == "line-width" and value < 0:
        raise ConfigError(f"{where}line-width must be 0 or more")
    return name, value


def newline_style(tree: cst.Dockerfile) -> str:
    """The file's line ending: CRLF if most of its lines end so, else LF.  (A majority, not
    the first line: lines dopt writes take this ending, and must not tip it the other way.)

    Rules ask once per fix they render: the answer is kept on the (immutable) tree, as
    joining a large file's text each time made check and fix quadratic."""
    cached = tree._newline
    if cached is not None:
        return cached
    code = tree.code
    crlf = code.count("\r\n")
    style = "\r\n" if crlf > code.count("\n") - crlf else "\n"
    object.__setattr__(tree, "_newline", style)
    return style
