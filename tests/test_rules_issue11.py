"""Focused tests of the issue 11 practice rules (DOP405-407, DOP501-503, DOP601-603): the
official images table, the typed-contract attributes, display-only fixes never applied, the
rewrite of DOP601 and the Docker-practice multi-stage example."""

from __future__ import annotations

import re

import pytest

from optimizer import engine
from optimizer.analysis.official_images import is_alpine, known_non_root, slim_tag
from optimizer.io.settings import Settings
from optimizer.lint.fixer import apply_fixes, fix_text
from optimizer.lint.rules import all_rules, by_code
from optimizer.lint.runner import lint
from optimizer.syntax.parser import parse

CODES = ("DOP405", "DOP406", "DOP407", "DOP501", "DOP502", "DOP503", "DOP601", "DOP602")
CODES += ("DOP603",)

DOCKER_PRACTICE = """\
FROM golang:alpine as build-env
RUN apk --no-cache add build-base git bzr mercurial gcc
ADD . /src
RUN cd /src && go build -o goapp

FROM jrottenberg/ffmpeg:4.0-alpine
WORKDIR /app
COPY --from=build-env /src/goapp /app/
ENTRYPOINT ./goapp
"""


def _codes(text: str, codes: tuple[str, ...] = CODES) -> list[str]:
    return [f.code for f in lint(parse(text), select=list(codes))]


@pytest.mark.parametrize(
    ("image", "slim"),
    [
        ("python:3.12", "python:3.12-slim"),
        ("python:3.12-bookworm", "python:3.12-slim-bookworm"),
        ("python:3.15.0a2-trixie", "python:3.15.0a2-slim-trixie"),
        ("python", "python:slim"),
        ("python:latest", "python:slim"),
        ("library/python:3.11", "library/python:3.11-slim"),
        ("docker.io/library/ruby:3.3-bullseye", "docker.io/library/ruby:3.3-slim-bullseye"),
        ("node:20", "node:20-slim"),
        ("node:20-bookworm", "node:20-bookworm-slim"),
        ("node:lts", "node:lts-slim"),
        ("node:hydrogen-bullseye", "node:hydrogen-bullseye-slim"),
        ("debian:bookworm", "debian:bookworm-slim"),
        ("debian:12", "debian:12-slim"),
        ("debian:bookworm-20240612", "debian:bookworm-20240612-slim"),
        ("debian:stable", "debian:stable-slim"),
        ("rust:1.82", "rust:1.82-slim"),
        ("rust:1-bookworm", "rust:1-slim-bookworm"),
        ("perl:5.40", "perl:5.40-slim"),
        ("openjdk:11-jdk", "openjdk:11-jdk-slim"),
        ("openjdk:8-jre", "openjdk:8-jre-slim"),
        ("openjdk:11-jdk-buster", "openjdk:11-jdk-slim-buster"),
    ],
)
def test_slim_tag(image: str, slim: str) -> None:
    assert slim_tag(image) == slim


@pytest.mark.parametrize(
    "image",
    [
        "python:3.12-slim",
        "python:3.12-alpine",
        "python:3.12-windowsservercore",
        "python:3.12@sha256:" + "a" * 64,
        "python:$VERSION",
        "node:20-alpine3.20",
        "node:8-jessie",  # no jessie slim for node in the table
        "debian",  # debian has no bare `slim` tag
        "debian:latest",
        "golang:1.22",
        "ubuntu:24.04",
        "php:8.3",
        "eclipse-temurin:21-jdk",
        "openjdk:17-jre",  # openjdk 17 had no jre images
        "openjdk:26-ea-jdk",
        "mycorp/python:3.12",
    ],
)
def test_no_slim_tag(image: str) -> None:
    assert slim_tag(image) is None


def test_is_alpine_and_non_root_table() -> None:
    assert is_alpine("alpine:3.20") and is_alpine("python:3.12-alpine3.20")
    assert is_alpine("nginx:alpine") and is_alpine("docker.io/library/alpine")
    assert not is_alpine("python:3.12-slim") and not is_alpine("mycorp/alpinestyle:1")
    assert known_non_root("gcr.io/distroless/static-debian12:nonroot")
    assert known_non_root("prom/prometheus:v2.2.1")
    assert not known_non_root("gcr.io/distroless/static-debian12")
    assert known_non_root("cgr.dev/chainguard/static:latest")
    assert known_non_root("cgr.dev/chainguard/python")
    assert known_non_root("gcr.io/distroless/java17-debian12:latest-nonroot")
    assert not known_non_root("cgr.dev/chainguard/python:latest-dev")
    assert not known_non_root("cgr.dev/chainguard/wolfi-base")
    assert not known_non_root("bitnami/minideb:bookworm")


@pytest.mark.parametrize("code", CODES)
def test_typed_contract_fields(code: str) -> None:
    rule = by_code()[code]
    module = type(rule).__module__.rsplit(".", 1)[-1]
    assert module == rule.name.replace("-", "_")
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
    assert rule.summary and rule.why and rule.bad and rule.good and rule.fix_safety
    assert rule.fix_availability in ("always", "sometimes", "never")
    assert rule.references and all(r.startswith("https://") for r in rule.references)
    assert code in [f.code for f in lint(parse(rule.bad), select=[code], preview=True)]


@pytest.mark.parametrize("code", CODES)
def test_good_example(code: str) -> None:
    """`good` is what the fix makes of `bad` when the rule has a fix, and is clean of the
    rule in any case."""
    rule = by_code()[code]
    if rule.fix_availability != "never":
        assert fix_text(rule.bad, unsafe=True, select=[code], preview=True).output == rule.good
    assert code not in _codes(rule.good, (code,))


def test_docker_practice_example_has_no_multi_stage_finding() -> None:
    assert not set(_codes(DOCKER_PRACTICE)) & {"DOP601", "DOP602", "DOP603"}


RUST = (
    "FROM rust:1.80\nWORKDIR /usr/src/app\nCOPY . .\nRUN cargo build --release\n"
    'CMD ["./target/release/app"]\n'
)


def test_display_fix_is_never_applied() -> None:
    (finding,) = lint(parse(RUST), select=["DOP601"])
    assert finding.fix is not None and finding.fix.applicability == "display"
    result = fix_text(RUST, unsafe=True, select=["DOP601"])
    assert result.output == RUST and result.unsafe_available == 0
    # The engine does not take the suggestion for a fix left unapplied (NotConverged).
    task = engine.Task(engine.FIX, unsafe=True)
    out = engine.run_text(RUST, Settings(select=("DOP601",)), task)
    assert out.error is None and out.output == RUST


def test_display_rewrite_is_a_clean_multi_stage_file() -> None:
    tree = parse(RUST)
    (finding,) = lint(tree, select=["DOP601"])
    assert finding.fix is not None
    rewritten = apply_fixes(tree, [finding.fix])
    assert rewritten.count("FROM ") == 2 and "COPY --from=build" in rewritten
    assert "/usr/src/app/target/release/app" in rewritten
    assert _codes(rewritten, ("DOP601", "DOP602", "DOP603")) == []


def test_go_rewrite_fixed_point_and_no_new_stage_findings() -> None:
    text = by_code()["DOP601"].bad
    once = fix_text(text, unsafe=True, select=["DOP601"]).output
    assert once != text
    assert fix_text(once, unsafe=True, select=["DOP601"]).output == once
    assert _codes(once, ("DOP601", "DOP602", "DOP603", "DOP501")) == []


def test_checksum_fix_needs_one_digest() -> None:
    text = (
        "FROM debian:bookworm-slim\n"
        f"ARG TINI_SHA256={'a' * 64}\nENV TINI_SHA256SUM={'b' * 64}\n"
        "ADD https://github.com/krallin/tini/releases/download/v0.19.0/tini /tini\n"
    )
    (finding,) = lint(parse(text), select=["DOP407"])
    assert finding.fix is None and "not fixed" in finding.message


def test_unsafe_slim_fix_is_not_applied_by_default() -> None:
    text = "FROM python:3.12\nCOPY app.py /\n"
    assert fix_text(text, select=["DOP502"]).output == text
    assert (
        fix_text(text, unsafe=True, select=["DOP502"]).output
        == "FROM python:3.12-slim\nCOPY app.py /\n"
    )


def test_the_issue_11_rules_run_by_default() -> None:
    """Stable since their corpus hand checks (bench/issue11_practice.md): no `--preview` needed,
    and selecting a prefix runs just those."""
    assert [r.code for r in all_rules() if r.code in CODES and r.preview] == []
    text = "FROM ubuntu\nRUN curl -fsSL https://get.example.com | sh\n"
    assert {f.code for f in lint(parse(text))} >= {"DOP406", "DOP501"}
    checked = engine.run_text(text, Settings(select=("DOP5",)), engine.Task(engine.CHECK))
    assert [d.code for d in checked.diagnostics] == ["DOP501"]
