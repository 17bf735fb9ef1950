"""The Python API: ``format_text``, ``fix_text`` and ``lint``, thin wrappers over
``optimizer.engine`` (``import optimizer`` exposes them; ``docs/python-api.md``).

They are pure (no file is read: pass ``Settings`` for a file's settings, e.g. from
``optimizer.io.settings.settings_for(path)``) and import what they need on first call, so
``import optimizer`` stays cheap.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: importing typing costs ~3 ms of every start-up
if TYPE_CHECKING:
    from os import PathLike
    from pathlib import Path

    from optimizer.engine import Diagnostic
    from optimizer.io.settings import Settings

__all__ = ["fix_text", "format_text", "lint"]


def format_text(text: str, settings: Settings | None = None) -> str:
    """``text`` in dopt's format (``dopt fmt``).  Raises ParseError for a file BuildKit would
    refuse, ``optimizer.errors.Refused`` if formatting would change how it reads."""
    from optimizer import engine

    output = engine.format_source(text, _settings(settings)).output
    assert output is not None
    return output


def fix_text(
    text: str,
    settings: Settings | None = None,
    *,
    path: str | PathLike[str] | None = None,
    unsafe: bool = False,
) -> str:
    """``text`` with every fix applied to a fixed point (``dopt fix``; ``unsafe``: also the
    unsafe fixes).  ``path``: where the file is, for per-file-ignores and the rules that
    look at the build context.  Raises ParseError, ConfigError, or an InternalError."""
    from optimizer import engine

    result = engine.fix_source(text, _settings(settings), _path(path), unsafe=unsafe)
    assert result.output is not None
    return result.output


def lint(
    text: str, settings: Settings | None = None, *, path: str | PathLike[str] | None = None
) -> tuple[Diagnostic, ...]:
    """The findings of ``dopt check`` on ``text``, in file order (``engine.Diagnostic``:
    code, message, 1-based line and column, end, fix safety).  Raises ParseError,
    ConfigError."""
    from optimizer import engine

    return engine.check_source(text, _settings(settings), _path(path)).diagnostics


def _settings(settings: Settings | None) -> Settings:
    if settings is not None:
        return settings
    from optimizer.io.settings import Settings

    return Settings()


def _path(path: str | PathLike[str] | None) -> Path | None:
    from optimizer.io.fspath import Path  # the engine's paths, as the command line makes

    return Path(path) if path is not None else None
