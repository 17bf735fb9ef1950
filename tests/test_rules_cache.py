"""The cache rules DOP103-DOP108 beyond their golden cases: suppression comments, details of
what triggers them, and that fixing is a fixed point whose output parses."""

from __future__ import annotations

from pathlib import Path

import pytest

from optimizer.lint.fixer import fix_text
from optimizer.lint.rules import by_code, hadolint_map
from optimizer.lint.rules.common import run_script
from optimizer.lint.runner import lint
from optimizer.syntax.parser import parse

CODES = ["DOP103", "DOP104", "DOP105", "DOP106", "DOP107", "DOP108"]


def findings(text: str, code: str, path: Path | None = None) -> list[str]:
    return [f"{f.line}: {f.message}" for f in lint(parse(text), path, select=[code])]


def fixed(text: str, code: str, path: Path | None = None) -> str:
    return fix_text(text, path=path, select=[code]).output


def yarn1_context(folder: Path) -> Path:
    """A build context holding a Yarn 1 project; returns the path of its Dockerfile."""
    (folder / "package.json").write_text('{"name": "app", "private": true}\n')
    return folder / "Dockerfile"


# ------------------------------------------------------------------------- registry


def test_rules_are_registered_with_their_hadolint_codes() -> None:
    rules = by_code()
    for code in CODES:
        rule = rules[code]
        assert (
            rule.fix_availability == "sometimes"
            and rule.summary
            and rule.why
            and rule.bad
            and rule.good
        )
    table = hadolint_map()
    assert table["DL3019"] == {"DOP103"}
    assert {"DOP104"} <= table["DL3032"] and {"DOP104"} <= table["DL3040"]
    assert table["DL3036"] == {"DOP105"}
    assert table["DL3042"] == {"DOP106"}
    assert table["DL3060"] == {"DOP107"}


@pytest.mark.parametrize("code", CODES)
def test_bad_example_is_flagged_and_good_is_not(code: str) -> None:
    rule = by_code()[code]
    head = "FROM debian:bookworm\n"
    assert findings(head + rule.bad, code)
    assert findings(head + rule.good, code) == []


# ---------------------------------------------------------------------- suppression

PIP = "FROM python:3.12-slim\n{comment}RUN pip install flask\n"


@pytest.mark.parametrize(
    "comment",
    ["# hadolint ignore=DL3042\n", "# dopt: ignore=DOP106\n", "# hadolint ignore=DL3008,DL3042\n"],
)
def test_suppression_comments(comment: str) -> None:
    text = PIP.format(comment=comment)
    assert findings(text, "DOP106") == []
    assert fixed(text, "DOP106") == text


def test_other_codes_do_not_suppress() -> None:
    text = PIP.format(comment="# hadolint ignore=DL3019\n")
    assert len(findings(text, "DOP106")) == 1


def test_hadolint_code_of_apk_suppresses_dop103() -> None:
    text = "FROM alpine:3.20\n# hadolint ignore=DL3019\nRUN apk add curl\n"
    assert findings(text, "DOP103") == []


# ------------------------------------------------------------------------ DOP103 apk


@pytest.mark.parametrize(
    "run",
    [
        "apk add --no-cache curl",
        "apk --no-cache add curl && apk --no-cache upgrade",
        "apk add --no-network --virtual .rundeps so:libc.so",
        "apk del .build-deps",
        "apk add curl && rm -rf /var/cache/apk/*",
        "apk add curl && rm -rf /var/cache/*",
    ],
)
def test_apk_not_triggered(run: str) -> None:
    assert findings(f"FROM alpine:3.20\nRUN {run}\n", "DOP103") == []


def test_apk_later_update_is_no_need() -> None:
    text = "FROM alpine:3.20\nRUN apk add curl\nRUN apk update && apk add git\n"
    assert fixed(text, "DOP103").count("rm -rf /var/cache/apk/*") == 2


# ------------------------------------------------------------------------ DOP104 rpm


def test_rpm_cleanup_follows_the_first_installer() -> None:
    out = fixed("FROM rockylinux:9\nRUN yum install -y a && dnf install -y b\n", "DOP104")
    assert out.endswith("dnf install -y b && \\\n    yum clean all && rm -rf /var/cache/yum\n")


@pytest.mark.parametrize(
    "run",
    [
        "dnf install -y gcc && dnf clean all",
        "yum install -y gcc && rm -rf /var/cache/yum",
        "microdnf install -y tar && microdnf clean all",
        "dnf clean all",
        "dnf --version",
    ],
)
def test_rpm_not_triggered(run: str) -> None:
    assert findings(f"FROM fedora:40\nRUN {run}\n", "DOP104") == []


# --------------------------------------------------------------------- DOP105 zypper


def test_zypper_refresh_alone_is_left_alone() -> None:
    text = "FROM opensuse/leap:15.6\nRUN zypper -n ref\nRUN zypper -n in -y curl && zypper cc -a\n"
    assert findings(text, "DOP105") == []


# ------------------------------------------------------------------------ DOP106 pip


def test_pip_flag_goes_after_every_install() -> None:
    text = (
        "FROM python:3.12-slim\n"
        "RUN pip install -U pip && pip3 install -r a.txt && python3 -m pip install b\n"
    )
    out = fixed(text, "DOP106")
    assert out.count("install --no-cache-dir") == 3
    assert "pip install --no-cache-dir -U pip" in out


@pytest.mark.parametrize(
    "run",
    [
        "pip install --no-cache-dir flask",
        "pip --no-cache-dir install flask",
        "PIP_NO_CACHE_DIR=1 pip install flask",
        "env PIP_NO_CACHE_DIR=1 pip install flask",
        "export PIP_NO_CACHE_DIR=1 && pip install flask",
        "pip install --cache-dir /tmp/pip flask && rm -rf /tmp/pip",
        "pip install flask && rm -rf /root/.cache/pip",
        "pip install flask && rm -rf ~/.cache",
        "pip install flask && pip cache purge",
        "pip download flask",
        "pipx install black",
    ],
)
def test_pip_not_triggered(run: str) -> None:
    assert findings(f"FROM python:3.12-slim\nRUN {run}\n", "DOP106") == []


def test_pip_cache_mount_of_a_users_home() -> None:
    text = (
        "FROM python:3.12-slim\nUSER app\n"
        "RUN --mount=type=cache,target=/home/app/.cache,uid=1000 pip install flask\n"
    )
    assert findings(text, "DOP106") == []


def test_pip_arg_is_not_env() -> None:
    text = "FROM python:3.12-slim\nARG PIP_NO_CACHE_DIR\nRUN pip install flask\n"
    assert len(findings(text, "DOP106")) == 1


# --------------------------------------------------------------------- DOP107 npm/yarn


def test_npm_later_offline_install_blocks() -> None:
    text = "FROM node:20\nRUN npm ci\nRUN npm ci --offline || exit 1\n"
    got = findings(text, "DOP107")
    assert "runs `npm ci --offline`" in got[0] and "not fixed" in got[1]
    assert fixed(text, "DOP107") == text


def test_npm_and_yarn_under_a_user_are_fixed(tmp_path: Path) -> None:
    text = "FROM node:20\nCOPY . .\nUSER node\nRUN npm ci && yarn install\n"
    assert fixed(text, "DOP107", yarn1_context(tmp_path)) == (
        "FROM node:20\nCOPY . .\nUSER node\n"
        "RUN npm ci && yarn install && npm cache clean --force && yarn cache clean\n"
    )


YARN_AFTER_COPY = "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN yarn install\n"


def test_yarn_after_copy_dot_with_no_context_is_reported(tmp_path: Path) -> None:
    # stdin: no build context at all
    (message,) = findings(YARN_AFTER_COPY, "DOP107")
    assert "not fixed: dopt cannot see `.` of the COPY at line 3 in stdin's" in message
    # a folder without the project: the real context is elsewhere
    (message,) = findings(YARN_AFTER_COPY, "DOP107", tmp_path / "Dockerfile")
    assert "not fixed: no package.json of the build context" in message
    assert fixed(YARN_AFTER_COPY, "DOP107", tmp_path / "Dockerfile") == YARN_AFTER_COPY


def test_yarn_after_copy_dot_of_a_yarn1_project_is_fixed(tmp_path: Path) -> None:
    assert fixed(YARN_AFTER_COPY, "DOP107", yarn1_context(tmp_path)).endswith(
        "RUN yarn install && yarn cache clean\n"
    )


@pytest.mark.parametrize(
    ("name", "content", "sign"),
    [
        (".yarnrc.yml", "nodeLinker: pnp\n", ".yarnrc.yml is Yarn 2+ configuration"),
        ("yarn.lock", "__metadata:\n  version: 8\n", "yarn.lock is a Yarn 2+ lockfile"),
        (
            "package.json",
            '{"packageManager": "yarn@3.6.4"}',
            'package.json asks for "packageManager": "yarn@3.6.4"',
        ),
    ],
)
def test_yarn2_signs_in_the_context_block(
    tmp_path: Path, name: str, content: str, sign: str
) -> None:
    dockerfile = yarn1_context(tmp_path)
    (tmp_path / name).write_text(content)
    (message,) = findings(YARN_AFTER_COPY, "DOP107", dockerfile)
    assert f"not fixed: {sign} (copied by the COPY at line 3)" in message


def test_yarn2_sign_above_the_workdir_counts_and_beside_it_does_not(tmp_path: Path) -> None:
    dockerfile = yarn1_context(tmp_path)
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "package.json").write_text("{}")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / ".yarnrc.yml").write_text("nodeLinker: pnp\n")
    text = "FROM node:20\nWORKDIR /app\nCOPY . .\nWORKDIR /app/web\nRUN yarn install\n"
    assert "not fixed" not in findings(text, "DOP107", dockerfile)[0]
    (tmp_path / ".yarnrc.yml").write_text("nodeLinker: pnp\n")
    assert "not fixed: .yarnrc.yml is Yarn 2+" in findings(text, "DOP107", dockerfile)[0]


@pytest.mark.parametrize(
    "target", ["/home/node/.npm", "/home/node/.cache/yarn", "/home/node/.cache", "/root/.npm"]
)
def test_cache_mount_in_a_users_home(target: str) -> None:
    tool = "yarn install" if ".cache" in target else "npm ci"
    text = f"FROM node:20\nUSER node\nRUN --mount=type=cache,target={target},uid=1000 {tool}\n"
    assert findings(text, "DOP107") == []


def test_cache_mount_in_a_users_home_does_not_hold_roots_cache() -> None:
    text = "FROM node:20\nRUN --mount=type=cache,target=/home/node/.npm npm ci\n"
    (message,) = findings(text, "DOP107")
    assert "not fixed" not in message


@pytest.mark.parametrize(
    ("code", "run"),
    [
        ("DOP102", "apt-get update && apt-get install -y curl"),
        ("DOP103", "apk add curl"),
        ("DOP104", "dnf install -y gcc"),
        ("DOP105", "zypper -n in tar"),
    ],
)
def test_system_caches_still_need_root(code: str, run: str) -> None:
    (message,) = findings(f"FROM debian\nUSER app\nRUN {run}\n", code)
    assert message.endswith("(not fixed: it runs as USER app, who may not delete them)")


def test_yarn_cache_folder_is_left_alone() -> None:
    text = "FROM node:20\nRUN yarn install --cache-folder /tmp/yc && rm -rf /tmp/yc\n"
    assert findings(text, "DOP107") == []


def test_yarn_berry_in_base_stage_blocks() -> None:
    text = "FROM node:20 AS base\nRUN corepack enable\nFROM base\nCOPY . .\nRUN yarn install\n"
    (message,) = findings(text, "DOP107")
    assert "line 2 suggests Yarn 2" in message


# ------------------------------------------------------------ DOP108 standalone cleanup


def test_standalone_wraps_a_non_and_chain() -> None:
    text = (
        "FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl\n"
        "RUN apt-get clean; rm -rf /var/lib/apt/lists/*\n"
    )
    out = fixed(text, "DOP108")
    assert out == (
        "FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl && \\\n"
        "    { apt-get clean; rm -rf /var/lib/apt/lists/*; }\n"
    )


@pytest.mark.parametrize(
    "between",
    [
        "COPY cache/ /root/.cache/pip/\n",
        "RUN ls /root/.cache/pip > /pip-cache.txt\n",
        "RUN pip install --no-cache-dir gunicorn\n",
    ],
)
def test_standalone_blocked_by_what_is_between(between: str) -> None:
    text = f"FROM python:3.12-slim\nRUN pip install flask\n{between}RUN rm -rf /root/.cache/pip\n"
    (message,) = findings(text, "DOP108")
    assert "between them" in message
    assert fixed(text, "DOP108") == text


@pytest.mark.parametrize(
    "run",
    [
        "rm -rf /var/lib/apt/lists/* /tmp/*",  # /tmp has no single producer
        "apt-get autoremove -y && rm -rf /var/lib/apt/lists/*",
        "rm -rf /root/.cache",
        "echo done",
    ],
)
def test_standalone_needs_every_command_to_clean_a_known_cache(run: str) -> None:
    text = f"FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl\nRUN {run}\n"
    assert findings(text, "DOP108") == []


def test_standalone_cache_mount_run_is_not_flagged() -> None:
    text = (
        "FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl\n"
        "RUN --mount=type=cache,target=/var/lib/apt/lists rm -rf /var/lib/apt/lists/*\n"
    )
    assert findings(text, "DOP108") == []


# ------------------------------------------------------------------- shared helpers


def test_heredoc_data_is_not_a_script() -> None:
    text = "FROM alpine:3.20\nRUN cat <<EOF > /README\napk add curl\nEOF\n"
    inst = parse(text).instructions[1]
    found = run_script(inst)
    assert found is not None and found[0].package_ops == ()
    assert findings(text, "DOP103") == []


@pytest.mark.parametrize(
    "header",
    [
        'sh -c "cat > /etc/motd"',  # the body is the input of the -c command
        "bash -ec 'cat > /etc/motd'",
        "bash /setup.sh",  # the input of a script
        "python3",
    ],
)
def test_heredoc_fed_to_something_else_is_not_a_script(header: str) -> None:
    text = f"FROM alpine:3.20\nRUN {header} <<EOF\napk add curl\nEOF\n"
    found = run_script(parse(text).instructions[1])
    assert found is not None and found[0].package_ops == ()


@pytest.mark.parametrize("header", ["", "sh", "/bin/ash", "bash -ex", "/usr/bin/dash -s"])
def test_heredoc_fed_to_a_shell_is_a_script(header: str) -> None:
    text = f"FROM alpine:3.20\nRUN {header} <<EOF\napk add curl\nEOF\n"
    found = run_script(parse(text).instructions[1])
    assert found is not None
    assert [op.action for op in found[0].package_ops] == ["add"]
    assert found[1] == "it uses a heredoc, which dopt does not edit"


def test_several_heredocs_are_not_the_script() -> None:
    # BuildKit runs the body of a lone `<<EOF` only; `<<A <<B` is a command with no name.
    text = "FROM alpine:3.20\nRUN <<A <<B\napk add curl\nA\napk add jq\nB\n"
    assert findings(text, "DOP103") == []


def test_heredoc_command_line_is_read() -> None:
    text = (
        "FROM debian:bookworm\n"
        "RUN apt-get update && apt-get install curl && cat <<EOF > /etc/motd\nhello\nEOF\n"
    )
    (message,) = findings(text, "DOP303")
    assert message.endswith("(not fixed: it uses a heredoc, which dopt does not edit)")


def test_python_heredoc_is_not_read_by_the_apt_rules() -> None:
    text = "FROM debian:bookworm\nRUN <<EOF\n#!/usr/bin/env python3\nprint('apt install x')\nEOF\n"
    for code in ("DOP301", "DOP302", "DOP303", "DOP306"):
        assert findings(text, code) == []


def test_python_heredoc_is_not_a_script() -> None:
    text = "FROM python:3.12\nRUN <<EOF\n#!/usr/bin/env python3\nprint('pip install x')\nEOF\n"
    assert findings(text, "DOP106") == []


# ----------------------------------------------------------------- fixed point, parse

MIXED = """\
FROM alpine:3.20 AS tools
RUN apk update && apk add curl
RUN rm -rf /var/cache/apk/*

FROM fedora:40 AS rpm
RUN dnf install -y gcc

FROM opensuse/leap:15.6 AS suse
RUN zypper -n in -y tar

FROM node:20-bookworm
WORKDIR /app
COPY . .
RUN npm ci && yarn --cwd web install && \\
    pip install --break-system-packages -r requirements.txt
RUN npm cache clean --force
"""


def test_fixing_all_cache_rules_is_a_fixed_point_that_parses(tmp_path: Path) -> None:
    dockerfile = yarn1_context(tmp_path)
    result = fix_text(MIXED, path=dockerfile, select=CODES)
    parse(result.output)  # raises if it does not parse
    assert fix_text(result.output, path=dockerfile, select=CODES).output == result.output
    assert {f.code for f in result.applied} == set(CODES)
    assert result.remaining == ()
    assert result.layers_after == result.layers_before - 1  # DOP108 dropped a RUN


def test_standalone_after_a_cleanup_that_came_too_early_is_moved() -> None:
    text = (
        "FROM python:3.12-slim\nRUN rm -rf /root/.cache/pip && pip install flask\n"
        "RUN rm -rf /root/.cache/pip\n"
    )
    out = fixed(text, "DOP108")
    assert out.endswith("pip install flask && rm -rf /root/.cache/pip\n")


@pytest.mark.parametrize("shebang", ["", "#!/bin/sh -e\n", "#!/usr/bin/env bash\n"])
def test_shell_heredoc_is_a_script(shebang: str) -> None:
    text = f"FROM python:3.12\nRUN <<EOF\n{shebang}pip install flask\nEOF\n"
    (message,) = findings(text, "DOP106")
    assert "heredoc" in message
