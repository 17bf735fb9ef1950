"""DOP203 built: an apt install rewritten with cache mounts builds with buildah, and its image
lacks the package lists and archives the original left in its layer, and differs in nothing
else but the docker-clean hook the fix removes (read ../shared/tools/README.md).

Marked ``build`` (one pair of apt builds, ~20 s here), skipped without buildah, podman, root
or the local Debian base:  python3 -m pytest -m build tests/test_build_cache_mount.py
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from test_build_equiv import EQUIV, EQUIV_TIMEOUT, build_env

from optimizer.lint.fixer import fix_text

pytestmark = pytest.mark.build
__all__ = ["build_env"]  # the fixture, used by name

ORIGINAL = (
    "FROM debian:bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends hello\n"
)
HOOK = "/etc/apt/apt.conf.d/docker-clean"


def test_cache_mounts_keep_the_apt_caches_out_of_the_image(build_env: None, tmp_path: Path) -> None:
    fixed = fix_text(
        ORIGINAL, unsafe=True, select=["DOP203"], opt_in=frozenset({"cache-mounts"})
    ).output
    assert "--mount=type=cache,target=/var/lib/apt/lists" in fixed
    assert "--mount=type=cache,target=/var/cache/apt" in fixed
    orig, new = tmp_path / "orig.Dockerfile", tmp_path / "new.Dockerfile"
    orig.write_text(ORIGINAL)
    new.write_text(fixed)
    proc = subprocess.run(
        [str(EQUIV), str(orig), str(new), "--json"],
        capture_output=True,
        text=True,
        timeout=EQUIV_TIMEOUT,
        check=False,
    )
    assert proc.returncode in (0, 1), proc.stderr[-3000:]
    report = json.loads(proc.stdout)
    # Nothing but the hook differs outside the caches (equiv ignores their paths by default:
    # they are listed apart, and the layer sizes say which side holds them).
    assert report["config_diff"] == {}
    assert (report["fs_added"], report["fs_removed"], report["fs_changed"]) == ([], [HOOK], [])
    ignored = report["fs_ignored_differences"]["paths"]
    assert any(p.startswith("/var/lib/apt/lists/") and "Packages" in p for p in ignored)
    assert any(p.startswith("/var/cache/apt/archives") for p in ignored)
    added = report["size_added_bytes"]
    assert added["orig"] - added["new"] > 10_000_000, added  # the lists: ~20 MB
