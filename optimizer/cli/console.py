"""What the commands print on stderr: errors (each once), and the colour decision."""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # not typing's: importing typing costs ~3 ms of every start-up
if TYPE_CHECKING:
    from optimizer.engine import FileResult


def say(message: str) -> None:
    """One message on stderr (flushed: verify's progress lines come between long builds)."""
    print(message, file=sys.stderr, flush=True)


def use_color(option: bool | None) -> bool:
    """Colour when asked, else only on a terminal and without NO_COLOR."""
    if option is not None:
        return option
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def error_text(result: FileResult) -> str:
    """``path:line:col: message`` for a file's error (a settings error names its own file)."""
    error = result.error
    assert error is not None
    if error.kind == "config-error":
        return error.message
    return error.located(result.name)


class ErrorLog:
    """Prints each distinct error message once (a broken .dopt.toml fails every file below
    it, but is one mistake)."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def report(self, result: FileResult) -> None:
        text = error_text(result)
        if text not in self.seen:
            self.seen.add(text)
            say(text)


def echo_input(result: FileResult) -> None:
    """Write the input back unchanged (``fmt -``/``fix -`` on failure: the buffer is kept)."""
    if result.data is None:
        return
    sys.stdout.flush()
    sys.stdout.buffer.write(result.data)
    sys.stdout.buffer.flush()
