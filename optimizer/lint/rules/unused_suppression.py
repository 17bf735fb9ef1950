"""DOP001: a ``# dopt:`` suppression that switches nothing off (as ruff's RUF100).

The findings are made by ``lint`` once the other rules have run (only then is it known which
suppressions were needed): see ``optimizer.lint.suppressions``.
"""

from __future__ import annotations

from collections.abc import Iterator

from optimizer.lint.rules.base import SAFE, Context, Edit, Finding, Fix, FixAvailability, Rule
from optimizer.lint.rules.common import no_fix
from optimizer.lint.suppressions import UNUSED_CODE, Unused


class UnusedSuppression(Rule):
    code = UNUSED_CODE
    name = "unused-suppression"
    summary = "A `# dopt: ignore=` comment that switches nothing off, or names no rule"
    why = (
        "A suppression outlives the problem it was written for: once the instruction below "
        "changes, it silently hides the next finding there, and a misspelt code never hid "
        "anything. dopt runs the rules a suppression names (even those not selected) and reports "
        "each code that switched nothing off, each unknown code, and each `# dopt:` comment it "
        "cannot read."
    )
    bad = "FROM debian\n# dopt: ignore=DOP304\nRUN echo hi\n"
    good = "FROM debian\nRUN echo hi\n"
    fix_availability = FixAvailability.ALWAYS
    fix_safety = (
        "The fix removes those codes from the comment, or the comment when none is left. "
        "hadolint's own comments are not judged. It is safe: a suppression that switches nothing "
        "off changes no finding, and comment lines do not change the image."
    )
    references = ("https://docs.astral.sh/ruff/rules/unused-noqa/",)

    def check(self, ctx: Context) -> Iterator[Finding]:
        return iter(())  # see findings(): it needs the other rules' results

    def findings(self, ctx: Context, unused: list[Unused]) -> list[Finding]:
        out = []
        for u in unused:
            if u.new_text is None:
                message = no_fix(
                    "unrecognised `# dopt:` comment (known: ignore=CODES, ignore-file, off, on, "
                    "skip, keep)",
                    "dopt cannot tell what it was meant to say",
                )
                out.append(ctx.finding(self, u.item, message))
                continue
            parts = []
            if u.unused:
                codes = ", ".join("all" if c == "ALL" else c for c in u.unused)
                parts.append(f"unused suppression of {codes} (nothing to switch off here)")
            if u.unknown:
                s = "s" if len(u.unknown) > 1 else ""
                parts.append(f"unknown code{s} {', '.join(u.unknown)} (no such rule)")
            item = ctx.items[u.item]
            text = "" if not u.new_text else item.indent + u.new_text + item.newline
            what = "remove the comment" if not u.new_text else "remove the unused codes"
            fix = Fix(SAFE, (Edit(u.item, u.item + 1, text),), what, edits_comments=True)
            out.append(ctx.finding(self, u.item, "; ".join(parts), fix))
        return out


RULE = UnusedSuppression()
