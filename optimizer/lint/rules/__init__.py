"""The rule registry: every rule, by code."""

from __future__ import annotations

from optimizer.lint.rules.base import Rule


def all_rules() -> list[Rule]:
    from optimizer.lint.rules import (
        add_to_copy,
        apk_cache,
        apt_cli,
        apt_lists,
        apt_upgrade,
        apt_yes,
        js_cache,
        maintainer,
        no_install_recommends,
        pip_cache,
        reorder,
        rpm_cache,
        run_merge,
        secret_deleted_later,
        secret_file_copied,
        secret_in_env_or_arg,
        secret_value_literal,
        standalone_cleanup,
        unused_suppression,
        zypper_cache,
    )

    modules = [
        unused_suppression,
        run_merge,
        apt_lists,
        apk_cache,
        rpm_cache,
        zypper_cache,
        pip_cache,
        js_cache,
        standalone_cleanup,
        reorder,
        no_install_recommends,
        apt_cli,
        apt_yes,
        maintainer,
        add_to_copy,
        apt_upgrade,
        secret_in_env_or_arg,
        secret_value_literal,
        secret_file_copied,
        secret_deleted_later,
    ]
    return [m.RULE for m in modules]


def by_code() -> dict[str, Rule]:
    return {r.code: r for r in all_rules()}


def hadolint_map() -> dict[str, set[str]]:
    """hadolint code -> the dopt codes it suppresses."""
    out: dict[str, set[str]] = {}
    for rule in all_rules():
        for code in rule.hadolint:
            out.setdefault(code, set()).add(rule.code)
    return out
