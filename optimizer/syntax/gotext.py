"""Go's notions of white space and quoting, which BuildKit's parser relies on.

Python's ``str.isspace``/``str.strip`` and ``repr`` differ from Go's ``unicode.IsSpace``,
``strings.TrimSpace`` and ``strconv.Quote`` in corner cases (``\\x1c``-``\\x1f`` count as space
in Python, not in Go), so the parser uses these instead wherever BuildKit does.
"""

from __future__ import annotations

from optimizer.regexes import rx

# unicode.IsSpace: ASCII \t \n \v \f \r and space, U+0085, U+00A0, and the Z* White_Space runes.
GO_SPACE = frozenset(
    "\t\n\v\f\r \x85\xa0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
# GO_SPACE as the inside of a regex class ([...]).
GO_SPACE_CLASS = "".join(sorted(GO_SPACE)).replace("\\", "\\\\")

# reWhitespace in BuildKit: only these five, not Unicode spaces.
RE_WHITESPACE = rx(r"[\t\v\f\r ]+")


def trim_left_space(s: str) -> str:
    i = 0
    n = len(s)
    while i < n and s[i] in GO_SPACE:
        i += 1
    return s[i:]


def trim_space(s: str) -> str:
    """strings.TrimSpace."""
    start, end = 0, len(s)
    while start < end and s[start] in GO_SPACE:
        start += 1
    while end > start and s[end - 1] in GO_SPACE:
        end -= 1
    return s[start:end]


def ws_split(s: str, n: int = -1) -> list[str]:
    """regexp.Split(s, n) with BuildKit's reWhitespace (n < 0: all)."""
    if n == 0:
        return []
    if n < 0:
        return RE_WHITESPACE.split(s)
    return RE_WHITESPACE.split(s, maxsplit=n - 1)


_SIMPLE_ESCAPES = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
    "\\": "\\\\",
    '"': '\\"',
}


def quote(s: str) -> str:
    """strconv.Quote: a double-quoted Go string literal."""
    out = ['"']
    for ch in s:
        esc = _SIMPLE_ESCAPES.get(ch)
        if esc is not None:
            out.append(esc)
        elif ch == " " or (ch.isprintable() and ch not in GO_SPACE):
            out.append(ch)
        else:
            code = ord(ch)
            if code < 0x80:
                out.append(f"\\x{code:02x}")
            elif code == 0xFFFD:
                out.append(ch)
            elif code < 0x10000:
                out.append(f"\\u{code:04x}")
            else:
                out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)
