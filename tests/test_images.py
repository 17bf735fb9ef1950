"""optimizer.analysis.images: which base images may have a pip older than 6.0."""

from __future__ import annotations

import pytest

from optimizer.analysis.images import base_image, may_have_old_pip, split_reference
from optimizer.analysis.stages import Stages
from optimizer.syntax.parser import parse


@pytest.mark.parametrize(
    ("image", "old"),
    [
        ("ubuntu:14.04", True),
        ("ubuntu:12.04.5", True),
        ("ubuntu:15.10", True),
        ("ubuntu:trusty-20190515", True),
        ("docker.io/library/ubuntu:precise", True),
        ("localhost:5000/ubuntu:14.04", True),
        ("arm32v7/ubuntu:14.04", True),
        ("ubuntu:14.04@sha256:0123", True),
        ("ubuntu@sha256:0123", True),  # any release
        ("ubuntu:$VERSION", True),
        ("debian:8", True),
        ("debian:8.11-slim", True),
        ("debian:jessie", True),
        ("debian/eol:wheezy", True),
        ("node:6-jessie", True),
        ("buildpack-deps:trusty-scm", True),
        ("ubuntu:16.04", False),
        ("ubuntu:xenial", False),
        ("ubuntu", False),
        ("ubuntu:latest", False),
        ("debian:9", False),
        ("debian:stretch", False),
        ("debian:bookworm-slim", False),
        ("python:2.7-jessie", False),  # the python image installs its own current pip
        ("myorg/base:1.0", False),
        ("$BASE", False),
    ],
)
def test_old_pip(image: str, old: bool) -> None:
    assert may_have_old_pip(image) is old


def test_split_reference() -> None:
    assert split_reference("registry.example.com:5000/team/app:1.2@sha256:ab") == (
        "team/app",
        "1.2",
    )
    assert split_reference("library/debian") == ("debian", None)


def test_base_image_follows_stages_and_global_args() -> None:
    tree = parse(
        "ARG TAG=14.04\nFROM ubuntu:${TAG} AS base\nRUN true\nFROM base\nRUN pip install x\n"
    )
    last = len(tree.items) - 1
    assert base_image(Stages(tree), tree, last) == "ubuntu:14.04"
    tree = parse("ARG TAG\nFROM ubuntu:$TAG\nRUN true\n")
    assert base_image(Stages(tree), tree, len(tree.items) - 1) == "ubuntu:$TAG"
