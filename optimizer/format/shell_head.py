"""The head of a shell-form instruction: the keyword, flags (and HEALTHCHECK's ``CMD``) before
its script, where each stands in the logical line, and where the script starts."""

from __future__ import annotations

from optimizer.record import Record
from optimizer.syntax import buildkit, cst
from optimizer.syntax.gotext import trim_left_space, trim_space

__all__ = ["HeadWord", "shell_target"]


class HeadWord(Record):
    """A word before a shell script: keyword, flag, or HEALTHCHECK's CMD."""

    text: str  # as printed
    start: int  # offsets in the logical line
    end: int
    is_flag: bool


def shell_target(inst: cst.Instruction) -> tuple[list[HeadWord], str, int] | None:
    """For a shell-form RUN/CMD/ENTRYPOINT/HEALTHCHECK CMD (also under ONBUILD): the words
    before the script, the script, and its offset in the logical line; else None."""
    line = inst.line
    node = inst.model
    words: list[HeadWord] = []
    base = 0
    while True:
        text = line[base:]
        raw = buildkit.split_raw(text, inst.escape)
        at = base + len(text) - len(trim_left_space(text))
        words.append(HeadWord(raw.keyword.upper(), at, at + len(raw.keyword), False))
        pos = at + len(raw.keyword)
        for flag in raw.flags:
            start = line.find(flag, pos)
            if start < 0:
                return None
            words.append(HeadWord(flag, start, start + len(flag), True))
            pos = start + len(flag)
        base += raw.rest_offset
        if node.cmd.lower() == "onbuild" and node.child is not None:
            node = node.child
            continue
        break
    kind = node.cmd.lower()
    if node.json:
        return None
    if kind in ("run", "cmd", "entrypoint") and node.values:
        script = node.values[0]
    elif kind == "healthcheck" and len(node.values) == 2 and node.values[0].upper() == "CMD":
        script = node.values[1]
    else:
        return None
    rest = line[base:]
    body_at = base + len(rest) - len(trim_left_space(rest))
    body = trim_space(rest)
    if not script or not body.endswith(script):
        return None
    script_at = body_at + len(body) - len(script)
    if kind == "healthcheck":
        typ = trim_space(body[: len(body) - len(script)])
        if typ.upper() != "CMD" or not body.startswith(typ):
            return None
        words.append(HeadWord("CMD", body_at, body_at + len(typ), False))
    elif script_at != body_at or script.startswith("--"):
        return None  # `--` would have to be printed to keep the script from reading as flags
    return words, script, script_at
