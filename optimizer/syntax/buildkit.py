"""BuildKit's reading of one instruction: a port of its Go line parsers.

The CST keeps the raw text; this module says what BuildKit makes of the joined logical line
(``frontend/dockerfile/parser``: ``splitCommand``, ``extractBuilderFlags``, the dispatch table,
``parseWords``, JSON detection, heredoc detection).  Exactness matters more than elegance here,
so the code follows the Go control flow closely.

Why one module of ~540 lines: it is the port of one Go package's line parsing (``parser.go``,
``line_parsers.go``, ``split_command.go``), kept in their order so it can be read side by
side with upstream, and ``split_raw`` (dopt's raw-slice variant) must follow the same byte
scan as ``extract_builder_flags``.  The shell word lexer (``shell/lex.go``) is its own
module, ``shell_lex``.
"""

from __future__ import annotations

import re

from optimizer.errors import ParseError
from optimizer.record import Record
from optimizer.regexes import rx
from optimizer.syntax.gotext import (
    GO_SPACE,
    GO_SPACE_CLASS,
    quote,
    trim_left_space,
    trim_space,
    ws_split,
)
from optimizer.syntax.shell_lex import LexError, LexTooDeep, ShellLexer

TYPE_CHECKING = False  # not typing's: importing typing costs ~3 ms of every start-up
if TYPE_CHECKING:
    from typing import Any


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

    def __init__(
        self,
        cmd: str,
        flags: tuple[str, ...],
        values: tuple[str, ...],
        json: bool,
        pair_separators: bool = False,
        child: Node | None = None,
    ) -> None:
        # Record's __init__, without its *args (a hot record: see record.py).
        fields = self.__dict__
        fields["cmd"] = cmd
        fields["flags"] = flags
        fields["values"] = values
        fields["json"] = json
        fields["pair_separators"] = pair_separators
        fields["child"] = child

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


def _words_pattern(escape: str) -> re.Pattern[str]:
    # A word of parseWords: runs of characters that are no white space, quote or escape; an
    # escape and the character after it; a quoted string (in double quotes, escapes too),
    # which may run to the end of the text unterminated.
    e = re.escape(escape)
    return rx(
        f"(?:[^{GO_SPACE_CLASS}'\"{e}]+|{e}.|\"(?:[^\"{e}]+|{e}.)*(?:\"|\\Z)|'[^']*(?:'|\\Z))+",
        re.S,
    )


_WORDS = {"\\": _words_pattern("\\"), "`": _words_pattern("`")}


def parse_words(rest: str, escape: str) -> list[str]:
    """``parseWords``: split on white space, keeping quotes and escapes in the words."""
    pattern = _WORDS.get(escape)
    if pattern is None or rest.endswith(escape):
        # An escape that ends the text is dropped unless in single quotes: the loop knows
        return _parse_words(rest, escape)
    return pattern.findall(rest)  # the words _parse_words finds: ~10x faster on a long ENV


def _parse_words(rest: str, escape: str) -> list[str]:
    """``parseWords``, as BuildKit's loop reads the text, one character at a time."""
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


_LONE_SURROGATE = "[\ud800-\udfff]"  # compiled on first use (re's cache): ~0.4 ms
# The usual exec form, an array of strings without escapes: read without the json module.
# Anything else (escapes, numbers, nesting, errors) goes to json's decoder.  White space as
# JSON's (space, tab, LF, CR); a string holds no quote, backslash or control character.
_SIMPLE_STRING = rx(r'"([^"\\\x00-\x1f]*)"')
_SIMPLE_ARRAY = rx(
    r'\[[ \t\n\r]*(?:"[^"\\\x00-\x1f]*"[ \t\n\r]*(?:,[ \t\n\r]*"[^"\\\x00-\x1f]*"[ \t\n\r]*)*)?\]'
)


def parse_json(rest: str) -> tuple[str, ...]:
    """``parseJSON``: a JSON array of strings (trailing text ignored, as Go's Decoder does)."""
    rest = trim_left_space(rest)
    if not rest.startswith("["):
        raise _NotJSON(rest)
    simple = _SIMPLE_ARRAY.match(rest)
    if simple is not None:  # what json would read, without importing it (~2 ms a start-up)
        data: list[object] = _SIMPLE_STRING.findall(simple.group())
    else:
        try:
            data, _ = _json_decoder().raw_decode(rest)
        except (ValueError, RecursionError) as exc:
            raise _NotJSON(str(exc)) from None
    values = []
    for item in data:
        if not isinstance(item, str):
            raise _NotStringArray()
        # Go turns invalid \u surrogates into U+FFFD; Python keeps them.
        values.append(re.sub(_LONE_SURROGATE, "\ufffd", item) if "\\u" in rest else item)
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

_RE_HEREDOC = rx(r"(\d*)<<(-?)([^<]*)\Z", re.S)


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
    except LexTooDeep as exc:
        # BuildKit would read on; we cannot say which heredocs it finds: refuse clearly.
        raise ParseError(f"cannot analyse this line for heredocs: {exc}") from None
    except LexError:
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
    except LexError as exc:
        raise ParseError(str(exc)) from None
    if len(raw_words) != len(words):
        raise ParseError(f"internal lexing of heredoc produced inconsistent results: {rest}")
    word = words[0]
    quotes = word.count("'") + word.count('"')
    raw_quotes = raw_words[0].count("'") + raw_words[0].count('"')
    return HeredocMarker(word, fd, chomp, quotes == raw_quotes)


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
    except LexError:
        return word
    return result
