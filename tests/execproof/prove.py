"""The proof: run both versions' RUNs with every single fault, compare.

For each window where the texts differ and each shell variant, the original and the
rewritten RUNs run once with no fault, then once per external call k of the original
(up to MAX_K) with that call failing.  They agree when they run the same external
commands (argv, working directory, exported variables), in the same order, both fail or
both succeed, and leave the same files (what builtins wrote through redirects).  A
cleanup or flag rule is allowed its cleanup commands and flags: those
calls are dropped, those words removed, before comparing (and are never picked to fail).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from optimizer.analysis.package_lists import package_key, sortable_install
from optimizer.analysis.shell.script import analyze

from .dockerfile import Step, Window, run_spec, variants, windows
from .sandbox import Call, Result, Scenario, make_layer, run_scenarios

MAX_K = 24  # fault-injection points per window and shell: bounds the time on long RUNs
_NAME_RE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.+-]*")
_PATH_RE = re.compile(r"(?<![A-Za-z0-9_.$}])(/[A-Za-z0-9_.@+-]+)+/?")


@dataclass(frozen=True)
class Allowed:
    """What a rewrite may add (or drop) without counting as a difference."""

    # A call is a cleanup call when its argv starts with one of these (argv[0] compared by
    # its base name).
    commands: tuple[tuple[str, ...], ...] = ()
    flags: frozenset[str] = frozenset()  # words a rewrite may add to a command

    def is_cleanup(self, call: Call) -> bool:
        # Compared on the words that are not options: `apt-get -yq clean` is `apt-get clean`.
        if not call.argv:
            return False
        words = (call.argv[0].rsplit("/", 1)[-1], *(a for a in call.argv[1:] if a[:1] != "-"))
        # `~/...` in a cleanup is the home of the user the command ran as, as the shell
        # expanded it from HOME.
        home = next((e[5:] for e in call.env if e.startswith("HOME=")), "~")
        for p in self.commands:
            pw = tuple(home + a[1:] if a.startswith("~/") else a for a in p if a[:1] != "-")
            if words[: len(pw)] == pw:
                return True
        return False

    def normal(self, calls: Iterable[Call]) -> list[tuple[object, ...]]:
        return [
            (_package_order(tuple(a for a in c.argv if a not in self.flags)), c.cwd, c.env)
            for c in calls
            if not self.is_cleanup(c)
        ]

    def __or__(self, other: Allowed) -> Allowed:
        return Allowed(self.commands + other.commands, self.flags | other.flags)


EXACT = Allowed()


def _package_order(argv: tuple[str, ...]) -> tuple[str, ...]:
    """The order of packages in one plain install is not meaning: the formatter sorts them
    (optimizer.analysis.package_lists says which installs; the guard compares them the same way)."""
    found = sortable_install(" ".join(argv))
    if found is None or len(found[0]) + len(found[1]) != len(argv):
        return argv
    prefix, packages = found
    return (*prefix, *sorted(packages, key=package_key))


@dataclass
class Verdict:
    proven: bool = True
    windows: int = 0  # windows executed
    scenarios: int = 0  # scenario runs (each side, shell and k counts one)
    disagreement: str | None = None  # the first one found
    skipped: list[str] = field(default_factory=list)  # windows not executed, and why

    def add(self, other: Verdict) -> None:
        self.proven = self.proven and other.proven
        self.windows += other.windows
        self.scenarios += other.scenarios
        if self.disagreement is None:
            self.disagreement = other.disagreement
        self.skipped += other.skipped


def _layer_for(steps: Sequence[Step]):  # type: ignore[no-untyped-def]
    names: set[str] = set()
    stubs: set[str] = set()
    dirs: set[str] = {"/root", "/tmp"}
    files: set[str] = set()
    for s in steps:
        dirs.add(s.state.workdir)
        texts: list[str] = []
        if s.argv is not None:
            texts += s.argv
            if s.argv and s.argv[0].startswith("/"):
                stubs.add(s.argv[0])
        if s.script is not None:
            sc = analyze(s.script)
            texts += sc.words
            for c in sc.commands:
                w = c.argv[0].literal if c.argv else None
                if w and w.startswith("/"):
                    stubs.add(w)
                for r in c.redirects:  # a redirect's target is a file
                    files.update(m.group(0).rstrip("/") for m in _PATH_RE.finditer(r))
                if c.name in ("cd", "pushd", "mkdir") and c.argv:
                    dirs.update(x.literal for x in c.argv[1:] if x.literal and x.literal[0] == "/")
        for t in texts:
            names.update(_NAME_RE.findall(t))
            for m in _PATH_RE.finditer(t):
                p = m.group(0).rstrip("/")
                last = p.rsplit("/", 1)[-1]
                parent = p.rsplit("/", 1)[0]
                if parent:
                    dirs.add(parent)
                if "." not in last or m.group(0).endswith("/"):
                    dirs.add(p)
    # Names the shells must find as builtins stay builtins; a stub for them is harmless.
    return make_layer(names, stubs, dirs - files)


def _show(calls: Sequence[tuple[object, ...]], limit: int = 6) -> str:
    return (
        "["
        + ", ".join(" ".join(c[0]) for c in calls[:limit])
        + (  # type: ignore[arg-type]
            ", ..." if len(calls) > limit else ""
        )
        + "]"
    )


def _differ(a: Result, b: Result, allowed: Allowed) -> str | None:
    na, nb = allowed.normal(a.calls), allowed.normal(b.calls)
    if na != nb:
        i = next(
            (i for i, (x, y) in enumerate(zip(na, nb, strict=False)) if x != y),
            min(len(na), len(nb)),
        )
        what = "commands differ"
        if i < len(na) and i < len(nb) and na[i][0] == nb[i][0]:
            what = "same command, other cwd or environment"
        return (
            f"{what} at call {i + 1}: original {_show(na[i:])} "
            f"(fails: {a.failed}), rewritten {_show(nb[i:])} (fails: {b.failed})"
        )
    if a.failed != b.failed:
        said = {True: "fails", False: "succeeds"}
        return f"same commands, but the original {said[a.failed]}, the rewritten {said[b.failed]}"
    if a.files != b.files:
        only_a = sorted(set(a.files) - set(b.files))[:3]
        only_b = sorted(set(b.files) - set(a.files))[:3]
        return f"same commands, other files written: original {only_a}, rewritten {only_b}"
    return None


def _targets(res: Result, allowed: Allowed) -> list[tuple[str, int]]:
    seen: dict[str, int] = {}
    out = []
    for c in res.calls:
        n = seen.get(c.key, 0)
        seen[c.key] = n + 1
        if not allowed.is_cleanup(c):
            out.append((c.key, n))
    return out


def prove_window(w: Window, allowed: Allowed) -> Verdict:
    """Execute one window (see the module doc)."""
    v = Verdict()
    shells = {variants(s.state) for s in w.original + w.rewritten if s.script is not None}
    if None in shells:
        v.skipped.append(f"line {w.line}: a SHELL that is not sh or bash")
        return v
    common = set.intersection(*(set(x) for x in shells if x)) if shells else {"dash"}
    order = [x for x in ("dash", "bash") if x in common] or ["bash"]
    layer = _layer_for(w.original + w.rewritten)
    try:
        base: list[Scenario] = []
        for sh in order:
            base.append(Scenario(tuple(run_spec(s, sh) for s in w.original)))
            base.append(Scenario(tuple(run_spec(s, sh) for s in w.rewritten)))
        res = run_scenarios(base, layer)
        v.windows, v.scenarios = 1, len(base)
        plan: list[tuple[str, int, tuple[str, int]]] = []
        more: list[Scenario] = []
        for i, sh in enumerate(order):
            ro, rn = res[2 * i], res[2 * i + 1]
            diff = _differ(ro, rn, allowed)
            if diff:
                v.proven = False
                v.disagreement = f"line {w.line}, {sh}, no fault: {diff}"
                return v
            to, tn = _targets(ro, allowed), _targets(rn, allowed)
            for k, (a, b) in enumerate(zip(to[:MAX_K], tn[:MAX_K], strict=False)):
                plan.append((sh, k, a))
                more.append(Scenario(base[2 * i].runs, a))
                more.append(Scenario(base[2 * i + 1].runs, b))
        res = run_scenarios(more, layer)
        v.scenarios += len(more)
        for n, (sh, k, a) in enumerate(plan):
            diff = _differ(res[2 * n], res[2 * n + 1], allowed)
            if diff:
                argv = " ".join(a[0].split("\x1f")[1:-1])
                v.proven = False
                v.disagreement = f"line {w.line}, {sh}, call {k + 1} ({argv}) fails: {diff}"
                return v
    finally:
        shutil.rmtree(layer, ignore_errors=True)
    return v


_cache: dict[tuple[object, ...], Verdict] = {}


def window_key(w: Window, allowed: Allowed) -> tuple[object, ...]:
    """Windows with equal keys run the same scenarios (to prove each only once)."""
    return (
        tuple((s.state, s.script, s.argv) for s in w.original),
        tuple((s.state, s.script, s.argv) for s in w.rewritten),
        allowed,
    )


def prove(original: str, rewritten: str, allowed: Allowed = EXACT) -> Verdict:
    """Execute every window where ``rewritten`` differs from ``original``."""
    total = Verdict()
    for w in windows(original, rewritten):
        if w.reason:
            total.skipped.append(f"line {w.line}: {w.reason}")
            continue
        key = window_key(w, allowed)
        if key not in _cache:
            _cache[key] = prove_window(w, allowed)
        total.add(_cache[key])
    return total


def prove_merge(original: str, rewritten: str) -> Verdict:
    """A merge must run exactly the same commands, for every fault."""
    return prove(original, rewritten, EXACT)


def prove_addition(
    original: str,
    rewritten: str,
    allowed_extra_commands: Iterable[Sequence[str]] = (),
    allowed_flags: Iterable[str] = (),
) -> Verdict:
    """A cleanup/flag rule may add only its cleanup commands and flags."""
    return prove(
        original,
        rewritten,
        Allowed(tuple(tuple(c) for c in allowed_extra_commands), frozenset(allowed_flags)),
    )
