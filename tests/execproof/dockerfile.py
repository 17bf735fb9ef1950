"""From Dockerfile text to the RUNs BuildKit would start: each RUN a fresh shell process
(the stage's SHELL, `-c` and the script), with the ENV/ARG values, WORKDIR and USER in
force; and the windows where two versions of a file differ."""

from __future__ import annotations

import difflib
import posixpath
import re
from dataclasses import dataclass, field

from optimizer.syntax import cst
from optimizer.syntax.parser import parse

from .sandbox import REAL, RunSpec

DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
POSIX_SHELLS = frozenset({"sh", "dash", "ash"})
_VAR_RE = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))")


@dataclass(frozen=True)
class State:
    shell: tuple[str, ...] = ("/bin/sh", "-c")
    user: str = ""
    workdir: str = "/"
    env: tuple[tuple[str, str], ...] = ()  # ENV and ARG values, in the order set


@dataclass(frozen=True)
class Step:
    """One instruction of a window and the state it runs in."""

    keyword: str
    code: str
    state: State
    script: str | None = None  # shell-form RUN text
    argv: tuple[str, ...] | None = None  # exec-form RUN
    why_not: str | None = None  # why this RUN cannot be executed (heredoc...)


@dataclass(frozen=True)
class Window:
    """Where the two texts differ: the instructions of each side there."""

    line: int  # 1-based line of the original's first instruction there (0: none)
    original: tuple[Step, ...]
    rewritten: tuple[Step, ...]
    reason: str | None = field(default=None)  # not executable, and why


def _expand(value: str, env: dict[str, str]) -> str:
    return _VAR_RE.sub(lambda m: env.get(m.group(1) or m.group(2), ""), value)


def _after(inst: cst.Instruction, state: State) -> State:
    kw = inst.keyword
    env = dict(state.env)
    if kw == "SHELL" and inst.is_json:
        return State(tuple(inst.values), state.user, state.workdir, state.env)
    if kw == "USER":
        return State(state.shell, inst.values[0] if inst.values else "", state.workdir, state.env)
    if kw == "WORKDIR" and inst.values:
        wd = posixpath.normpath(posixpath.join(state.workdir, _expand(inst.values[0], env)))
        return State(state.shell, state.user, wd, state.env)
    if kw == "ENV" and isinstance(inst, cst.Env):
        for k, v in inst.pairs:
            env[k] = _expand(v, env)
        return State(state.shell, state.user, state.workdir, tuple(env.items()))
    if kw == "ARG":
        for w in inst.values:
            name, sep, value = w.partition("=")
            if sep and name not in env:
                env[name] = _expand(value, env)
        return State(state.shell, state.user, state.workdir, tuple(env.items()))
    return state


def steps(text: str) -> list[tuple[int, Step]]:
    """(line, step) for every instruction of ``text``."""
    tree = parse(text)
    out: list[tuple[int, Step]] = []
    state = State()
    ends: dict[str, State] = {}
    current: str | None = None
    line = 1
    for item in tree.items:
        start = line
        line += item.code.count("\n") + (0 if item.code.endswith("\n") else 1)
        if not isinstance(item, cst.Instruction):
            continue
        kw = item.keyword
        if kw == "FROM" and isinstance(item, cst.From):
            state = ends.get(item.image.lower(), State())
        step = Step(kw, item.code, state)
        if kw == "RUN":
            if item.heredocs or item.markers:
                step = Step(kw, item.code, state, why_not="a heredoc RUN")
            elif item.is_json:
                step = Step(kw, item.code, state, argv=tuple(item.values))
            else:
                step = Step(kw, item.code, state, script=item.values[0] if item.values else "")
        out.append((start, step))
        state = _after(item, state)
        if isinstance(item, cst.From):
            current = item.stage_name
        if current:
            ends[current] = state  # FROM <name> later starts from here
    return out


def windows(original: str, rewritten: str) -> list[Window]:
    a, b = steps(original), steps(rewritten)
    matcher = difflib.SequenceMatcher(
        a=[s.code for _, s in a], b=[s.code for _, s in b], autojunk=False
    )
    out = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        left = tuple(s for _, s in a[a1:a2])
        right = tuple(s for _, s in b[b1:b2])
        line = a[a1][0] if a1 < len(a) else 0
        reason = None
        kinds = {s.keyword for s in left + right}
        if kinds - {"RUN"}:
            reason = "the rewrite changes instructions other than RUN: " + ", ".join(
                sorted(kinds - {"RUN"})
            )
        elif not left or not right:
            # A RUN that only appears here but stands elsewhere in the other text was moved
            # (DOP201): that is an order question, not a RUN text rewrite.
            other = {s.code for _, s in (b if not right else a)}
            if all(s.code in other for s in left + right):
                reason = "a moved instruction"
        if reason is None:
            for s in left + right:
                if s.why_not:
                    reason = s.why_not
                    break
        out.append(Window(line, left, right, reason))
    return out


def variants(state: State) -> tuple[str, ...] | None:
    """The real shells a RUN under this SHELL is run with (None: not a POSIX shell)."""
    if len(state.shell) < 2 or state.shell[-1] != "-c":
        return None
    name = posixpath.basename(state.shell[0])
    if name in POSIX_SHELLS:
        return ("dash", "bash")  # bash started as sh: its POSIX mode, as on RHEL images
    if name == "bash":
        return ("bash",)
    return None


def _uid(user: str) -> int:
    name = user.split(":", 1)[0].strip('"')
    if name in ("", "root", "0"):
        return 0
    return int(name) if name.isdigit() else 1000


def run_spec(step: Step, shell: str) -> RunSpec:
    st = step.state
    env = dict(st.env)
    env.setdefault("PATH", DEFAULT_PATH)
    # The runtime sets HOME from /etc/passwd when the image does not: /root for root (other
    # users' homes are unknown here; "/" is the runtime's fallback).
    env.setdefault("HOME", "/root" if _uid(st.user) == 0 else "/")
    env_t = tuple(f"{k}={v}" for k, v in env.items())
    if step.argv is not None:
        return RunSpec("/.execproof/stub", step.argv or ("true",), env_t, st.workdir, _uid(st.user))
    assert step.script is not None
    return RunSpec(REAL[shell], (*st.shell, step.script), env_t, st.workdir, _uid(st.user))
