"""``analyze``: one ``RUN`` script's ``ShellScript``, cached per file (``file_scope``) and
across files; ``same_words`` compares two scripts up to layout.
"""

from __future__ import annotations

import functools
from _contextvars import ContextVar  # contextvars' own source (it is only this import)
from collections.abc import Iterable

from optimizer.analysis.shell.commands import _base, _effective
from optimizer.analysis.shell.facts import PackageOp, ShellScript
from optimizer.analysis.shell.leaks import _chain, _Walker
from optimizer.analysis.shell.packages import _package_op
from optimizer.analysis.shell.paths import _positionals, _written_by_args, _written_by_redirect
from optimizer.analysis.shell.tokens import _tokens
from optimizer.analysis.shell.tree import _convert, _TooDeep
from optimizer.regexes import rx


def _dedup(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


# Within one file's lint/fix/format (``file_scope``) every analysis is kept, as each rule asks
# again for each RUN: a bounded cache alone thrashed above ~1,000 RUNs a file, making the
# cost grow with the file's square.  Across files a small LRU cache keeps repeated scripts.
_SCOPE: ContextVar[dict[str, ShellScript] | None] = ContextVar("dopt_shell_scope", default=None)


class file_scope:  # lower case: used as a function, `with file_scope():`
    """Keep every script's analysis until the block ends (nested blocks share the outer).

    A class, not ``contextlib.contextmanager``: importing contextlib costs ~0.7 ms of each
    start-up."""

    __slots__ = ("_token",)

    def __enter__(self) -> None:
        self._token = _SCOPE.set({}) if _SCOPE.get() is None else None

    def __exit__(self, *exc: object) -> None:
        if self._token is not None:
            _SCOPE.reset(self._token)


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


_BLANKS_RE = rx(r"[ \t\n]+")


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


def script_words(script: str) -> tuple[str, ...]:
    """``analyze(script).words`` without the rest of the analysis: the formatter's guard
    compares only the words of each RUN before and after, and the commands, leaks, package
    operations and paths were ~40% of an analysis.  The file's full analysis when it has
    one (the same words)."""
    scope = _SCOPE.get()
    found = scope.get(script) if scope is not None else None
    return found.words if found is not None else _words_cached(script)


@functools.lru_cache(maxsize=1024)
def _words_cached(script: str) -> tuple[str, ...]:
    try:
        root, _ = _convert(script)
    except _TooDeep:
        return _unanalysed(script).words
    return _tokens(root, script)[0]


def same_words(a: str, b: str) -> bool:
    """True when two scripts differ only in whitespace and line layout (comments ignored)."""
    return analyze(a).words == analyze(b).words
