"""``dopt verify`` end to end: with a pretend engine in CI (tests/fake_engine.py), and with
buildah where it exists (``-m build``)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from clirun import dopt
from fake_engine import FakeEngine

from optimizer.lint.fixer import fix_text
from optimizer.verify.command import VerifyOptions, run_verify

ROOT = Path(__file__).resolve().parent.parent
MERGE_AND_LISTS = """FROM debian:bookworm
ENV A=1
RUN apt-get update
RUN apt-get install -y curl
RUN cd /srv && touch x
RUN touch /y
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "Dockerfile"
    path.write_text(text)
    return path


def _run(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    text: str,
    engine: FakeEngine | None = None,
    fixer: Any = None,
    **kw: Any,
) -> tuple[int, dict[str, Any]]:
    path = _write(tmp_path, text)
    opts = VerifyOptions(path=str(path), fmt="json", **kw)
    code = run_verify(opts, fixer=fixer, engine=engine or FakeEngine())
    return code, json.loads(capsys.readouterr().out)


def test_real_fixes_are_equivalent_beyond_the_removed_lists(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = FakeEngine()
    code, report = _run(tmp_path, capsys, MERGE_AND_LISTS, engine)
    assert code == 0, report
    assert report["applied"] == ["DOP101", "DOP102"]
    assert report["equivalent"] is True and report["differences"] == []
    assert {d["where"] for d in report["explained"]} == {
        "/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease",
        "/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4",
    }
    assert report["explained_bytes"] == 8_950_000
    assert report["layers_added"] == {"orig": 4, "new": 2}
    assert report["bytes_added"]["orig"] - report["bytes_added"]["new"] > 8_950_000
    assert len(engine.builds) == 2 and engine.images == {}  # both removed afterwards


def test_text_report_ends_with_the_verdict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, MERGE_AND_LISTS)
    code = run_verify(VerifyOptions(path=str(path)), engine=FakeEngine())
    out = capsys.readouterr().out
    assert code == 0
    last = out.splitlines()[-1]
    assert last.startswith(
        "equivalent: 0 differences beyond removed caches (8.9 MB); layers 4 -> 2;"
    )
    assert "declared by DOP102: 2 paths under /var/lib/apt/lists (8.9 MB)" in out


def _wrong(corrupt: str, replacement: str, when: str) -> Any:
    """A fixer with an injected bug: the fixes of rule ``when`` also rewrite ``corrupt``."""

    def fixer(text: str, *args: Any, **kw: Any) -> Any:
        result = fix_text(text, *args, **kw)
        if any(f.code == when for f in result.applied):
            return result.replace(output=result.output.replace(corrupt, replacement))
        return result

    return fixer


def test_an_injected_wrong_rewrite_is_not_equivalent_and_blamed_on_its_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # DOP101's merge "forgets" the cd (then DOP102's fix changes an ENV): two rules applied, so
    # they are added one at a time to see which causes what.
    bad = _wrong("( cd /srv && touch x )", "touch x", "DOP101")
    engine = FakeEngine()
    code, report = _run(tmp_path, capsys, MERGE_AND_LISTS, engine, fixer=bad)
    assert code == 1
    diffs = {(d["kind"], d["where"]): d["rules"] for d in report["differences"]}
    assert diffs == {("removed", "/srv/x"): ["DOP101"], ("added", "/x"): ["DOP101"]}
    assert len(engine.builds) == 3  # original, fixed, DOP101 alone (DOP102 needs the merge)

    def worse(text: str, *args: Any, **kw: Any) -> Any:
        result = bad(text, *args, **kw)
        if any(f.code == "DOP102" for f in result.applied):
            return result.replace(output=result.output.replace("ENV A=1", "ENV A=2"))
        return result

    code, report = _run(tmp_path, capsys, MERGE_AND_LISTS, fixer=worse)
    assert code == 1
    diffs = {(d["kind"], d["where"]): d["rules"] for d in report["differences"]}
    assert diffs == {
        ("config", "Env.A"): ["DOP102"],
        ("removed", "/srv/x"): ["DOP101"],
        ("added", "/x"): ["DOP101"],
    }


def test_wrong_rewrite_in_text_names_path_and_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "FROM debian:bookworm\nRUN cd /srv && touch x\nRUN touch /y\n"
    path = _write(tmp_path, text)
    bad = _wrong("( cd /srv && touch x )", "touch x", "DOP101")
    code = run_verify(VerifyOptions(path=str(path)), fixer=bad, engine=FakeEngine())
    out = capsys.readouterr().out
    assert code == 1
    assert "  - /srv/x (file)  [DOP101]" in out and "  + /x (file)  [DOP101]" in out
    assert out.splitlines()[-1].startswith("not equivalent: 2 differences (caused by DOP101);")


def test_dop304_label_is_a_declared_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # DOP304 is an unsafe fix: it changes the image config, which verify must explain
    code, report = _run(
        tmp_path, capsys, "FROM debian:bookworm-slim\nMAINTAINER Jane <j@x>\n", unsafe=True
    )
    assert code == 0, report
    assert report["applied"] == ["DOP304"]
    assert {d["where"] for d in report["explained"]} == {
        "Author",
        "Labels.org.opencontainers.image.authors",
    }


def test_nothing_to_fix_builds_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    engine = FakeEngine()
    code, report = _run(tmp_path, capsys, "FROM debian:bookworm\nRUN touch /y\n", engine)
    assert code == 0 and report["applied"] == [] and engine.builds == []


def test_a_failed_build_exits_2_with_its_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = FakeEngine(fail="rm -rf /var/lib/apt/lists")  # only the fixed file has it
    code, report = _run(tmp_path, capsys, MERGE_AND_LISTS, engine)
    assert code == 2
    assert report["build_failed"] == "fixed" and Path(report["log"]).read_text() != ""
    assert engine.images == {}


def test_select_and_unsafe_reach_the_fixer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report = _run(tmp_path, capsys, MERGE_AND_LISTS, select=("DOP101",))
    assert code == 0 and report["applied"] == ["DOP101"] and report["explained"] == []


def test_cli_without_an_engine_exits_2(tmp_path: Path) -> None:
    path = _write(tmp_path, MERGE_AND_LISTS)
    env_path = os.environ.get("PATH", "")
    os.environ["PATH"] = str(tmp_path)  # no engine there; the child keeps python by path
    try:
        result = dopt("verify", str(path), "--engine", "buildah")
        auto = dopt("verify", str(path))
    finally:
        os.environ["PATH"] = env_path
    assert result.code == 2, result
    assert "no build engine: buildah: not on PATH" in result.err
    assert auto.code == 2 and "docker: not on PATH; podman: not on PATH" in auto.err


def test_cli_bad_input_exits_2(tmp_path: Path) -> None:
    result = dopt("verify", str(tmp_path / "missing"))
    assert result.code == 2 and "cannot read" in result.err
    bad = _write(tmp_path, "FROM debian\nRUN x\n")
    result = dopt("verify", str(bad), "--format", "xml")
    assert result.code == 2 and "--format must be text or json" in result.err
    result = dopt("verify", str(bad), "--engine", "rkt")
    assert result.code == 2 and "unknown engine 'rkt'" in result.err


# --- with a real engine --------------------------------------------------------------------------

BASE_IMAGE = "docker.io/library/debian:bookworm"


@pytest.fixture(scope="module")
def buildah() -> None:
    if shutil.which("buildah") is None:
        pytest.skip("buildah is not on PATH")
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        pytest.skip("buildah builds here need root")
    proc = subprocess.run(
        ["buildah", "inspect", "--type", "image", BASE_IMAGE], capture_output=True, check=False
    )
    if proc.returncode != 0:
        pytest.skip(f"base image {BASE_IMAGE} is missing (../shared/tools/make-debian-base.sh)")


@pytest.mark.build
def test_buildah_merge_is_equivalent(buildah: None, tmp_path: Path) -> None:
    path = _write(tmp_path, "FROM debian:bookworm\nRUN cd /srv && touch x\nRUN touch /y\n")
    result = dopt("verify", str(path), "--engine", "buildah", "--format", "json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["applied"] == ["DOP101"] and report["layers_added"] == {"orig": 2, "new": 1}


@pytest.mark.build
def test_buildah_wrong_rewrite_is_caught(
    buildah: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from optimizer.verify.build_engines import pick

    path = _write(tmp_path, "FROM debian:bookworm\nRUN cd /srv && touch x\nRUN touch /y\n")
    bad = _wrong("( cd /srv && touch x )", "touch x", "DOP101")
    opts = VerifyOptions(path=str(path), fmt="json", engine="buildah")
    code = run_verify(opts, fixer=bad, engine=pick("buildah"))
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert {(d["kind"], d["where"]) for d in report["differences"]} == {
        ("removed", "/srv/x"),
        ("added", "/x"),
    }


@pytest.mark.build
def test_real_base_image_reads_the_same_from_both_archive_formats(tmp_path: Path) -> None:
    from optimizer.verify.image_archive import load
    from optimizer.verify.image_compare import compare

    slim = "docker.io/library/debian:bookworm-slim"
    if shutil.which("podman") is None:
        pytest.skip("podman is not on PATH")
    if subprocess.run(["podman", "image", "exists", slim], check=False).returncode != 0:
        pytest.skip(f"base image {slim} is missing (../shared/tools/make-debian-base.sh)")
    for fmt in ("oci-archive", "docker-archive"):
        argv = ["podman", "save", "-q", "--format", fmt, "-o", str(tmp_path / fmt), slim]
        subprocess.run(argv, check=True, capture_output=True)
    oci, docker = load(tmp_path / "oci-archive"), load(tmp_path / "docker-archive")
    assert len(oci.files) > 1000 and oci.files == docker.files
    assert [x.digest for x in oci.layers] == oci.config["rootfs"]["diff_ids"]
    assert compare(oci, docker).equivalent
