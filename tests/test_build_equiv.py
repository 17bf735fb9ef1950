"""Build equivalence: `dopt fix` output builds to the same image as its input.

Each golden/build/NAME.Dockerfile is fixed with ``fix_text`` and both Dockerfiles are built
with buildah by ``../shared/tools/equiv`` (read ../shared/tools/README.md), with golden/build/ctx
as the build context.  A safe fix must give an equivalent image (same config, same files modulo
equiv's noise-floor ignores).  The few cases in DIFFERENCES are documented exceptions: for each
one the test asserts exactly the expected difference, nothing more.

Every case must exercise a rule: EXPECTED names the codes that must be among the applied
fixes.  A case whose rule has not landed yet (``python3 -m optimizer rules`` shows no fix for
it) is skipped.

Slow (each apt case takes 30-70 s, never two equiv runs at once), so marked ``build`` and
deselected by default:

    python3 -m pytest -m build tests/test_build_equiv.py -v

Set DOPT_BUILD_RESULTS=FILE to append one JSON line per case (rules, layers, bytes, verdict);
bench/build_results.md was written from such a file.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from optimizer.lint.fixer import fix_text
from optimizer.lint.rules import by_code

pytestmark = pytest.mark.build

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "golden" / "build"
CONTEXT = CASES / "ctx"
EQUIV = ROOT.parent / "shared" / "tools" / "equiv"
BASE_IMAGE = "docker.io/library/debian:bookworm"
EQUIV_TIMEOUT = 1200  # seconds for one pair (npm from apt is the slowest case)

# name -> the rule codes whose fixes must be applied (all of them; others may apply too).
EXPECTED: dict[str, frozenset[str]] = {
    "dop101-plain": frozenset({"DOP101"}),
    "dop101-cd-subshell": frozenset({"DOP101"}),
    "dop101-export-subshell": frozenset({"DOP101"}),
    "dop101-comments": frozenset({"DOP101"}),
    "dop101-brace-group": frozenset({"DOP101"}),
    "dop101-apt-split": frozenset({"DOP101", "DOP102"}),
    "dop102-apt-lists": frozenset({"DOP102"}),
    "dop102-set-eux": frozenset({"DOP102"}),
    "dop106-pip": frozenset({"DOP106"}),
    "dop106-pip-sdist": frozenset({"DOP106"}),
    "dop107-npm": frozenset({"DOP107"}),
    "dop108-standalone-cleanup": frozenset({"DOP108"}),
    # DOP108 is blocked here (the cleanup RUN is the only step after the WORKDIR); DOP102 runs.
    "dop108-after-workdir": frozenset({"DOP102"}),
    "dop201-safe": frozenset({"DOP201"}),
    "dop201-unsafe": frozenset({"DOP201"}),
    "dop201-unsafe-benign": frozenset({"DOP201"}),
    "dop301-recommends-unsafe": frozenset({"DOP301"}),
    "dop302-apt-cli-unsafe": frozenset({"DOP302"}),
    "dop303-apt-yes": frozenset({"DOP303"}),
    "dop304-maintainer": frozenset({"DOP304"}),
    "dop305-add-local": frozenset({"DOP305"}),
    "multistage": frozenset({"DOP101", "DOP102"}),
}

# Cases fixed with --unsafe-fixes (all others: safe fixes only).
UNSAFE: frozenset[str] = frozenset(
    {
        "dop201-unsafe",
        "dop201-unsafe-benign",
        "dop301-recommends-unsafe",
        "dop302-apt-cli-unsafe",
        "dop304-maintainer",  # the Author field moves to a label
    }
)


def _nothing_else(result: dict[str, Any], config: bool = True) -> None:
    if config:
        assert result["config_diff"] == {}, result["config_diff"]
    assert result["fs_added"] == [], result["fs_added"]


def _author_label_only(result: dict[str, Any]) -> None:
    """DOP304: MAINTAINER sets the (uncompared) Author field; its LABEL adds one label."""
    _nothing_else(result, config=False)
    assert result["fs_removed"] == [] and result["fs_changed"] == []
    assert set(result["config_diff"]) == {"Labels"}, result["config_diff"]
    orig = result["config_diff"]["Labels"]["orig"] or {}
    new = result["config_diff"]["Labels"]["new"] or {}
    assert {k: v for k, v in orig.items() if new.get(k) != v} == {}
    added = {k: v for k, v in new.items() if k not in orig}
    assert list(added.values()) == ["Jane Doe <jane@example.com>"], added


def _probe_file_only(result: dict[str, Any]) -> None:
    """DOP201 unsafe: the RUN that was passed records whether jq is there; nothing else moves."""
    _nothing_else(result)
    assert result["fs_removed"] == []
    assert [c["path"] for c in result["fs_changed"]] == ["/srv/app/build-env.txt"]


# What dpkg/ldconfig rewrite when a different set of packages is installed.
_PACKAGE_DB = (
    "/var/lib/dpkg/",
    "/var/lib/apt/",
    "/var/cache/debconf/",
    "/etc/ld.so.cache",
    "/etc/ssl/certs",
)


def _recommends_dropped(result: dict[str, Any]) -> None:
    """DOP301 unsafe: the recommended packages (ca-certificates, ...) are no longer installed."""
    _nothing_else(result)
    removed = result["fs_removed"]
    assert "/etc/ssl/certs/ca-certificates.crt" in removed
    assert "/usr/share/ca-certificates" in removed
    changed = [c["path"] for c in result["fs_changed"]]
    assert all(p.startswith(_PACKAGE_DB) for p in changed), changed


def _pip_cache_folder_only(result: dict[str, Any]) -> None:
    """DOP106: with --no-cache-dir pip never creates /root/.cache.  equiv ignores what is under
    /root/.cache (here the wheel pip built and cached), but not the folder itself."""
    _nothing_else(result)
    assert result["fs_changed"] == []
    assert result["fs_removed"] == ["/root/.cache"]
    ignored = result["fs_ignored_differences"]["paths"]
    assert any(p.startswith("/root/.cache/pip/wheels/") for p in ignored), ignored


def _npm_cache_only(result: dict[str, Any]) -> None:
    """DOP107: `npm cache clean --force` deletes /root/.npm/_cacache, which equiv compares.

    npm also writes a debug log per run named by its start time (/root/.npm/_logs/<time>-...),
    so the log names always differ between two builds (the fixed RUN runs npm twice).
    """
    assert result["config_diff"] == {}, result["config_diff"]
    assert "/root/.npm/_cacache" in result["fs_removed"], "expected npm's cache to be gone"
    paths = result["fs_added"] + result["fs_removed"] + [c["path"] for c in result["fs_changed"]]
    allowed = ("/root/.npm/_cacache/", "/root/.npm/_logs/")
    assert all(p == "/root/.npm/_cacache" or p.startswith(allowed) for p in paths), paths


# name -> the documented, expected difference (the image is NOT equivalent, on purpose).
DIFFERENCES: dict[str, Callable[[dict[str, Any]], None]] = {
    "dop304-maintainer": _author_label_only,
    "dop201-unsafe": _probe_file_only,
    "dop301-recommends-unsafe": _recommends_dropped,
    "dop106-pip-sdist": _pip_cache_folder_only,
    "dop107-npm": _npm_cache_only,
}


# name -> why the fixed image differs although the fix is safe.  Each is an
# xfail(strict=True): once the difference is gone the XPASS fails and the entry must go.
KNOWN_BUGS: dict[str, str] = {}


def case_names() -> list[str]:
    return sorted(p.name[: -len(".Dockerfile")] for p in CASES.glob("*.Dockerfile"))


def test_every_case_has_expectations() -> None:
    names = set(case_names())
    assert names == set(EXPECTED), names ^ set(EXPECTED)
    assert set(DIFFERENCES) <= names and UNSAFE <= names and set(KNOWN_BUGS) <= names


@pytest.fixture(scope="module")
def build_env() -> None:
    if shutil.which("buildah") is None:
        pytest.skip("buildah is not on PATH")
    if not EQUIV.is_file():
        pytest.skip(f"equiv tool not found at {EQUIV}")
    if shutil.which("podman") is None:
        pytest.skip("podman is not on PATH")
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        pytest.skip("equiv needs root (podman image mount)")
    exists = subprocess.run(
        ["podman", "image", "exists", BASE_IMAGE], capture_output=True, check=False
    )
    if exists.returncode != 0:
        pytest.skip(f"base image {BASE_IMAGE} is missing (../shared/tools/make-debian-base.sh)")


def _missing_rules(codes: frozenset[str]) -> list[str]:
    rules = by_code()
    return sorted(c for c in codes if c not in rules or rules[c].fix_availability == "never")


def _record(entry: dict[str, Any]) -> None:
    out = os.environ.get("DOPT_BUILD_RESULTS")
    if out:
        with open(out, "a", encoding="utf-8") as f:
            f.write(json.dumps(entry, sort_keys=True) + "\n")


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(reason=KNOWN_BUGS[n], strict=True))
        if n in KNOWN_BUGS
        else n
        for n in case_names()
    ],
)
def test_build_equivalent(
    name: str, build_env: None, tmp_path: Path, record_property: Callable[[str, Any], None]
) -> None:
    expected = EXPECTED[name]
    missing = _missing_rules(expected)
    if missing:
        pytest.skip(f"rule {', '.join(missing)} has no fix yet (python3 -m optimizer rules)")
    orig = CASES / f"{name}.Dockerfile"
    text = orig.read_bytes().decode("utf-8")
    unsafe = name in UNSAFE
    # As if the Dockerfile sat at the root of its build context (DOP305 looks there for the
    # sources of ADD, to see they are plain files, not archives that ADD would extract).
    result = fix_text(text, path=CONTEXT / orig.name, unsafe=unsafe)
    applied = sorted({f.code for f in result.applied})
    assert result.output != text, "the fix changed nothing"
    assert expected <= set(applied), f"expected {sorted(expected)}, applied {applied}"

    new = tmp_path / f"{name}.Dockerfile"
    new.write_bytes(result.output.encode("utf-8"))
    proc = subprocess.run(
        [str(EQUIV), str(orig), str(new), "--json", "--context", str(CONTEXT)],
        capture_output=True,
        text=True,
        timeout=EQUIV_TIMEOUT,
        check=False,
    )
    assert proc.returncode != 3, f"equiv environment error:\n{proc.stderr}"
    report = json.loads(proc.stdout)
    assert proc.returncode != 2, (
        f"the {report.get('build_failed')} build failed (log {report.get('log')}):\n"
        + "\n".join(proc.stderr.splitlines()[-30:])
    )
    entry = {
        "case": name,
        "unsafe": unsafe,
        "applied": applied,
        "dopt_layers": [result.layers_before, result.layers_after],
        "layers_added": report["layers_added"],
        "size_added_bytes": report["size_added_bytes"],
        "equivalent": report["equivalent"],
        "documented_difference": name in DIFFERENCES,
        "known_bug": name in KNOWN_BUGS,
        "fs_added_removed_changed": [
            len(report["fs_added"]),
            len(report["fs_removed"]),
            len(report["fs_changed"]),
        ],
        "build_seconds": report["build_seconds"],
    }
    _record(entry)
    for key, value in entry.items():
        record_property(key, value)
    summary = proc.stderr
    if name in DIFFERENCES:
        assert proc.returncode == 1, f"expected the documented difference, got:\n{summary}"
        DIFFERENCES[name](report)
    else:
        assert proc.returncode == 0, (
            f"NOT EQUIVALENT: a {'unsafe' if unsafe else 'safe'} fix changed the image\n"
            f"--- {orig}\n{text}--- fixed\n{result.output}{summary}"
        )
    # dopt's own layer count (RUN/COPY/ADD in the final image's stages) is what buildah adds.
    assert [report["layers_added"]["orig"], report["layers_added"]["new"]] == [
        result.layers_before,
        result.layers_after,
    ]
