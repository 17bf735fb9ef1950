"""BuildKit's shell word lexer (``frontend/dockerfile/shell/lex.go``), as far as the parser
uses it: heredoc detection and ``ProcessWord`` (``buildkit.heredoc_markers``,
``buildkit.process_word``).  Kept in the Go code's order for diffing against upstream.
"""

from __future__ import annotations

from optimizer.syntax.gotext import GO_SPACE

__all__ = ["LexError", "LexTooDeep", "ShellLexer"]


class LexError(Exception):
    pass


class LexTooDeep(LexError):
    """``${...}`` nested deeper than ShellLexer.MAX_DEPTH (the lexer recurses per level)."""


class ShellLexer:
    """BuildKit's ``shell.Lex.ProcessWords`` with no environment and ``SkipUnsetEnv``.

    Only what heredoc detection needs: word splitting with quotes, escapes and ``$`` forms kept
    as text; errors where BuildKit's lexer errs.
    """

    def __init__(self, raw_quotes: bool, raw_escapes: bool = False, escape: str = "\\") -> None:
        self.raw_quotes = raw_quotes
        self.raw_escapes = raw_escapes
        self.escape = escape
        self.src = ""
        self.pos = 0
        self.depth = 0

    def _peek(self) -> str:
        return self.src[self.pos] if self.pos < len(self.src) else ""

    def _next(self) -> str:
        if self.pos < len(self.src):
            ch = self.src[self.pos]
            self.pos += 1
            return ch
        return ""

    def start(self, src: str) -> None:
        # Go's text/scanner, which the lexer reads through, skips a BOM at the very start.
        self.src, self.pos = src, 1 if src.startswith("\ufeff") else 0

    def words(self, src: str) -> list[str]:
        self.start(src)
        _, words = self._process_stop_on("", self.raw_escapes)
        return words

    MAX_DEPTH = 100

    def _process_stop_on(self, stop: str, raw_escapes: bool) -> tuple[str, list[str]]:
        saved = self.raw_escapes
        self.raw_escapes = raw_escapes
        self.depth += 1
        if self.depth > self.MAX_DEPTH:
            raise LexTooDeep(f"${{...}} nested more than {self.MAX_DEPTH} deep")
        try:
            return self._stop_on(stop)
        finally:
            self.raw_escapes = saved
            self.depth -= 1

    def _stop_on(self, stop: str) -> tuple[str, list[str]]:
        result: list[str] = []
        words = _Words()
        while self._peek() != "":
            ch = self._peek()
            if stop and ch == stop:
                self._next()
                return "".join(result), words.get()
            if ch in ("$", "'", '"'):
                if ch == "$":
                    tmp = self._dollar()
                    words.add_string(tmp)
                elif ch == "'":
                    tmp = self._single_quote()
                    words.add_raw_string(tmp)
                else:
                    tmp = self._double_quote()
                    words.add_raw_string(tmp)
                result.append(tmp)
                continue
            ch = self._next()
            if ch == self.escape:
                if self.raw_escapes:
                    words.add_raw_char(ch)
                    result.append(ch)
                ch = self._next()
                if ch == "":
                    break
                words.add_raw_char(ch)
            else:
                words.add_char(ch)
            result.append(ch)
        if stop:
            raise LexError(f"unexpected end of statement while looking for matching {stop}")
        return "".join(result), words.get()

    def _single_quote(self) -> str:
        result: list[str] = []
        ch = self._next()
        if self.raw_quotes:
            result.append(ch)
        while True:
            ch = self._next()
            if ch == "":
                raise LexError(
                    "unexpected end of statement while looking for matching single-quote"
                )
            if ch == "'":
                if self.raw_quotes:
                    result.append(ch)
                return "".join(result)
            result.append(ch)

    def _double_quote(self) -> str:
        result: list[str] = []
        ch = self._next()
        if self.raw_quotes:
            result.append(ch)
        while True:
            peek = self._peek()
            if peek == "":
                raise LexError(
                    "unexpected end of statement while looking for matching double-quote"
                )
            if peek == '"':
                ch = self._next()
                if self.raw_quotes:
                    result.append(ch)
                return "".join(result)
            if peek == "$":
                result.append(self._dollar())
                continue
            ch = self._next()
            if ch == self.escape:
                if self.raw_escapes:
                    result.append(ch)
                nxt = self._peek()
                if nxt == "":
                    continue
                if nxt in ('"', "$", self.escape):
                    ch = self._next()
            result.append(ch)

    def _dollar(self) -> str:
        self._next()
        if self._peek() != "{":
            name = self._name()
            return "$" + name if name else "$"
        self._next()
        peek = self._peek()
        if peek == "":
            raise LexError("syntax error: missing '}'")
        if peek in ("{", "}", ":"):
            raise LexError("syntax error: bad substitution")
        name = self._name()
        ch = self._next()
        chs = ch
        if ch == "}":
            return "${" + name + "}"
        if ch == ":":
            ch = self._next()
            chs += ch
        if chs.startswith(":") or ch in ("+", "-", "?", "#", "%"):
            raw = ch in ("#", "%")
            try:
                word, _ = self._process_stop_on("}", raw)
            except LexError:
                if self._peek() == "":
                    raise LexError("syntax error: missing '}'") from None
                raise
            return "${" + name + chs + word + "}"
        if ch == "/":
            if self._peek() == "/":
                self._next()
            pattern, _ = self._process_stop_on("/", True)
            replacement, _ = self._process_stop_on("}", True)
            return "${" + name + "/" + pattern + "/" + replacement + "}"
        raise LexError(f"unsupported modifier ({chs}) in substitution")

    def _name(self) -> str:
        name: list[str] = []
        while self._peek() != "":
            ch = self._peek()
            if not name and ch.isdecimal():
                while self._peek() != "" and self._peek().isdecimal():
                    name.append(self._next())
                return "".join(name)
            if not name and ch in "@*#?-$!0":
                return self._next()
            if not (ch.isalpha() or ch.isdecimal() or ch == "_"):
                break
            name.append(self._next())
        return "".join(name)


class _Words:
    def __init__(self) -> None:
        self.word = ""
        self.words: list[str] = []
        self.in_word = False

    def add_char(self, ch: str) -> None:
        if ch in GO_SPACE:
            if self.in_word and self.word:
                self.words.append(self.word)
                self.word = ""
                self.in_word = False
        else:
            self.add_raw_char(ch)

    def add_raw_char(self, ch: str) -> None:
        self.word += ch
        self.in_word = True

    def add_string(self, s: str) -> None:
        for ch in s:
            self.add_char(ch)

    def add_raw_string(self, s: str) -> None:
        self.word += s
        self.in_word = True

    def get(self) -> list[str]:
        if self.word:
            self.words.append(self.word)
            self.word = ""
            self.in_word = False
        return self.words
