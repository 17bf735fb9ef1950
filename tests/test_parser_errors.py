"""Bad input: a clear ParseError with a position, never a traceback or a hang."""

from __future__ import annotations

import pytest

import optimizer
from optimizer import ParseError


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("", 1, "no instructions"),
        ("# only\n# comments\n", 2, "no instructions"),
        ("FROM a\nRUN <<EOF\nnever ends\n", 2, "unterminated heredoc"),
        ("FROM a\nENV onlykey\n", 2, "ENV must have two arguments"),
        ("FROM a\nLABEL a=b c\n", 2, "can't find ="),
        ('FROM a\nCMD ["a", 1]\n', 2, "strings only"),
        ("# escape=x\nFROM a\n", 1, "invalid escape token"),
        ("# escape=`\n# escape=\\\nFROM a\n", 2, "only one escape"),
        ("FROM a\nRUN " + "x" * (1 << 20) + "\n", 2, "longer than BuildKit's limit"),
    ],
)
def test_parse_errors(text: str, line: int, fragment: str) -> None:
    with pytest.raises(ParseError) as info:
        optimizer.parse(text)
    assert info.value.line == line
    assert info.value.column >= 1
    assert fragment in info.value.message
    assert str(info.value).startswith(f"{line}:")


def test_unbalanced_quotes_in_flags_are_read_as_buildkit_does() -> None:
    cmds = optimizer.parse('FROM a\nCOPY --chown="me src dst\n').commands()
    assert cmds[1].flags == ("--chown=me src dst",)
    assert cmds[1].value == ()


def test_binary_looking_text_parses_or_fails_cleanly() -> None:
    text = "".join(chr(c) for c in range(1, 256))
    try:
        assert optimizer.parse(text).code == text
    except ParseError as exc:
        assert exc.line >= 1


def test_parse_takes_text_not_bytes() -> None:
    with pytest.raises(TypeError):
        optimizer.parse(b"FROM a\n")  # type: ignore[arg-type]
