"""Focused tests of the practice rules DOP301-DOP306: the apt option reading, the LABEL
quoting of DOP304 (round-tripped through BuildKit's word processing), the archive detection
of DOP305, and the suppression comments."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import tarfile
from pathlib import Path

import pytest

from optimizer.analysis.shell.script import analyze
from optimizer.lint.fixer import fix_text
from optimizer.lint.rules.add_instead_of_copy import archive_kind, why_unsafe
from optimizer.lint.rules.apt_without_yes import answers
from optimizer.lint.rules.base import SAFE, UNSAFE
from optimizer.lint.rules.maintainer_deprecated import KEY, label_for, label_value, quoted
from optimizer.lint.runner import lint
from optimizer.syntax import buildkit
from optimizer.syntax.parser import parse

PRACTICE = ("DOP301", "DOP302", "DOP303", "DOP304", "DOP305", "DOP306")


def _findings(text: str, code: str, path: Path | None = None) -> list:
    return lint(parse(text), path, select=[code])


def _fixed(text: str, code: str, unsafe: bool = False, path: Path | None = None) -> str:
    return fix_text(text, path=path, unsafe=unsafe, select=[code]).output


# ----------------------------------------------------------------------------- DOP304


VALUES = [
    "Jane Doe <jane@example.com>",
    'Jane "JD" Doe',
    "$USER ${HOME} ${X:-default} $",
    "C:\\Users\\jane \\\\server\\share \\",
    'back`tick `` and `"',
    "tab\there, unicode é ✓, single ' quote",
    '"already quoted"',
    "trailing backslash\\",
]


@pytest.mark.parametrize("escape", ["\\", "`"])
@pytest.mark.parametrize("value", VALUES)
def test_label_quoting_round_trips_through_buildkit(value: str, escape: str) -> None:
    raw = quoted(value, escape)
    assert buildkit.process_word(raw, escape) == value
    assert label_value(raw, escape) == value  # and no variable is expanded on the way


@pytest.mark.parametrize("escape", ["\\", "`"])
@pytest.mark.parametrize("value", VALUES)
def test_label_instruction_reads_back_the_value(value: str, escape: str) -> None:
    text = label_for(value, escape, "\n")
    assert text is not None
    prefix = "# escape=`\n" if escape == "`" else ""
    (label,) = parse(prefix + text).instructions
    ((key, raw),) = label.pairs  # type: ignore[attr-defined]
    assert key == KEY
    assert buildkit.process_word(raw, escape) == value


def test_label_value_refuses_expansions() -> None:
    assert label_value('"$HOME"', "\\") is None
    assert label_value("${HOME}", "\\") is None
    assert label_value('"\\$HOME"', "\\") == "$HOME"
    assert label_value('"unbalanced', "\\") is None


def test_maintainer_fix_keeps_the_literal_text() -> None:
    text = 'FROM scratch\nMAINTAINER "Jane" <j@x> $USER C:\\dir\n'
    assert _fixed(text, "DOP304") == text  # the fix changes the image config: unsafe only
    out = _fixed(text, "DOP304", unsafe=True)
    line = out.splitlines()[1]
    assert line.startswith(f"LABEL {KEY}=")
    raw = line.split("=", 1)[1]
    assert buildkit.process_word(raw) == '"Jane" <j@x> $USER C:\\dir'
    assert label_value(raw, "\\") is not None


def test_maintainer_not_fixed_over_an_earlier_label() -> None:
    text = f"FROM scratch\nLABEL {KEY}=team\nMAINTAINER Jane\n"
    (finding,) = _findings(text, "DOP304")
    assert finding.fix is None
    assert "line 2" in finding.message


# ----------------------------------------------------------------------------- DOP305


def _tar_bytes(fmt: int) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=fmt) as tar:
        data = b"x\n"
        info = tarfile.TarInfo("x.txt")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def _v7_tar() -> bytes:
    """A pre-POSIX tar header: no `ustar` magic, only a valid checksum."""
    header = bytearray(512)
    header[0:5] = b"x.txt"
    header[100:108] = b"0000644\0"
    header[124:136] = b"00000000002\0"
    header[148:156] = b" " * 8
    header[148:156] = (f"{sum(header):06o}".encode() + b"\0 ")[:8]
    return bytes(header) + b"x\n".ljust(512, b"\0") + bytes(1024)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (_tar_bytes(tarfile.USTAR_FORMAT), "tar"),
        (_tar_bytes(tarfile.GNU_FORMAT), "tar"),
        (_tar_bytes(tarfile.PAX_FORMAT), "tar"),
        (_v7_tar(), "tar"),
        (gzip.compress(b"hello"), "gzip"),
        (bz2.compress(b"hello"), "bzip2"),
        (lzma.compress(b"hello"), "xz"),
        (b"\x28\xb5\x2f\xfd" + bytes(20), "zstd"),
        (b"\x50\x2a\x4d\x18" + bytes(20), "zstd"),  # a skippable zstd frame
        (b"plain text\n" * 100, None),
        (b"", None),
        (bytes(1024), None),  # zero blocks end a tar stream: Go finds no entry
        (b"#!/bin/sh\necho ustar\n", None),
    ],
)
def test_archive_magic(data: bytes, kind: str | None) -> None:
    assert archive_kind(data[:512]) == kind


def test_why_unsafe_reads_the_context(tmp_path: Path) -> None:
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "inner.tar").write_bytes(_tar_bytes(tarfile.USTAR_FORMAT))
    (tmp_path / "a.txt").write_text("a\n")
    (tmp_path / "b.dat").write_bytes(gzip.compress(b"b"))
    (tmp_path / ".hidden").write_bytes(_tar_bytes(tarfile.USTAR_FORMAT))
    assert why_unsafe(tmp_path, "dir") is None  # folders are copied, never extracted
    assert why_unsafe(tmp_path, "/a.txt") is None
    assert why_unsafe(tmp_path, "../../a.txt") is None  # BuildKit keeps paths in the context
    assert "gzip" in (why_unsafe(tmp_path, "b.dat") or "")
    assert "gzip" in (why_unsafe(tmp_path, "*.dat") or "")
    assert "tar" in (why_unsafe(tmp_path, "*hidden") or "")  # Go's `*` matches dot files
    assert why_unsafe(tmp_path, "[a]*") is None
    assert "not in" in (why_unsafe(tmp_path, "nope.txt") or "")
    assert "matches" in (why_unsafe(tmp_path, "*.none") or "")


def test_add_to_copy_tiers(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("hi\n")
    (tmp_path / "packed").write_bytes(_tar_bytes(tarfile.USTAR_FORMAT))
    dockerfile = tmp_path / "Dockerfile"
    text = "FROM scratch\nADD plain /a\nADD packed /b\n"
    findings = _findings(text, "DOP305", dockerfile)
    assert [f.fix.applicability if f.fix else None for f in findings] == [SAFE, UNSAFE]
    assert "tar archive" in findings[1].message
    assert _fixed(text, "DOP305", path=dockerfile) == "FROM scratch\nCOPY plain /a\nADD packed /b\n"
    # Without a path (stdin) the context cannot be checked: unsafe.
    (finding, _) = _findings(text, "DOP305")
    assert finding.fix is not None and finding.fix.applicability == UNSAFE
    assert "stdin" in finding.message


@pytest.mark.parametrize(
    "line",
    [
        "ADD https://example.com/x /x",
        "ADD git@github.com:a/b.git /src",
        "ADD --checksum=sha256:00 plain /x",
        "ADD --unpack=true plain /x",
        "ADD --keep-git-dir plain /x",
        "ADD site.tar.gz /srv",
        "ADD plain data.TXZ /srv/",
        "ADD <<EOF /x\nhi\nEOF",
    ],
)
def test_add_left_alone(line: str) -> None:
    assert _findings(f"FROM scratch\n{line}\n", "DOP305") == []


# ------------------------------------------------------------------- DOP301-DOP303


def _op(command: str):  # type: ignore[no-untyped-def]
    (op,) = analyze(command).package_ops
    return op


@pytest.mark.parametrize(
    ("command", "answer"),
    [
        ("apt-get install x", None),
        ("apt-get -y install x", "yes"),
        ("apt-get install --yes x", "yes"),
        ("apt-get install --assume-yes x", "yes"),
        ("apt-get -yq install x", "yes"),
        ("apt-get -q install x", None),
        ("apt-get -qq install x", "yes"),  # quiet level 2: apt skips the prompt
        ("apt-get -q -q install x", "yes"),
        ("apt-get -q=2 install x", "yes"),
        ("apt-get --quiet=1 install x", None),
        ("apt-get -o APT::Get::Assume-Yes=true install x", "yes"),
        ("apt-get -oquiet=2 install x", "yes"),
        ("apt-get -o=APT::Get::Assume-Yes=1 install x", "yes"),
        ("apt-get -tmy-release install x", None),  # `y` inside -t's value is no -y
        ("apt-get --force-yes install x", None),  # force-yes does not answer the prompt
        ("apt-get --assume-no install x", "no"),
        ("apt-get -o APT::Get::Assume-Yes=false install x", "no"),
    ],
)
def test_apt_answers(command: str, answer: str | None) -> None:
    assert answers(_op(command)) == answer


def test_one_fix_covers_every_command_of_a_run() -> None:
    text = "FROM debian\nRUN apt-get install a && apt-get install b && apt-get remove c\n"
    (finding,) = _findings(text, "DOP303")
    assert finding.fix is not None and finding.fix.applicability == SAFE
    assert _fixed(text, "DOP303") == (
        "FROM debian\nRUN apt-get install -y a && apt-get install -y b && apt-get remove -y c\n"
    )


def test_no_fix_where_a_failure_lets_the_build_go_on() -> None:
    # A refused `install b` runs `remove c` instead: `-y` would change what the build does.
    text = "FROM debian\nRUN apt-get install a && apt-get install b || apt-get remove c\n"
    (finding,) = _findings(text, "DOP303")
    assert finding.fix is None and "does not fail the RUN" in finding.message


def test_yes_pipe_answers_the_prompt() -> None:
    assert _findings("FROM debian\nRUN yes | apt-get install x\n", "DOP303") == []
    assert _findings("FROM debian\nRUN echo y | apt-get install x\n", "DOP303") == []
    assert len(_findings("FROM debian\nRUN yes || apt-get install x\n", "DOP303")) == 1


def test_no_install_recommends_is_unsafe_and_idempotent() -> None:
    text = "FROM debian\nRUN apt-get install -y a && sudo apt-get install -y b\n"
    (finding,) = _findings(text, "DOP301")
    assert finding.fix is not None and finding.fix.applicability == UNSAFE
    assert _fixed(text, "DOP301") == text
    out = _fixed(text, "DOP301", unsafe=True)
    assert out.count("--no-install-recommends") == 2
    assert _findings(out, "DOP301") == []


def test_apt_config_from_env_blocks_the_fix() -> None:
    text = "FROM debian\nENV APT_CONFIG=/etc/my-apt.conf\nRUN apt-get install -y a\n"
    (finding,) = _findings(text, "DOP301")
    assert finding.fix is None and "APT_CONFIG" in finding.message


def test_apt_cli_only_for_apt() -> None:
    text = "FROM debian\nRUN apt-get update && apt-cache show a && apt-key list && echo apt\n"
    assert _findings(text, "DOP302") == []
    out = _fixed("FROM debian\nRUN apt install -y a\n", "DOP302", unsafe=True)
    assert out == "FROM debian\nRUN apt-get install -y a\n"


def test_upgrade_needs_whole_system() -> None:
    assert len(_findings("FROM alpine\nRUN apk upgrade\n", "DOP306")) == 1
    assert _findings("FROM alpine\nRUN apk upgrade musl\n", "DOP306") == []
    assert len(_findings("FROM fedora\nRUN dnf -y upgrade\n", "DOP306")) == 1
    assert _findings("FROM fedora\nRUN dnf -y upgrade openssl\n", "DOP306") == []


# --------------------------------------------------------------------- suppression

BAD = {
    "DOP301": ("DL3015", "RUN apt-get install -y curl"),
    "DOP302": ("DL3027", "RUN apt install -y curl"),
    "DOP303": ("DL3014", "RUN apt-get install --no-install-recommends curl"),
    "DOP304": ("DL4000", "MAINTAINER Jane"),
    "DOP305": ("DL3020", "ADD plain /x"),
    "DOP306": ("DL3005", "RUN apt-get upgrade -y"),
}


@pytest.mark.parametrize("code", PRACTICE)
def test_suppression_comments(code: str) -> None:
    hadolint, line = BAD[code]
    assert len(_findings(f"FROM debian\n{line}\n", code)) == 1
    for comment in (f"# dopt: ignore={code}", f"# hadolint ignore={hadolint}"):
        text = f"FROM debian\n{comment}\n{line}\n"
        assert _findings(text, code) == []
        assert _fixed(text, code, unsafe=True) == text
    # A comment with a blank line between does not reach the instruction.
    assert len(_findings(f"FROM debian\n# dopt: ignore={code}\n\n{line}\n", code)) == 1
