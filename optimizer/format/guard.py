"""The formatter's safety net (as Black compares ASTs): does the output read the same?

Two files read the same when BuildKit sees the same instructions in the same order with the
same flags, JSON values and heredocs, the same values for ENV/LABEL pairs after quote removal,
the same HEALTHCHECK type up to case, and, for shell form, the same shell words (white space
and line layout aside; package lists that ``emit`` may sort are compared sorted).

The layout also checks each instruction it re-lays out on its own (``instruction_key`` of a
parse of the new text alone), so that one case it gets wrong keeps that instruction as
written instead of the whole file being refused.  When the whole-file comparison passes,
each of those checks would have passed too (the instruction reads the same in the file as
alone: same escape, nothing continues into it), so ``formatter`` first formats with them
deferred to this one comparison, and only when it fails formats again checking each.
"""

from __future__ import annotations

from _contextvars import ContextVar  # contextvars' own source (it is only this import)

from optimizer.record import Record
from optimizer.syntax import buildkit, cst

_DEFERRED: ContextVar[bool] = ContextVar("dopt_guard_deferred", default=False)


class deferred:  # lower case: used as `with guard.deferred():`
    """Within: the per-instruction checks pass, the caller comparing the whole file.  (A
    class, not ``contextlib.contextmanager``: contextlib costs ~0.7 ms of each start-up.)"""

    __slots__ = ("_token",)

    def __enter__(self) -> None:
        self._token = _DEFERRED.set(True)

    def __exit__(self, *exc: object) -> None:
        _DEFERRED.reset(self._token)


def is_deferred() -> bool:
    return _DEFERRED.get()


class Mismatch(Record):
    line: int  # 1-based line of the instruction in the input
    reason: str


def semantic_key(node: buildkit.Node, escape: str, heredocs: tuple[object, ...] = ()) -> tuple:
    """What must stay equal for BuildKit to read an instruction the same way."""
    kind = node.cmd.lower()
    child = None
    if node.child is not None:
        child = semantic_key(node.child, escape)
    values: tuple = node.plain_values
    if kind in ("env", "label"):
        values = tuple(
            buildkit.process_word(v, escape) if i % 2 else v for i, v in enumerate(values)
        )
    elif kind == "from" and len(values) == 3 and values[1].lower() == "as":
        values = (values[0], "as", values[2])
    elif not node.json and kind in ("run", "cmd", "entrypoint") and values:
        values = (shell_key(values[0]),)
    elif kind == "healthcheck" and values:
        # BuildKit's instruction parser upper-cases the type (`cmd` is CMD), so may we.
        values = (values[0].upper(), *values[1:])
        if not node.json and len(values) == 2:
            values = (values[0], shell_key(values[1]))
    return (kind, node.flags, node.json, values, child, heredocs)


def shell_key(script: str) -> tuple[tuple[str, ...], str]:
    """The shell's words (the tokenizer's view: white space and layout aside), and every
    character but spaces and tabs: the shell separates words by those two only, so a \\v,
    \\f, \\r or NBSP is part of a word and must survive formatting."""
    from optimizer.analysis.package_lists import canonical_packages
    from optimizer.analysis.shell.script import script_words

    canon = canonical_packages(script)
    return script_words(canon), canon.replace(" ", "").replace("\t", "")


def instruction_key(inst: cst.Instruction) -> tuple:
    heredocs = tuple((h.name, h.content) for h in inst.heredoc_models())
    return semantic_key(inst.model, inst.escape, heredocs)


def _same_heredocs(a: cst.Instruction, b: cst.Instruction) -> bool:
    return [h.content for h in a.heredocs] == [h.content for h in b.heredocs]


def compare(before: cst.Dockerfile, after: cst.Dockerfile) -> Mismatch | None:
    """None when ``after`` reads the same as ``before``; else the first difference."""
    if before.escape != after.escape:
        return Mismatch(1, "the escape character changed")
    a = [(item, line) for item, line, _ in before.positions() if isinstance(item, cst.Instruction)]
    b = [item for item in after.items if isinstance(item, cst.Instruction)]
    for (old, line), new in zip(a, b, strict=False):
        if old.line == new.line and _same_heredocs(old, new):
            continue  # the same logical line reads the same (the escape is the same)
        if instruction_key(old) != instruction_key(new):
            return Mismatch(line, "formatting would change how this instruction is read")
    if len(a) != len(b):
        line = a[min(len(a), len(b)) - 1][1] if a else 1
        return Mismatch(line, "formatting would change the number of instructions")
    return None
