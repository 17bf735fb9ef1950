"""Pragmas: ignore with reasons and `all`, hadolint's global ignore, off/on/skip for every
command, ignore-file for fmt, and DOP001 for suppressions that switch nothing off."""

from __future__ import annotations

from pathlib import Path

import pytest
from clirun import dopt

from optimizer.format.formatter import format_text
from optimizer.lint.fixer import fix_text
from optimizer.lint.runner import lint
from optimizer.lint.suppressions import Pragma, parse_pragma, region_pragma
from optimizer.syntax.parser import parse

# The texts here start FROM a full official image, so DOP502 (use its -slim variant) reports
# on every first line; these tests are about pragmas, not about base images.
IMAGE_RULES = ("DOP502",)


def codes(text: str, **kw: object) -> list[tuple[int, str]]:
    kw.setdefault("ignore", IMAGE_RULES)
    return [(f.line, f.code) for f in lint(parse(text), **kw)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# dopt: ignore=DOP101", Pragma("dopt", "ignore", ("DOP101",), ((15, 21),))),
        ("# dopt:ignore = dop101 , DOP102", None),  # spans checked below; codes upper-cased
        ("# dopt: ignore=DOP101 -- the base image needs it", None),
        ("# dopt: ignore=all", Pragma("dopt", "ignore", ("ALL",), ((15, 18),))),
        ("# dopt: ignore-file", Pragma("dopt", "ignore-file")),
        ("# dopt: ignore-file -- generated", Pragma("dopt", "ignore-file")),
        ("# dopt: off", Pragma("dopt", "off")),
        ("# dopt: off -- generated below", Pragma("dopt", "off")),
        ("# fmt: off", Pragma("fmt", "off")),
        ("# dopt: keep", Pragma("dopt", "keep")),
        ("# dopt: ignore DOP101", Pragma("dopt", "bad")),
        ("# dopt: ignore=DOP101 because", Pragma("dopt", "bad")),  # a reason needs `--`
        ("# dopt is great", None),
        ("# dopted: ignore=DOP101", None),
        ("# hadolint ignore=DL3059", Pragma("hadolint", "ignore", ("DL3059",), ((18, 24),))),
        ("# hadolint global ignore=DL3059", None),
        ("# hadolint shell=powershell", None),
        ("# just a comment", None),
    ],
)
def test_parse_pragma(text: str, expected: Pragma | None) -> None:
    got = parse_pragma(text)
    if expected is not None or got is None:
        assert got == expected
        return
    # the rest: check the parts that matter
    assert got.kind in ("ignore", "ignore-file")
    for code, (a, b) in zip(got.codes, got.spans, strict=True):
        assert text[a:b].upper() == code


def test_hadolint_global_is_file_level() -> None:
    p = parse_pragma("# hadolint global ignore=DL3059,DL4000")
    assert p is not None and p.kind == "ignore-file" and p.codes == ("DL3059", "DL4000")


def test_region_pragma_fmt_spelling_is_for_the_formatter_only() -> None:
    assert region_pragma("# fmt: off") == "off"
    assert region_pragma("# fmt: off", formatter=False) is None
    assert region_pragma("# dopt: skip -- hand-tuned", formatter=False) == "skip"


MAINTAINER = "FROM debian:bookworm\n{pragma}MAINTAINER Jane Doe\n"


@pytest.mark.parametrize(
    "pragma",
    [
        "# dopt: ignore=DOP304 -- the registry still reads MAINTAINER\n",
        "# dopt: ignore=DOP304 --\n",
        "# dopt: ignore=all\n",
        "# dopt: ignore=All -- every rule\n",
        "# dopt: ignore=DL4000\n",  # a hadolint code in a dopt comment
    ],
)
def test_ignore_variants_suppress(pragma: str) -> None:
    assert codes(MAINTAINER.format(pragma=pragma)) == []


def test_ignore_all_covers_every_rule_on_that_instruction_only() -> None:
    text = "FROM debian:bookworm\n# dopt: ignore=all\nRUN apt install curl\nRUN apt install curl\n"
    found = codes(text)
    assert found and all(line == 4 for line, _ in found)


def test_hadolint_global_ignore_anywhere() -> None:
    text = "FROM debian:bookworm\nMAINTAINER a\nMAINTAINER b\n# hadolint global ignore=DL4000\n"
    assert codes(text) == []
    assert codes(text.replace("global ", "")) == [(2, "DOP304"), (3, "DOP304")]


def test_dopt_ignore_file_with_codes() -> None:
    text = "# dopt: ignore-file=DOP304\nFROM debian:bookworm\nMAINTAINER a\nRUN apt install x\n"
    assert "DOP304" not in {c for _, c in codes(text)}
    assert "DOP302" in {c for _, c in codes(text)}


# --- off / on / skip for check and fix; ignore-file for fmt ---------------------------------

OFF = (
    "FROM debian:bookworm\n"
    "MAINTAINER a\n"
    "# dopt: off\n"
    "MAINTAINER b\n"
    "RUN apt install -y x\n"
    "# dopt: on\n"
    "MAINTAINER c\n"
)


def test_off_region_is_not_checked() -> None:
    assert codes(OFF) == [(2, "DOP304"), (7, "DOP304")]
    fmt_only = OFF.replace("# dopt:", "# fmt:")
    assert (4, "DOP304") in codes(fmt_only)  # `# fmt: off` is the formatter's alone


def test_off_region_is_not_fixed() -> None:
    out = fix_text(OFF, unsafe=True, ignore=IMAGE_RULES).output
    lines = out.splitlines()
    assert lines[2:6] == OFF.splitlines()[2:6]
    assert "MAINTAINER a" not in out and "MAINTAINER c" not in out  # outside: fixed


def test_skip_holds_for_check_and_fix() -> None:
    text = "FROM debian:bookworm\n# dopt: skip\nMAINTAINER a\nMAINTAINER b\n"
    assert codes(text) == [(4, "DOP304")]
    out = fix_text(text, unsafe=True, ignore=IMAGE_RULES).output  # DOP304 is an unsafe fix
    assert "# dopt: skip\nMAINTAINER a\n" in out and "MAINTAINER b" not in out


def test_fix_never_reaches_into_an_off_region() -> None:
    text = (
        "FROM debian:bookworm\n"
        "RUN apt-get update\n"
        "# dopt: off\n"
        "RUN apt-get install -y curl\n"
        "# dopt: on\n"
    )
    assert fix_text(text, select=["DOP108"]).output == text


def test_merge_leaves_out_a_run_where_it_is_suppressed() -> None:
    # Found in the corpus: `# hadolint ignore=DL3059` on the third of three RUNs; the merge of
    # all three answered to the unsuppressed findings and swallowed it.
    text = (
        "FROM debian:bookworm\n"
        "RUN echo a\n"
        "RUN echo b\n"
        "# hadolint ignore=DL3059\n"
        "RUN echo c\n"
        "RUN echo d\n"
        "# dopt: ignore=DOP101\n"
        "RUN echo e\n"
    )
    assert codes(text) == [(3, "DOP101")]  # and no DOP001: both suppressions are used
    out = fix_text(text, ignore=IMAGE_RULES).output
    assert out == (
        "FROM debian:bookworm\n"
        "RUN echo a && \\\n"
        "    echo b\n"
        "# hadolint ignore=DL3059\n"
        "RUN echo c\n"
        "RUN echo d\n"
        "# dopt: ignore=DOP101\n"
        "RUN echo e\n"
    )


def test_off_pragma_with_a_reason_holds_for_fmt() -> None:
    text = "FROM a\n# dopt: off -- generated\nrun   echo hi\n# dopt: on\nrun   echo hi\n"
    assert format_text(text) == (
        "FROM a\n# dopt: off -- generated\nrun   echo hi\n# dopt: on\nRUN echo hi\n"
    )


def test_ignore_file_holds_for_fmt() -> None:
    text = "# dopt: ignore-file\nfrom a\nrun   echo hi\n\n\n"
    assert format_text(text) == text
    res = dopt("fmt", "-", stdin=text)
    assert res.code == 0 and res.out == text


# --- DOP001 ----------------------------------------------------------------------------------

UNUSED = "FROM debian:bookworm\n# dopt: ignore=DOP304,DOP999 -- old\nRUN echo hi\n"


def test_check_reports_unused_and_unknown_codes() -> None:
    res = dopt("check", "--ignore", ",".join(IMAGE_RULES), "-", stdin=UNUSED)
    assert res.code == 1
    assert res.out == (
        "-:2:1: DOP001 [*] unused suppression of DOP304 (nothing to switch off here); "
        "unknown code DOP999 (no such rule)\n"
    )


def test_fix_removes_the_dead_codes(tmp_path: Path) -> None:
    f = tmp_path / "Dockerfile"
    f.write_text(
        "FROM debian:bookworm\n# dopt: ignore=DOP304, DOP999 -- old\nMAINTAINER a\n"
        "# dopt: ignore=DOP999\nRUN echo hi\n"
    )
    assert dopt("fix", "--ignore", ",".join(IMAGE_RULES), "--write", str(f)).code == 0
    assert f.read_text() == (
        "FROM debian:bookworm\n# dopt: ignore=DOP304 -- old\nMAINTAINER a\nRUN echo hi\n"
    )


def test_unused_is_judged_even_when_the_rule_is_not_selected() -> None:
    text = "FROM debian:bookworm\n# dopt: ignore=DOP304\nMAINTAINER a\n"
    assert codes(text, select=["DOP001"]) == []  # DOP304 ran to judge, but is not reported
    assert codes(text.replace("MAINTAINER a", "RUN echo"), select=["DOP001"]) == [(2, "DOP001")]
    assert codes(text.replace("MAINTAINER a", "RUN echo"), select=["DOP3"]) == []
    assert codes(text.replace("MAINTAINER a", "RUN echo"), ignore=["DOP001", *IMAGE_RULES]) == []


def test_explain_and_rules_know_dop001() -> None:
    assert "unused-suppression" in dopt("explain", "DOP001").out
    assert "DOP001  unused-suppression" in dopt("rules").out


def test_a_fix_does_not_edit_an_instruction_where_its_code_is_suppressed() -> None:
    text = (
        "FROM alpine:3.20\n"
        "# dopt: ignore=DOP108 -- keep this layer as it is\n"
        "RUN apk add --update python3 py3-pip\n"
        "WORKDIR /app\n"
        "RUN rm -rf /var/cache/apk/*\n"
        "COPY . .\n"
    )
    found = lint(parse(text), ignore=["DOP103", "DOP405"])
    assert [(f.line, f.code) for f in found] == [(5, "DOP108")]  # no DOP001: it was needed
    assert found[0].fix is None
    assert "it would change line 3, where DOP108 is suppressed" in found[0].message
    assert fix_text(text, select=["DOP108"]).output == text


def test_suppressions_on_every_run_of_a_chain_are_all_used() -> None:
    # Found over the corpus: judged one by one, the later ones looked redundant, and removing
    # them all at once let the RUNs merge again.
    text = "FROM debian:bookworm\nRUN echo a\n" + "".join(
        f"# dopt: ignore=DOP101\nRUN echo {c}\n" for c in "bcd"
    )
    assert codes(text) == []
    assert fix_text(text, ignore=IMAGE_RULES).output == text
