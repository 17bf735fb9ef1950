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

from optimizer.analysis import package_managers as pm
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
    # DOP109: installs of one manager with the same options, one after the other (repeated
    # updates of it between them aside), count as the one install of all their packages.
    consolidates: bool = False

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
        out = [
            (_package_order(tuple(a for a in c.argv if a not in self.flags)), c.cwd, c.env)
            for c in calls
            if not self.is_cleanup(c)
        ]
        return _consolidated(out) if self.consolidates else out

    def __or__(self, other: Allowed) -> Allowed:
        return Allowed(
            self.commands + other.commands,
            self.flags | other.flags,
            self.consolidates or other.consolidates,
        )


def _package_call(argv: tuple[str, ...]) -> tuple[str, tuple[str, ...], tuple[str, ...]] | None:
    """("install" or "update", the call without its packages, its packages) of a package
    manager call, from the table of managers; None for any other call."""
    if not argv:
        return None
    prefix: tuple[str, ...] = ()
    if argv[0].rsplit("/", 1)[-1] == "sudo" and len(argv) > 1 and argv[1][:1] != "-":
        prefix, argv = argv[:1], argv[1:]  # DOP109 reads through a plain `sudo` too
    found = pm.by_command(argv[0].rsplit("/", 1)[-1])
    if found is None:
        return None
    manager = found[0]
    words = [a for a in argv[1:] if not a.startswith("-")]
    if not words:
        return None
    action = words[0]
    options = tuple(sorted(a for a in argv[1:] if a.startswith("-")))
    head = (*prefix, argv[0], action, *options)
    if action in manager.install and len(words) > 1:
        # A package named twice is installed once (DOP109 drops the repeat).
        return "install", head, tuple(dict.fromkeys(words[1:]))
    if action in manager.update and len(words) == 1:
        return "update", head, ()
    return None


def _consolidated(calls: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    """The calls with each run of installs of one manager and options (updates of it
    repeated between them dropped) as one install of their packages (duplicates dropped)."""
    return _consolidated_map(calls)[0]


def _consolidated_map(
    calls: list[tuple[object, ...]],
) -> tuple[list[tuple[object, ...]], list[int]]:
    """``_consolidated`` and, for each call, the index of the call it became (-1: a
    repeated update that was dropped)."""
    out: list[tuple[object, ...]] = []
    where: list[int] = []
    run_start = 0  # where the current run of package calls began in ``out``
    for argv, cwd, env in calls:
        assert isinstance(argv, tuple)
        found = _package_call(argv)
        if found is None:
            where.append(len(out))
            out.append((argv, cwd, env))
            run_start = len(out)
            continue
        kind, head, packages = found
        merged = False
        for k in range(len(out) - 1, run_start - 1, -1):
            other = out[k]
            prior = _package_call(other[0])  # type: ignore[arg-type]
            if prior is None or other[1:] != (cwd, env):
                break
            if kind == "update" and prior == found:
                merged = True  # a repeated update within the run: the one install needs one
                where.append(-1)  # gone: no call of the rewritten RUN stands for it
                break
            if kind == "install" and prior[0] == "install" and prior[1] == head:
                union = prior[2] + tuple(p for p in packages if p not in prior[2])
                out[k] = ((*head, *sorted(union)), cwd, env)
                merged = True
                where.append(k)
                break
        if not merged:
            where.append(len(out))
            out.append(((*head, *sorted(packages)) if kind == "install" else argv, cwd, env))
    return out, where


def _paired_targets(
    ro: Result, rn: Result, allowed: Allowed
) -> list[tuple[tuple[str, int], tuple[str, int]]]:
    """Which call of the rewritten RUNs fails when a given call of the original does.  By
    position, but where installs were consolidated, by the one install each became: the
    original failing in its second install is the rewritten failing in the one install.  A
    repeated update the rewritten RUN no longer runs cannot fail there: it is not paired
    (the consolidation's equivalence is the same installs and other commands, in order)."""
    to, tn = _targets(ro, allowed), _targets(rn, allowed)
    if not allowed.consolidates:
        return list(zip(to, tn, strict=False))

    def normal_index(res: Result) -> list[int]:
        kept = [c for c in res.calls if not allowed.is_cleanup(c)]
        plain = [
            (_package_order(tuple(a for a in c.argv if a not in allowed.flags)), c.cwd, c.env)
            for c in kept
        ]
        return _consolidated_map(plain)[1]

    first: dict[int, tuple[str, int]] = {}
    for target, index in zip(tn, normal_index(rn), strict=True):
        first.setdefault(index, target)
    return [
        (target, first[index])
        for target, index in zip(to, normal_index(ro), strict=True)
        if index in first
    ]


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


def _without_packages(calls: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    out = []
    for argv, *rest in calls:
        found = _package_call(argv)  # type: ignore[arg-type]
        out.append((found[1] if found is not None and found[0] == "install" else argv, *rest))
    return out


def _differ(a: Result, b: Result, allowed: Allowed, faulted: bool = False) -> str | None:
    na, nb = allowed.normal(a.calls), allowed.normal(b.calls)
    if faulted and allowed.consolidates:
        if a.failed and b.failed:
            # Both RUNs fail, so the build stops at them either way and no layer is made:
            # the one install fails before the commands the first of two installs let run.
            return None
        # With a fault, the one install stops where either of the two would have: the
        # packages are compared on the run without faults, the flow here.
        na, nb = _without_packages(na), _without_packages(nb)
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
            for k, (a, b) in enumerate(_paired_targets(ro, rn, allowed)[:MAX_K]):
                plan.append((sh, k, a))
                more.append(Scenario(base[2 * i].runs, a))
                more.append(Scenario(base[2 * i + 1].runs, b))
        res = run_scenarios(more, layer)
        v.scenarios += len(more)
        for n, (sh, k, a) in enumerate(plan):
            diff = _differ(res[2 * n], res[2 * n + 1], allowed, faulted=True)
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
