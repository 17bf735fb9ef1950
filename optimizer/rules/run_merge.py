"""DOP101: adjacent RUN instructions that can be one."""

from __future__ import annotations

from collections.abc import Iterator

from optimizer import cst
from optimizer.analysis import volatility
from optimizer.analysis.shell import ShellScript
from optimizer.analysis.stages import is_posix_shell
from optimizer.emit import newline_style
from optimizer.rewrite import continuation, head, raw_args, render
from optimizer.rules.base import SAFE, Context, Edit, Finding, Fix, Rule
from optimizer.rules.common import analyze_run
from optimizer.suppress import is_keep


class RunMerge(Rule):
    code = "DOP101"
    name = "multiple-consecutive-runs"
    summary = "Adjacent RUN instructions can be merged into one"
    why = (
        "Each RUN adds a layer. Files a RUN writes stay in its layer even if a later RUN "
        "deletes them, so a cleanup only saves space in the same RUN that made the files. "
        "Merging adjacent RUNs gives fewer layers and lets cleanups work. dopt merges only "
        "where it can show the result runs the same: both shell form in a POSIX shell, the "
        "same flags, no heredocs, no background jobs; if the first changes shell state "
        "(cd, export, set...) or may exit early, it runs in a subshell `( ... )`. It does "
        "not merge steps whose inputs change at different rates (that would cost cache "
        "hits; keeping them apart is right, so it is not reported), nor in build stages "
        "whose layers do not reach the final image unless the "
        "merge deletes files (set merge-build-stages to merge there too)."
    )
    bad = "RUN apt-get update\nRUN apt-get install -y curl\n"
    good = "RUN apt-get update && \\\n    apt-get install -y curl\n"
    fix = "sometimes"
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
        fix = Fix(
            SAFE,
            (Edit(chain[0], chain[-1] + 1, _merged(ctx, chain)),),
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

        comments = [ctx.items[k] for k in between if isinstance(ctx.items[k], cst.Comment)]
        if any(is_keep(c) for c in comments):  # type: ignore[arg-type]
            return None
        # A RUN where DOP101 is suppressed stays as it is: merged neither way.  (Each query
        # that answers yes counts its pragma as used, so DOP001 never removes one that keeps
        # a RUN apart.)
        if ctx.suppressed(self.code, j):
            return blocked(f"{self.code} is suppressed here")  # lint drops it
        if ctx.suppressed(self.code, i):
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
    last); a later part whose top level is not a plain `&&` chain is grouped in braces, so a
    failure before it still stops the RUN.
    """
    nl = newline_style(ctx.tree)
    pad = " " * ctx.style.indent
    first = ctx.instruction(chain[0])
    text = head(first) + " "
    for n, index in enumerate(chain):
        inst = ctx.instruction(index)
        run = analyze_run(inst)
        assert run is not None
        script = run[1]
        part = raw_args(inst)
        last = n == len(chain) - 1
        if not last and (script.leaks or script.early_exit):
            part = "( " + part + " )"
        elif n and (script.chain is None or any(op not in ("&&", "") for _, op in script.chain)):
            part = "{ " + part + "; }"
        if n:
            text += " &&" + continuation(first.escape, nl, pad)
            for k in range(chain[n - 1] + 1, index):
                item = ctx.items[k]
                if isinstance(item, cst.Comment):
                    text += item.text.rstrip() + nl + pad
        text += part
    return render(text + nl, first.escape, nl, ctx.style)


def _deletes_what_first_made(first: ShellScript, second: ShellScript) -> bool:
    removed = second.paths_removed + tuple(
        w.text for c in second.commands if c.name == "rm" for w in c.argv[1:]
    )
    made = first.paths_written
    updates = any(op.action == "update" for op in first.package_ops)
    for path in removed:
        if updates and path.startswith(("/var/lib/apt/lists", "/var/cache/apk")):
            return True
        if any(path == m or m.startswith(path.rstrip("*").rstrip("/") + "/") for m in made):
            return True
    return False


RULE = RunMerge()
