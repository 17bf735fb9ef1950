"""Every error dopt reports, in one hierarchy.

``UserError`` (exit 2): the input or the command line is wrong, and the message says how.
``InternalError`` (exit 3): dopt itself failed; the file is left alone and the message asks
for a report.  Exit 1 is never an error: it means "findings" (or "would change", or for
``verify`` "not equivalent").  These are every command's exit codes, here only.

Positions are 1-based; 0 means unknown.  Messages do not name the file: the caller knows
what it calls the file (a path, ``-`` or ``--stdin-filename``) and uses ``located``, the
one ``path:line:col: message`` format of errors and findings alike.
"""

from __future__ import annotations

EXIT_OK, EXIT_FOUND, EXIT_ERROR, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # Ctrl-C: 128 + SIGINT, as shells report it


def located(name: str, line: int, column: int, message: str) -> str:
    """``name:line:col: message`` (``name: message`` when the line is unknown, 0)."""
    if line:
        return f"{name}:{line}:{column or 1}: {message}"
    return f"{name}: {message}"


class DoptError(Exception):
    """Base of dopt's errors: a message and, when known, where in the file."""

    exit_code = EXIT_ERROR
    kind = "error"  # a short name for machine formats

    def __init__(
        self,
        message: str,
        line: int = 0,
        column: int = 0,
        end_line: int = 0,
        end_column: int = 0,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.end_line = end_line or line
        self.end_column = end_column

    def located(self, name: str) -> str:
        """``name:line:col: message`` (``name: message`` when the place is unknown)."""
        return located(name, self.line, self.column, self.message)

    def __str__(self) -> str:
        return self.message


class UserError(DoptError):
    """Bad input or usage: exit 2."""


class ParseError(UserError, ValueError):
    """The input is not a Dockerfile BuildKit would read (or build).

    ``line`` and ``column`` are 1-based (0 when unknown); ``message`` names what was expected.
    """

    kind = "parse-error"

    def at(self, line: int, column: int = 0, end_line: int = 0) -> ParseError:
        """The same error, placed in the file (errors from line parsers know no position)."""
        return ParseError(self.message, line, column, end_line)

    def __str__(self) -> str:
        if self.line:
            return f"{self.line}:{self.column or 1}: {self.message}"
        return self.message


class ReadError(UserError):
    """The file cannot be read, or is not UTF-8 text."""

    kind = "read-error"


class ConfigError(UserError):
    """A settings file (or a code given on the command line) is wrong."""

    kind = "config-error"


class UsageError(UserError):
    """The command line asks for something impossible (conflicting flags, unknown codes)."""

    kind = "usage-error"


class WriteError(UserError):
    """The result could not be written back."""

    kind = "write-error"


class InternalError(DoptError):
    """A dopt bug: nothing is written, exit 3, and the user is asked to report it."""

    exit_code = EXIT_INTERNAL
    kind = "internal-error"

    def located(self, name: str) -> str:
        where = f"{name}:{self.line}" if self.line else name
        return f"{where}: internal error: {self.message} (please report)"


class Refused(InternalError):
    """The guard found that formatting would change what the file means."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"{reason}; left unchanged", line)
        self.reason = reason


class BrokenFix(InternalError):
    """A fix produced text that does not parse (or that BuildKit would refuse)."""


class NotConverged(InternalError):
    """The fixer stopped at its round limit with fixes still to apply."""


class Unexpected(InternalError):
    """Any other exception raised while processing a file."""

    @classmethod
    def wrap(cls, exc: BaseException) -> Unexpected:
        text = str(exc)
        if len(text) > 200:
            text = text[:200] + "..."
        return cls(f"{type(exc).__name__}: {text}" if text else type(exc).__name__)
