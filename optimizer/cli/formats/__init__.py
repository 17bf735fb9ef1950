"""The output formats of ``check`` and ``fix``: one module per format, and this registry.

Importing this package costs nothing (the argument parser reads ``FORMATS``); ``render``
imports only the module of the format asked for."""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: importing typing costs ~2 ms of each start-up
if TYPE_CHECKING:
    from optimizer.cli.formats.common import Report

# name -> module under optimizer.cli.formats with a ``render(Report) -> str``
_MODULES = {
    "text": "text",
    "json": "jsonfmt",
    "sarif": "sarif",
    "github": "github",
    "gitlab": "gitlab",
    "junit": "junit",
    "rdjson": "rdjson",
}
FORMATS = tuple(_MODULES)
# The formats that print a fix's edits; the others need only whether a finding has a fix.
SHOW_EDITS = frozenset({"json", "sarif", "rdjson"})


def render(name: str, report: Report) -> str:
    """The report in the format ``name`` (one of ``FORMATS``)."""
    import sys

    # __import__, not importlib.import_module: the importlib package loads warnings.
    qualified = f"optimizer.cli.formats.{_MODULES[name]}"
    __import__(qualified)
    module = sys.modules[qualified]
    result: str = module.render(report)
    return result


def render_statistics(name: str, report: Report) -> str:
    """``--statistics``: JSON for ``json``, a table for every other format."""
    from optimizer.cli.formats import statistics

    return statistics.as_json(report) if name == "json" else statistics.text(report)
