"""Where a rule's documentation page is: one URL pattern for every output that links to it
(JSON ``url``, SARIF ``helpUri``, rdjson ``code.url``, the language server)."""

from __future__ import annotations

HOME_URL = "https://github.com/dopt-dev/dopt"
RULE_DOCS_URL = HOME_URL + "/blob/main/docs/rules/{code}.md"


def rule_url(code: str) -> str:
    """The documentation page of the rule ``code`` (docs/rules/CODE.md in the repository)."""
    return RULE_DOCS_URL.format(code=code)
