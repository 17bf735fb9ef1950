"""The rebuild model against buildah's layer cache: for two small projects, build with
``--layers``, edit a source file (then a manifest), rebuild, and check that the steps that
ran (not "Using cache") are the ones ``optimizer.analysis.rebuild`` says re-run.

The model is an upper bound where BuildKit and buildah compare content: a ``COPY --from`` of
a stage that re-ran but produced the same files is a cache hit for the engine, a re-run for
the model.  The build stage here copies the edited file, so its result always changes.

Marked ``build``; runs in a private store (/var/tmp/rebuild-test-store, holding
debian:bookworm imported as bench/manifest_first.py does), so other builds on the machine do
not disturb it.  Skipped without buildah, podman, root or the local Debian base tarball:
python3 -m pytest -m build tests/test_build_rebuild.py
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from optimizer.analysis import rebuild
from optimizer.syntax.parser import parse

pytestmark = pytest.mark.build
ROOT = Path(__file__).resolve().parent.parent
STORE = Path("/var/tmp/rebuild-test-store")

MANIFEST_FIRST = """\
FROM debian:bookworm
WORKDIR /app
COPY requirements.txt ./
RUN cat requirements.txt > /deps
COPY . .
RUN ls > /listing
"""
MULTISTAGE = """\
FROM debian:bookworm AS build
COPY main.py /src/
RUN cp /src/main.py /out
FROM debian:bookworm AS unused
RUN echo unused > /u
FROM debian:bookworm
ENV A=1
COPY --from=build /out /out
CMD ["cat", "/out"]
"""


@pytest.fixture(scope="module")
def store() -> Path:
    if shutil.which("buildah") is None or shutil.which("podman") is None:
        pytest.skip("buildah or podman is not on PATH")
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        pytest.skip("buildah builds here need root")
    sys.path.insert(0, str(ROOT / "bench"))
    import manifest_first

    if not manifest_first.BASE_TAR.is_file():
        pytest.skip(f"base tarball {manifest_first.BASE_TAR} is missing (make-debian-base.sh)")
    manifest_first.prepare_store(STORE)
    return STORE


def _ran(dockerfile: Path, context: Path, tag: str, store: Path) -> int:
    """Steps of the build that ran: every STEP but the FROMs and those "Using cache"."""
    import manifest_first

    proc = subprocess.run(
        [*manifest_first.BUD, "-f", str(dockerfile), "-t", tag, str(context)],
        env={**os.environ, "CONTAINERS_STORAGE_CONF": str(store / "storage.conf")},
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    steps = len(re.findall(r"^(?:\[\d+/\d+\] )?STEP \d+/\d+: ", proc.stdout, re.M))
    froms = len(re.findall(r"^(?:\[\d+/\d+\] )?STEP \d+/\d+: FROM ", proc.stdout, re.M))
    return steps - froms - proc.stdout.count("--> Using cache")


@pytest.mark.parametrize(
    ("name", "text", "edits"),
    [
        (
            "manifest-first",
            MANIFEST_FIRST,
            [("main.py", "source"), ("requirements.txt", "dependency")],
        ),
        ("multistage", MULTISTAGE, [("main.py", "source")]),
    ],
)
def test_model_matches_buildah(
    store: Path, tmp_path: Path, name: str, text: str, edits: list[tuple[str, str]]
) -> None:
    context = tmp_path / "ctx"
    context.mkdir()
    # Content never built before: the store keeps its cache between runs, keyed by content.
    token = os.urandom(8).hex()
    (context / "main.py").write_text(f"print('{token}')\n")
    (context / "requirements.txt").write_text(f"flask==3.0.0  # {token}\n")
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(text)
    tag = f"localhost/rebuild-test-{name}-{os.getpid()}"
    sim = rebuild.simulate(parse(text), rebuild.load_context(context))
    _ran(dockerfile, context, tag, store)  # the cache warm
    assert _ran(dockerfile, context, tag, store) == 0  # nothing changed: all from cache
    for round_, (file, change) in enumerate(edits):
        with (context / file).open("a") as f:
            f.write(f"# edit {round_}\n")
        assert _ran(dockerfile, context, tag, store) == sim.count(change), (file, change)
