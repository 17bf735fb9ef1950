"""The formatter: ``style`` (what a user can set), ``layout`` (the canonical layout, with
``line``, ``json_form``, ``pairs``, ``shell_head``/``shell_layout`` per kind of instruction),
``guard`` (does the output read the same?) and ``formatter.format_text`` (all three in turn).

``format_text`` is imported on first use: ``import optimizer.format`` alone stays cheap.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: importing typing costs ~3 ms of every start-up
if TYPE_CHECKING:
    from optimizer.format.formatter import format_text

__all__ = ["format_text"]


def __getattr__(name: str) -> object:
    if name == "format_text":
        from optimizer.format.formatter import format_text

        return format_text
    raise AttributeError(name)
