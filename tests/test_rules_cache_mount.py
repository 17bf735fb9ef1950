"""DOP203 (cache mounts instead of cleanups): the opt-in setting, its command-line flag, the
cleanup rules leaving a RUN to it, the accounts it reads, and its explanation.  The rewrites
themselves are golden/DOP203/ (tests/test_golden_rules.py)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from optimizer import engine
from optimizer.analysis.runas import account
from optimizer.analysis.shell.script import analyze
from optimizer.cli.main import run
from optimizer.errors import ConfigError
from optimizer.io.settings import Settings, parse_settings
from optimizer.lint.docs import explain_text
from optimizer.lint.fixer import fix_text
from optimizer.lint.rules import by_code
from optimizer.lint.selection import Selection

PIP = "FROM python:3.12\nRUN pip install flask\n"
APT = (
    "FROM debian:bookworm\n"
    "RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n"
)


def _codes(text: str, settings: Settings, select: tuple[str, ...] = ("ALL",)) -> list[str]:
    found = engine.check_source(text, settings, selection=Selection(select=select))
    return [d.code for d in found.diagnostics]


def test_the_setting_is_a_bool_and_off_by_default() -> None:
    assert Settings().cache_mounts is False and Settings().opt_in == frozenset()
    on = parse_settings({"cache-mounts": True})
    assert on.cache_mounts is True and on.opt_in == frozenset({"cache-mounts"})
    with pytest.raises(ConfigError, match="cache-mounts must be a bool"):
        parse_settings({"cache-mounts": "yes"})


def test_the_rule_runs_only_with_the_setting() -> None:
    assert "DOP203" not in _codes(PIP, Settings())
    assert "DOP203" not in _codes(PIP, Settings(), ("DOP203",))  # selected, still off
    assert "DOP203" in _codes(PIP, Settings(cache_mounts=True))


@pytest.mark.parametrize(("text", "cleanup"), [(PIP, "DOP106"), (APT, "DOP102")])
def test_the_cleanup_rules_leave_a_mounted_run_to_it(text: str, cleanup: str) -> None:
    assert cleanup in _codes(text, Settings()) or text == APT
    on = _codes(text, Settings(cache_mounts=True))
    assert "DOP203" in on and cleanup not in on
    # With DOP203 not chosen, the cleanup rule offers its deletion as before.
    assert _codes(text, Settings(cache_mounts=True), (cleanup,)) == _codes(
        text, Settings(), (cleanup,)
    )


def test_a_run_it_cannot_fix_keeps_the_cleanup_fix() -> None:
    text = 'FROM python:3.12\nRUN ["pip", "install", "flask"]\n'
    found = engine.check_source(text, Settings(cache_mounts=True), selection=Selection())
    assert {d.code for d in found.diagnostics} >= {"DOP106", "DOP203"}
    assert next(d for d in found.diagnostics if d.code == "DOP203").fix is None


def test_the_fix_is_unsafe_and_a_fixed_point() -> None:
    opt_in = frozenset({"cache-mounts"})
    safe = fix_text(PIP, select=["DOP203"], opt_in=opt_in)
    assert safe.output == PIP and safe.unsafe_available == 1
    fixed = fix_text(PIP, unsafe=True, select=["DOP203"], opt_in=opt_in).output
    assert fixed == by_code()["DOP203"].good.replace("-r requirements.txt", "flask").replace(
        "pip install --no-cache-dir", "pip install"
    )
    assert fix_text(fixed, unsafe=True, select=["ALL"], opt_in=opt_in).output == fixed


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))


def test_the_command_line_flag_and_the_settings_file(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    _stdin(monkeypatch, PIP)
    assert run(["check", "--select", "DOP203", "-"]) == 0
    _stdin(monkeypatch, PIP)
    assert run(["check", "--cache-mounts", "--select", "DOP203", "-"]) == 1
    assert "DOP203" in capsys.readouterr().out
    _stdin(monkeypatch, PIP)
    assert run(["fix", "--cache-mounts", "--unsafe-fixes", "--select", "DOP203", "-"]) == 0
    assert "--mount=type=cache,target=/root/.cache/pip" in capsys.readouterr().out
    project = tmp_path / "project"  # a folder whose settings were not read yet
    project.mkdir()
    (project / ".dopt.toml").write_text("cache-mounts = true\n")
    (project / "Dockerfile").write_text(PIP)
    assert run(["check", "--select", "DOP203", "project/Dockerfile"]) == 1
    assert "DOP203" in capsys.readouterr().out


def test_explain_says_it_needs_buildkit_and_only_leaves_caches_out() -> None:
    text = " ".join(explain_text(by_code()["DOP203"]).split())
    assert "needs BuildKit" in text
    assert "changes what the image contains only by leaving the caches out" in text
    assert "cache-mounts = true" in text


@pytest.mark.parametrize(
    ("script", "uid", "home"),
    [
        ("useradd -u 1001 -m app", "1001", "/home/app"),
        ("useradd --uid=1001 -d /srv/app app", "1001", "/srv/app"),
        ("adduser -D -u 1000 -h /opt/app app", "1000", "/opt/app"),
        ("adduser --uid 1002 --home /var/app --disabled-password app", "1002", "/var/app"),
        ("useradd -r -g app app", "", "/home/app"),  # no uid given
        ("useradd -u $UID -m app", "", ""),  # a uid from a variable is not known
        ("adduser app sudo", "", ""),  # adds to a group
    ],
)
def test_accounts_the_file_creates(script: str, uid: str, home: str) -> None:
    found = account("app", [analyze(script)])
    assert (found.uid, found.home) == (uid, home)
    assert account("1000:1000", []).uid == "1000"
