"""The start-up preload (optimizer/preload.py): a bundle changes no output, is used only
when it matches the sources, and leaves the import system's state as imports would."""

from __future__ import annotations

import ast
import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest
from clirun import ROOT

from optimizer import preload

PACKAGE = ROOT / "optimizer"
EXAMPLE = (ROOT / "examples" / "Dockerfile").read_text()
HEREDOC = "FROM alpine\nRUN <<EOF\napk add curl\nEOF\nRUN echo a\nRUN echo b\n"
PRAGMAS = "# dopt: ignore-file=DOP101\nFROM debian\nRUN apt-get update\nRUN echo x\n"
BROKEN = "FORM debian\n"


def _env(folder: Path, **more: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE",)}
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["DOPT_PRELOAD_DIR"] = str(folder)
    env.update(more)
    return env


def _dopt(args: list[str], cwd: Path, env: dict[str, str], stdin: str = "") -> tuple:
    proc = subprocess.run(
        [sys.executable, "-m", "optimizer", *args],
        input=stdin.encode(),
        capture_output=True,
        cwd=cwd,
        env=env,
        check=False,
    )
    return proc.returncode, proc.stdout, proc.stderr


def _python(code: str, env: dict[str, str]) -> str:
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, env=env, check=True, text=True
    )
    return proc.stdout.strip()


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (["check", "Dockerfile"], EXAMPLE),
        (["check", "--output-format", "json", "Dockerfile"], EXAMPLE),
        (["fix", "Dockerfile"], EXAMPLE),
        (["fix", "--diff", "--unsafe-fixes", "Dockerfile"], HEREDOC),
        (["fix", "Dockerfile"], PRAGMAS),
        (["fmt", "-"], EXAMPLE),
        (["check", "Dockerfile"], BROKEN),
        (["fmt", "-"], BROKEN),
    ],
)
def test_a_bundle_changes_no_output(tmp_path: Path, args: list[str], text: str) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "Dockerfile").write_text(text)
    bundles = tmp_path / "bundles"
    stdin = text if "-" in args else ""
    plain = _dopt(args, work, _env(bundles, DOPT_PRELOAD="0"), stdin)
    assert not bundles.exists()  # DOPT_PRELOAD=0: nothing read, nothing written
    recording = _dopt(args, work, _env(bundles), stdin)
    named = preload.shape(args)
    assert named is not None
    assert (bundles / os.path.basename(preload.bundle_path(named))).exists()
    preloaded = _dopt(args, work, _env(bundles), stdin)
    assert recording == plain
    assert preloaded == plain


def test_the_bundle_is_used_and_runs_what_imports_would(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(EXAMPLE)
    env = _env(tmp_path / "bundles")
    _dopt(["check", "Dockerfile"], tmp_path, env)
    probe = (
        "import sys; from optimizer import preload; s = preload.start(['check']);"
        "m = sys.modules['optimizer.lint.rules.base'];"
        "print(len(s.entries), type(m.__spec__.loader).__name__, m.__spec__.origin == m.__file__,"
        " sys.modules['optimizer.lint.rules'].base is m, callable(sys.modules['optimizer.lint']))"
    )
    count, loader, origin, bound, callable_lint = _python(probe, env).split()
    assert int(count) > 50
    assert (loader, origin, bound, callable_lint) == ("SourceFileLoader", "True", "True", "True")


def test_a_run_with_modules_its_bundle_lacks_adds_them(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(EXAMPLE)
    bundles = tmp_path / "bundles"
    _dopt(["check", "Dockerfile"], tmp_path, _env(bundles))
    path = bundles / os.path.basename(preload.bundle_path("check"))
    whole = [e[0] for e in marshal.loads(path.read_bytes())[2]]
    _rewrite(path, lambda header, folders, entries: (header, folders, entries[:-3]))
    _dopt(["check", "Dockerfile"], tmp_path, _env(bundles))  # imports those 3 as usual
    again = [e[0] for e in marshal.loads(path.read_bytes())[2]]
    assert again == whole


def test_each_shape_of_command_line_has_its_own_bundle() -> None:
    assert preload.shape(["check", "Dockerfile", "a/b"]) == "check"
    sarif = preload.shape(["check", "--output-format", "sarif", "--statistics", "Dockerfile"])
    assert sarif == preload.shape(["check", "--statistics", "--output-format=sarif", "x"])
    assert sarif == "check--output-format=sarif--statistics"
    assert preload.shape(["fmt", "-"]) == "fmt"
    assert preload.shape(["fix", "--stdin-filename", "my file", "-"]) == "fix--stdin-filename"
    assert preload.shape(["check", "--output-format", "../../x"]) is None  # not a file name


def test_a_folder_keeps_only_the_newest_bundles(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(EXAMPLE)
    bundles = tmp_path / "bundles"
    bundles.mkdir()
    for n in range(preload.MAX_BUNDLES):
        stale = bundles / f"dopt-old{n}.preload"
        stale.write_bytes(b"")
        os.utime(stale, (n, n))  # the oldest first
    (bundles / "other.txt").write_text("not a bundle")
    _dopt(["check", "Dockerfile"], tmp_path, _env(bundles))
    left = sorted(p.name for p in bundles.iterdir())
    assert len(left) == preload.MAX_BUNDLES + 1
    assert "dopt-old0.preload" not in left and "other.txt" in left
    assert os.path.basename(preload.bundle_path("check")) in left


def test_no_bundle_is_written_without_bytecode_writes(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(EXAMPLE)
    bundles = tmp_path / "bundles"
    _dopt(["check", "Dockerfile"], tmp_path, _env(bundles, PYTHONDONTWRITEBYTECODE="1"))
    assert not bundles.exists()


def _recorded(tmp_path: Path) -> Path:
    (tmp_path / "Dockerfile").write_text(EXAMPLE)
    bundles = tmp_path / "bundles"
    _dopt(["check", "Dockerfile"], tmp_path, _env(bundles))
    path = bundles / os.path.basename(preload.bundle_path("check"))
    assert preload.read(str(path)) is not None
    return path


def _rewrite(path: Path, change: object) -> None:
    header, folders, entries = marshal.loads(path.read_bytes())
    header, folders, entries = change(header, dict(folders), list(entries))  # type: ignore[operator]
    path.write_bytes(marshal.dumps((header, folders, tuple(entries))))


def test_a_changed_source_is_never_run_from_the_bundle(tmp_path: Path) -> None:
    path = _recorded(tmp_path)

    def older(header: tuple, folders: dict, entries: list) -> tuple:
        name, source, package, (mtime, size), code = entries[3]
        entries[3] = (name, source, package, (mtime - 1, size), code)
        return header, folders, entries

    _rewrite(path, older)
    assert preload.read(str(path)) is None


def test_a_module_added_or_removed_makes_the_bundle_stale(tmp_path: Path) -> None:
    path = _recorded(tmp_path)

    def moved(header: tuple, folders: dict, entries: list) -> tuple:
        folder = next(iter(folders))
        folders[folder] -= 1
        return header, folders, entries

    _rewrite(path, moved)
    assert preload.read(str(path)) is None


def test_another_interpreter_or_layout_is_not_read(tmp_path: Path) -> None:
    path = _recorded(tmp_path)
    header = marshal.loads(path.read_bytes())[0]
    assert header[3] == str(PACKAGE)  # the package's own folder: a copied tree is not read
    for other in ((0, *header[1:]), (*header[:3], "/elsewhere/optimizer")):
        _rewrite(path, lambda _, folders, entries, other=other: (other, folders, entries))
        assert preload.read(str(path)) is None
    path.write_bytes(b"not a bundle")
    assert preload.read(str(path)) is None


def _entry(name: str, source: str, is_package: bool = False) -> preload.Entry:
    return name, str(PACKAGE / "__init__.py"), is_package, (0, 0), compile(source, name, "exec")


def test_a_module_that_raises_leaves_sys_modules_as_it_was() -> None:
    import optimizer

    before = dict(sys.modules)
    entries = [
        _entry("optimizer._preload_probe_a", "X = 1"),
        _entry("optimizer._preload_probe_b", "raise RuntimeError('on import')"),
    ]
    with pytest.raises(RuntimeError, match="on import"):
        preload.run(entries)
    assert sys.modules == before
    assert not hasattr(optimizer, "_preload_probe_a")


def test_a_package_finishing_after_its_module_runs_as_an_import_would() -> None:
    import optimizer

    # As optimizer.lint.rules, whose __init__ imports .base first: base finishes first.
    entries = [
        _entry("optimizer._preload_pkg.child", "VALUE = 2"),
        _entry(
            "optimizer._preload_pkg",
            "from optimizer._preload_pkg.child import VALUE\nDOUBLE = VALUE * 2",
            is_package=True,
        ),
    ]
    try:
        preload.run(entries)
        package = sys.modules["optimizer._preload_pkg"]
        assert package.DOUBLE == 4
        assert package.child is sys.modules["optimizer._preload_pkg.child"]
        assert optimizer._preload_pkg is package  # type: ignore[attr-defined]
    finally:
        for name in ("optimizer._preload_pkg.child", "optimizer._preload_pkg"):
            sys.modules.pop(name, None)
        if hasattr(optimizer, "_preload_pkg"):
            delattr(optimizer, "_preload_pkg")


def _module_level_imports(path: Path) -> set[str]:
    """The modules a file imports when it is run (not in functions, nor for type checking)."""
    found: set[str] = set()

    def visit(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                visit(node.orelse)
                continue
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
            for field in ("body", "orelse", "finalbody"):
                visit(getattr(node, field, []))
            for handler in getattr(node, "handlers", []):
                visit(handler.body)

    visit(ast.parse(path.read_text()).body)
    return found


def test_dopts_modules_import_each_other_without_cycles() -> None:
    """What lets a bundle run each module after those it imports: an import cycle would
    run a module that another is half way through."""
    modules: dict[str, Path] = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    graph = {
        name: {m for m in _module_level_imports(path) if m in modules and m != name}
        for name, path in modules.items()
    }
    cycles: list[list[str]] = []
    state: dict[str, int] = {}

    def walk(name: str, trail: list[str]) -> None:
        state[name] = 1
        for other in sorted(graph[name]):
            if state.get(other) == 1:
                cycles.append([*trail[trail.index(other) :], other])
            elif other not in state:
                walk(other, [*trail, other])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            walk(name, [name])
    assert not cycles
