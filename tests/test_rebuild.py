"""The rebuild model (optimizer.analysis.rebuild) and ``dopt explain-cache``: goldens of the
table byte for byte (golden/rebuild/, DOPT_UPDATE_GOLDEN=1 rewrites them), hand-computed
figures, the ``dopt fix`` summary line, the JSON field, and properties over the corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clirun import dopt
from conftest import corpus_files, needs_corpus
from golden_cases import compare

from optimizer.analysis import rebuild
from optimizer.syntax import cst
from optimizer.syntax.parser import parse

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "rebuild"
CASES = sorted(GOLDEN.glob("*.Dockerfile"))


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_explain_cache_golden(case: Path) -> None:
    # Read from stdin: these are the model's figures with no build context (golden/rebuild/ holds
    # no sources), each hand-checked.
    res = dopt("explain-cache", "-", stdin=case.read_text())
    assert res.code == 0, res.err
    compare(case.with_suffix(".txt"), res.out)


def _sim(text: str, context: rebuild.Context | None = None) -> rebuild.Simulation:
    return rebuild.simulate(parse(text), context)


def test_copy_all_then_install_reruns_the_install_on_a_source_edit() -> None:
    sim = _sim("FROM python:3\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n")
    assert [s.reruns for s in sim.steps] == [
        (False, False, True),
        (True, True, True),
        (True, True, True),
    ]
    assert sim.steps[2].cost == "expensive (dependency install)"
    assert (sim.count("source"), sim.expensive("source")) == (2, 1)


def test_manifest_first_keeps_the_install_cached_on_a_source_edit() -> None:
    sim = _sim(
        "FROM python:3\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n"
        "COPY . .\nRUN make\n"
    )
    assert [s.reruns[0] for s in sim.steps] == [False, False, True, True]
    assert [s.reruns[1] for s in sim.steps] == [True, True, True, True]
    assert [s.cost for s in sim.steps][3] == "expensive (build)"


def test_unused_stage_is_not_counted_and_copy_from_propagates() -> None:
    sim = _sim(
        "FROM alpine AS a\nCOPY x.py /x\n"
        "FROM alpine AS unused\nRUN apk add curl\n"
        "FROM alpine\nRUN apk add git\nCOPY --from=a /x /x\n"
    )
    assert [s.text for s in sim.steps] == ["COPY x.py /x", "RUN apk add git", "COPY --from=a /x /x"]
    assert [s.reruns for s in sim.steps] == [
        (True, False, True),
        (False, False, True),
        (True, False, True),
    ]
    assert sim.steps[1].cost == "expensive (package install)"


def test_scratch_is_not_updated_and_bind_mount_reads_the_context() -> None:
    sim = _sim("FROM scratch\nENV A=1\nRUN --mount=type=bind,target=/s true\n")
    assert [s.reruns for s in sim.steps] == [(False, False, False), (True, True, False)]


def test_context_decides_what_a_folder_copy_reads(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "main.py").write_text("print()\n")
    (tmp_path / "requirements.txt").write_text("flask\n")
    (tmp_path / "notes.md").write_text("x\n")
    (tmp_path / ".dockerignore").write_text("notes.md\n")
    ctx = rebuild.load_context(tmp_path)
    assert "notes.md" not in ctx.files
    sim = _sim("FROM python:3\nCOPY src/ /app/src/\n", ctx)
    assert sim.steps[0].reruns == (True, False, True)  # src/ holds no manifest
    res = dopt("explain-cache", "--context", str(tmp_path), "-", stdin="FROM a\nCOPY src/ .\n")
    assert res.code == 0 and "re-run  cached" in res.out


def test_fix_prints_the_rebuild_line_only_when_it_changes(tmp_path: Path) -> None:
    f = tmp_path / "Dockerfile"
    f.write_text("FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n")
    assert "after a source edit" not in dopt("fix", "--write", str(f)).err  # 0 of 2 -> 0 of 1
    f.write_text("FROM debian:12\nCOPY . /app\nRUN apt-get update\nRUN apt-get install -y curl\n")
    res = dopt("fix", "--write", str(f))
    assert res.err.endswith("\nafter a source edit: 3 of 3 steps re-run -> 1 of 2\n"), (
        res.err
    )  # merged, moved above the COPY
    res = dopt("fix", "--write", str(f))
    assert "after a source edit" not in res.err


def test_check_json_carries_the_figures(tmp_path: Path) -> None:
    f = tmp_path / "Dockerfile"
    f.write_text("FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\nCOPY . /app\n")
    res = dopt("check", "--output-format", "json", str(f))
    entries = json.loads(res.out)
    assert entries
    assert all(
        e["rebuild"]
        == {
            "steps": 3,
            "source": {"rerun": 1, "expensive": 0},
            "dependency": {"rerun": 1, "expensive": 0},
            "base": {"rerun": 3, "expensive": 1},
        }
        for e in entries
    )


def test_explain_cache_reads_the_dockerfiles_folder_as_its_context(tmp_path: Path) -> None:
    f = tmp_path / "Dockerfile"
    f.write_text("FROM python:3\nCOPY . /app\nRUN pip install -r /app/requirements.txt\n")
    (tmp_path / "requirements.txt").write_text("flask\n")
    bump = "after a dependency bump: {} of 2 steps re-run"
    assert bump.format(2) in dopt("explain-cache", str(f)).out
    (tmp_path / "requirements.txt").unlink()
    (tmp_path / "main.go").write_text("package main\n")
    # The folder holds no manifest now, so a dependency bump cannot touch what `COPY .` reads;
    # stdin has no context and keeps the assumption that a folder copy holds manifests.
    assert bump.format(0) in dopt("explain-cache", str(f)).out
    assert bump.format(2) in dopt("explain-cache", "-", stdin=f.read_text()).out


def test_explain_cache_errors() -> None:
    assert dopt("explain-cache", "/nonexistent/Dockerfile").code == 2
    res = dopt("explain-cache", "--context", "/nonexistent", "-", stdin="FROM a\n")
    assert res.code == 2
    assert res.err == "dopt: /nonexistent: the build context (--context) does not exist\n"
    bad = dopt("explain-cache", "-", stdin="FORM a\n")
    assert bad.code == 2 and bad.err.startswith("-:1:1: unknown instruction: FORM")


@needs_corpus
def test_corpus_properties() -> None:
    for path in corpus_files()[::7]:
        try:
            tree = parse(path.read_text(encoding="utf-8", errors="replace"))
        except Exception:
            continue
        sim = rebuild.simulate(tree)
        n = len(sim.steps)
        # A stage FROM scratch is not touched by a base-image update; elsewhere every step
        # sits on an updated image, so the update re-runs at least what a source edit does.
        scratch = any(isinstance(i, cst.From) and i.image.lower() == "scratch" for i in tree.items)
        assert scratch or sim.count("source") <= sim.count("base"), path
        for change in rebuild.CHANGES:
            assert 0 <= sim.expensive(change) <= sim.count(change) <= n, path
        # `dopt fix`'s line takes the figures without the table's columns: the same two.
        assert rebuild.source_edit_figures(tree) == (sim.count(rebuild.SOURCE), n), path
