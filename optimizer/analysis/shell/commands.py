"""Simple commands: a ``Command`` from a command node, and the command a wrapper runs.

``_effective`` strips wrappers (``sudo``, ``env``, ``nice``, ``exec``...) off an argv;
``_skip_opts``, ``_val`` and ``_base`` are the option-reading helpers the other analyses share.
"""

from __future__ import annotations

from collections.abc import Sequence

from optimizer.analysis.shell.facts import Command, Word
from optimizer.analysis.shell.tree import _N
from optimizer.analysis.shell.words import _REDIRECT_TYPES, _WORD_TYPES, _word, _words
from optimizer.regexes import rx


def _redirect_texts(r: _N, s: str) -> list[str]:
    if r.type != "heredoc_redirect":
        return [s[r.start : r.end].strip()]
    out: list[str] = []
    head_end = r.start
    for c in r.children:
        if c.type == "heredoc_start":
            head_end = c.end
        elif c.type in _REDIRECT_TYPES:
            out.extend(_redirect_texts(c, s))
    return [s[r.start : head_end], *out]


def _redirect_end(r: _N) -> int:
    # A heredoc's body (and commands that tree-sitter tucks into it) are not part
    # of the command's own text.
    if r.type != "heredoc_redirect":
        return r.end
    end = r.start
    for c in r.children:
        if c.type == "heredoc_start" or c.type in _REDIRECT_TYPES:
            end = max(end, _redirect_end(c))
    return end


def _flatten_test(n: _N, out: list[_N]) -> None:
    for c in n.children:
        if c.type in _WORD_TYPES or not c.named:
            out.append(c)
        elif c.type != "comment":
            _flatten_test(c, out)


def _make_command(n: _N, outer: list[_N], s: str) -> tuple[Command, list[_N]]:
    """Command for a command-like node; ``outer`` are redirects from an enclosing statement."""
    argv_nodes: list[_N] = []
    assigns: list[str] = []
    redirects: list[_N] = []
    if n.type == "command":
        for c in n.children:
            if c.type == "variable_assignment":
                assigns.append(s[c.start : c.end])
            elif c.type in _REDIRECT_TYPES:
                redirects.append(c)
            elif c.type == "command_name":
                argv_nodes.extend(c.children or [c])
            elif c.type in _WORD_TYPES or not c.named:
                argv_nodes.append(c)
        argv = _words(argv_nodes, s)
    elif n.type == "test_command":
        flat: list[_N] = []
        _flatten_test(n, flat)
        # Test operands are tokens of their own even when tree-sitter glued nothing.
        argv = [
            _word([c], s) if c.named else Word(s[c.start : c.end], s[c.start : c.end])
            for c in flat
            if c.start != c.end
        ]
    else:  # declaration_command / unset_command: keyword + arguments
        kw = n.children[0]
        rest = [c for c in n.children[1:] if c.type in _WORD_TYPES]
        redirects.extend(c for c in n.children if c.type in _REDIRECT_TYPES)
        argv = [Word(s[kw.start : kw.end], s[kw.start : kw.end]), *_words(rest, s)]
    redirects.extend(outer)
    end = max([n.end, *(_redirect_end(r) for r in redirects)])
    texts = [t for r in redirects for t in _redirect_texts(r, s)]
    cmd = Command(
        text=s[n.start : end],
        start=n.start,
        end=end,
        argv=tuple(argv),
        assignments=tuple(assigns),
        redirects=tuple(texts),
    )
    return cmd, redirects


# --------------------------------------------------------------- effective command


_SUDO_VALUE = frozenset({"-u", "-g", "-C", "-D", "-p", "-r", "-t", "-U", "-T", "-R", "-h"})
_ENV_VALUE = frozenset({"-u", "--unset", "-C", "--chdir", "-S", "--split-string"})
_NICE_VALUE = frozenset({"-n", "--adjustment"})
_TIME_VALUE = frozenset({"-f", "--format", "-o", "--output"})
_EXEC_VALUE = frozenset({"-a"})
_ASSIGN_RE = rx(r"[A-Za-z_][A-Za-z0-9_]*=")


def _val(w: Word) -> str:
    return w.literal if w.literal is not None else w.text


def _skip_opts(argv: Sequence[Word], i: int, value_opts: frozenset[str], assigns: bool) -> int:
    while i < len(argv):
        v = _val(argv[i])
        if v == "--":
            return i + 1
        if v.startswith("-") and len(v) > 1:
            i += 2 if v in value_opts else 1
        elif assigns and _ASSIGN_RE.match(v):
            i += 1
        else:
            break
    return i


def _effective(argv: Sequence[Word]) -> tuple[Word, ...]:
    """argv with wrapper commands (sudo, env, nohup, ...) stripped off."""
    i = 0
    while i < len(argv):
        name = argv[i].literal
        base = name.rsplit("/", 1)[-1] if name else None
        if base in ("sudo", "doas"):
            i = _skip_opts(argv, i + 1, _SUDO_VALUE, True)
        elif base == "env":
            i = _skip_opts(argv, i + 1, _ENV_VALUE, True)
        elif base == "nice":
            i = _skip_opts(argv, i + 1, _NICE_VALUE, False)
        elif base == "time":
            i = _skip_opts(argv, i + 1, _TIME_VALUE, False)
        elif base == "exec":
            i = _skip_opts(argv, i + 1, _EXEC_VALUE, False)
        elif base in ("nohup", "builtin"):
            i += 1
        elif base == "command":
            if i + 1 < len(argv) and argv[i + 1].literal in ("-v", "-V"):
                return ()  # a lookup, not an execution
            i = _skip_opts(argv, i + 1, frozenset(), False)
        else:
            break
    return tuple(argv[i:])


def _base(w: Word) -> str | None:
    return w.literal.rsplit("/", 1)[-1] if w.literal else None
