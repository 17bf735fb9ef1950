"""Regression tests for what fuzzing found (issue 8, item 3), one test per finding.

BuildKit's reading is taken from its current Go source (frontend/dockerfile/parser); where
the ``dockerfile`` package (an older BuildKit, tests/oracle.py) reads differently, the test
says so.
"""

from __future__ import annotations

import pytest

from optimizer.analysis.shell.script import analyze
from optimizer.errors import ParseError
from optimizer.format import guard
from optimizer.format.formatter import format_text
from optimizer.lint.fixer import fix_text
from optimizer.syntax.parser import parse


def fmt_twice(text: str) -> str:
    once = format_text(text)
    assert format_text(once) == once, "not idempotent"
    return once


def flags(text: str, n: int = 1) -> tuple[str, ...]:
    return parse(text).instructions[n].flags


# --- white space as BuildKit sees it, byte by byte -------------------------------------------


def test_nbsp_before_flags_is_not_white_space() -> None:
    # extractBuilderFlags reads bytes: C2 (of C2 A0) is no space and starts the arguments.
    text = "FROM a\nRUN \u00a0--mount=type=cache,target=/x echo hi\n"
    assert flags(text) == ()
    assert parse(text).instructions[1].values == ("--mount=type=cache,target=/x echo hi",)
    out = fmt_twice(text)
    assert out == "FROM a\nRUN -- --mount=type=cache,target=/x echo hi\n"
    assert flags(out) == ()


def test_guard_sees_a_new_flag() -> None:
    before = parse("FROM a\nRUN \u00a0--mount=type=cache,target=/x echo hi\n")
    after = parse("FROM a\nRUN --mount=type=cache,target=/x echo hi\n")
    assert guard.compare(before, after) is not None


def test_nbsp_between_flags_splits_inside_the_character() -> None:
    # The A0 byte is white space, its C2 byte ends the first flag (as the Latin-1 `Â`).
    text = "FROM a\nRUN --a\u00a0--b echo\n"
    assert flags(text) == ("--a\u00c2", "--b")
    out = fmt_twice(text)
    assert flags(out) == ("--a\u00c2", "--b")


def test_non_ascii_bytes_in_flags_are_latin1_runes() -> None:
    # `à` is C3 A0: C3 stays in the flag as `Ã`, A0 ends it (the oracle agrees).
    assert flags("FROM a\nRUN --m=\u00e0--n y\n") == ("--m=\u00c3", "--n")
    assert flags("FROM a\nRUN --m=caf\u00e9 y\n") == ("--m=caf\u00c3\u00a9",)


def test_flag_cut_inside_a_three_byte_character() -> None:
    # U+5140 is E5 85 80: the 0x85 byte is white space to BuildKit, so its arguments start
    # with a stray 0x80 byte (the oracle fails to decode that).  dopt keeps the text.
    text = "FROM a\nRUN --m=\u5140 echo\n"
    assert flags(text) == ("--m=\u00e5",)
    assert fmt_twice(text) == text
    assert fmt_twice("FROM a\nrun   --m=\u5140 echo\n") == "FROM a\nRUN --m=\u5140 echo\n"


def test_flags_use_the_files_escape_character() -> None:
    # Current BuildKit (since 2025-02) escapes in flags with the `# escape=` character; the
    # oracle (an older BuildKit) still uses the backslash: it is wrong on both lines.
    assert flags("# escape=`\nFROM a\nRUN --mount=a`b x\n") == ("--mount=ab",)
    assert flags("# escape=`\nFROM a\nRUN --mount=a\\b x\n") == ("--mount=a\\b",)
    text = "# escape=`\nFROM a\nrun --mount=a`b  x\n"
    assert fmt_twice(text) == "# escape=`\nFROM a\nRUN --mount=a`b x\n"


def test_vertical_tab_in_a_script_is_kept() -> None:
    # The shell splits words on spaces and tabs only: `\vls` is one word, not `ls`.
    text = "FROM a\nRUN echo a \\\n  && \vls \\\n  && b\n"
    out = fmt_twice(text)
    assert "\vls" in out
    assert parse(out).instructions[1].values == parse(text).instructions[1].values
    assert guard.compare(parse(text), parse("FROM a\nRUN echo a && ls && b\n")) is not None


# --- deep nesting -------------------------------------------------------------------------

NESTED = {
    "parens": "(" * 1000 + "true" + ")" * 1000,
    "braces": "{ " * 1000 + "true" + " ;}" * 1000,
    "substitutions": "echo " + "$(" * 1000 + "true" + ")" * 1000,
}


@pytest.mark.parametrize("name", NESTED)
def test_deep_nesting_is_not_analysed(name: str) -> None:
    script = NESTED[name]
    assert analyze(script).too_deep
    assert not analyze(script).ok
    text = f"FROM a\nrun  {script}\n"
    assert format_text(text) == f"FROM a\nRUN {script}\n"
    assert fix_text(text).output == text


def test_moderate_nesting_is_analysed() -> None:
    assert not analyze("(" * 100 + "true" + ")" * 100).too_deep


def test_deep_onbuild_chain_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="ONBUILD nested more than 32 deep"):
        parse("FROM a\n" + "ONBUILD " * 5000 + "RUN x\n")
    assert parse("FROM a\nONBUILD ONBUILD RUN x\n").instructions[1].model.child is not None


def test_deep_parameter_expansion_before_a_heredoc() -> None:
    line = "RUN echo " + "${a:-" * 3000 + "x" + "}" * 3000 + " <<EOF\nhi\nEOF\n"
    with pytest.raises(ParseError, match="cannot analyse this line for heredocs"):
        parse("FROM a\n" + line)


def test_deep_parameter_expansion_in_env() -> None:
    text = "FROM a\nenv  A=" + "${a:-" * 3000 + "x" + "}" * 3000 + "\n"
    assert format_text(text) == text.replace("env  ", "ENV ")


# --- DOP305 with a lone escape line --------------------------------------------------------


def test_add_after_lone_backtick_line() -> None:
    text = "# escape=`\nFROM a\n`\nADD x /y\n"
    result = fix_text(text, unsafe=True, select=["DOP305"])
    # The fix changes the keyword only: the lone escape line before it stays (issue 10).
    assert result.output == "# escape=`\nFROM a\n`\nCOPY x /y\n"


# --- idempotency at the end of the file ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("FROM a\nRUN  echo a && \\", "FROM a\nRUN echo a &&\n"),
        ("FROM a\nRUN echo a \\\n# c", "FROM a\nRUN echo a \\\n# c\n"),
        ("FROM a\nRUN echo a \\\n# c\n", "FROM a\nRUN echo a \\\n# c\n"),
        ("FROM a\nFOO x \\ \\", "FROM a\nFOO x \\ \\\n"),
        ("FROM a\nFOO x \\ \\\n", "FROM a\nFOO x \\ \\\n"),
        # Two continuations the file ends in, a blank line between them (fuzz seed 1, #5630).
        ("FROM a\nrun  echo a \\\n\n\\\t", "FROM a\nRUN echo a\n"),
    ],
)
def test_end_of_file_idempotent(text: str, expected: str) -> None:
    assert fmt_twice(text) == expected


# --- refused by the guard before -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  \ufeffFROM a\n", "  \ufeffFROM a\n"),  # not a BOM to BuildKit: keyword `\ufeffFROM`
        ("\n\ufeffFROM a\nrun x\n", "\n\ufeffFROM a\nRUN x\n"),
        ("FROM a\nRUN echo hi \\ \\", "FROM a\nRUN echo hi \\ \\\n"),
        ("FROM a\nrun echo hi \\ \\\n", "FROM a\nRUN echo hi \\ \\\n"),
        # A form feed after the escape: no continuation, and the blanks must stay for that.
        ("FROM\\ \x0c\nUSER 1000\n", "FROM\\ \x0c\nUSER 1000\n"),
        ("FROM a\nrun echo \\ \x0c\n", "FROM a\nRUN echo \\ \x0c\n"),
        # Go's TrimSpace would take the blanks at the end of an unclosed quote once the
        # escape after them is gone: the line keeps its text.
        ('FROM a\nARG "x \\\t\\ \\', 'FROM a\nARG "x \\\t\\ \\\n'),
    ],
)
def test_formatted_without_refusal(text: str, expected: str) -> None:
    assert fmt_twice(text) == expected
    assert guard.compare(parse(text), parse(expected)) is None


def test_healthcheck_cut_inside_a_character() -> None:
    # BuildKit's HEALTHCHECK scan is byte-wise too: U+0800 (E0 A0 80) splits after E0.
    inst = parse("FROM a\nHEALTHCHECK --interval=5s\u0800 CMD true\n").instructions[1]
    assert inst.flags == ("--interval=5s\u00e0",)


def test_escaped_blank_before_final_continuation_reads_the_same() -> None:
    out = format_text("FROM a\nrun echo hi \\ \\")
    assert parse(out).instructions[1].values == ("echo hi \\",)


# --- a BOM inside a heredoc name ---------------------------------------------------------------


def test_bom_at_start_of_heredoc_word_is_skipped() -> None:
    # BuildKit's shell lexer reads through Go's text/scanner, which skips a leading BOM.
    inst = parse("FROM a\nRUN <<\ufeffEOF\nx\nEOF\n").instructions[1]
    assert [(h.name, h.content) for h in inst.heredoc_models()] == [("EOF", "x\n")]
    inner = parse("FROM a\nRUN <<E\ufeffOF\nx\nE\ufeffOF\n").instructions[1]
    assert [h.name for h in inner.heredoc_models()] == ["E\ufeffOF"]
    with pytest.raises(ParseError):
        parse("FROM a\nRUN <<\ufeffEOF\nx\n\ufeffEOF\n")  # never terminated


@pytest.mark.parametrize(
    "text",
    [
        # A re-laid-out JSON form ending in an escaped blank and a final continuation
        # (fuzz seed 1, #23355, #23752, #11540): joined, its text ended in a continuation.
        'FROM a\nCMD \\  \n  ["npm","start"] \\ \\\r\n',
        'FROM a\nCMD ["-d", "-C", \\\n\n"dnsmasq.conf"] \\ \\',
        'FROM a\nSHELL \\  \n  ["/bin/bash", "-c"] \\ \\',
    ],
)
def test_relayout_never_ends_in_a_continuation(text: str) -> None:
    out = fmt_twice(text)
    assert out.endswith("\\ \\\n")
    assert parse(out).instructions[1].values == parse(text).instructions[1].values


def test_comment_before_a_lone_continuation_line_is_kept() -> None:
    # A comment line, then a line of only the escape character, inside a command (fuzz seed
    # 1, #8932): the re-layout had no line to put the comment before and dropped it.
    text = (
        "FROM a\nRUN apt-get update --yes && \\\n    apt-get install --yes x \\\n"
        "    # Common\n  \\\n  curl\n"
    )
    out = fmt_twice(text)
    assert "# Common" in out
    # the same words (the re-layout may change the blanks between them)
    words = [v.split() for v in parse(out).instructions[1].values]
    assert words == [v.split() for v in parse(text).instructions[1].values]


def test_relaid_out_lines_keep_the_instructions_own_ending() -> None:
    # Mixed endings, a tie (fuzz seed 1, #96900): dropping an inner blank line tipped the
    # file's majority to CRLF, and the second run wrote the continuation with the other one.
    text = (
        "# escape=`\n#ARG X=1\n Ensure this\r\nADD a /tmp/\r\nADD b /tmp/\r\n"
        "RUN cd /tmp/ && make\r\n\r\ufeff\nENTRYPOINT cd /data/ && `\n\nsbt\r\n"
    )
    out = fmt_twice(text)
    assert "&& `\n    sbt\r\n" in out
