"""The linter: ``rules/`` (one module a rule), ``runner`` (runs them on a tree),
``suppressions``, ``selection`` (which codes), ``fixer`` (fixes to a fixed point) and
``rewrite`` (helpers rules build their fixes with).

This package's name is also that of the public ``optimizer.lint(text)`` function
(``optimizer.api.lint``): once the package is imported, ``import optimizer``'s attribute
``lint`` is the package, so the package is callable and calls that function.
"""

from __future__ import annotations

import sys
from types import ModuleType

TYPE_CHECKING = False  # not typing's: importing typing costs ~3 ms of every start-up
if TYPE_CHECKING:
    from typing import Any


class _CallableModule(ModuleType):
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from optimizer.api import lint

        return lint(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
