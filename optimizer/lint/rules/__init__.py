"""The rule registry: every rule, by code."""

from __future__ import annotations

from optimizer.lint.rules.base import Rule

# The registry, made on first use: every rule is a module's constant, so the tuple never
# changes (``dopt fix`` asks for it a few times each fix round).
_RULES: tuple[Rule, ...] | None = None


def all_rules() -> list[Rule]:
    global _RULES
    if _RULES is None:
        _RULES = _registry()
    return list(_RULES)


def _registry() -> tuple[Rule, ...]:
    from optimizer.lint.rules import (
        add_instead_of_copy,
        add_url_without_checksum,
        alpine_musl,
        apk_cache_not_removed,
        apt_in_run,
        apt_install_recommends,
        apt_install_without_update,
        apt_lists_not_removed,
        apt_without_yes,
        base_image_slim_variant,
        base_image_untagged_or_latest,
        cache_mount_instead_of_cleanup,
        copy_from_unknown_stage,
        dependencies_installed_after_source_copy,
        js_cache_not_cleaned,
        maintainer_deprecated,
        multiple_consecutive_runs,
        package_upgrade_in_run,
        pip_cache_not_disabled,
        pipe_to_shell,
        rpm_cache_not_cleaned,
        runs_as_root,
        secret_deleted_later,
        secret_file_copied,
        secret_in_env_or_arg,
        secret_value_literal,
        single_stage_build,
        split_package_installs,
        standalone_cleanup,
        unused_build_stage,
        unused_suppression,
        volatile_before_stable,
        zypper_cache_not_cleaned,
    )

    modules = [
        unused_suppression,
        multiple_consecutive_runs,
        split_package_installs,
        apt_lists_not_removed,
        apk_cache_not_removed,
        rpm_cache_not_cleaned,
        zypper_cache_not_cleaned,
        pip_cache_not_disabled,
        js_cache_not_cleaned,
        standalone_cleanup,
        volatile_before_stable,
        cache_mount_instead_of_cleanup,
        dependencies_installed_after_source_copy,
        apt_install_recommends,
        apt_in_run,
        apt_without_yes,
        maintainer_deprecated,
        add_instead_of_copy,
        package_upgrade_in_run,
        apt_install_without_update,
        secret_in_env_or_arg,
        secret_value_literal,
        secret_file_copied,
        secret_deleted_later,
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
    return tuple(m.RULE for m in modules)


def by_code() -> dict[str, Rule]:
    return {r.code: r for r in all_rules()}


def hadolint_map() -> dict[str, set[str]]:
    """hadolint code -> the dopt codes it suppresses."""
    out: dict[str, set[str]] = {}
    for rule in all_rules():
        for code in rule.hadolint:
            out.setdefault(code, set()).add(rule.code)
    return out
