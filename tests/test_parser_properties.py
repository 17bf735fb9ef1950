"""Generated Dockerfiles: round-trip and agreement with BuildKit's parser."""

from __future__ import annotations

import oracle
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import optimizer
from optimizer import ParseError

KEYWORDS = [
    "FROM",
    "RUN",
    "run",
    "COPY",
    "ADD",
    "ENV",
    "LABEL",
    "ARG",
    "CMD",
    "ENTRYPOINT",
    "WORKDIR",
    "USER",
    "EXPOSE",
    "VOLUME",
    "HEALTHCHECK",
    "ONBUILD RUN",
    "SHELL",
    "FOO",
]
WORDS = [
    "a",
    "b=c",
    'x="y z"',
    "'q r'",
    "--mount=type=cache,target=/x",
    "--from=build",
    '["sh", "-c"]',
    '[ "x" ]',
    "[bad",
    "&&",
    "$HOME",
    "${X:-y}",
    '\\"',
    "#not",
    "<<EOF",
    "<<-'END'",
    "3<<EOF",
    "\t",
    "ünï",
    "\\",
]


@st.composite
def dockerfiles(draw: st.DrawFn) -> str:
    escape = draw(st.sampled_from(["\\", "`"]))
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    out = []
    if draw(st.booleans()):
        out.append(f"# escape={escape}{eol}")
    out.append(f"FROM base{eol}")
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.integers(0, 5))
        if kind == 0:
            out.append(draw(st.sampled_from(["# comment", "", "   ", "#", "\t# x"])) + eol)
            continue
        line = draw(st.sampled_from(KEYWORDS))
        for _ in range(draw(st.integers(0, 4))):
            sep = draw(st.sampled_from([" ", "  ", "\t"]))
            if draw(st.integers(0, 3)) == 0:
                inner = draw(
                    st.sampled_from(["", "  # inner comment" + eol, eol, "#c" + eol + eol])
                )
                trailing = draw(st.sampled_from(["", " ", " \t"]))
                sep = f" {escape}{trailing}{eol}{inner}  "
            line += sep + draw(st.sampled_from(WORDS))
        out.append(line + eol)
        if "EOF" in line or "END" in line:
            out.append(f"body line{eol}\tEND{eol}EOF{eol}END{eol}")
    text = "".join(out)
    if draw(st.booleans()):
        text = text.rstrip("\r\n")
    return text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dockerfiles())
def test_round_trip(text: str) -> None:
    try:
        tree = optimizer.parse(text)
    except ParseError:
        return
    assert tree.code == text


@pytest.mark.skipif(
    not oracle.available, reason="the dockerfile package (test oracle) is not installed"
)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dockerfiles())
def test_model_agrees_with_buildkit(text: str) -> None:
    ours, theirs = oracle.both(text)
    assert ours == theirs


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("RUN FROM\\`#<>EOF\"'[]=-\n\r\t x")), max_size=80))
def test_arbitrary_text_never_crashes(text: str) -> None:
    try:
        tree = optimizer.parse(text)
    except ParseError as exc:
        assert exc.message
        return
    assert tree.code == text


# Characters that matter to parseWords: blanks (Go's and others), quotes, both escapes.
_WORD_CHARACTERS = list("ab= \t\n\"'\\`$\x85\xa0\u3000\u2028\x1cé")


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.sampled_from(_WORD_CHARACTERS), max_size=24))
def test_parse_words_finds_the_words_of_buildkits_loop(text: str) -> None:
    from optimizer.syntax import buildkit

    for escape in ("\\", "`"):
        assert buildkit.parse_words(text, escape) == buildkit._parse_words(text, escape)
        # and the pattern on the texts it leaves to the loop, without their last escapes
        assert buildkit._WORDS[escape].findall(text.rstrip(escape)) == buildkit._parse_words(
            text.rstrip(escape), escape
        )
