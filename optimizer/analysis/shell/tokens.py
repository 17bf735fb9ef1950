"""Token texts of a script, for comparing scripts up to whitespace and line layout."""

from __future__ import annotations

from optimizer.analysis.shell.tree import _N
from optimizer.regexes import rx

_OPS = frozenset(
    {
        "&&",
        "||",
        ";",
        ";;",
        ";&",
        ";;&",
        "&",
        "|",
        "|&",
        ">",
        ">>",
        "<",
        "&>",
        "&>>",
        ">&",
        "<&",
        ">|",
        "<>",
        "<<",
        "<<-",
        "<<<",
        "<&-",
        ">&-",
        "(",
        ")",
    }
)
_WORDISH_PARENTS = frozenset(
    {
        "command_substitution",
        "process_substitution",
        "expansion",
        "string",
        "subscript",
        "brace_expression",
        "array",
    }
)
_ATOMIC = frozenset({"string", "raw_string", "ansi_c_string", "translated_string", "heredoc_body"})
_VERBATIM = frozenset({"raw_string", "ansi_c_string", "heredoc_body"})
# After these a newline means nothing more than a space.
_NEWLINE_NEUTRAL = frozenset(
    {
        "&&",
        "||",
        "|",
        "|&",
        ";",
        ";;",
        "&",
        "{",
        "(",
        "do",
        "then",
        "else",
        "if",
        "elif",
        "while",
        "until",
        "$(",
        "<(",
        ">(",
    }
)
_CONT_RE = rx(r"\\\n")
_GAP_TEXT_RE = rx(r"(?:[^\s\\]|\\(?!\n))+")


def _drop_continuations(text: str) -> str:
    if "\\\n" not in text:
        return text
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        if text[i] == "\\" and i + 1 < n:
            if text[i + 1] != "\n":
                out.append(text[i : i + 2])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _leaves(root: _N, s: str) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, node-type) of leaf tokens; atomic nodes count as one leaf."""
    out: list[tuple[int, int, str, str]] = []
    stack: list[tuple[_N, str]] = [(root, "")]
    while stack:
        n, parent = stack.pop()
        if n.start == n.end:
            continue
        if n.children and n.type not in _ATOMIC:
            stack.extend((c, n.type) for c in reversed(n.children))
            continue
        t = n.type
        if t == "comment":
            kind = "comment"
        elif t == "file_descriptor":
            kind = "fd"
        elif not n.named and parent in ("command_substitution", "process_substitution", "array"):
            kind = "open" if t in ("$(", "<(", ">(", "(") else "close" if t == ")" else "word"
        elif not n.named and t in _OPS and parent not in _WORDISH_PARENTS:
            kind = "op"
        else:
            kind = "word"
        start = n.start
        if t == "heredoc_body":
            # tree-sitter starts the body after the first line's indentation,
            # which is content: take the whole line.
            start = s.rfind("\n", 0, start) + 1
        out.append((start, n.end, kind, t))
    out.sort(key=lambda x: x[0])
    return out


def _tokens(root: _N, s: str) -> tuple[tuple[str, ...], bool]:
    """Token texts for comparing scripts up to whitespace and line layout.

    Leaf tokens, except: strings/heredoc bodies are single tokens; word parts that
    abut (``a"b"``, ``2>``) are glued into one token, because whether they touch
    changes the meaning; a newline acting as a command separator becomes a "\\n"
    token; backslash-newline continuations count as nothing.

    Also says whether some source text belongs to no leaf at all: tree-sitter then
    disagrees with the shell (e.g. it drops the escaped space in ``a \\  && b``).
    """
    leaves = _leaves(root, s)
    # Characters tree-sitter attributed to no leaf (rare quirks) are kept as words.
    extra: list[tuple[int, int, str, str]] = []
    pos = 0
    for a, b, _, _ in [*leaves, (len(s), len(s), "", "")]:
        if a > pos:
            for m in _GAP_TEXT_RE.finditer(s, pos, a):
                extra.append((m.start(), m.end(), "word", "gap"))
        pos = max(pos, b)
    if extra:
        leaves = sorted(leaves + extra, key=lambda x: x[0])

    words: list[str] = []
    prev_kind = ""  # "" before the first token
    prev_end = 0
    prev_text = ""
    for a, b, kind, t in leaves:
        gap = _CONT_RE.sub("", s[prev_end:a]) if a > prev_end else ""
        prev_end = max(prev_end, b)
        if kind == "comment":
            continue  # the gap after it carries its newline
        text = s[a:b] if t in _VERBATIM else _drop_continuations(s[a:b])
        if (
            prev_kind
            and not gap
            and (prev_kind == "fd" or not (prev_kind in ("op", "open") or kind in ("op", "close")))
        ):
            words[-1] += text
        else:
            if (
                "\n" in gap
                and prev_kind
                and words[-1] != "\n"
                and not (prev_kind in ("op", "open", "word") and prev_text in _NEWLINE_NEUTRAL)
            ):
                words.append("\n")
            words.append(text)
        prev_kind, prev_text = kind, text
    return tuple(words), bool(extra)
