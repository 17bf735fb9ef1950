"""The script's structure: one walk gathering commands, state leaks (what a part leaves to
the parts after it: ``cd``, assignments, ``set``, functions...), early exits and variables
read; and the top-level ``&&`` / ``;`` / ``||`` chain.
"""

from __future__ import annotations

from optimizer.analysis.shell.commands import _EXEC_VALUE, _make_command, _skip_opts
from optimizer.analysis.shell.facts import Command
from optimizer.analysis.shell.tree import _N
from optimizer.analysis.shell.words import _word

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
