"""dopt: a Dockerfile optimizer and formatter that keeps every byte it does not mean to change.

The public API (``docs/python-api.md``): ``parse`` (the lossless CST), ``format_text``,
``fix_text`` and ``lint`` (``optimizer.api``, thin wrappers over ``optimizer.engine``), and
``ParseError``.  Each imports what it needs on first call: ``import optimizer`` stays cheap.

``optimizer.lint`` is also the name of the linter's package: once that is imported, Python
binds the name to the package, which is made callable as the ``lint`` function (see
``optimizer/lint/__init__.py``), so ``optimizer.lint(text)`` works either way.
"""

from __future__ import annotations

from optimizer.api import fix_text, format_text, lint
from optimizer.errors import ParseError

TYPE_CHECKING = False  # not typing's: importing typing costs ~3 ms of every start-up
if TYPE_CHECKING:
    from optimizer.syntax.cst import Dockerfile

__all__ = ["Dockerfile", "ParseError", "fix_text", "format_text", "lint", "parse"]
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
