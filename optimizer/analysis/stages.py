"""Stages and the build state in force at each instruction.

A stage runs from one FROM to the next.  For each instruction we record what BuildKit would
apply to it: the SHELL, USER, WORKDIR and the ENV/ARG names in scope; for each stage, its
base (an image or an earlier stage), the stages built FROM it, the stages that copy from it
(``COPY --from``, ``RUN --mount=from=``), and whether its layers end up in the final image.
"""

from __future__ import annotations

import posixpath

from optimizer.record import Record, kept_on
from optimizer.syntax import buildkit, cst

# Shells that run a RUN's text as a POSIX sh script (by the name of the program).
SHELLS = frozenset({"sh", "bash", "dash", "ash"})


class State(Record):
    """What is in force when an instruction runs."""

    shell: tuple[str, ...] = ("/bin/sh", "-c")
    user: str = ""  # "" = root (the default)
    workdir: str = "/"
    env: tuple[str, ...] = ()  # ENV names set in this stage (and its base stages)
    args: tuple[str, ...] = ()  # ARG names declared in this stage


class Stage(Record):
    index: int
    name: str | None
    base: str  # image reference or stage name as written
    base_stage: int | None  # index of the earlier stage it builds FROM, if any
    items: tuple[int, ...]  # item indices of the stage's instructions, FROM included
    children: tuple[int, ...] = ()  # stages built FROM this one
    copied_by: tuple[int, ...] = ()  # stages that COPY --from / --mount=from this one
    in_final_image: bool = False


class Stages:
    """Stage analysis of one Dockerfile (item indices refer to ``tree.items``)."""

    def __init__(self, tree: cst.Dockerfile) -> None:
        self.tree = tree
        self.stages: list[Stage] = []
        self.stage_of: dict[int, int] = {}
        self.state_at: dict[int, State] = {}
        self._build()

    def _build(self) -> None:
        items = self.tree.items
        by_name: dict[str, int] = {}
        raw: list[dict] = []
        state = State()
        states_by_stage: list[State] = []
        stage_of, state_at = self.stage_of, self.state_at
        current = -1  # the stage being read (-1: none yet)
        current_items: list[int] = []
        for i, item in enumerate(items):
            if not isinstance(item, cst.Instruction):
                continue
            if isinstance(item, cst.From):
                if current >= 0:
                    states_by_stage[current] = state  # where the stage ends (a base's state)
                base = item.image
                base_key = base.lower()
                base_stage = by_name.get(base_key)
                if base_stage is None and base_key.isdigit() and int(base_key) < len(raw):
                    base_stage = int(base_key)
                current = len(raw)
                name = item.stage_name
                if name:
                    by_name[name] = current
                current_items = []
                raw.append(
                    {
                        "index": current,
                        "name": name,
                        "base": base,
                        "base_stage": base_stage,
                        "items": current_items,
                    }
                )
                state = states_by_stage[base_stage] if base_stage is not None else _START
                if state.args:
                    state = state.replace(args=())
                states_by_stage.append(state)
            if current < 0:
                continue  # ARG before the first FROM
            current_items.append(i)
            stage_of[i] = current
            state_at[i] = state
            state = _after_kept(item, state)
        copied: dict[int, set[int]] = {}
        for s in raw:
            for i in s["items"]:
                for ref in kept_on(items[i], "_stage_refs_memo", _stage_refs):
                    target = by_name.get(ref.lower())
                    if target is None and ref.isdigit():
                        target = int(ref)
                    if target is not None and target != s["index"]:
                        copied.setdefault(target, set()).add(s["index"])
        final: set[int] = set()
        k: int | None = len(raw) - 1 if raw else None
        while k is not None and k not in final:
            final.add(k)
            k = raw[k]["base_stage"]
        for s in raw:
            children = tuple(c["index"] for c in raw if c["base_stage"] == s["index"])
            self.stages.append(
                Stage(
                    s["index"],
                    s["name"],
                    s["base"],
                    s["base_stage"],
                    tuple(s["items"]),
                    children,
                    tuple(sorted(copied.get(s["index"], ()))),
                    s["index"] in final,
                )
            )

    def stage(self, item_index: int) -> Stage | None:
        k = self.stage_of.get(item_index)
        return self.stages[k] if k is not None else None

    def descendants(self, stage: Stage) -> list[Stage]:
        """Stages built FROM this one, directly or not."""
        out: list[Stage] = []
        todo = list(stage.children)
        while todo:
            k = todo.pop(0)
            if all(s.index != k for s in out):
                out.append(self.stages[k])
                todo.extend(self.stages[k].children)
        return out

    def later_items(self, item_index: int) -> list[int]:
        """Instructions that run on top of this one's result: the rest of its stage, then
        every stage built FROM it."""
        stage = self.stage(item_index)
        if stage is None:
            return []
        out = [i for i in stage.items if i > item_index]
        for child in self.descendants(stage):
            out.extend(child.items)
        return out


def _after_kept(item: cst.Instruction, state: State) -> State:
    """``_after(item, state)``, kept on the instruction (immutable) with the state it was
    worked out from: the answer reads those two only.  Each fix round builds the stages of
    a new tree whose untouched instructions are the same objects, and a state kept so is
    the same object too, so the comparison is mostly ``is``."""
    kept = item.__dict__.get("_after_memo")
    if kept is not None and (kept[0] is state or kept[0] == state):
        return kept[1]
    after = _after(item, state)
    item.__dict__["_after_memo"] = (state, after)
    return after


def stages_of(tree: cst.Dockerfile) -> Stages:
    """``Stages(tree)``, kept on the tree (immutable, and the analysis reads nothing else):
    a fix round's rules, its layer count and the rebuild figures of ``dopt fix`` all ask
    it of the same trees."""
    return kept_on(tree, "_stages_memo", Stages)


_START = State()  # in force at a FROM of an image (one record: it is immutable)


def _after(item: cst.Instruction, state: State) -> State:
    kw = item.keyword
    if kw == "SHELL" and item.is_json:
        return state.replace(shell=item.values)
    if kw == "USER":
        # BuildKit reads the word as a shell word: `USER "root"` is root.
        user = buildkit.process_word(item.values[0], item.escape) if item.values else ""
        return state.replace(user="" if is_root(user) else user)
    if kw == "WORKDIR" and item.values:
        path = item.values[0]
        return state.replace(workdir=posixpath.normpath(posixpath.join(state.workdir, path)))
    if kw == "ENV":
        names = tuple(k for k, _ in item.pairs)  # type: ignore[attr-defined]
        return state.replace(env=tuple(dict.fromkeys(state.env + names)))
    if kw == "ARG":
        names = item.names  # type: ignore[attr-defined]
        return state.replace(args=tuple(dict.fromkeys(state.args + names)))
    return state


def is_root(user: str) -> bool:
    """Does USER name root (by name or uid 0, with any group)?"""
    return user.partition(":")[0] in ("", "root", "0")


def _stage_refs(item: cst.Instruction) -> tuple[str, ...]:
    """The stages (or images) ``COPY --from`` and ``RUN --mount=from=`` name.  Kept on the
    instruction by ``Stages`` (it reads the instruction alone): each fix round builds the
    stages of a tree whose untouched instructions are the same objects."""
    refs: list[str] = []
    frm = item.flag("from")
    if frm and item.keyword in ("COPY", "ADD"):
        refs.append(frm)
    for flag in item.flags:
        if flag.startswith("--mount="):
            for part in flag[len("--mount=") :].split(","):
                key, _, value = part.partition("=")
                if key == "from" and value:
                    refs.append(value)
    return tuple(refs)


def is_posix_shell(shell: tuple[str, ...]) -> bool:
    """Does this SHELL run RUN text as POSIX sh: one of SHELLS (at any path: /bin/ash,
    /usr/bin/bash) whose last option is the `-c` the script follows?"""
    return len(shell) >= 2 and posixpath.basename(shell[0]) in SHELLS and shell[-1] == "-c"
