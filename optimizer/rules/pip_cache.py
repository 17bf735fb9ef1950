"""Placeholder until the rule lands."""

from __future__ import annotations

from collections.abc import Iterator

from optimizer.rules.base import Context, Finding, Rule


class _Pending(Rule):
    code = "DOP901"
    name = "pip_cache"
    summary = "pending"
    why = "pending"
    bad = ""
    good = ""
    fix = "none"

    def check(self, ctx: Context) -> Iterator[Finding]:
        return iter(())


RULE = _Pending()
