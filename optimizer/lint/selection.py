"""Which rules run: ``select``/``extend-select``/``ignore`` codes resolved to dopt codes.

A code is ``ALL``, a dopt code or prefix (``DOP1``), or a hadolint code (``DL3059``) or
prefix, which stands for the dopt rules that answer to it.  Anything else is an error that
names the code: a typo must not silently select nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from optimizer.record import Record


class UnknownCode(Exception):
    def __init__(self, code: str, reason: str) -> None:
        super().__init__(code, reason)
        self.code = code
        self.reason = reason


class Selection(Record):
    """Codes as given (command line or settings), not yet resolved."""

    select: tuple[str, ...] | None = None  # None: every rule (unless the settings say)
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()


def _tables() -> tuple[list[str], dict[str, set[str]]]:
    from optimizer.lint.rules import all_rules, hadolint_map  # the rules: only lint needs them

    return [r.code for r in all_rules()], hadolint_map()


def _preview() -> set[str]:
    from optimizer.lint.rules import all_rules

    return {r.code for r in all_rules() if getattr(r, "preview", False)}


def expand(code: str, with_preview: bool = False) -> set[str]:
    """The dopt codes ``code`` stands for; raises UnknownCode.  Preview rules (new, not yet
    stable) are in it only when named by their code or their hundred (`DOP405`, `DOP4`):
    `ALL`, `DOP` and hadolint codes give the stable rules (``with_preview``, for ignores:
    every rule, as before)."""
    codes, hadolint = _tables()
    code = code.strip().upper()
    preview = set() if with_preview else _preview()
    if code == "ALL":
        return set(codes) - preview
    found = {c for c in codes if c.startswith(code)}
    if not (code.startswith("DOP") and len(code) >= 4):
        found -= preview
    held_back: set[str] = set()
    for h, answered in hadolint.items():
        if h.startswith(code):
            found |= answered - preview
            held_back |= answered & preview
    if not found and held_back:
        names = ", ".join(sorted(held_back))
        raise UnknownCode(code, f"only preview rules answer to it: select them by code ({names})")
    if not found:
        if code.startswith(("DL", "SC")):
            raise UnknownCode(code, "no dopt rule answers to this hadolint code")
        raise UnknownCode(code, "unknown rule code (`dopt rules` lists them)")
    return found


def check_codes(codes: Iterable[str], with_preview: bool = False) -> None:
    """Raise UnknownCode for the first code that stands for no rule."""
    for code in codes:
        expand(code, with_preview)


def resolve(cli: Selection, settings: Selection, file_ignores: Iterable[str] = ()) -> set[str]:
    """The dopt codes to run: the command line's select replaces the settings' (as in
    ruff), extend-select adds to it, every ignore (settings, command line, per file) removes."""
    codes, _ = _tables()
    base = cli.select if cli.select is not None else settings.select
    chosen = set(codes) - _preview() if base is None else {c for s in base for c in expand(s)}
    for code in (*settings.extend_select, *cli.extend_select):
        chosen |= expand(code)
    for code in (*settings.ignore, *cli.ignore, *file_ignores):
        chosen -= expand(code, with_preview=True)
    return chosen
