"""Shell words: which nodes are words, and a word's value after quote removal.

A word's ``literal`` is its value when fully static (no expansion, substitution, glob,
leading ``~`` or brace expansion), else None.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from optimizer.analysis.shell.facts import Word
from optimizer.analysis.shell.tree import _N
from optimizer.regexes import rx

_WORD_TYPES = frozenset(
    {
        "word",
        "string",
        "raw_string",
        "ansi_c_string",
        "translated_string",
        "number",
        "simple_expansion",
        "expansion",
        "command_substitution",
        "process_substitution",
        "concatenation",
        "arithmetic_expansion",
        "brace_expression",
        "extglob_pattern",
        "regex",
        "variable_name",
        "special_variable_name",
        "test_operator",
        "variable_assignment",
        "$",  # tree-sitter leaves the `$` of `$"..."` as a bare token
    }
)
_REDIRECT_TYPES = frozenset({"file_redirect", "heredoc_redirect", "herestring_redirect"})
_DQ_ESCAPABLE = frozenset('$`"\\\n')
_PLAIN_RE = rx(r"[^\\$`*?\[{~]*\Z")
_BRACE_RE = rx(r"\{[^{}]*(,|\.\.)[^{}]*\}")


def _unquoted_word(text: str) -> list[tuple[str, bool]] | None:
    out: list[tuple[str, bool]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\":
            if i + 1 < n:
                if text[i + 1] != "\n":  # backslash-newline is a continuation: dropped
                    out.append((text[i + 1], True))
                i += 2
                continue
            out.append(("\\", False))  # trailing lone backslash stays literal
        elif ch in "$`":
            return None
        else:
            out.append((ch, False))
        i += 1
    return out


def _double_quoted(body: str) -> list[tuple[str, bool]]:
    out: list[tuple[str, bool]] = []
    i, n = 0, len(body)
    while i < n:
        ch = body[i]
        if ch == "\\" and i + 1 < n and body[i + 1] in _DQ_ESCAPABLE:
            if body[i + 1] != "\n":
                out.append((body[i + 1], True))
            i += 2
            continue
        out.append((ch, True))
        i += 1
    return out


def _parts(n: _N, s: str) -> list[tuple[str, bool]] | None:
    """(character, quoted) pairs of a word after quote removal, or None if dynamic."""
    t = n.type
    text = s[n.start : n.end]
    if t == "word":
        return _unquoted_word(text)
    if t in ("number", "variable_name", "test_operator"):
        return [(c, False) for c in text]
    if t == "raw_string":
        return [(c, True) for c in text[1:-1]]
    if t == "string":
        if any(c.named and c.type != "string_content" for c in n.children):
            return None
        return _double_quoted(text[1:-1])
    if t in ("concatenation", "variable_assignment"):
        return _joined_parts(n.children, n.start, n.end, s)
    if not n.named and t == "=":
        return [("=", False)]
    return None


def _joined_parts(
    nodes: Sequence[_N], start: int, end: int, s: str
) -> list[tuple[str, bool]] | None:
    out: list[tuple[str, bool]] = []
    pos = start
    for c in nodes:
        if c.start != pos:  # a character tree-sitter did not attribute: do not guess
            return None
        p = _parts(c, s)
        if p is None:
            return None
        out.extend(p)
        pos = c.end
    return out if pos == end else None


def _literal(parts: list[tuple[str, bool]] | None) -> str | None:
    if parts is None:
        return None
    if parts and parts[0] == ("~", False):
        return None  # tilde expansion
    # Mask quoted characters so only unquoted glob/brace syntax is detected.
    masked = "".join(c if not q else "\0" for c, q in parts)
    if "*" in masked or "?" in masked:
        return None
    lb = masked.find("[")
    if lb >= 0 and masked.find("]", lb + 1) >= 0:
        return None  # a bracket expression; a lone `[` stays literal
    if "{" in masked and _BRACE_RE.search(masked):
        return None
    return "".join(c for c, _ in parts)


def _word(nodes: Sequence[_N], s: str) -> Word:
    start, end = nodes[0].start, nodes[-1].end
    text = s[start:end]
    if len(nodes) == 1 and nodes[0].type == "word" and _PLAIN_RE.match(text):
        return Word(text, text)  # fast path for the common case: nothing to unquote
    return Word(text, _literal(_joined_parts(nodes, start, end, s)))


def _words(nodes: Iterable[_N], s: str) -> list[Word]:
    """Words from word-like nodes; abutting nodes form one shell word."""
    groups: list[list[_N]] = []
    for n in nodes:
        if n.start == n.end:  # MISSING / zero-width
            continue
        if groups and groups[-1][-1].end == n.start:
            groups[-1].append(n)
        else:
            groups.append([n])
    return [_word(g, s) for g in groups]
