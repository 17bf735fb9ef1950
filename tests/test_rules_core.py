"""Focused tests of the core rules: DOP101 (merge RUNs), DOP102 (apt lists), DOP201 (reorder),
and the suppression comments that switch them off."""

from __future__ import annotations

import pytest
from clirun import dopt

from optimizer.analysis.stages import is_posix_shell
from optimizer.lint.fixer import fix_text
from optimizer.lint.runner import lint
from optimizer.syntax import cst
from optimizer.syntax.parser import parse

CORE = ("DOP101", "DOP102", "DOP201")

THREE_RUNS = (
    "FROM debian:bookworm-slim\n"
    "RUN apt-get update\n"
    "RUN apt-get install -y --no-install-recommends ca-certificates curl\n"
    "RUN rm -rf /var/lib/apt/lists/*\n"
    'ENTRYPOINT ["curl"]\n'
)

# The classic case: two installs split by a clone, then the build.
CLASSIC = (
    "FROM debian:bookworm\n"
    "RUN apt-get update && apt-get install -y git\n"
    "RUN git clone https://github.com/example/service.git /go/src/service\n"
    "RUN apt-get install -y golang\n"
    "WORKDIR /go/src/service\n"
    "RUN go build .\n"
)

PAIR = "FROM debian:bookworm-slim\nRUN apt-get update\n{comment}RUN apt-get install -y curl\n"


def _codes(text: str, select: tuple[str, ...] = CORE) -> list[tuple[int, str]]:
    return [(f.line, f.code) for f in lint(parse(text), None, select=select)]


def _runs(text: str) -> list[str]:
    """The RUN instructions of a file, as written."""
    items = parse(text).items
    return [i.code for i in items if isinstance(i, cst.Instruction) and i.keyword == "RUN"]


# ----------------------------------------------------------------------------- DOP101


def test_three_run_chain_merges_to_one() -> None:
    result = fix_text(THREE_RUNS, select=["DOP101"])
    assert result.output == (
        "FROM debian:bookworm-slim\n"
        "RUN apt-get update && \\\n"
        "    apt-get install -y --no-install-recommends ca-certificates curl && \\\n"
        "    rm -rf /var/lib/apt/lists/*\n"
        'ENTRYPOINT ["curl"]\n'
    )
    assert len(_runs(result.output)) == 1
    assert [f.code for f in result.applied] == ["DOP101", "DOP101"]
    assert result.remaining == ()
    assert (result.layers_before, result.layers_after) == (3, 1)


def test_cd_in_first_step_runs_in_a_subshell() -> None:
    text = (
        "FROM debian:bookworm\n"
        "COPY . /usr/src/app\n"
        "RUN cd /usr/src/app && make\n"
        "RUN make -C /usr/src/app install\n"
    )
    out = fix_text(text, select=["DOP101"]).output
    assert out == (
        "FROM debian:bookworm\n"
        "COPY . /usr/src/app\n"
        "RUN ( cd /usr/src/app && make ) && \\\n"
        "    make -C /usr/src/app install\n"
    )


def test_first_step_without_state_change_is_not_wrapped() -> None:
    text = "FROM debian:bookworm\nRUN mkdir -p /opt/app\nRUN touch /opt/app/.keep\n"
    out = fix_text(text, select=["DOP101"]).output
    assert "(" not in out
    assert out.endswith("RUN mkdir -p /opt/app && \\\n    touch /opt/app/.keep\n")


@pytest.mark.parametrize(
    "comment",
    ["# dopt: ignore=DOP101\n", "# dopt:ignore=DOP102,DOP101\n", "# hadolint ignore=DL3059\n"],
)
def test_suppression_comment_above_the_second_run(comment: str) -> None:
    text = PAIR.format(comment=comment)
    assert _codes(text, ("DOP101",)) == []
    assert fix_text(text, select=["DOP101"]).output == text


@pytest.mark.parametrize("comment", ["# dopt: ignore=DOP102\n", "# hadolint ignore=DL3009\n"])
def test_suppression_of_another_code_stops_the_merge(comment: str) -> None:
    """Merged, the pragma would sit inside the RUN and suppress nothing (issue 7); and a
    suppression never brings a finding of its own."""
    text = PAIR.format(comment=comment)
    assert _codes(text, ("DOP101",)) == []
    assert _codes(PAIR.format(comment=""), ("DOP101",)) == [(3, "DOP101")]
    assert fix_text(text, select=["DOP101"]).output == text


def test_suppression_in_a_chain_only_stops_that_merge() -> None:
    text = (
        "FROM debian:bookworm-slim\n"
        "RUN apt-get update\n"
        "RUN apt-get install -y curl\n"
        "# dopt: ignore=DOP101\n"
        "RUN curl --version\n"
    )
    assert fix_text(text, select=["DOP101"]).output == (
        "FROM debian:bookworm-slim\n"
        "RUN apt-get update && \\\n"
        "    apt-get install -y curl\n"
        "# dopt: ignore=DOP101\n"
        "RUN curl --version\n"
    )


@pytest.mark.parametrize("where", ["top", "middle", "end"])
def test_ignore_file(where: str) -> None:
    body = [
        "FROM debian:bookworm-slim\n",
        "COPY . /app\n",
        "RUN apt-get update\n",
        "RUN apt-get install -y curl\n",
    ]
    at = {"top": 0, "middle": 2, "end": len(body)}[where]
    text = "".join([*body[:at], "# dopt: ignore-file\n", *body[at:]])
    assert lint(parse(text)) == []
    result = fix_text(text, unsafe=True)
    assert result.output == text
    assert result.applied == () and result.remaining == ()


def test_without_ignore_file_the_same_text_has_findings() -> None:
    text = (
        "FROM debian:bookworm-slim\nCOPY . /app\nRUN apt-get update\nRUN apt-get install -y curl\n"
    )
    assert (4, "DOP101") in _codes(text)


# ----------------------------------------------------------------------------- DOP102


def test_apt_lists_later_exec_form_install_blocks() -> None:
    text = (
        "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n"
        'RUN ["/bin/sh", "-c", "apt-get install -y make"]\n'
    )
    (message,) = [f.message for f in lint(parse(text), select=["DOP102"])]
    assert "the RUN at line 3 installs packages" in message
    assert fix_text(text, select=["DOP102"]).output == text


def test_apt_lists_later_heredoc_data_does_not_block() -> None:
    # `cat <<EOF >file` writes data: its body installs nothing.
    text = (
        "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n"
        "RUN cat <<EOF > /usr/local/bin/setup\napt-get install -y make\nEOF\n"
    )
    assert fix_text(text, select=["DOP102"]).output.count("rm -rf /var/lib/apt/lists/*") == 1


UPDATE_INSTALL = "apt-get update && apt-get install -y x"


@pytest.mark.parametrize("target", ["/var/cache/apt", "/var/cache/apt/archives", "/var/cache"])
def test_apt_lists_archive_cache_mount_does_not_hold_the_lists(target: str) -> None:
    text = f"FROM debian\nRUN --mount=type=cache,target={target} {UPDATE_INSTALL}\n"
    (finding,) = lint(parse(text), select=["DOP102"])
    assert finding.fixable


@pytest.mark.parametrize("target", ["/var/lib/apt/lists", "/var/lib/apt", "/var/lib"])
def test_apt_lists_cache_mount_holding_the_lists(target: str) -> None:
    text = f"FROM debian\nRUN --mount=type=cache,target={target} {UPDATE_INSTALL}\n"
    assert lint(parse(text), select=["DOP102"]) == []


# ----------------------------------------------------------------------------- DOP201


def test_classic_case_safe_fix_leaves_it() -> None:
    assert fix_text(CLASSIC, select=CORE).output == CLASSIC


def test_classic_case_unsafe_fix_merges_the_two_installs() -> None:
    result = fix_text(CLASSIC, unsafe=True, select=["DOP101", "DOP201"])
    assert result.output == (
        "FROM debian:bookworm\n"
        "RUN apt-get update && apt-get install -y git && \\\n"
        "    apt-get install -y golang\n"
        "RUN git clone https://github.com/example/service.git /go/src/service\n"
        "WORKDIR /go/src/service\n"
        "RUN go build .\n"
    )
    assert [f.code for f in result.applied] == ["DOP201", "DOP101"]


def test_dopt_fix_cli_classic_case_with_unsafe_fixes() -> None:
    safe = dopt("fix", "-", stdin=CLASSIC)
    assert safe.code == 0, safe.err
    assert safe.out == CLASSIC
    assert "more with --unsafe-fixes" in safe.err

    res = dopt("fix", "--unsafe-fixes", "-", stdin=CLASSIC)
    assert res.code == 0, res.err
    runs = _runs(res.out)
    # One RUN installs both packages with one install (DOP109), cleaned once, before the
    # clone and build.
    first = runs[0]
    assert first == (
        "RUN apt-get update && apt-get install --no-install-recommends -y git golang && \\\n"
        "    rm -rf /var/lib/apt/lists/*\n"
    )
    assert [r.split()[1] for r in runs[1:]] == ["git", "go"]
    assert "layers 4 -> 3" in res.err


# ------------------------------------------------------------------------------- all

IDEMPOTENT = [
    THREE_RUNS,
    CLASSIC,
    PAIR.format(comment="# then the tools\n"),
    "FROM debian:bookworm\nRUN cd /src && make\nRUN make install\nRUN make clean\n",
    "FROM debian:bookworm\nRUN export A=1 && echo $A\nRUN echo b; echo c\nRUN echo d || true\n",
    "FROM debian:bookworm-slim\nCOPY . /app\nRUN apt-get update && apt-get install -y curl\n",
    (
        "FROM debian:bookworm-slim\nWORKDIR /srv/app\n# sources\nCOPY . .\n# tools\n"
        "RUN apt-get update\nRUN apt-get install -y --no-install-recommends curl\n"
    ),
    "FROM debian:bookworm-slim\r\nRUN apt-get update\r\nRUN apt-get install -y curl\r\n",
]


@pytest.mark.parametrize("text", IDEMPOTENT)
@pytest.mark.parametrize("unsafe", [False, True])
def test_fix_is_idempotent(text: str, unsafe: bool) -> None:
    once = fix_text(text, unsafe=unsafe, select=CORE)
    twice = fix_text(once.output, unsafe=unsafe, select=CORE)
    assert twice.output == once.output
    assert twice.applied == ()
    # What is left after a fix has no fix of its tier left to apply.
    assert all(
        f.fix is None or (f.fix.applicability != "safe" and not unsafe) for f in twice.remaining
    )


def test_fix_keeps_crlf() -> None:
    out = fix_text(IDEMPOTENT[-1], select=["DOP101"]).output
    assert out == (
        "FROM debian:bookworm-slim\r\nRUN apt-get update && \\\r\n    apt-get install -y curl\r\n"
    )


@pytest.mark.parametrize(
    ("shell", "posix"),
    [
        (("/bin/sh", "-c"), True),
        (("/bin/ash", "-c"), True),
        (("ash", "-c"), True),
        (("/usr/bin/dash", "-c"), True),
        (("/usr/bin/bash", "-o", "pipefail", "-c"), True),
        (("/bin/ash", "-eo", "pipefail", "-c"), True),
        (("/bin/zsh", "-c"), False),
        (("powershell", "-Command"), False),
        (("/bin/bash",), False),
        (("-c",), False),
    ],
)
def test_posix_shells(shell: tuple[str, ...], posix: bool) -> None:
    assert is_posix_shell(shell) is posix


def test_ash_shell_does_not_block_fixes() -> None:
    text = 'FROM alpine:3.20\nSHELL ["/bin/ash", "-c"]\nRUN mkdir /a\nRUN touch /a/b\n'
    assert fix_text(text, select=["DOP101"]).output.endswith("RUN mkdir /a && \\\n    touch /a/b\n")
