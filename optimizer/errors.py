"""Errors dopt reports to users."""

from __future__ import annotations


class ParseError(ValueError):
    """The input is not a Dockerfile BuildKit would read.

    ``line`` and ``column`` are 1-based (0 when unknown); ``message`` names what was expected.
    """

    def __init__(self, message: str, line: int = 0, column: int = 0, end_line: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.end_line = end_line or line

    def at(self, line: int, column: int = 0, end_line: int = 0) -> ParseError:
        """The same error, placed in the file (errors from line parsers know no position)."""
        return ParseError(self.message, line, column, end_line)

    def __str__(self) -> str:
        if self.line:
            return f"{self.line}:{self.column or 1}: {self.message}"
        return self.message
