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
# The formats that show a fix's edits (``Diagnostic.edits``): for the others, check and fix
# leave them out, and the texts of fixes not applied are never made.
WITH_EDITS = frozenset({"json", "sarif", "rdjson"})


def render(name: str, report: Report) -> str:
    """The report in the format ``name`` (one of ``FORMATS``)."""
    from importlib import import_module

    module = import_module(f"optimizer.cli.formats.{_MODULES[name]}")
    result: str = module.render(report)
    return result


def render_statistics(name: str, report: Report) -> str:
    """``--statistics``: JSON for ``json``, a table for every other format."""
    from optimizer.cli.formats import statistics

    return statistics.as_json(report) if name == "json" else statistics.text(report)
