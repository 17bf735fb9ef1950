"""The table of package managers (optimizer/analysis/package_managers.py): its invariants, and
that no other module restates a cache folder it holds."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from optimizer.analysis import package_managers as pm
from optimizer.analysis.shell.script import analyze
from optimizer.lint.rules import all_rules, standalone_cleanup
from optimizer.lint.rules.cache_cleanup import CacheCleanupRule

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "optimizer" / "analysis" / "package_managers.py"


def test_every_command_name_belongs_to_one_manager() -> None:
    seen: dict[str, str] = {}
    for m in pm.MANAGERS:
        for name in (*m.commands, *m.aliases):
            assert name not in seen, f"{name} is both {seen[name]} and {m.name}"
            seen[name] = m.name
    names = [m.name for m in pm.MANAGERS]
    assert len(names) == len(set(names))
    for m in pm.MANAGERS:  # a versioned alias never shadows another manager's command
        if m.alias_pattern:
            pattern = re.compile(m.alias_pattern + r"\Z")
            clash = [n for n, owner in seen.items() if owner != m.name and pattern.match(n)]
            assert not clash, (m.name, clash)
    modules = [m.python_module for m in pm.MANAGERS if m.python_module]
    assert len(modules) == len(set(modules))


def test_manager_names_are_command_names_or_aliases() -> None:
    # PackageOp.manager is a command name or the entry's name: both lead back to the entry.
    for m in pm.MANAGERS:
        for name in pm.command_names(m):
            assert pm.manager(name) is m
        for name in (*m.commands, *m.aliases):
            assert pm.by_command(name) is not None and pm.by_command(name)[0] is m  # type: ignore[index]


@pytest.mark.parametrize("m", pm.MANAGERS, ids=lambda m: m.name)
def test_cache_folders_are_absolute_or_home_relative(m: pm.Manager) -> None:
    assert m.cache.folders, f"{m.name} has no cache folder"
    for cache in m.caches:
        for folder in cache.folders:
            assert folder.startswith("/") and not folder.endswith("/"), folder
            assert "$" not in folder and "~" not in folder, folder
        for path in cache.home:
            assert path.startswith(pm.HOME) and len(path) > len(pm.HOME), path
            # Root's copy of a home cache is among the folders.
            assert "/root/" + pm.home_relative(path) in cache.folders, path
        # A cache mount's target is one of its folders ("": no mount holds it, as gem's).
        assert not cache.mount or cache.mount in cache.folders, cache.mount
        assert cache.cleanup, f"{m.name}: a cache without a cleanup"
        for words in cache.clean:
            assert words and all(w and not w.startswith("-") for w in words), words
    for path in m.config_paths:
        assert path.startswith("/"), path


@pytest.mark.parametrize("m", pm.MANAGERS, ids=lambda m: m.name)
def test_actions_and_options(m: pm.Manager) -> None:
    assert m.commands and m.install, m.name
    for option in m.value_options:
        assert option.startswith("-") and "=" not in option, option
    assert not m.flags & m.value_options, m.name
    assert not m.sorted_install or m.sorted_install in m.install, m.name
    if m.bare:
        assert m.bare in m.install, m.name
    for cache in m.caches:
        assert not cache.option or cache.option in m.value_options, cache.option


@pytest.mark.parametrize("m", pm.MANAGERS, ids=lambda m: m.name)
def test_the_shell_analysis_knows_every_manager(m: pm.Manager) -> None:
    action = sorted(m.install)[0]
    for name in (*m.commands, *m.aliases):
        ops = analyze(f"{name} {action} x").package_ops
        assert [(op.manager, op.action) for op in ops] == [(pm.by_command(name)[1], action)]  # type: ignore[index]
    if m.python_module:
        ops = analyze(f"python3 -m {m.python_module} {action} x").package_ops
        assert [op.manager for op in ops] == [m.name]


def _cache_rules() -> list[CacheCleanupRule]:
    out: list[CacheCleanupRule] = []
    for rule in all_rules():
        parts = getattr(rule, "parts", (rule,))
        out.extend(p for p in parts if isinstance(p, CacheCleanupRule))
    return out


def test_every_cache_the_rules_know_is_in_the_table() -> None:
    rules = _cache_rules()
    assert {r.code for r in rules} == {"DOP102", "DOP103", "DOP104", "DOP105", "DOP107"}
    for code in {r.code for r in rules}:
        # The rule's parts are the caches of the managers that name it, and no others.
        managers = pm.cleaned_by(code)
        assert managers, code
        caches = [c for m in managers for c in m.caches]
        assert all(r.cache in caches for r in rules if r.code == code), code
        assert len([r for r in rules if r.code == code]) == len(managers), code
    assert pm.cleaned_by("DOP106") == (pm.PIP,)
    known = pm.command_names(pm.MANAGERS)
    for kind in standalone_cleanup.KINDS:
        assert kind.managers <= known, kind.label
        folders = {f for m in pm.MANAGERS for c in m.caches for f in c.folders}
        assert set(kind.paths) <= folders, kind.label


def _restated(files: list[Path], folders: set[str]) -> list[str]:
    """String literals that are one of the table's cache folders, or a glob of what is in
    one, or an `rm` of one: `"/var/cache/apk"`, `"/var/cache/apk/*"`, `"rm -rf ~/.cache/pip"`.
    Prose (a rule's explanation, a message naming the folder) is not a restatement."""
    hits: list[str] = []
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
                continue
            text = node.value
            words = text.split() if text.startswith("rm ") else [text]
            if any(w.rstrip("*").rstrip("/") in folders for w in words):
                hits.append(f"{path.name}:{node.lineno}: {text!r}")
    return hits


def _table_folders() -> set[str]:
    caches = [c for m in pm.MANAGERS for c in m.caches]
    return {f for c in caches for f in c.folders} | {
        "~/" + pm.home_relative(p) for c in caches for p in c.home
    }


def test_no_module_restates_a_cache_folder_of_the_table() -> None:
    files = [*(ROOT / "optimizer").rglob("*.py"), *(ROOT / "tests" / "execproof").rglob("*.py")]
    assert _restated([f for f in files if f != TABLE], _table_folders()) == []


def test_the_restatement_check_can_fail(tmp_path: Path) -> None:
    module = tmp_path / "rule.py"
    module.write_text(
        'A = "/var/cache/apk/*"\nB = "rm -rf ~/.cache/pip"\nC = "apk indexes (/var/cache/apk)"\n'
    )
    assert _restated([module], _table_folders()) == [
        "rule.py:1: '/var/cache/apk/*'",
        "rule.py:2: 'rm -rf ~/.cache/pip'",
    ]
