"""The rule registry: every rule, by code."""

from __future__ import annotations

from optimizer.lint.rules.base import Rule


def all_rules() -> list[Rule]:
    from optimizer.lint.rules import (
        add_to_copy,
        add_url_without_checksum,
        alpine_musl,
        apk_cache,
        apt_cli,
        apt_lists,
        apt_upgrade,
        apt_yes,
        base_image_slim_variant,
        base_image_untagged_or_latest,
        copy_from_unknown_stage,
        js_cache,
        maintainer,
        no_install_recommends,
        pip_cache,
        pipe_to_shell,
        reorder,
        rpm_cache,
        run_merge,
        runs_as_root,
        single_stage_build,
        standalone_cleanup,
        unused_build_stage,
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
        runs_as_root,
        pipe_to_shell,
        add_url_without_checksum,
        base_image_untagged_or_latest,
        base_image_slim_variant,
        alpine_musl,
        single_stage_build,
        copy_from_unknown_stage,
        unused_build_stage,
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
