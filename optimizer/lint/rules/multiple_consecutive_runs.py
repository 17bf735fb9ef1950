"""DOP101: adjacent RUN instructions that can be one."""

from __future__ import annotations

import re
from collections.abc import Iterator

from optimizer.analysis import package_managers, volatility
from optimizer.analysis.shell.facts import ShellScript
from optimizer.analysis.stages import State, is_posix_shell
from optimizer.format.style import newline_style
from optimizer.lint.rewrite import (
    LineStyle,
    header_words_end,
    join_operator,
    line_style,
    new_line_style,
    raw_args,
)
from optimizer.lint.rules.base import (
    MERGE,
    SAFE,
    Context,
    Edit,
    Finding,
    Fix,
    FixAvailability,
    Rule,
)
from optimizer.lint.rules.common import analyze_run
from optimizer.lint.suppressions import is_keep
from optimizer.regexes import rx
from optimizer.syntax import cst

# Pragmas a merge must not swallow: they apply to the instruction below them.
_PRAGMA_RE = rx(r"#\s*(?:dopt\s*:|hadolint\b)", re.IGNORECASE)
# After a part that stands alone: stop with its status if it failed (POSIX: `$?` in the
# case body is still the part's status).
_CHECK = "case $? in 0) ;; *) exit $? ;; esac"
# A top-level item that is a compound command (errexit is ignored inside it left of &&).
_COMPOUND_RE = rx(r"(?:(?:if|for|while|until|case|select|function)(?=[ \t;(]|\Z)|[({!]|\w+\s*\(\))")
# `!` where a command starts (not `[ ! -d x ]`, where it is an argument).
_NEGATION_RE = rx(r"(?:^|[;&|({]|\b(?:then|do|else|elif|if|while|until))\s*!\s")
_VERSION_RE = rx(r"[=<>!~@\[;].*")
_BIN_DIR_RE = rx(r"/(?:usr/)?(?:local/)?s?bin/[^/]+$")


class RunMerge(Rule):
    code = "DOP101"
    fix_phase = MERGE
    name = "multiple-consecutive-runs"
    summary = "Adjacent RUN instructions can be merged into one"
    why = (
        "Each RUN adds a layer. Files a RUN writes stay in its layer even if a later RUN deletes "
        "them, so a cleanup only saves space in the same RUN that made the files. Merging adjacent "
        "RUNs gives fewer layers and lets cleanups work."
    )
    bad = "FROM debian:bookworm\nRUN apt-get update\nRUN apt-get install -y curl\n"
    good = "FROM debian:bookworm\nRUN apt-get update && \\\n    apt-get install -y curl\n"
    fix_availability = FixAvailability.SOMETIMES
    fix_safety = (
        "dopt merges only where it can show the result runs the same: both shell form in a POSIX "
        "shell, the same flags, no heredocs, no background jobs; if the first changes shell state "
        "(cd, export, set, read, a for loop...) or may exit early, it runs in a subshell `( ... "
        ")`. The shells ignore `set -e` in anything left of `&&`, a subshell too, so a part where "
        "errexit may be on stands alone, followed by a check of its status (`case $? in 0) ;; *) "
        "exit $? ;; esac`); a part that runs a command an earlier part installed starts with `hash "
        "-r`. It never merges across a `# dopt:` or `# hadolint` comment, under a login or "
        "interactive SHELL or with BASH_ENV/ENV set, after a RUN that replaces /bin/sh, nor RUNs "
        "with a tmpfs or read-write bind mount (each RUN gets a fresh one). It does not merge "
        "steps whose inputs change at different rates (that would cost cache hits; keeping them "
        "apart is right, so it is not reported), nor in build stages whose layers do not reach the "
        "final image unless the merge deletes files (set merge-build-stages to merge there too)."
    )
    references = (
        "https://docs.docker.com/build/building/best-practices/#run",
        "https://docs.docker.com/get-started/docker-concepts/building-images/understanding-image-layers/",
        "https://github.com/hadolint/hadolint/wiki/DL3059",
    )
    hadolint = ("DL3059",)

    def check(self, ctx: Context) -> Iterator[Finding]:
        # A run of RUNs that merge pairwise becomes one RUN in one fix, so that only the
        # parts that need a subshell get one: `( cd /a && x ) && y && ( cd /b && z ) && w`.
        chain: list[int] = []
        previous: int | None = None
        between: list[int] = []
        for index, item in enumerate(ctx.items):
            if not isinstance(item, cst.Instruction):
                between.append(index)
                continue
            verdict: Finding | bool | None = None
            if previous is not None and item.keyword == "RUN":
                if ctx.instruction(previous).keyword == "RUN":
                    verdict = self._pair(ctx, previous, index, between)
            if verdict is True:
                chain = chain or [previous]  # type: ignore[list-item]
                chain.append(index)
            else:
                yield from self._chain_findings(ctx, chain)
                chain = []
                if isinstance(verdict, Finding):
                    yield verdict
            previous, between = index, []
        yield from self._chain_findings(ctx, chain)

    def _chain_findings(self, ctx: Context, chain: list[int]) -> Iterator[Finding]:
        if len(chain) < 2:
            return
        runs = list(chain)
        fix = Fix(
            SAFE,
            (Edit.later(runs[0], runs[-1] + 1, lambda: _merged(ctx, runs)),),
            f"merge {len(chain)} RUNs into one",
        )
        for j in chain[1:]:
            yield ctx.finding(self, j, "RUN can be merged with the RUN above", fix)

    def _pair(self, ctx: Context, i: int, j: int, between: list[int]) -> Finding | bool | None:
        """True if the RUN at ``j`` can merge into the one at ``i``; else a finding saying
        why not, or None when there is nothing to say."""
        a, b = ctx.instruction(i), ctx.instruction(j)

        def blocked(reason: str) -> Finding:
            return ctx.finding(self, j, f"RUN could merge with the RUN above, but {reason}")

        comments = [c for k in between if isinstance(c := ctx.items[k], cst.Comment)]
        if any(is_keep(c) for c in comments):
            return None
        # A RUN where DOP101 is suppressed stays as it is: merged neither way.  (Each query
        # that answers yes counts its pragma as used, so DOP001 never removes one that keeps
        # a RUN apart.)
        if ctx.suppressed(self.code, j):
            return blocked(f"{self.code} is suppressed here")  # lint drops it
        if ctx.suppressed(self.code, i):
            return None
        # A `# dopt:`/`# hadolint` comment between them would sit inside the merged RUN,
        # where it no longer applies.  Not reported: writing a suppression must never bring
        # a new finding.
        if any(_PRAGMA_RE.match(c.text.strip()) for c in comments):
            return None
        if a.is_json or b.is_json:
            return blocked("exec-form (JSON) RUNs are never merged")
        if a.markers or b.markers:
            return blocked("heredoc RUNs are never merged")
        if a.flags != b.flags:
            return blocked("their flags differ")
        if ctx.windows:
            return blocked("this file uses the Windows escape character")
        if not is_posix_shell(ctx.state(j).shell):
            return blocked("a SHELL instruction sets a shell that is not POSIX sh or bash")
        if ctx.state(i) != ctx.state(j):
            return blocked("the build state changes between them")
        state = ctx.state(j)
        if _login_or_interactive(state.shell):
            return blocked(
                "the SHELL starts a login or interactive shell, which reads its profile "
                "files before each RUN"
            )
        startup = [v for v in ("BASH_ENV", "ENV") if v in state.env]
        if startup:
            return blocked(
                f"{startup[0]} is set: the shell runs that file before each RUN, and once "
                "for a merged one"
            )
        fresh = _fresh_mount(a.flags)
        if fresh:
            return blocked(f"each RUN gets a fresh {fresh}: the second would see the first's files")
        ra, rb = analyze_run(a), analyze_run(b)
        assert ra is not None and rb is not None
        (_, sa), (_, sb) = ra, rb
        for label, s in (("the first", sa), ("the second", sb)):
            if not s.ok:
                return blocked(f"{label} RUN's shell could not be parsed")
            if s.background:
                return blocked(f"{label} RUN starts a background job (&)")
            if s.comment:
                return blocked(f"{label} RUN contains a shell comment (#)")
        relinked = _touches_shell(sa, state.shell)
        if relinked:
            return blocked(
                f"the first RUN changes {relinked}, the shell that runs the next RUN "
                "(merged, the old shell would run it)"
            )
        rank_a, rank_b = volatility.run_rank(sa), volatility.run_rank(sb)
        if rank_a != rank_b:
            return None  # kept apart on purpose (cache hits): dopt agrees, nothing to report
        stage = ctx.stages.stage(j)
        if stage is not None and not stage.in_final_image and not ctx.merge_build_stages:
            if not _deletes_what_first_made(sa, sb):
                return None  # layers of build stages cost nothing in the final image
        return True


def _merged(ctx: Context, chain: list[int]) -> str:
    """One RUN doing what the RUNs of ``chain`` did, one after the other.

    A part that changes shell state or may exit early runs in a subshell (unless it is the
    last).  Parts are joined with `&&`, except after a part where errexit may be on and
    that is not a plain `&&` chain of simple commands: the shells ignore errexit in
    anything left of `&&` (a subshell too), so such a part stands alone and its status is
    checked after it (`; case $? in 0) ;; *) exit $? ;; esac;`; just `;` when the SHELL
    has -e and errexit stops the shell wherever the part's own RUN would have ended
    failing: a subshell, or `;`-separated commands).  A later part after `&&` whose top
    level is not a plain `&&` chain is grouped in braces, so a failure before it still stops the
    RUN.  A part that runs a command an earlier part installed, which the shell may have
    remembered at its old path, starts with `hash -r`.
    """
    nl = newline_style(ctx.tree)
    first = ctx.instruction(chain[0])
    lines = _merged_line_style(ctx, chain)
    state = ctx.state(chain[0])
    shell_e = _shell_errexit(state.shell)
    # The first RUN's keyword and flags as written; each part keeps its own lines.
    text = first.code[: header_words_end(first)] + " "
    sep = ""
    hashed: set[str] = set()  # commands the merged RUN's own shell has looked up
    installed: set[str] = set()  # commands earlier parts may have installed
    for n, index in enumerate(chain):
        inst = ctx.instruction(index)
        run = analyze_run(inst)
        assert run is not None
        script = run[1]
        part = raw_args(inst)
        last = n == len(chain) - 1
        names = {c.name for c in script.commands if c.name}
        if n and names & hashed & installed:
            part = "hash -r && " + part
        wrap = not last and bool(script.leaks or script.early_exit)
        if wrap:
            part = "( " + part + " )"
        elif sep == "&&" and not _plain_and_chain(script):
            part = "{ " + part + "; }"
        if n:
            joint = join_operator(first.escape, nl, lines, "&&" if sep == "&&" else "")
            comments = "".join(
                (item.indent or lines.indent) + item.text.rstrip() + nl
                for k in range(chain[n - 1] + 1, index)
                if isinstance(item := ctx.items[k], cst.Comment)
            )
            if comments:
                # They stood between the RUNs: now comment lines inside the continuation,
                # at the column they were written at.
                cut = joint.index(nl) + len(nl)
                joint = joint[:cut] + comments + joint[cut:]
            text += joint
        text += part
        if not wrap:
            hashed |= names
        installed |= _installed_names(script)
        alone = sep != "&&"  # the part starts a list of its own (first, or after `;`)
        sep = "&&"
        if not last and _errexit_possible(script, state, shell_e):
            if wrap or not _simple_and_chain(script):
                # A SHELL with -e stops the RUN wherever the part's own RUN stopped if the
                # part is a list of its own made of `;`-separated commands (or a subshell).
                # Otherwise errexit may ignore a failure its RUN ended with (all but the last
                # command of `a && b`, `! a`), so the status is checked: the RUN ends with
                # it, as the part's own RUN did.
                stops = wrap or _errexit_stops_each(script)
                text += ";" if shell_e and alone and stops else "; " + _CHECK + ";"
                sep = ";"
    return text + (ctx.instruction(chain[-1]).newline or nl)


def _merged_line_style(ctx: Context, chain: list[int]) -> LineStyle:
    """How the merged RUN's new lines are written: as the parts' own continuation lines
    (the first part that spans lines), else in the formatter's style."""
    for index in chain:
        found = line_style(ctx.instruction(index))
        if found is not None:
            return found
    return new_line_style(ctx.style)


def _login_or_interactive(shell: tuple[str, ...]) -> bool:
    for flag in shell[1:-1]:
        if flag in ("--login", "-l", "-i", "--interactive"):
            return True
        if flag.startswith("-") and not flag.startswith("--") and set(flag[1:]) & {"l", "i"}:
            return True
    return False


def _shell_errexit(shell: tuple[str, ...]) -> bool:
    """Does the SHELL itself switch errexit on (`-e`, `-eux`, `-o errexit`)?"""
    flags = shell[1:-1]
    for k, flag in enumerate(flags):
        if flag.startswith("-") and not flag.startswith("--") and "e" in flag[1:]:
            if not flag[1:].startswith("o") or k + 1 >= len(flags):
                return True
        if flag == "-o" and k + 1 < len(flags) and flags[k + 1] == "errexit":
            return True
    return False


def _errexit_possible(script: ShellScript, state: State, shell_e: bool) -> bool:
    """May errexit be on while this part runs? From the SHELL, from SHELLOPTS in the
    environment (bash reads it), or from the part itself (`set`, or code it cannot see:
    eval, source)."""
    if shell_e or "SHELLOPTS" in state.env:
        return True
    return any(c.name in ("set", "eval", "source", ".") for c in script.commands)


def _plain_and_chain(script: ShellScript) -> bool:
    return script.chain is not None and all(op in ("&&", "") for _, op in script.chain)


def _simple_and_chain(script: ShellScript) -> bool:
    """A plain `&&` chain of simple commands: errexit inside changes nothing there."""
    return _plain_and_chain(script) and not any(
        _COMPOUND_RE.match(text) for text, _ in script.chain or ()
    )


def _errexit_stops_each(script: ShellScript) -> bool:
    """Top-level commands joined by `;` only, with no `&&`, `||` or negation anywhere:
    under errexit a failure that ended the part's own RUN then stops the shell too.  (A
    command left of `&&` or `||` or after `!` fails with errexit ignored, and a compound
    holding one, `if x; then a && b; fi`, then fails without stopping the shell.)"""
    return script.chain is not None and all(
        op in (";", "") and "&&" not in text and "||" not in text and not _NEGATION_RE.search(text)
        for text, op in script.chain
    )


def _installed_names(script: ShellScript) -> set[str]:
    """Command names a part may install (or replace at another path)."""
    out: set[str] = set()
    for op in script.package_ops:
        m = package_managers.manager(op.manager)
        installs = m is not None and op.action in m.install | m.upgrade
        if installs or op.action.startswith("-"):
            for pkg in op.packages:
                name = _VERSION_RE.sub("", pkg.rsplit("/", 1)[-1]).lower()
                out.add(name)
                if name == "pip":
                    out.update({"pip3", "pip2"})
            if op.manager in ("pip", "npm", "gem"):
                out.add(op.manager)  # `gem update --system`, `npm i -g npm`: itself too
    for path in script.paths_written:
        if _BIN_DIR_RE.search(path):
            out.add(path.rsplit("/", 1)[-1])
    for c in script.commands:
        if c.name in ("ln", "cp", "mv", "install") and len(c.argv) > 1:
            dest = c.argv[-1].literal or ""
            if _BIN_DIR_RE.search(dest):
                out.add(dest.rsplit("/", 1)[-1])
    return out


def _touches_shell(script: ShellScript, shell: tuple[str, ...]) -> str | None:
    """The shell binary this part may replace (`ln -sf bash /bin/sh`...), if any."""
    targets = {shell[0], "/bin/sh", "/usr/bin/sh"}
    base = shell[0].rsplit("/", 1)[-1]
    targets |= {"/bin/" + base, "/usr/bin/" + base}
    for c in script.commands:
        words = [w.literal or w.text for w in c.argv]
        if c.name == "dpkg-reconfigure" and any(w.endswith("dash") for w in words[1:]):
            return "/bin/sh"
        if c.name in ("ln", "cp", "mv", "rm", "install", "update-alternatives", "dpkg-divert"):
            hit = next((w for w in words[1:] if w in targets), None)
            if hit:
                return hit
    return None


def _fresh_mount(flags: tuple[str, ...]) -> str | None:
    """A --mount every RUN gets afresh (tmpfs; a read-write bind mount's writes are dropped)."""
    for flag in flags:
        if not flag.startswith("--mount="):
            continue
        opts: dict[str, str] = {}
        for part in flag[len("--mount=") :].split(","):
            key, sep, value = part.partition("=")
            opts[key.strip().lower()] = value.strip().lower() if sep else "true"
        kind = opts.get("type", "bind")
        if kind == "tmpfs":
            return "--mount=type=tmpfs"
        rw = opts.get("rw", opts.get("readwrite", "false"))
        if kind == "bind" and rw in ("true", "1", ""):
            return "read-write bind mount"
    return None


def _deletes_what_first_made(first: ShellScript, second: ShellScript) -> bool:
    removed = second.paths_removed + tuple(
        w.text for c in second.commands if c.name == "rm" for w in c.argv[1:]
    )
    made = first.paths_written
    # The package index an update fetched (apt's lists, apk's indexes...).
    fetched = tuple(
        folder
        for op in first.package_ops
        if (m := package_managers.manager(op.manager)) is not None and op.action in m.update
        for folder in (m.index or m.cache).folders
    )
    for path in removed:
        if fetched and path.startswith(fetched):
            return True
        if any(path == m or m.startswith(path.rstrip("*").rstrip("/") + "/") for m in made):
            return True
    return False


RULE = RunMerge()
