"""The README's two set-up commands are what CI runs."""

from __future__ import annotations

import re

from conftest import ROOT


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    setup = text.split("## Set up and try it", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)\n```", setup, re.S)


def test_readme_has_exactly_two_setup_commands() -> None:
    commands = readme_commands()
    assert len(commands) == 2
    assert all("\n" not in c for c in commands)


def test_ci_runs_the_readme_commands() -> None:
    ci_lines = (ROOT / ".ci" / "run").read_text().splitlines()
    for command in readme_commands():
        assert command in ci_lines


def test_readme_lists_every_rule_with_its_applicability() -> None:
    from optimizer.lint.rules import all_rules
    from optimizer.lint.rules.base import fix_label

    text = (ROOT / "README.md").read_text()
    for rule in all_rules():
        assert f"| [{rule.code}](docs/rules/{rule.code}.md) | {rule.name}" in text
        row = next(line for line in text.splitlines() if line.startswith(f"| [{rule.code}]"))
        assert f"| {fix_label(rule)} |" in row


def test_the_walk_through_shows_what_dopt_prints() -> None:
    """Each ``$ dopt …`` block of the README's walk-through is run on examples/ and compared
    byte for byte (stdout, then stderr), so the figures it quotes stay true.
    ``DOPT_UPDATE_GOLDEN=1`` rewrites the blocks with what dopt prints now."""
    import os
    import shlex

    from clirun import dopt

    readme = ROOT / "README.md"
    text = readme.read_text()
    head, rest = text.split("<!-- walkthrough:start -->", 1)
    walk, tail = rest.split("<!-- walkthrough:end -->", 1)
    block = re.compile(r"```console\n\$ dopt (.*?)\n(.*?)```", re.S)
    assert len(block.findall(walk)) == 4

    def printed(match: re.Match[str]) -> str:
        res = dopt(*shlex.split(match.group(1)), cwd=ROOT)
        return f"```console\n$ dopt {match.group(1)}\n{res.out}{res.err}```"

    now = block.sub(printed, walk)
    if os.environ.get("DOPT_UPDATE_GOLDEN", "") not in ("", "0"):
        readme.write_text(f"{head}<!-- walkthrough:start -->{now}<!-- walkthrough:end -->{tail}")
    assert now == walk
