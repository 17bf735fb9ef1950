"""The execution proof (tests/execproof) itself, run on the golden cases and on generated
RUN pairs fed through the DOP101 merge (issue 7)."""

from __future__ import annotations

from pathlib import Path

import pytest
from execproof import allowed_for, prove, prove_addition, prove_merge, unavailable
from golden_cases import split_header
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optimizer.lint.fixer import fix_text

GOLDEN = Path(__file__).parent.parent / "golden"
WHY = unavailable()
pytestmark = pytest.mark.skipif(WHY is not None, reason=WHY or "")


def _golden_fixes() -> list[tuple[str, str]]:
    out = []
    for fixed in sorted(GOLDEN.glob("DOP*/*.fixed.Dockerfile")):
        out.append((fixed.parent.name, fixed.name[: -len(".fixed.Dockerfile")]))
    return out


@pytest.mark.parametrize(("code", "name"), _golden_fixes())
def test_golden_fix_is_proven(code: str, name: str) -> None:
    folder = GOLDEN / code
    # Without the dopt-test line; the rules it selects are the ones whose additions count.
    original, options = split_header((folder / f"{name}.Dockerfile").read_text())
    fixed = (folder / f"{name}.fixed.Dockerfile").read_text()
    codes = options["select"].split(",") if options.get("select") else [code]
    verdict = prove(original, fixed, allowed_for(codes))
    assert verdict.proven, verdict.disagreement


def test_the_issue_hole_is_caught() -> None:
    """The form dopt used to write: errexit is ignored in a subshell left of `&&`."""
    original = "FROM debian\nRUN set -eu; echo bad | sha256sum -c - ; tar -xf app.tgz\nRUN make\n"
    hole = "FROM debian\nRUN ( set -eu; echo bad | sha256sum -c - ; tar -xf app.tgz ) && make\n"
    verdict = prove_merge(original, hole)
    assert not verdict.proven
    assert verdict.disagreement is not None and "sha256sum -c -" in verdict.disagreement
    assert "tar -xf app.tgz" in verdict.disagreement


def test_a_lost_cd_is_caught_by_the_working_directory() -> None:
    original = "FROM debian\nRUN cd /tmp && make\nRUN make install\n"
    leak = "FROM debian\nRUN cd /tmp && make && make install\n"
    verdict = prove_merge(original, leak)
    assert not verdict.proven and "cwd" in (verdict.disagreement or "")


def test_a_lost_export_is_caught_by_the_environment() -> None:
    original = "FROM debian\nRUN export CC=clang; make\nRUN make install\n"
    leak = "FROM debian\nRUN export CC=clang; make && make install\n"
    assert not prove_merge(original, leak).proven


def test_a_lost_loop_variable_is_caught_by_the_files_builtins_wrote() -> None:
    original = 'FROM debian\nRUN for f in a b; do :; done\nRUN echo "$f" > /tmp/last\n'
    leak = 'FROM debian\nRUN for f in a b; do :; done && echo "$f" > /tmp/last\n'
    kept = 'FROM debian\nRUN ( for f in a b; do :; done ) && echo "$f" > /tmp/last\n'
    verdict = prove_merge(original, leak)
    assert not verdict.proven and "/tmp/last" in (verdict.disagreement or "")
    assert prove_merge(original, kept).proven


def test_addition_allows_only_the_given_commands_and_flags() -> None:
    original = "FROM debian\nRUN apt-get update && apt-get install curl\n"
    cleaned = (
        "FROM debian\nRUN apt-get update && apt-get install -y curl && "
        "rm -rf /var/lib/apt/lists/*\n"
    )
    assert prove_addition(original, cleaned, [("rm", "-rf", "/var/lib/apt/lists/*")], ["-y"]).proven
    assert not prove_addition(original, cleaned, [("rm", "-rf", "/var/lib/apt/lists/*")]).proven
    assert not prove_addition(original, cleaned, [], ["-y"]).proven


def test_bash_only_scripts_run_under_bash() -> None:
    original = 'FROM debian\nSHELL ["/bin/bash", "-c"]\nRUN [[ -n x ]] && a\nRUN b\n'
    merged = 'FROM debian\nSHELL ["/bin/bash", "-c"]\nRUN [[ -n x ]] && a && b\n'
    verdict = prove_merge(original, merged)
    assert verdict.proven and verdict.scenarios == 2 + 2 * 2


# ------------------------------------------------------------ generated RUN pairs

_CMDS = ["make", "curl -fsSLO https://x/a.tgz", "tar -xzf a.tgz", "sha256sum -c sums", "ls /opt"]
_STMTS = st.sampled_from(
    [
        "set -e",
        "set -eu",
        "set -x",
        "set -o pipefail",
        "set -eux",
        "cd /opt",
        "cd /tmp",
        "export CC=clang",
        "V=1",
        "f() { make; }",
        "f() { false; make; }; f",
        "trap 'rm -f /tmp/x' EXIT",
        "for i in 1 2; do make; done",
        "read -r v < /etc/hostname",
        "let n=2",
        "( cd /tmp && make )",
        "curl x | tar -x",
        "false",
        "exit 0",
        "test -d /opt || mkdir -p /opt",
        "make || true",
        ': "${P:=/usr}"',
        "echo $((k=1))",
        "if make; then make check; fi",
        *_CMDS,
    ]
)
_OPS = st.sampled_from([" && ", "; ", " || "])


@st.composite
def _script(draw: st.DrawFn) -> str:
    parts = draw(st.lists(_STMTS, min_size=1, max_size=4))
    text = parts[0]
    for p in parts[1:]:
        text += draw(_OPS) + p
    return text


@st.composite
def _dockerfile(draw: st.DrawFn) -> str:
    shell = draw(
        st.sampled_from(["", 'SHELL ["/bin/bash", "-c"]\n', 'SHELL ["/bin/sh", "-e", "-c"]\n'])
    )
    runs = draw(st.lists(_script(), min_size=2, max_size=3))
    return "FROM debian\n" + shell + "".join(f"RUN {r}\n" for r in runs)


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(_dockerfile())
def test_generated_merges_are_proven(text: str) -> None:
    result = fix_text(text, select=["DOP101"])
    if result.output == text:
        return
    verdict = prove_merge(text, result.output)
    assert verdict.proven, (
        f"{verdict.disagreement}\n--- original\n{text}--- merged\n{result.output}"
    )


# --- DOP109: consolidated installs -------------------------------------------------------

_TWO_INSTALLS = "FROM debian\nRUN apt-get update && apt-get install -y a && apt-get install -y b\n"


def test_a_consolidation_is_proven() -> None:
    one = "FROM debian\nRUN apt-get update && apt-get install -y a b\n"
    verdict = prove(_TWO_INSTALLS, one, allowed_for(["DOP109"]))
    assert verdict.proven, verdict.disagreement


def test_a_consolidation_that_drops_a_package_is_caught() -> None:
    dropped = "FROM debian\nRUN apt-get update && apt-get install -y a\n"
    assert not prove(_TWO_INSTALLS, dropped, allowed_for(["DOP109"])).proven


def test_a_consolidation_across_a_dependent_command_is_caught() -> None:
    original = (
        "FROM debian\nRUN apt-get update && apt-get install -y curl && "
        "curl -fsSLo /tmp/x https://example.com/x && apt-get install -y b\n"
    )
    moved = (
        "FROM debian\nRUN apt-get update && apt-get install -y curl b && "
        "curl -fsSLo /tmp/x https://example.com/x\n"
    )
    assert not prove(original, moved, allowed_for(["DOP109"])).proven


def test_a_consolidation_with_other_options_is_caught() -> None:
    other = "FROM debian\nRUN apt-get update && apt-get install -y --no-install-recommends a b\n"
    assert not prove(_TWO_INSTALLS, other, allowed_for(["DOP109"])).proven
