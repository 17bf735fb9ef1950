"""dopt: a Dockerfile optimizer and formatter that keeps every byte it does not mean to change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from optimizer.errors import ParseError

if TYPE_CHECKING:
    from optimizer.syntax.cst import Dockerfile

__all__ = ["Dockerfile", "ParseError", "parse"]
__version__ = "0.1.0"


def parse(source: str) -> Dockerfile:
    """Parse Dockerfile text into a lossless CST (see ``optimizer.syntax.parser.parse``)."""
    from optimizer.syntax.parser import parse as _parse

    return _parse(source)


def __getattr__(name: str) -> object:
    if name == "Dockerfile":
        from optimizer.syntax.cst import Dockerfile

        return Dockerfile
    raise AttributeError(name)
