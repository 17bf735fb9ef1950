"""BuildKit's reading of one instruction: a port of its Go line parsers.

The CST keeps the raw text; this module says what BuildKit makes of the joined logical line
(``frontend/dockerfile/parser``: ``splitCommand``, ``extractBuilderFlags``, the dispatch table,
``parseWords``, JSON detection, heredoc detection).  Exactness matters more than elegance here,
so the code follows the Go control flow closely.
"""

from __future__ import annotations

import re
from typing import Any

from optimizer.errors import ParseError
from optimizer.record import Record
from optimizer.syntax.gotext import GO_SPACE, quote, trim_left_space, trim_space, ws_split


class Heredoc(Record):
    """A heredoc as BuildKit's parser reports it (``content`` is raw, with line endings)."""

    name: str
    file_descriptor: int
    content: str
    chomp: bool = False
    expand: bool = True


class Node(Record):
    """BuildKit's AST node for one instruction (``Value``, ``Flags``, the ``Next`` chain)."""

    cmd: str
    flags: tuple[str, ...]
    values: tuple[str, ...]  # the Next chain; ENV/LABEL include the separator nodes
    json: bool
    pair_separators: bool = False  # values are (key, value, sep) triples (ENV, LABEL)
    child: Node | None = None  # the instruction ONBUILD wraps

    def dump(self) -> str:
        """``Node.Dump()``, as in BuildKit's parser test ``result`` files."""
        out = self.cmd.lower()
        if self.flags:
            out += " [" + " ".join(quote(f) for f in self.flags) + "]"
        if self.child is not None:
            out += " (" + self.child.dump() + ")"
        for v in self.values:
            out += " " + quote(v)
        return trim_space(out)

    @property
    def plain_values(self) -> tuple[str, ...]:
        """Values without the ENV/LABEL separators (as the ``dockerfile`` package gives them)."""
        if not self.pair_separators:
            return self.values
        return tuple(v for i, v in enumerate(self.values) if i % 3 != 2)


class _NotStringArray(Exception):
    pass


class _NotJSON(Exception):
    pass


_NOT_STRING_ARRAY = "when using JSON array syntax, arrays must be comprised of strings only"


def _wide(text: str) -> str:
    """The UTF-8 bytes of ``text``, one character per byte (Go's ``rune(line[pos])``)."""
    return text.encode("utf-8", "surrogateescape").decode("latin-1")


def _narrow(wide: str) -> str | None:
    """The text of bytes made wide by ``_wide``; None if they do not end on a character."""
    try:
        return wide.encode("latin-1").decode("utf-8")
    except UnicodeDecodeError:
        return None


def extract_builder_flags(line: str, escape: str = "\\") -> tuple[str, list[str]]:
    """Leading ``--flag`` words, with BuildKit's quote handling; returns (rest, flags).

    BuildKit scans this part byte by byte (``rune(line[pos])``): a byte of a multi-byte
    character is a rune of its own, so the continuation bytes 0x85 and 0xA0 count as white
    space and a flag's non-ASCII bytes become the Latin-1 characters of those bytes (the
    ``dockerfile`` package's parser does the same).  A NBSP (C2 A0) before ``--`` is no
    white space here: its C2 byte starts the arguments.
    """
    if line.isascii():
        return _extract_flags(line, escape)
    rest, words = _extract_flags(_wide(line), escape)
    # A cut inside a character leaves bytes that are no text: U+FFFD stands for them.
    return rest.encode("latin-1").decode("utf-8", "replace"), words


def _extract_flags(line: str, escape: str) -> tuple[str, list[str]]:
    words: list[str] = []
    in_spaces, in_word, in_quote = 0, 1, 2
    phase = in_spaces
    word: list[str] = []
    quote_ch = ""
    blank_ok = False
    n = len(line)
    pos = 0
    ch = ""
    while pos <= n:
        if pos != n:
            ch = line[pos]
        if phase == in_spaces:
            if pos == n:
                break
            if ch in GO_SPACE:
                pos += 1
                continue
            if ch != "-" or pos + 1 == n or line[pos + 1] != "-":
                return line[pos:], words
            phase = in_word
        if phase in (in_word, in_quote) and pos == n:
            w = "".join(word)
            if w != "--" and (blank_ok or w):
                words.append(w)
            break
        if phase == in_word:
            if ch in GO_SPACE:
                phase = in_spaces
                w = "".join(word)
                if w == "--":
                    return line[pos:], words
                if blank_ok or w:
                    words.append(w)
                word = []
                blank_ok = False
                pos += 1
                continue
            if ch in ("'", '"'):
                quote_ch = ch
                blank_ok = True
                phase = in_quote
                pos += 1
                continue
            if ch == escape:
                if pos + 1 == n:
                    pos += 1
                    continue
                pos += 1
                ch = line[pos]
            word.append(ch)
            pos += 1
            continue
        if phase == in_quote:
            if ch == quote_ch:
                phase = in_word
                pos += 1
                continue
            if ch == escape:
                if pos + 1 == n:
                    phase = in_word
                    pos += 1
                    continue
                pos += 1
                ch = line[pos]
            word.append(ch)
        pos += 1
    return "", words


def split_command(line: str, escape: str = "\\") -> tuple[str, list[str], str]:
    """``splitCommand``: (keyword, flags, rest of the line)."""
    parts = ws_split(trim_space(line), 2)
    args = ""
    flags: list[str] = []
    if len(parts) == 2:
        args, flags = extract_builder_flags(parts[1], escape)
    return parts[0], flags, trim_space(args)


def parse_words(rest: str, escape: str) -> list[str]:
    """``parseWords``: split on white space, keeping quotes and escapes in the words."""
    words: list[str] = []
    in_spaces, in_word, in_quote = 0, 1, 2
    phase = in_spaces
    word: list[str] = []
    quote_ch = ""
    blank_ok = False
    n = len(rest)
    pos = 0
    ch = ""
    while pos <= n:
        if pos != n:
            ch = rest[pos]
        if phase == in_spaces:
            if pos == n:
                break
            if ch in GO_SPACE:
                pos += 1
                continue
            phase = in_word
        if phase in (in_word, in_quote) and pos == n:
            if blank_ok or word:
                words.append("".join(word))
            break
        if phase == in_word:
            if ch in GO_SPACE:
                phase = in_spaces
                if blank_ok or word:
                    words.append("".join(word))
                word = []
                blank_ok = False
                pos += 1
                continue
            if ch in ("'", '"'):
                quote_ch = ch
                blank_ok = True
                phase = in_quote
            if ch == escape:
                if pos + 1 == n:
                    pos += 1
                    continue
                word.append(ch)
                pos += 1
                ch = rest[pos]
            word.append(ch)
            pos += 1
            continue
        if phase == in_quote:
            if ch == quote_ch:
                phase = in_word
            if ch == escape and quote_ch != "'":
                if pos + 1 == n:
                    phase = in_word
                    pos += 1
                    continue
                pos += 1
                word.append(ch)
                ch = rest[pos]
            word.append(ch)
        pos += 1
    return words


def _reject_constant(name: str) -> object:
    raise _NotJSON(name)


def _go_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _NotJSON(text)  # Go: "cannot unmarshal number into float64"
    return value


_JSON_DECODER: list[Any] = []  # made on first use: files without JSON form skip `import json`


def _json_decoder() -> Any:
    if not _JSON_DECODER:
        import json

        _JSON_DECODER.append(
            json.JSONDecoder(
                parse_constant=_reject_constant, parse_float=_go_float, parse_int=_go_float
            )
        )
    return _JSON_DECODER[0]


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def parse_json(rest: str) -> tuple[str, ...]:
    """``parseJSON``: a JSON array of strings (trailing text ignored, as Go's Decoder does)."""
    rest = trim_left_space(rest)
    if not rest.startswith("["):
        raise _NotJSON(rest)
    try:
        data, _ = _json_decoder().raw_decode(rest)
    except (ValueError, RecursionError) as exc:
        raise _NotJSON(str(exc)) from None
    values = []
    for item in data:
        if not isinstance(item, str):
            raise _NotStringArray()
        # Go turns invalid \u surrogates into U+FFFD; Python keeps them.
        values.append(_LONE_SURROGATE.sub("\ufffd", item) if "\\u" in rest else item)
    return tuple(values)


def _maybe_json(rest: str) -> tuple[tuple[str, ...], bool]:
    if rest == "":
        return (), False
    try:
        return parse_json(rest), True
    except _NotJSON:
        return (rest,), False


def _maybe_json_to_list(rest: str) -> tuple[tuple[str, ...], bool]:
    try:
        return parse_json(rest), True
    except _NotJSON:
        return _whitespace_delimited(rest), False


def _whitespace_delimited(rest: str) -> tuple[str, ...]:
    if rest == "":
        return ()
    return tuple(ws_split(rest))


def _name_val(rest: str, key: str, escape: str) -> tuple[str, ...]:
    words = parse_words(rest, escape)
    if not words:
        return ()
    if "=" not in words[0]:
        parts = ws_split(rest, 2)
        if len(parts) < 2:
            raise ParseError(f"{key} must have two arguments")
        return (parts[0], parts[1], "")
    out: list[str] = []
    for word in words:
        if "=" not in word:
            raise ParseError(
                f"Syntax error - can't find = in {quote(word)}. Must be of the form: name=value"
            )
        k, v = word.split("=", 1)
        out += [k, v, "="]
    return tuple(out)


def _health(rest: str) -> tuple[tuple[str, ...], bool]:
    # BuildKit scans bytes here, treating each byte as a rune.
    raw = rest.encode("utf-8", "surrogateescape")
    sep = 0
    while sep < len(raw) and chr(raw[sep]) not in GO_SPACE:
        sep += 1
    nxt = sep
    while nxt < len(raw) and chr(raw[nxt]) in GO_SPACE:
        nxt += 1
    if sep == 0:
        return (), False
    typ = raw[:sep].decode("utf-8", "replace")
    values, is_json = _maybe_json(raw[nxt:].decode("utf-8", "replace"))
    return (typ, *values), is_json


# BuildKit's instruction parser refuses `ONBUILD ONBUILD`; its line parser nests them.  Up to
# this depth we read them as it does; deeper chains are refused at once, which keeps the
# (recursive) comparisons of nodes shallow.
MAX_ONBUILD_DEPTH = 32


def new_node(line: str, escape: str) -> Node:
    """``newNodeFromLine``: BuildKit's node for one logical line."""
    wrappers: list[tuple[str, list[str]]] = []  # the ONBUILDs around the instruction
    while True:
        cmd, flags, args = split_command(line, escape)
        if cmd.lower() != "onbuild" or not args:
            break
        wrappers.append((cmd, flags))
        if len(wrappers) > MAX_ONBUILD_DEPTH:
            raise ParseError(
                f"ONBUILD nested more than {MAX_ONBUILD_DEPTH} deep"
                " (BuildKit does not allow chaining ONBUILD via `ONBUILD ONBUILD`)"
            )
        line = args
    node = _node(cmd, flags, args, escape)
    for cmd, flags in reversed(wrappers):
        node = Node(cmd, tuple(flags), (), False, False, node)
    return node


def _node(cmd: str, flags: list[str], args: str, escape: str) -> Node:
    kind = cmd.lower()
    is_json = False
    pairs = False
    child: Node | None = None
    values: tuple[str, ...]
    try:
        if kind in ("add", "copy", "volume"):
            values, is_json = _maybe_json_to_list(args)
        elif kind in ("cmd", "entrypoint", "run", "shell"):
            values, is_json = _maybe_json(args)
        elif kind == "arg":
            values = tuple(parse_words(args, escape))
        elif kind in ("env", "label"):
            values = _name_val(args, "ENV" if kind == "env" else "LABEL", escape)
            pairs = True
        elif kind in ("expose", "from"):
            values = _whitespace_delimited(args)
        elif kind == "healthcheck":
            values, is_json = _health(args)
        elif kind in ("maintainer", "stopsignal", "user", "workdir"):
            values = (args,) if args else ()
        elif kind == "onbuild":
            values = ()  # with arguments, new_node built the wrapper
        else:
            values = ("",)  # parseIgnore: unknown instructions keep an empty node
    except _NotStringArray:
        raise ParseError(_NOT_STRING_ARRAY) from None
    return Node(cmd, tuple(flags), values, is_json, pairs, child)


HEREDOC_KEYWORDS = frozenset({"add", "copy", "run"})


def can_contain_heredoc(node: Node) -> bool:
    if node.cmd.lower() == "onbuild" and node.child is not None:
        node = node.child
    return node.cmd.lower() in HEREDOC_KEYWORDS and not node.json


# --- heredoc detection: BuildKit runs its shell lexer over the line ---------------------------

_RE_HEREDOC = re.compile(r"(\d*)<<(-?)([^<]*)\Z", re.S)


class HeredocMarker(Record):
    name: str
    file_descriptor: int
    chomp: bool
    expand: bool


def heredoc_markers(line: str) -> list[HeredocMarker]:
    """``heredocsFromLine``: the heredocs a RUN/COPY/ADD line opens, in order."""
    if "<<" not in line:
        return []
    try:
        words = ShellLexer(raw_quotes=True, raw_escapes=True).words(line)
    except _LexTooDeep as exc:
        # BuildKit would read on; we cannot say which heredocs it finds: refuse clearly.
        raise ParseError(f"cannot analyse this line for heredocs: {exc}") from None
    except _LexError:
        return []  # BuildKit ignores the lexer's error and finds no heredoc
    out = []
    for word in words:
        m = _RE_HEREDOC.match(word)
        if m is None:
            continue
        marker = _heredoc_from_match(m)
        if marker is not None:
            out.append(marker)
    return out


def _heredoc_from_match(m: re.Match[str]) -> HeredocMarker | None:
    fd = int(m.group(1)) if m.group(1) else 0
    chomp = m.group(2) == "-"
    rest = m.group(3)
    if not rest:
        return None
    try:
        words = ShellLexer(raw_quotes=False).words(rest)
        if len(words) != 1:
            return None
        raw_words = ShellLexer(raw_quotes=True).words(rest)
    except _LexError as exc:
        raise ParseError(str(exc)) from None
    if len(raw_words) != len(words):
        raise ParseError(f"internal lexing of heredoc produced inconsistent results: {rest}")
    word = words[0]
    quotes = word.count("'") + word.count('"')
    raw_quotes = raw_words[0].count("'") + raw_words[0].count('"')
    return HeredocMarker(word, fd, chomp, quotes == raw_quotes)


class _LexError(Exception):
    pass


class _LexTooDeep(_LexError):
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
            raise _LexTooDeep(f"${{...}} nested more than {self.MAX_DEPTH} deep")
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
            raise _LexError(f"unexpected end of statement while looking for matching {stop}")
        return "".join(result), words.get()

    def _single_quote(self) -> str:
        result: list[str] = []
        ch = self._next()
        if self.raw_quotes:
            result.append(ch)
        while True:
            ch = self._next()
            if ch == "":
                raise _LexError(
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
                raise _LexError(
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
            raise _LexError("syntax error: missing '}'")
        if peek in ("{", "}", ":"):
            raise _LexError("syntax error: bad substitution")
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
            except _LexError:
                if self._peek() == "":
                    raise _LexError("syntax error: missing '}'") from None
                raise
            return "${" + name + chs + word + "}"
        if ch == "/":
            if self._peek() == "/":
                self._next()
            pattern, _ = self._process_stop_on("/", True)
            replacement, _ = self._process_stop_on("}", True)
            return "${" + name + "/" + pattern + "/" + replacement + "}"
        raise _LexError(f"unsupported modifier ({chs}) in substitution")

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


class RawSplit(Record):
    """A logical line cut where ``splitCommand`` cuts it, keeping the raw text of each part."""

    keyword: str
    flags: tuple[str, ...]  # raw flag words, quotes and escapes as written
    rest: str  # everything after the flags (untrimmed)
    rest_offset: int  # where ``rest`` starts in the line


def split_raw(line: str, escape: str = "\\") -> RawSplit:
    """Like ``split_command`` but returning source slices instead of processed values.

    Where BuildKit's byte-wise flag scan cuts inside a character (a 0x85 or 0xA0 byte of a
    multi-byte character is white space to it), the flags cannot be given as slices: the
    flag text is then one raw word, printed back as written.
    """
    start = len(line) - len(trim_left_space(line))
    body = trim_space(line)
    parts = ws_split(body, 2)
    keyword = parts[0]
    if len(parts) < 2:
        return RawSplit(keyword, (), "", start + len(body))
    args = parts[1]
    base = start + body.index(args, len(keyword))
    wide = args if args.isascii() else _wide(args)
    wide_rest, flags = _extract_flags(wide, escape)
    rest = _narrow(wide_rest) if wide is not args else wide_rest
    if rest is None:
        return RawSplit(keyword, (args,), "", start + len(body))
    rest_offset = base + len(args) - len(rest)
    raw_flags: list[str] = []
    if flags:
        # Re-find each flag word: flags are separated by white space outside quotes, so the
        # text between the flags' start and rest_offset splits back into the raw words.
        region = wide[: len(wide) - len(wide_rest)]
        found = [_narrow(w) for w in _split_flag_region(region, escape)]
        if all(w is not None for w in found):
            raw_flags = [w for w in found if w is not None]
        else:
            raw_flags = [line[base:rest_offset].rstrip("\t\n\v\f\r ")]
    return RawSplit(keyword, tuple(raw_flags), line[rest_offset:], rest_offset)


def _split_flag_region(region: str, escape: str) -> list[str]:
    words: list[str] = []
    cur: list[str] = []
    quote_ch = ""
    i = 0
    while i < len(region):
        ch = region[i]
        if quote_ch:
            cur.append(ch)
            if ch == escape and i + 1 < len(region):
                cur.append(region[i + 1])
                i += 1
            elif ch == quote_ch:
                quote_ch = ""
        elif ch in GO_SPACE:
            if cur:
                words.append("".join(cur))
                cur = []
        else:
            cur.append(ch)
            if ch in ("'", '"'):
                quote_ch = ch
            elif ch == escape and i + 1 < len(region):
                cur.append(region[i + 1])
                i += 1
        i += 1
    if cur:
        words.append("".join(cur))
    return [w for w in words if w != "--"]


def process_word(word: str, escape: str = "\\") -> str:
    """BuildKit's ``ProcessWord`` with no environment: quotes removed, escapes applied, ``$``
    references left as written.  Used to compare ENV/LABEL values written differently."""
    lexer = ShellLexer(raw_quotes=False, escape=escape)
    lexer.start(word)
    try:
        result, _ = lexer._process_stop_on("", False)
    except _LexError:
        return word
    return result
