"""Static analysis of the shell text of a Dockerfile ``RUN`` instruction (shell form).

The text is what BuildKit hands to ``/bin/sh -c``: line continuations of the
Dockerfile are already joined, so it is usually one line.  It is parsed with
tree-sitter-bash and summarised into frozen, hashable facts (commands, the
top-level ``&&`` chain, state leaks, package-manager calls, paths touched...)
that optimisation rules can query without re-parsing.

tree-sitter is imported lazily (see ``_parser``) so importing this module is cheap.
"""

from __future__ import annotations

import functools
import posixpath
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tree_sitter import Language, Node, Parser

__all__ = [
    "Command",
    "PackageOp",
    "ShellScript",
    "Word",
    "analyze",
    "same_words",
]
from optimizer.record import Record

# --------------------------------------------------------------------------- API types


class Word(Record):
    """One shell word."""

    text: str  # exact source text
    # Value after quote removal when the word is fully static (no expansion,
    # substitution, glob, leading ~ or brace expansion); otherwise None.
    literal: str | None


class Command(Record):
    """A simple command (also ``export``/``unset``-style declarations and ``[ ... ]`` tests)."""

    text: str  # exact source slice (includes the command's own redirects)
    start: int  # character offsets into the script
    end: int
    argv: tuple[Word, ...]  # command name + arguments; no assignments, no redirects
    assignments: tuple[str, ...]  # prefix assignments (FOO=bar) as source text
    redirects: tuple[str, ...]  # redirect texts; a heredoc is given as "<<EOF" without its body

    @property
    def name(self) -> str | None:
        """Literal command name without a leading path (``/usr/bin/apt-get`` -> ``apt-get``)."""
        if not self.argv or self.argv[0].literal is None:
            return None
        return self.argv[0].literal.rsplit("/", 1)[-1] or None


class PackageOp(Record):
    """A package-manager invocation such as ``apt-get install -y curl``."""

    manager: str  # apt-get, apt, apk, yum, dnf, microdnf, zypper, pip, npm, yarn, gem
    action: str  # first non-option word after the manager: install, update, add, cache, ...
    packages: tuple[str, ...]  # remaining non-option words (literal value, else source text)
    options: tuple[str, ...]  # option words, each followed by its value if it takes a separate one
    command: Command


class ShellScript(Record):
    """Everything ``analyze`` found out about one script."""

    source: str
    # Parsed without ERROR/MISSING nodes, and every non-blank character belongs to a token.
    ok: bool
    commands: tuple[Command, ...]  # every simple command, in source order, nested ones included
    # Top level split into (command_text, operator_after); None when not losslessly splittable.
    chain: tuple[tuple[str, str], ...] | None
    leaks: tuple[str, ...]  # top-level shell-state changes visible to an appended `&& cmd`
    early_exit: tuple[str, ...]  # top-level exit / return / exec CMD
    background: bool  # a `&` anywhere
    comment: bool  # a `# comment` anywhere
    trailing_comment: bool  # the script ends with a comment
    package_ops: tuple[PackageOp, ...]
    paths_written: tuple[str, ...]
    paths_removed: tuple[str, ...]
    variables_read: tuple[str, ...]  # $VAR / ${VAR..} (and arithmetic) names, first-use order
    # Token texts, comments left out, for comparing scripts up to whitespace and
    # line layout: leaf tokens, with strings/heredoc bodies whole and abutting word
    # parts glued (see ``_tokens``).
    words: tuple[str, ...]
    # Nested deeper than MAX_DEPTH: not analysed (no commands, no chain, ok False; words are
    # the text split at blanks, which only the same layout matches).
    too_deep: bool = False


# ------------------------------------------------------------------------ parser setup


@functools.cache
def _language() -> Language:
    # Deferred import: tree-sitter loads a native library, which callers that
    # never analyse shell text should not pay for.
    from tree_sitter import Language

    return Language(_bash_grammar())


def _bash_grammar() -> object:
    """tree-sitter-bash's compiled grammar.

    The package's ``__init__`` imports ``importlib.resources`` for its query files, which
    costs ~17 ms of every `dopt fmt` start-up; only the native binding is needed, so it is
    loaded on its own when the package layout allows, else through the package.
    """
    import importlib.machinery
    import importlib.util

    try:
        spec = importlib.util.find_spec("tree_sitter_bash")
        folder = next(iter(spec.submodule_search_locations or ())) if spec else None
        for suffix in importlib.machinery.EXTENSION_SUFFIXES if folder else ():
            path = f"{folder}/_binding{suffix}"
            loader = importlib.machinery.ExtensionFileLoader("tree_sitter_bash._binding", path)
            binding_spec = importlib.util.spec_from_file_location(
                "tree_sitter_bash._binding", path, loader=loader
            )
            if binding_spec is None or not posixpath.exists(path):
                continue
            binding = importlib.util.module_from_spec(binding_spec)
            loader.exec_module(binding)
            return binding.language()
    except (ImportError, OSError, AttributeError, StopIteration):
        pass
    import tree_sitter_bash

    return tree_sitter_bash.language()


_local = threading.local()


def _parser() -> Parser:
    # One parser per thread: a tree-sitter Parser must not parse concurrently.
    parser: Parser | None = getattr(_local, "parser", None)
    if parser is None:
        from tree_sitter import Parser

        parser = _local.parser = Parser(_language())
    return parser


class _N:
    """Plain-Python copy of a tree-sitter node with *character* offsets.

    Copying once is cheaper than repeatedly crossing into the C extension, and it
    lets us repair tree-sitter-bash's redirect binding (see ``_rebind``).
    """

    __slots__ = ("children", "end", "field", "named", "start", "type")

    def __init__(
        self,
        type_: str,
        named: bool,
        start: int,
        end: int,
        field: str | None,
        children: list[_N] | None = None,
    ) -> None:
        self.type = type_
        self.named = named
        self.start = start
        self.end = end
        self.field = field
        self.children: list[_N] = children if children is not None else []

    def __repr__(self) -> str:  # debugging aid only
        return f"_N({self.type!r}, {self.start}, {self.end})"


def _byte_to_char(script: str, data: bytes) -> Callable[[int], int]:
    if len(data) == len(script):  # pure ASCII: offsets coincide
        return lambda b: b
    table: list[int] = []
    for i, ch in enumerate(script):
        table.extend([i] * len(ch.encode("utf-8", "surrogatepass")))
    table.append(len(script))
    return table.__getitem__


def _build(node: Node, field: str | None, kids: list[_N], b2c: Callable[[int], int]) -> _N:
    n = _N(
        node.type,
        node.is_named,
        b2c(node.start_byte),
        b2c(node.end_byte),
        field,
    )
    if n.type == "list":
        # tree-sitter nests `a && b || c` left-associatively; flatten it so walks
        # over long chains stay shallow (&& and || have equal precedence anyway).
        flat: list[_N] = []
        for k in kids:
            if k.type == "list":
                flat.extend(k.children)
            else:
                flat.append(k)
        kids = flat
    n.children = kids
    if n.type == "redirected_statement":
        return _rebind(n)
    return n


def _rebind(n: _N) -> _N:
    """Move redirects that tree-sitter attached to a whole list/pipeline onto its last command.

    tree-sitter-bash parses ``a && b > f`` as ``(a && b) > f`` (and ``a | b > f``
    likewise), whereas the shell binds the redirect to ``b`` only.
    """
    if not n.children or n.children[0].type not in ("list", "pipeline", "negated_command"):
        return n
    body, redirects = n.children[0], n.children[1:]
    body.field = n.field
    return _attach(body, redirects, n.end)


def _attach(x: _N, redirects: list[_N], end: int) -> _N:
    if x.type in ("list", "pipeline", "negated_command"):
        for i in range(len(x.children) - 1, -1, -1):
            c = x.children[i]
            if c.named and c.type != "comment":
                x.children[i] = _attach(c, redirects, end)
                break
        x.end = end
        return x
    if x.type == "redirected_statement":
        x.children.extend(redirects)
        x.end = end
        return x
    wrapper = _N("redirected_statement", True, x.start, end, x.field, children=[x, *redirects])
    x.field = "body"
    return wrapper


# Nesting (syntax tree depth) beyond any real script.  The walks below recurse once or a few
# times per level, so this keeps them well inside Python's recursion limit: a 64 KiB line
# could otherwise nest 10,000 `(`, `{` or `$(` deep.
MAX_DEPTH = 150


class _TooDeep(Exception):
    pass


def _convert(script: str) -> tuple[_N, bool]:
    data = script.encode("utf-8", "surrogatepass")
    tree = _parser().parse(data)
    b2c = _byte_to_char(script, data)
    cursor = tree.walk()
    # Iterative post-order copy: scripts can be long and recursion is fragile.
    pending: list[tuple[Node, str | None]] = []
    built: list[list[_N]] = [[]]
    while True:
        node = cursor.node
        assert node is not None  # a cursor always stands on a node
        pending.append((node, cursor.field_name))
        built.append([])
        if len(pending) > MAX_DEPTH:
            raise _TooDeep
        if cursor.goto_first_child():
            continue
        while True:
            node, field = pending.pop()
            kids = built.pop()
            built[-1].append(_build(node, field, kids, b2c))
            if cursor.goto_next_sibling():
                break
            if not cursor.goto_parent():
                return built[0][0], not tree.root_node.has_error


# --------------------------------------------------------------------------- words


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
_PLAIN_RE = re.compile(r"[^\\$`*?\[{~]*\Z")
_BRACE_RE = re.compile(r"\{[^{}]*(,|\.\.)[^{}]*\}")


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


# ---------------------------------------------------------------------- commands


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
_ASSIGN_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")


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


# ------------------------------------------------------------------ package managers


_APT_VALUE = frozenset(
    {
        "-o",
        "--option",
        "-c",
        "--config-file",
        "-t",
        "--target-release",
        "--default-release",
        "-a",
        "--host-architecture",
    }
)
_APK_VALUE = frozenset(
    {
        "-X",
        "--repository",
        "-p",
        "--root",
        "--arch",
        "--cache-dir",
        "--keys-dir",
        "--repositories-file",
        "-t",
        "--virtual",
        "--cache-max-age",
    }
)
_RPM_VALUE = frozenset(
    {
        "-c",
        "--config",
        "--installroot",
        "--releasever",
        "--enablerepo",
        "--disablerepo",
        "--repo",
        "--repoid",
        "-x",
        "--exclude",
        "--setopt",
        "--forcearch",
        "-d",
        "--debuglevel",
        "-e",
        "--errorlevel",
        "--rpmverbosity",
        "--downloaddir",
        "--destdir",
        "--comment",
    }
)
_ZYPPER_VALUE = frozenset(
    {
        "-R",
        "--root",
        "-c",
        "--config",
        "--releasever",
        "-r",
        "--repo",
        "--from",
        "-t",
        "--type",
        "-D",
        "--reposd-dir",
        "-C",
        "--cache-dir",
        "--raw-cache-dir",
        "--solv-cache-dir",
        "--pkg-cache-dir",
    }
)
_PIP_VALUE = frozenset(
    {
        "-r",
        "--requirement",
        "-c",
        "--constraint",
        "-e",
        "--editable",
        "-i",
        "--index-url",
        "--extra-index-url",
        "-f",
        "--find-links",
        "-t",
        "--target",
        "--prefix",
        "--root",
        "--platform",
        "--python-version",
        "--implementation",
        "--abi",
        "--src",
        "--upgrade-strategy",
        "--progress-bar",
        "--trusted-host",
        "--cache-dir",
        "--proxy",
        "--timeout",
        "--retries",
        "--log",
        "-C",
        "--config-settings",
        "--global-option",
        "--no-binary",
        "--only-binary",
        "--report",
        "--exists-action",
        "--cert",
        "--client-cert",
        "--python",
    }
)
_NPM_VALUE = frozenset(
    {
        "--prefix",
        "--registry",
        "--cache",
        "--userconfig",
        "--globalconfig",
        "--loglevel",
        "-w",
        "--workspace",
        "--tag",
        "--omit",
        "--include",
        "--install-strategy",
        "--location",
    }
)
_YARN_VALUE = frozenset(
    {
        "--cwd",
        "--cache-folder",
        "--modules-folder",
        "--registry",
        "--network-timeout",
        "--mutex",
        "--global-folder",
        "--link-folder",
    }
)
_GEM_VALUE = frozenset(
    {
        "-v",
        "--version",
        "-i",
        "--install-dir",
        "-n",
        "--bindir",
        "-s",
        "--source",
        "-P",
        "--trust-policy",
        "--platform",
        "-g",
        "--file",
    }
)
_MANAGERS: dict[str, frozenset[str]] = {
    "apt-get": _APT_VALUE,
    "apt": _APT_VALUE,
    "apk": _APK_VALUE,
    "yum": _RPM_VALUE,
    "dnf": _RPM_VALUE,
    "microdnf": _RPM_VALUE,
    "zypper": _ZYPPER_VALUE,
    "pip": _PIP_VALUE,
    "npm": _NPM_VALUE,
    "yarn": _YARN_VALUE,
    "gem": _GEM_VALUE,
}
_PIP_RE = re.compile(r"pip(\d+(\.\d+)*)?$")
_PYTHON_RE = re.compile(r"python(\d+(\.\d+)*)?$")
_PYTHON_VALUE = frozenset({"-W", "-X", "--check-hash-based-pycs"})


def _manager_args(eff: Sequence[Word]) -> tuple[str, Sequence[Word]] | None:
    if not eff:
        return None
    base = _base(eff[0])
    if base is None:
        return None
    if base in _MANAGERS:
        return base, eff[1:]
    if _PIP_RE.match(base):
        return "pip", eff[1:]
    if _PYTHON_RE.match(base):
        i = 1
        while i < len(eff):
            v = _val(eff[i])
            if v == "-m":
                if i + 1 < len(eff) and eff[i + 1].literal == "pip":
                    return "pip", eff[i + 2 :]
                return None
            if v == "-mpip":
                return "pip", eff[i + 1 :]
            if not v.startswith("-") or v.startswith("-c"):
                return None  # a script or -c code: not pip
            i += 2 if v in _PYTHON_VALUE else 1
    return None


def _package_op(cmd: Command) -> PackageOp | None:
    found = _manager_args(_effective(cmd.argv))
    if found is None:
        return None
    manager, args = found
    value_opts = _MANAGERS[manager]
    options: list[str] = []
    positional: list[str] = []
    i, only_args = 0, False
    while i < len(args):
        v = _val(args[i])
        if only_args or not v.startswith("-") or v == "-":
            positional.append(v)
        elif v == "--":
            only_args = True
        else:
            options.append(v)
            if v in value_opts and i + 1 < len(args):
                i += 1
                options.append(_val(args[i]))
        i += 1
    if manager == "yarn" and positional[:1] == ["global"]:
        options.append(positional.pop(0))  # `yarn global add x` acts like `yarn add`
    if not positional:
        if manager != "yarn":
            return None  # `apt-get --version` and the like
        positional = ["install"]  # bare `yarn` installs
    return PackageOp(manager, positional[0], tuple(positional[1:]), tuple(options), cmd)


# ------------------------------------------------------------------------ file paths


_NOT_FILES = frozenset({"/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty"})
_OUTPUT_OPS = frozenset({">", ">>", ">|", "&>", "&>>"})


def _positionals(
    args: Sequence[Word], value_opts: frozenset[str] = frozenset()
) -> tuple[list[Word], dict[str, list[Word]]]:
    """Split args into positionals and {option: [values]} (``--opt=v`` is split too)."""
    pos: list[Word] = []
    opts: dict[str, list[Word]] = {}
    i, only_args = 0, False
    while i < len(args):
        w = args[i]
        v = _val(w)
        if only_args or not v.startswith("-") or v == "-":
            pos.append(w)
        elif v == "--":
            only_args = True
        elif v.startswith("--") and "=" in v:
            key, _, val = v.partition("=")
            opts.setdefault(key, []).append(_sub_word(w, val))
        elif v in value_opts and i + 1 < len(args):
            opts.setdefault(v, []).append(args[i + 1])
            i += 1
        else:
            opts.setdefault(v, [])
        i += 1
    return pos, opts


def _sub_word(w: Word, value: str) -> Word:
    """Part of a word (an option's attached value), literal only if the whole word is."""
    return Word(value, value if w.literal is not None else None)


def _short_values(
    args: Sequence[Word], letters: str, long_opts: dict[str, str]
) -> list[tuple[str, Word]]:
    """(option-letter, value) pairs for short options that may be bundled (``-fsSLo x``)."""
    out: list[tuple[str, Word]] = []
    i = 0
    while i < len(args):
        v = _val(args[i])
        if v == "--":
            break
        if v.startswith("--"):
            key, eq, val = v.partition("=")
            if key in long_opts:
                if eq:
                    out.append((long_opts[key], _sub_word(args[i], val)))
                elif i + 1 < len(args):
                    out.append((long_opts[key], args[i + 1]))
                    i += 1
        elif v.startswith("-") and len(v) > 1:
            for j in range(1, len(v)):
                if v[j] in letters:
                    rest = v[j + 1 :]
                    if rest:
                        out.append((v[j], _sub_word(args[i], rest)))
                    elif i + 1 < len(args):
                        out.append((v[j], args[i + 1]))
                        i += 1
                    break
        i += 1
    return out


_CURL_LETTERS = "odHuXAeFTwxrbcCEKmyYzQUD"
_WGET_LETTERS = "OPoatTweiBUlARDIXQ"
_GIT_CLONE_VALUE = frozenset(
    {
        "-b",
        "--branch",
        "-o",
        "--origin",
        "-c",
        "--config",
        "--depth",
        "--reference",
        "--reference-if-able",
        "--separate-git-dir",
        "-u",
        "--upload-pack",
        "--filter",
        "-j",
        "--jobs",
        "--shallow-since",
        "--shallow-exclude",
        "--template",
        "--server-option",
        "--bundle-uri",
    }
)
_TAR_VALUE_LETTERS = "fCTXbgKNVH"
_COPY_VALUE = frozenset({"-t", "-S", "--target-directory", "-m", "-o", "-g"})
_CHMOD_FLAGS = frozenset({"-R", "-v", "-c", "-f", "-h", "-H", "-L", "-P"})


def _tar_paths(args: Sequence[Word]) -> list[Word]:
    mode = ""
    values: dict[str, Word] = {}
    pending: list[str] = []  # value letters still waiting for their argument
    for i, w in enumerate(args):
        v = _val(w)
        if pending:
            values[pending.pop(0)] = w
        elif v.startswith("--"):
            key, eq, val = v.partition("=")
            if key in ("--extract", "--get"):
                mode += "x"
            elif key == "--create":
                mode += "c"
            elif key in ("--directory", "--file"):
                letter = "C" if key == "--directory" else "f"
                if eq:
                    values[letter] = _sub_word(w, val)
                else:
                    pending.append(letter)
        elif v.startswith("-") and len(v) > 1:
            # `-xzf file` / `-Cdir`: the first value letter takes the rest or the next arg.
            for j, ch in enumerate(v[1:], start=1):
                if ch in "xc":
                    mode += ch
                if ch in _TAR_VALUE_LETTERS:
                    rest = v[j + 1 :]
                    if rest:
                        values[ch] = _sub_word(w, rest)
                    else:
                        pending.append(ch)
                    break
        elif i == 0:
            # Old-style `tar xzf file`: each value letter takes one following arg.
            for ch in v:
                if ch in "xc":
                    mode += ch
                if ch in _TAR_VALUE_LETTERS:
                    pending.append(ch)
    out: list[Word] = []
    if "x" in mode and "C" in values:
        out.append(values["C"])
    if "c" in mode and "f" in values:
        out.append(values["f"])
    return out


def _git_paths(args: Sequence[Word]) -> list[Word]:
    i, cwd = 0, None
    while i < len(args):
        v = _val(args[i])
        if v in ("-C", "-c") and i + 1 < len(args):
            if v == "-C":
                cwd = args[i + 1].literal
            i += 2
        elif v.startswith("-"):
            i += 1
        else:
            break
    if i >= len(args) or args[i].literal != "clone":
        return []
    pos, _ = _positionals(args[i + 1 :], _GIT_CLONE_VALUE)
    if len(pos) >= 2:
        dest = pos[1]
    elif pos and pos[0].literal:
        name = re.split(r"[/:]", pos[0].literal.rstrip("/"))[-1]
        name = name.removesuffix(".git")
        if not name:
            return []
        dest = Word(name, name)
    else:
        return []
    if cwd is not None and dest.literal is not None:
        joined = posixpath.join(cwd, dest.literal)
        dest = Word(joined, joined)
    return [dest]


def _written_by_args(eff: Sequence[Word]) -> list[Word]:
    if not eff:
        return []
    name, args = _base(eff[0]), eff[1:]
    if name in ("touch", "tee"):
        return _positionals(args, frozenset({"-d", "-r", "-t"}))[0]
    if name == "mkdir":
        return _positionals(args, frozenset({"-m", "--mode", "--context"}))[0]
    if name in ("cp", "mv", "ln", "install"):
        pos, opts = _positionals(args, _COPY_VALUE)
        target = opts.get("-t") or opts.get("--target-directory")
        if target:
            return list(target)
        if name == "install" and "-d" in opts:
            return pos
        return pos[-1:] if len(pos) >= 2 else []
    if name == "curl":
        return [w for k, w in _short_values(args, _CURL_LETTERS, {"--output": "o"}) if k == "o"]
    if name == "wget":
        pairs = _short_values(
            args, _WGET_LETTERS, {"--output-document": "O", "--directory-prefix": "P"}
        )
        return [w for k, w in pairs if k in "OP" and w.literal != "-"]
    if name == "git":
        return _git_paths(args)
    if name == "tar":
        return _tar_paths(args)
    if name in ("chmod", "chown", "chgrp"):
        pos = []
        reference = False
        only_args = False
        for w in args:
            v = _val(w)
            if only_args:
                pos.append(w)
            elif v == "--":
                only_args = True
            elif v.startswith("--"):
                reference = reference or v.startswith("--reference")
            elif v in _CHMOD_FLAGS or (name != "chmod" and v.startswith("-")):
                continue
            else:
                pos.append(w)  # includes chmod's `-x` style modes
        return pos if reference else pos[1:]
    return []


def _written_by_redirect(r: _N, s: str) -> list[str]:
    if r.type == "heredoc_redirect":
        nested = [c for c in r.children if c.type in _REDIRECT_TYPES]
        return [p for c in nested for p in _written_by_redirect(c, s)]
    if r.type != "file_redirect":
        return []
    op = next((c for c in r.children if not c.named), None)
    dests = [c for c in r.children if c.field == "destination"]
    if op is None or not dests:
        return []
    has_fd = any(c.type == "file_descriptor" for c in r.children)
    target = _word(dests, s).literal
    if target is None or target in _NOT_FILES or target.startswith("/dev/fd/"):
        return []
    # `>&word` without a descriptor is bash's `&>word` unless word names an fd.
    dup_to_file = op.type == ">&" and not has_fd and not target.isdigit() and target != "-"
    if op.type in _OUTPUT_OPS or dup_to_file:
        return [target]
    return []


# ------------------------------------------------------------------------ state leaks


_STATE_BUILTINS = frozenset(
    {
        "cd",
        "pushd",
        "popd",
        "set",
        "shopt",
        "umask",
        "ulimit",
        "trap",
        "alias",
        "unalias",
        "source",
        ".",
        "eval",
        # builtins that set variables or other shell state (issue 7)
        "read",
        "let",
        "getopts",
        "mapfile",
        "readarray",
        "hash",
        "shift",
    }
)
# Arithmetic operators that assign: `(( x++ ))`, `$(( y = 2 ))`.
_ARITH_ASSIGN = frozenset(
    {"=", "+=", "-=", "*=", "/=", "%=", "<<=", ">>=", "&=", "^=", "|=", "++", "--"}
)
_ARITH_NODES = frozenset(
    {"binary_expression", "postfix_expression", "unary_expression", "parenthesized_expression"}
)
# Where those nodes are arithmetic (in `[[ a = b ]]` the same node compares strings).
_ARITH_CONTEXTS = frozenset({"arithmetic_expansion", "compound_statement", "c_style_for_statement"})
# POSIX special builtins: prefix assignments before them persist in /bin/sh (dash).
_SPECIAL_BUILTINS = frozenset(
    {
        ":",
        ".",
        "eval",
        "exec",
        "exit",
        "export",
        "readonly",
        "return",
        "set",
        "shift",
        "times",
        "trap",
        "unset",
    }
)
# Contexts whose statements run in the current shell (not a subshell).
_STATEMENT_PARENTS = frozenset(
    {
        "program",
        "list",
        "compound_statement",
        "do_group",
        "if_statement",
        "elif_clause",
        "else_clause",
        "case_item",
        "while_statement",
        "redirected_statement",
        "negated_command",
    }
)
_SUBSHELL_TYPES = frozenset(
    {"subshell", "command_substitution", "process_substitution", "pipeline"}
)


class _Walker:
    """One pass over the tree gathering commands, scope effects and expansions."""

    def __init__(self, s: str) -> None:
        self.s = s
        self.commands: list[Command] = []
        self.redirect_nodes: list[list[_N]] = []
        self.leaks: list[str] = []
        self.early: list[str] = []
        self.variables: dict[str, None] = {}
        self.background = False
        self.heredoc = False
        self.comments: list[_N] = []

    def walk(self, n: _N, top: bool, parent: str = "") -> None:
        t = n.type
        if t == "comment":
            self.comments.append(n)
            return
        if t == "&" and not n.named:
            self.background = True
        elif t == "heredoc_redirect":
            self.heredoc = True
        elif t == "simple_expansion" or t == "expansion":
            self._read_var(n)
            if t == "expansion" and top:
                self._assigning_expansion(n)
        elif t == "variable_name" and parent in (
            "binary_expression",
            "unary_expression",
            "postfix_expression",
            "parenthesized_expression",
            "arithmetic_expansion",
        ):
            self.variables.setdefault(self.s[n.start : n.end])
        elif t == "function_definition":
            name = next((c for c in n.children if c.field == "name"), None)
            if top and name is not None:
                self.leaks.append("function " + self.s[name.start : name.end])
            top = False  # the body only runs when called
        elif t in _SUBSHELL_TYPES:
            top = False
        elif t == "for_statement" and top:
            var = next((c for c in n.children if c.field == "variable"), None)
            if var is not None:
                self.leaks.append("for " + self.s[var.start : var.end])
        elif t == "c_style_for_statement" and top:
            self.leaks.append("for (( ))")
        elif t in _ARITH_NODES and top and parent in _ARITH_CONTEXTS:
            if self._arith_assigns(n):
                self.leaks.append("arithmetic " + self.s[n.start : n.end].strip())
        elif t == "variable_assignment" and parent in _STATEMENT_PARENTS:
            if top:
                self.leaks.append("assignment " + self._assigned_name(n))
        elif t == "variable_assignments":
            for c in n.children:
                self.walk(c, top, "program" if parent in _STATEMENT_PARENTS else t)
            return
        elif t == "redirected_statement":
            body = n.children[0] if n.children else None
            if body is not None and body.type in (
                "command",
                "declaration_command",
                "unset_command",
                "test_command",
            ):
                # `cat <<EOF | tee f` puts the pipeline inside the heredoc node.
                piped = any(c.type == "pipeline" for r in n.children[1:] for c in r.children)
                self._command(body, n.children[1:], top and not piped)
                for c in n.children[1:]:
                    self.walk(c, top and not piped, t)
                return
        elif t in ("command", "declaration_command", "unset_command", "test_command"):
            self._command(n, [], top)
            return
        kids = n.children
        for i, c in enumerate(kids):
            # A statement followed by `&` runs asynchronously, in a subshell.
            bg = i + 1 < len(kids) and kids[i + 1].type == "&" and not kids[i + 1].named
            self.walk(c, top and not bg, t)

    def _assigning_expansion(self, n: _N) -> None:
        """`${V:=x}` / `${V=x}` assign V when it is unset (or empty)."""
        op = next((c for c in n.children if c.field == "operator"), None)
        if op is not None and op.type in (":=", "="):
            name = next((c for c in n.children if c.type == "variable_name"), None)
            if name is not None:
                self.leaks.append("assignment " + self.s[name.start : name.end])

    def _arith_assigns(self, n: _N) -> bool:
        if n.type in _ARITH_NODES and any(
            not c.named and c.type in _ARITH_ASSIGN for c in n.children
        ):
            return True
        return any(self._arith_assigns(c) for c in n.children if c.type in _ARITH_NODES)

    def _assigned_name(self, n: _N) -> str:
        name = next((c for c in n.children if c.type in ("variable_name", "subscript")), None)
        if name is None:
            return self.s[n.start : n.end].split("=", 1)[0]
        if name.type == "subscript":
            name = name.children[0]
        return self.s[name.start : name.end]

    def _read_var(self, n: _N) -> None:
        for c in n.children:
            if c.type in ("variable_name", "special_variable_name"):
                self.variables.setdefault(self.s[c.start : c.end])
                return
            if c.type == "subscript" and c.children:
                k = c.children[0]
                self.variables.setdefault(self.s[k.start : k.end])
                return

    def _command(self, n: _N, outer: list[_N], top: bool) -> None:
        cmd, redirects = _make_command(n, outer, self.s)
        if cmd.argv or cmd.assignments or cmd.redirects:
            self.commands.append(cmd)
            self.redirect_nodes.append(redirects)
        if top:
            self._effects(n, cmd)
        for c in n.children:  # nested substitutions, expansions, assignment values
            self.walk(c, top, n.type)

    def _effects(self, n: _N, cmd: Command) -> None:
        argv = list(cmd.argv)
        while argv and argv[0].literal in ("builtin", "command") and len(argv) > 1:
            if argv[0].literal == "command" and argv[1].literal in ("-v", "-V"):
                return
            argv = argv[1:]
        name = argv[0].literal if argv else None
        if n.type == "declaration_command" or n.type == "unset_command":
            kw = cmd.argv[0].text
            names = [
                self._decl_name(c)
                for c in n.children[1:]
                if c.type
                in (
                    "variable_assignment",
                    "variable_name",
                    "word",
                    "concatenation",
                    "string",
                    "raw_string",
                )
            ]
            names = [x for x in names if x and not x.startswith("-")]
            self.leaks.extend([f"{kw} {x}" for x in names] or [kw])
            return
        if not argv or name in _SPECIAL_BUILTINS:
            self.leaks.extend("assignment " + a.split("=", 1)[0] for a in cmd.assignments)
        if name in _STATE_BUILTINS:
            self.leaks.append(name)
        elif name == "printf" and any(a.literal == "-v" for a in argv[1:]):
            self.leaks.append("printf -v")
        elif name in ("exit", "return"):
            self.early.append(name)
        elif name == "exec":
            rest = _skip_opts(argv, 1, _EXEC_VALUE, False)
            if rest < len(argv):
                self.early.append("exec " + argv[rest].text)
            elif cmd.redirects:
                self.leaks.append("exec")

    def _decl_name(self, c: _N) -> str:
        if c.type == "variable_assignment":
            return self._assigned_name(c)
        w = _word([c], self.s)
        return w.literal if w.literal is not None else w.text


# -------------------------------------------------------------------------- chain


def _chain(root: _N, s: str) -> tuple[tuple[str, str], ...] | None:
    spans: list[tuple[int, int]] = []
    ops: list[str] = []  # ops[i] is the operator after spans[i]

    def flatten(n: _N) -> bool:
        if n.type != "list":
            spans.append((n.start, n.end))
            ops.append("")
            return True
        for c in n.children:
            if c.named:
                if not flatten(c):
                    return False
            elif c.type in ("&&", "||") and ops:
                ops[-1] = c.type
            else:
                return False
        return True

    expect_stmt = True
    for c in root.children:
        if c.named:
            if not expect_stmt:
                return None  # two statements separated only by a newline
            if not flatten(c):
                return None
            expect_stmt = False
        elif c.type == ";" and not expect_stmt:
            ops[-1] = ";"
            expect_stmt = True
        else:
            return None
    if ops:
        ops[-1] = ""  # a trailing `;` is dropped: the last operator is always ""
    return tuple((s[a:b].strip(), op) for (a, b), op in zip(spans, ops, strict=True))


# --------------------------------------------------------------------------- tokens


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
_CONT_RE = re.compile(r"\\\n")
_GAP_TEXT_RE = re.compile(r"(?:[^\s\\]|\\(?!\n))+")


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


# --------------------------------------------------------------------------- analyze


def _dedup(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


# Within one file's lint/fix/format (``file_scope``) every analysis is kept, as each rule asks
# again for each RUN: a bounded cache alone thrashed above ~1,000 RUNs a file, making the
# cost grow with the file's square.  Across files a small LRU cache keeps repeated scripts.
_SCOPE: ContextVar[dict[str, ShellScript] | None] = ContextVar("dopt_shell_scope", default=None)


@contextmanager
def file_scope() -> Iterator[None]:
    """Keep every script's analysis until the block ends (nested blocks share the outer)."""
    if _SCOPE.get() is not None:
        yield
        return
    token = _SCOPE.set({})
    try:
        yield
    finally:
        _SCOPE.reset(token)


def analyze(script: str) -> ShellScript:
    """Parse and summarise the shell text of a ``RUN`` instruction (results are cached)."""
    scope = _SCOPE.get()
    if scope is None:
        return _analyze_cached(script)
    found = scope.get(script)
    if found is None:
        found = scope[script] = _analyze_cached(script)
    return found


@functools.lru_cache(maxsize=4096)
def _analyze_cached(script: str) -> ShellScript:
    try:
        root, ok = _convert(script)
    except _TooDeep:
        return _unanalysed(script)
    w = _Walker(script)
    w.walk(root, True)

    package_ops: list[PackageOp] = []
    written: list[str] = []
    removed: list[str] = []
    for cmd, redirects in zip(w.commands, w.redirect_nodes, strict=True):
        op = _package_op(cmd)
        if op is not None:
            package_ops.append(op)
        for r in redirects:
            written.extend(_written_by_redirect(r, script))
        eff = _effective(cmd.argv)
        written.extend(x.literal for x in _written_by_args(eff) if x.literal is not None)
        if eff and _base(eff[0]) in ("rm", "rmdir"):
            pos, _ = _positionals(eff[1:])
            removed.extend(x.literal for x in pos if x.literal is not None)

    words, uncovered = _tokens(root, script)
    ok = ok and not uncovered
    chain = None
    if ok and not w.comments and not w.heredoc and not w.background:
        chain = _chain(root, script)
    tail = script.rstrip()
    return ShellScript(
        source=script,
        ok=ok,
        commands=tuple(w.commands),
        chain=chain,
        leaks=tuple(w.leaks),
        early_exit=tuple(w.early),
        background=w.background,
        comment=bool(w.comments),
        trailing_comment=any(c.end == len(tail) for c in w.comments),
        package_ops=tuple(package_ops),
        paths_written=_dedup(written),
        paths_removed=_dedup(removed),
        variables_read=tuple(w.variables),
        words=words,
    )


_BLANKS_RE = re.compile(r"[ \t\n]+")


def _unanalysed(script: str) -> ShellScript:
    """What ``analyze`` says of a script nested too deep to analyse: nothing but its text."""
    body = script.strip(" \t\n")
    return ShellScript(
        source=script,
        ok=False,
        commands=(),
        chain=None,
        leaks=(),
        early_exit=(),
        background="&" in script,
        comment="#" in script,
        trailing_comment=False,
        package_ops=(),
        paths_written=(),
        paths_removed=(),
        variables_read=(),
        words=tuple(_BLANKS_RE.split(body)) if body else (),
        too_deep=True,
    )


def same_words(a: str, b: str) -> bool:
    """True when two scripts differ only in whitespace and line layout (comments ignored)."""
    return analyze(a).words == analyze(b).words
