"""`dopt fmt` as users run it: exit codes, stdin, --check/--diff, writes, settings."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from clirun import dopt

UGLY = (
    "from debian:bookworm\nrun apt-get update &&  \\\n  apt-get install -y curl\n\n\n\n"
    'CMD ["a","b"]'
)
PRETTY = (
    "FROM debian:bookworm\nRUN apt-get update && \\\n    apt-get install -y curl\n\n"
    'CMD ["a", "b"]\n'
)


def _write(path: Path, text: str, mode: int = 0o644) -> Path:
    path.write_text(text)
    path.chmod(mode)
    return path


def test_stdin_to_stdout() -> None:
    res = dopt("fmt", "-", stdin=UGLY)
    assert res.code == 0, res.err
    assert res.out == PRETTY


def test_piped_stdin_without_paths() -> None:
    assert dopt("fmt", stdin=UGLY).out == PRETTY


def test_fmt_on_stdin_imports_no_rules_and_no_typer() -> None:
    # format-on-save pays every import on every save
    res = dopt("fmt", "-", stdin=UGLY, python_flags=("-X", "importtime"))
    assert res.code == 0 and res.out == PRETTY
    imported = {line.rsplit("|", 1)[-1].strip() for line in res.err.splitlines()}
    assert "optimizer.engine" in imported
    assert not {m for m in imported if m.startswith(("optimizer.lint.rules", "typer", "click"))}
    assert "optimizer.lint.runner" not in imported
    assert "optimizer.cli.formats.common" not in imported


def test_default_style_and_explicit_flags_agree() -> None:
    fast = dopt("fmt", "--stdin-filename", "x/Dockerfile", "-", stdin=UGLY)
    full = dopt("fmt", "--indent-width", "4", "--stdin-filename", "x/Dockerfile", "-", stdin=UGLY)
    assert fast.out == full.out == PRETTY
    assert fast.code == full.code == 0


def test_rewrites_in_place_keeping_mode(tmp_path: Path) -> None:
    f = _write(tmp_path / "Dockerfile", UGLY, 0o640)
    res = dopt("fmt", str(f))
    assert res.code == 0, res.err
    assert f.read_text() == PRETTY
    assert stat.S_IMODE(f.stat().st_mode) == 0o640
    assert "1 file reformatted" in res.err
    assert [p.name for p in tmp_path.iterdir()] == ["Dockerfile"]  # no temp file left
    again = dopt("fmt", str(f))
    assert again.code == 0 and "1 file left unchanged" in again.err


def test_check_writes_nothing(tmp_path: Path) -> None:
    f = _write(tmp_path / "Dockerfile", UGLY)
    res = dopt("fmt", "--check", str(f))
    assert res.code == 1
    assert f"would reformat {f}" in res.err
    assert f.read_text() == UGLY
    _write(f, PRETTY)
    assert dopt("fmt", "--check", str(f)).code == 0


def test_diff_applies_with_git_apply(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    f = _write(tmp_path / "Dockerfile", UGLY)
    res = dopt("fmt", "--diff", "Dockerfile", cwd=tmp_path)
    assert res.code == 1
    assert f.read_text() == UGLY
    assert res.out.startswith("--- a/Dockerfile\n+++ b/Dockerfile\n")
    assert "\\ No newline at end of file" in res.out
    assert "\x1b[" not in res.out  # no colour when not a terminal
    (tmp_path / "p.diff").write_text(res.out)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "apply", "p.diff"], cwd=tmp_path, check=True)
    assert f.read_text() == PRETTY


def test_diff_colour_on_request() -> None:
    res = dopt("fmt", "--diff", "--color", "-", stdin=UGLY)
    assert "\x1b[32m" in res.out


def test_crlf_file_stays_crlf(tmp_path: Path) -> None:
    f = tmp_path / "Dockerfile"
    f.write_bytes(b"from a\r\nrun  echo hi\r\n\r\n\r\n")
    assert dopt("fmt", str(f)).code == 0
    assert f.read_bytes() == b"FROM a\r\nRUN echo hi\r\n"


def test_parse_error_reported_and_other_files_still_done(tmp_path: Path) -> None:
    bad = _write(tmp_path / "a.Dockerfile", "FROM a\nRUN <<EOF\nnever closed\n")
    good = _write(tmp_path / "b.Dockerfile", UGLY)
    res = dopt("fmt", str(bad), str(good))
    assert res.code == 2
    assert f"{bad}:2:1: unterminated heredoc" in res.err
    assert bad.read_text() == "FROM a\nRUN <<EOF\nnever closed\n"
    assert good.read_text() == PRETTY
    assert "1 file failed" in res.err


def test_stdin_parse_error_echoes_input() -> None:
    res = dopt("fmt", "-", stdin="FROM a\nENV x\n")
    assert res.code == 2
    assert res.out == "FROM a\nENV x\n"
    assert res.err.startswith("-:2:1: ENV must have two arguments")


def test_folders_find_dockerfiles_and_honour_exclude(tmp_path: Path) -> None:
    for rel in [
        "Dockerfile",
        "svc/Dockerfile.dev",
        "svc/app.dockerfile",
        "x/Containerfile",
        ".git/Dockerfile",
        "vendor/Dockerfile",
        "README.md",
    ]:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(UGLY if rel != "README.md" else "from a\n")
    res = dopt("fmt", "--check", "--exclude", "vendor", str(tmp_path))
    assert res.code == 1
    named = sorted(
        line.split("would reformat ")[1]
        for line in res.err.splitlines()
        if line.startswith("would reformat")
    )
    assert named == sorted(
        str(tmp_path / r)
        for r in ["Dockerfile", "svc/Dockerfile.dev", "svc/app.dockerfile", "x/Containerfile"]
    )


def test_settings_from_pyproject_and_dopt_toml(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.dopt]\nindent-width = 2\n")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / ".dopt.toml").write_text('operator-position = "start"\n')
    text = "FROM a\nRUN a && \\\n b\n"
    top = _write(tmp_path / "Dockerfile", text)
    low = _write(sub / "Dockerfile", text)
    assert dopt("fmt", str(top), str(low)).code == 0
    assert top.read_text() == "FROM a\nRUN a && \\\n  b\n"
    assert low.read_text() == "FROM a\nRUN a \\\n    && b\n"


def test_bad_settings_are_an_error(tmp_path: Path) -> None:
    (tmp_path / ".dopt.toml").write_text("indent-width = 'wide'\n")
    f = _write(tmp_path / "Dockerfile", UGLY)
    res = dopt("fmt", str(f))
    assert res.code == 2 and "indent-width must be a int" in res.err
    assert f.read_text() == UGLY


def test_symlink_is_kept(tmp_path: Path) -> None:
    real = _write(tmp_path / "real.Dockerfile", UGLY)
    link = tmp_path / "Dockerfile"
    link.symlink_to(real.name)
    assert dopt("fmt", str(link)).code == 0
    assert link.is_symlink()
    assert real.read_text() == PRETTY


def test_guard_refusal_exits_3_and_writes_nothing(tmp_path: Path, monkeypatch, capsys) -> None:
    from optimizer.cli.fmt_command import FmtOptions, run_fmt
    from optimizer.format import formatter as formatting

    def broken(tree, style=None):  # an emitter bug: drops a word of the command
        return tree.code.replace("echo hi there", "echo hi")

    monkeypatch.setattr(formatting, "format_tree", broken)
    f = _write(tmp_path / "Dockerfile", "FROM a\nRUN echo hi there\n")
    code = run_fmt(FmtOptions(paths=[str(f)]))
    err = capsys.readouterr().err
    assert code == 3
    assert (
        f"{f}:2: internal error: formatting would change how this instruction is read; "
        "left unchanged (please report)"
    ) in err
    assert f.read_text() == "FROM a\nRUN echo hi there\n"


def test_unreadable_and_usage_errors(tmp_path: Path) -> None:
    assert dopt("fmt", str(tmp_path / "missing")).code == 2
    assert dopt("fmt", "--operator-position", "middle", "-", stdin="FROM a\n").code == 2
    assert dopt("fmt", "--no-such-flag").code == 2
    help_text = dopt("fmt", "--help")
    assert help_text.code == 0 and "--check" in help_text.out


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_permission_denied(tmp_path: Path) -> None:
    f = _write(tmp_path / "Dockerfile", UGLY, 0o000)
    assert dopt("fmt", str(f)).code == 2
