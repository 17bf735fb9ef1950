"""Which files dopt touches, and how: empty paths, folder search (names, .gitignore), symlinks,
FIFOs and devices, read-only and hard-linked files, Ctrl-C and closed pipes."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from clirun import ROOT, dopt

from optimizer.io import discovery as discover

UGLY = "from debian\nrun   echo hi\n"
PRETTY = "FROM debian\nRUN echo hi\n"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def _run(*args: str, cwd: Path | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """Like clirun.dopt, with a timeout: a FIFO read would otherwise hang the test run."""
    return subprocess.run(
        [sys.executable, "-m", "optimizer", *args],
        input=b"",
        capture_output=True,
        cwd=cwd,
        env=_env(),
        timeout=timeout,
        check=False,
    )


def _tree(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)


def _found(*paths: Path, notes: list[str] | None = None) -> list[str]:
    note = notes.append if notes is not None else print
    out = discover.find([str(p) for p in paths], note=note)
    return sorted(os.path.relpath(p, paths[0]) for p in out)


# --- empty paths, nothing found --------------------------------------------------------------


@pytest.mark.parametrize("command", ["fmt", "check", "fix"])
def test_empty_path_is_a_usage_error_and_touches_nothing(tmp_path: Path, command: str) -> None:
    (tmp_path / "Dockerfile").write_text(UGLY)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "Dockerfile").write_text(UGLY)
    args = [command, "", "other"] if command != "fix" else [command, "--write", "", "other"]
    res = dopt(*args, cwd=tmp_path)
    assert res.code == 2
    assert "empty path" in res.err
    assert res.out == ""
    assert (tmp_path / "Dockerfile").read_text() == UGLY
    assert (tmp_path / "other" / "Dockerfile").read_text() == UGLY  # checked before any work


@pytest.mark.parametrize("command", ["fmt", "check", "fix"])
def test_no_dockerfiles_found_is_exit_2(tmp_path: Path, command: str) -> None:
    (tmp_path / "README.md").write_text("# hi\n")
    res = dopt(command, str(tmp_path))
    assert res.code == 2
    assert "no Dockerfiles found" in res.err


# --- names -----------------------------------------------------------------------------------

FOUND = [
    "Dockerfile",
    "Dockerfile-dev",
    "Dockerfile_prod",
    "Dockerfile.alpine",
    "Dockerfile-windows",
    "app.Dockerfile",
    "x/dockerfile",
    "x/Containerfile",
    "x/Containerfile-arm64",
    "x/web.containerfile",
]
NOT_FOUND = [
    "Dockerfile.dockerignore",
    "app.Dockerfile.dockerignore",
    "Dockerfile.md",
    "README.md",
    "Dockerfile.j2",
    "Dockerfile.tmpl",
    "Dockerfile.template",
    "Dockerfile.in",
    "Dockerfile-dev.j2",
    "Dockerfile~",
    "Dockerfile.orig",
    "dockerfile_heredoc_test.go",  # a Go test file named after what it tests
    "dockerfile.py",
    "Dockerfile.",
    "Dockerfiles",
    "node_modules/Dockerfile",
]


def test_folder_search_names(tmp_path: Path) -> None:
    _tree(tmp_path, dict.fromkeys(FOUND + NOT_FOUND, "FROM a\n"))
    assert _found(tmp_path) == sorted(FOUND)


def test_named_files_are_used_whatever_their_name(tmp_path: Path) -> None:
    f = tmp_path / "Dockerfile.j2"
    f.write_text(UGLY)
    assert dopt("fmt", str(f)).code == 0
    assert f.read_text() == PRETTY


def test_a_file_named_twice_or_reached_twice_is_done_once(tmp_path: Path) -> None:
    _tree(tmp_path, {"Dockerfile": UGLY})
    (tmp_path / "Dockerfile.link").symlink_to("Dockerfile")
    assert _found(tmp_path, tmp_path / "Dockerfile") == ["Dockerfile"]
    res = dopt("fmt", "--check", str(tmp_path), str(tmp_path / "Dockerfile"))
    assert res.err.count("would reformat") == 1


# --- .gitignore ----------------------------------------------------------------------------

IGNORE_TREE = {
    ".gitignore": "build/\n*.gen.Dockerfile\n!keep.gen.Dockerfile\n/Dockerfile.root\n"
    "Dockerfile.tmp/\n# a comment\nDockerfile.dev\n",
    "Dockerfile": "FROM a\n",
    "Dockerfile.root": "FROM a\n",  # anchored: only the top one is ignored
    "sub/Dockerfile.root": "FROM a\n",
    "build/Dockerfile": "FROM a\n",
    "sub/build/Dockerfile": "FROM a\n",
    "a.gen.Dockerfile": "FROM a\n",
    "keep.gen.Dockerfile": "FROM a\n",
    "Dockerfile.tmp": "FROM a\n",  # a file: the pattern is for folders only
    "t/Dockerfile.tmp/Dockerfile": "FROM a\n",
    "Dockerfile.dev": "FROM a\n",
    "sub/.gitignore": "!Dockerfile.dev\nDockerfile.local\n",  # nested, with a negation
    "sub/Dockerfile.dev": "FROM a\n",
    "sub/Dockerfile.local": "FROM a\n",
    "Dockerfile.local": "FROM a\n",
}
HONOURED = sorted(
    [
        "Dockerfile",
        "sub/Dockerfile.root",
        "keep.gen.Dockerfile",
        "Dockerfile.tmp",
        "sub/Dockerfile.dev",
        "Dockerfile.local",
    ]
)


def test_gitignore_inside_a_git_work_tree(tmp_path: Path) -> None:
    _tree(tmp_path, IGNORE_TREE)
    (tmp_path / ".git").mkdir()
    assert _found(tmp_path) == HONOURED


def test_gitignore_of_the_work_tree_applies_to_a_subfolder(tmp_path: Path) -> None:
    _tree(tmp_path, IGNORE_TREE)
    (tmp_path / ".git").mkdir()
    out = discover.find([str(tmp_path / "sub")])
    assert sorted(os.path.relpath(p, tmp_path) for p in out) == [
        "sub/Dockerfile.dev",
        "sub/Dockerfile.root",
    ]


def test_gitignore_outside_git_is_not_read_but_dot_ignore_is(tmp_path: Path) -> None:
    # As ruff (the ignore crate's default): .gitignore needs a git repository, .ignore does not.
    _tree(tmp_path, IGNORE_TREE)
    expected = sorted(
        p for p in IGNORE_TREE if not p.endswith(".gitignore") and p != "t/Dockerfile.tmp/"
    )
    assert _found(tmp_path) == expected
    (tmp_path / ".ignore").write_text("Dockerfile.dev\n")
    assert _found(tmp_path) == [p for p in expected if not p.endswith("Dockerfile.dev")]


TRICKY_TREE = {
    ".gitignore": "**/deep/**\n[Dd]ockerfile.x\n\\!Dockerfile.bang\nDockerfile.sp\\ \n"
    "out/\n!out/Dockerfile\nlib/*\n!lib/keep/\n*.Dockerfile\n",
    "a/deep/Dockerfile": "FROM a\n",
    "a/deep/b/Dockerfile": "FROM a\n",
    "a/deepish/Dockerfile": "FROM a\n",
    "dockerfile.x": "FROM a\n",
    "Dockerfile.X": "FROM a\n",
    "!Dockerfile.bang": "FROM a\n",
    "Dockerfile.bang": "FROM a\n",
    "Dockerfile.sp ": "FROM a\n",
    "Dockerfile.sp": "FROM a\n",
    "out/Dockerfile": "FROM a\n",  # its folder is ignored: a negation cannot bring it back
    "lib/Dockerfile": "FROM a\n",
    "lib/keep/Dockerfile": "FROM a\n",
    "lib/drop/Dockerfile": "FROM a\n",
    "app.Dockerfile": "FROM a\n",
    "svc/.gitignore": "!*.Dockerfile\n",
    "svc/web.Dockerfile": "FROM a\n",
    "nested/.git/HEAD": "",
    "nested/.gitignore": "Dockerfile.own\n",
    "nested/Dockerfile.own": "FROM a\n",
    "nested/Dockerfile.x": "FROM a\n",  # the outer repository's patterns stop at its border
}


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize("tree", [IGNORE_TREE, TRICKY_TREE], ids=["plain", "tricky"])
def test_gitignore_agrees_with_git(tmp_path: Path, tree: dict[str, str]) -> None:
    """git itself is the oracle: the files it lists as untracked and not ignored."""
    _tree(tmp_path, tree)
    (tmp_path / ".git").mkdir()
    ours = _found(tmp_path)
    shutil.rmtree(tmp_path / ".git")
    if (tmp_path / "nested" / ".git").exists():
        shutil.rmtree(tmp_path / "nested" / ".git")
        subprocess.run(["git", "init", "-q", str(tmp_path / "nested")], check=True)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    listed = []
    for repo, prefix in ((tmp_path, ""), (tmp_path / "nested", "nested/")):
        if (repo / ".git").exists():
            out = subprocess.run(
                ["git", "ls-files", "--others", "--exclude-standard", "-z"],
                cwd=repo,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            listed += [prefix + p for p in out.split("\0") if p and not p.endswith("/")]
    expected = sorted(p for p in listed if discover.is_dockerfile_name(Path(p).name))
    assert ours == expected


def test_a_named_ignored_folder_is_searched(tmp_path: Path) -> None:
    _tree(tmp_path, {".gitignore": "build/\n", "build/Dockerfile": "FROM a\n"})
    (tmp_path / ".git").mkdir()
    with pytest.raises(discover.DiscoveryError, match="no Dockerfiles found"):
        discover.find([str(tmp_path)])  # not while searching the work tree ...
    assert discover.find([str(tmp_path / "build")]) == [str(tmp_path / "build" / "Dockerfile")]


# --- symlinks, FIFOs, sockets, devices ------------------------------------------------------


def test_symlink_leading_outside_the_folder_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    _tree(outside, {"Dockerfile": UGLY})
    project = tmp_path / "project"
    _tree(project, {"Dockerfile": UGLY})
    (project / "Dockerfile.shared").symlink_to(outside / "Dockerfile")
    res = dopt("fmt", str(project))
    assert res.code == 0, res.err
    assert "Dockerfile.shared: skipped: a symlink to" in res.err and "outside" in res.err
    assert (outside / "Dockerfile").read_text() == UGLY
    assert (project / "Dockerfile").read_text() == PRETTY
    assert (project / "Dockerfile.shared").is_symlink()


def test_symlink_inside_the_folder_is_followed_and_kept(tmp_path: Path) -> None:
    _tree(tmp_path, {"real/app.dockerfile": UGLY})
    (tmp_path / "Dockerfile").symlink_to("real/app.dockerfile")
    res = dopt("fmt", "--exclude", "real", str(tmp_path))
    assert res.code == 0, res.err
    assert (tmp_path / "Dockerfile").is_symlink()
    assert (tmp_path / "real" / "app.dockerfile").read_text() == PRETTY


@pytest.mark.parametrize("command", ["fmt", "check", "fix"])
def test_fifo_in_a_folder_is_skipped_with_a_note(tmp_path: Path, command: str) -> None:
    _tree(tmp_path, {"Dockerfile": "from debian\nrun apt-get update\nrun apt-get install -y x\n"})
    os.mkfifo(tmp_path / "Dockerfile.pipe")
    args = [command, "--check", str(tmp_path)] if command != "check" else [command, str(tmp_path)]
    res = _run(*args, timeout=30)
    assert "Dockerfile.pipe: skipped: a FIFO" in res.stderr.decode()
    assert res.returncode == 1  # the regular file's changes or findings; the FIFO is no error


@pytest.mark.parametrize("command", ["fmt", "check", "fix"])
def test_fifo_named_explicitly_is_an_error_not_a_hang(tmp_path: Path, command: str) -> None:
    fifo = tmp_path / "Dockerfile"
    os.mkfifo(fifo)
    res = _run(command, str(fifo), timeout=30)
    assert res.returncode == 2
    assert f"{fifo}: is a FIFO, not a regular file" in res.stderr.decode()
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_socket_and_device_are_refused(tmp_path: Path) -> None:
    sock_path = tmp_path / "Dockerfile"
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(sock_path))
        res = _run("check", str(sock_path), timeout=30)
        assert res.returncode == 2
        assert "is a socket" in res.stderr.decode()
        notes: list[str] = []
        _tree(tmp_path, {"sub/Dockerfile": "FROM a\n"})
        assert _found(tmp_path, notes=notes) == ["sub/Dockerfile"]
        assert notes == [f"{sock_path}: skipped: a socket, not a regular file"]
    finally:
        sock.close()
    res = _run("fmt", "/dev/null", timeout=30)
    assert res.returncode == 2
    assert "/dev/null: is a character device" in res.stderr.decode()


# --- read-only and hard-linked files -------------------------------------------------------


@pytest.mark.parametrize("command", [("fmt",), ("fix", "--write")])
def test_read_only_file_is_not_replaced(tmp_path: Path, command: tuple[str, ...]) -> None:
    f = tmp_path / "Dockerfile"
    f.write_text("from debian:bookworm\nRUN apt-get update\nRUN apt-get install -y curl\n")
    before = f.read_bytes()
    f.chmod(0o444)
    res = dopt(*command, str(f))
    assert res.code == 2
    assert "read-only" in res.err and "left unchanged" in res.err
    assert f.read_bytes() == before
    assert stat.S_IMODE(f.stat().st_mode) == 0o444


def test_hard_link_is_kept(tmp_path: Path) -> None:
    a = tmp_path / "Dockerfile"
    a.write_text(UGLY)
    b = tmp_path / "elsewhere"
    os.link(a, b)
    a.chmod(0o640)
    assert dopt("fmt", str(a)).code == 0
    assert b.read_text() == PRETTY  # the other name sees the change: still one file
    assert a.stat().st_ino == b.stat().st_ino and a.stat().st_nlink == 2
    assert stat.S_IMODE(a.stat().st_mode) == 0o640


def test_single_link_file_is_replaced_atomically(tmp_path: Path) -> None:
    a = tmp_path / "Dockerfile"
    a.write_text(UGLY)
    inode = a.stat().st_ino
    assert dopt("fmt", str(a)).code == 0
    assert a.read_text() == PRETTY
    assert a.stat().st_ino != inode  # a new file renamed over the old one
    assert [p.name for p in tmp_path.iterdir()] == ["Dockerfile"]  # no temp file left


# --- Ctrl-C and closed pipes ---------------------------------------------------------------


def _many_findings(tmp_path: Path) -> Path:
    f = tmp_path / "Dockerfile"
    f.write_text("FROM debian\n" + "RUN apt-get install curl\n" * 1500)
    return f


@pytest.mark.parametrize("command", ["check", "fmt-stdin"])
def test_closed_pipe_ends_quietly(tmp_path: Path, command: str) -> None:
    f = _many_findings(tmp_path)
    if command == "check":
        args, stdin = ["check", str(f)], subprocess.DEVNULL
    else:
        big = tmp_path / "big"
        big.write_text("FROM a\n" + "run   echo hi\n" * 20000)
        args, stdin = ["fmt", "-"], big.open("rb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "optimizer", *args],
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(),
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()  # `| head -1`
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert first
    assert "Traceback" not in err and "BrokenPipe" not in err, err
    assert proc.returncode == -signal.SIGPIPE


def _sigpipe_restored(pid: int) -> bool:
    """dopt has installed its handlers (Python starts with SIGPIPE ignored; dopt resets it)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    ignored = next(line for line in status.splitlines() if line.startswith("SigIgn:"))
    return not int(ignored.split()[1], 16) & (1 << (signal.SIGPIPE - 1))


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
@pytest.mark.parametrize("command", [["check", "-"], ["fmt", "-"], ["fix", "-"]])
def test_ctrl_c_exits_130_quietly(command: list[str]) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "optimizer", *command],
        stdin=subprocess.PIPE,  # kept open: dopt waits reading it
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(),
    )
    deadline = time.monotonic() + 30
    while not _sigpipe_restored(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.3)  # well into the read of stdin
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert b"Traceback" not in err and b"Aborted" not in err, err


def test_someone_elses_file_is_written_in_place(tmp_path: Path, monkeypatch) -> None:
    """A replacement would belong to us: a group-writable file of another user keeps its
    owner only if its bytes are rewritten where they are."""
    from optimizer.io import atomic as fileio

    f = tmp_path / "Dockerfile"
    f.write_text(UGLY)
    inode = f.stat().st_ino
    monkeypatch.setattr(os, "geteuid", lambda: f.stat().st_uid + 1, raising=False)
    fileio.write_atomic(f, PRETTY, UGLY.encode())
    assert f.read_text() == PRETTY
    assert f.stat().st_ino == inode


def test_write_refuses_when_the_file_changed_meanwhile(tmp_path: Path) -> None:
    from optimizer.io import atomic as fileio

    a = tmp_path / "Dockerfile"
    a.write_text("FROM b\n")
    os.link(a, tmp_path / "other")  # the in-place path checks too
    for target in (a, tmp_path / "single"):
        if target.name == "single":
            target.write_text("FROM b\n")
        with pytest.raises(fileio.WriteError, match="changed on disk"):
            fileio.write_atomic(target, PRETTY, UGLY.encode())
        assert target.read_text() == "FROM b\n"


CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.mark.skipif(not (CORPUS / "SOURCES.tsv").exists(), reason="shared corpus is absent")
def test_every_real_dockerfile_name_in_the_corpus_is_found() -> None:
    """The corpus keeps each file's original path: real repositories' names (Dockerfile-windows,
    *.dockerfile, Dockerfile.alpine, ...) must all be found by folder search."""
    import csv

    with (CORPUS / "SOURCES.tsv").open(newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    names = {
        r["original_path"].rsplit("/", 1)[-1]
        for r in rows
        if r["via"].startswith(("fetch", "read_file")) and r["local_path"] != "SOURCES.tsv"
    }
    # BuildKit's own cases are results, line tables and transcriptions of Go test sources.
    names = {n for n in names if n not in ("result", "expected_lines.json") and " (" not in n}
    assert len(names) > 100
    assert sorted(n for n in names if not discover.is_dockerfile_name(n)) == []
