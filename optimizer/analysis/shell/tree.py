"""Parsing shell text with tree-sitter-bash into a plain-Python tree (``_N``).

tree-sitter is imported lazily (see ``_parser``) so importing this module is cheap.  The copy
has character offsets, flattened ``&&``/``||`` lists and redirects bound the way the shell
binds them; scripts nested deeper than ``MAX_DEPTH`` raise ``_TooDeep``.
"""

from __future__ import annotations

import _thread
import functools
import posixpath
from collections.abc import Callable

TYPE_CHECKING = False  # not typing's: importing typing costs ~3 ms of every start-up
if TYPE_CHECKING:
    from typing import Any

    from tree_sitter import Language, Node, Parser


@functools.cache
def _language() -> Language:
    # Deferred import: tree-sitter loads a native library, which callers that
    # never analyse shell text should not pay for.
    return _tree_sitter().Language(_bash_grammar())


@functools.cache
def _tree_sitter() -> Any:
    """tree-sitter's native module (Language, Parser): on its own when the package layout
    allows, as its ``__init__`` imports ``typing`` (~3 ms of every start-up) for a Protocol
    that dopt does not use; else the package."""
    binding = _native("tree_sitter")
    if binding is not None:
        return binding
    import tree_sitter

    return tree_sitter


def _bash_grammar() -> object:
    """tree-sitter-bash's compiled grammar.

    The package's ``__init__`` imports ``importlib.resources`` for its query files, which
    costs ~17 ms of every `dopt fmt` start-up; only the native binding is needed, so it is
    loaded on its own when the package layout allows, else through the package.
    """
    binding = _native("tree_sitter_bash")
    if binding is not None:
        return binding.language()
    import tree_sitter_bash

    return tree_sitter_bash.language()


def _native(package: str) -> Any:
    """``package._binding`` (the compiled extension) loaded without running the package's
    ``__init__``; None when it is not laid out that way."""
    import sys

    try:
        # What importlib.machinery re-exports, from the modules the interpreter has loaded
        # already: importlib.machinery itself loads importlib and warnings (~0.4 ms).
        import _frozen_importlib as bootstrap
        import _frozen_importlib_external as machinery
    except ImportError:  # pragma: no cover - another Python implementation
        import importlib.machinery as bootstrap  # type: ignore[no-redef]
        import importlib.machinery as machinery  # type: ignore[no-redef]

    name = f"{package}._binding"
    if name in sys.modules:
        return sys.modules[name]
    try:
        spec = machinery.PathFinder.find_spec(package)
        folder = next(iter(spec.submodule_search_locations or ())) if spec else None
        for suffix in machinery.EXTENSION_SUFFIXES if folder else ():
            path = f"{folder}/_binding{suffix}"
            if not posixpath.exists(path):
                continue
            loader = machinery.ExtensionFileLoader(name, path)
            binding = loader.create_module(bootstrap.ModuleSpec(name, loader, origin=path))
            loader.exec_module(binding)
            # Registered, so that a later `import tree_sitter` uses this module (one set of
            # types) instead of loading a second copy.
            sys.modules[name] = binding
            return binding
    except (ImportError, OSError, AttributeError, StopIteration):
        pass
    return None


_local = _thread._local()  # threading.local, without importing threading (~0.7 ms)


def _parser() -> Parser:
    # One parser per thread: a tree-sitter Parser must not parse concurrently.
    parser: Parser | None = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = _tree_sitter().Parser(_language())
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
