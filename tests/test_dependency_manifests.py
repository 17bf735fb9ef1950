"""optimizer.analysis.dependency_manifests: which command lines are manifest-only dependency
installs, and what in a manifest points at the source (DOP202 and the rebuild model read
them; the goldens under golden/DOP202/ show them end to end)."""

from __future__ import annotations

import shlex

import pytest

from optimizer.analysis.dependency_manifests import (
    BY_NAME,
    MANAGERS,
    install,
    is_manifest,
    local_references,
    nested_requirements,
)


def _install(line: str) -> tuple[str, tuple[str, ...], bool, bool] | None:
    found = install(list(shlex.split(line)))
    if found is None:
        return None
    return found.manager.name, found.files, bool(found.rewrites_lock), bool(found.reads_source)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("pip install -r requirements.txt", ("pip", ("requirements.txt",), False, False)),
        ("pip3 install --no-cache-dir -rreq.txt", ("pip", ("req.txt",), False, False)),
        ("python3 -m pip install --requirement=a.txt -c c.txt", ("pip", ("a.txt", "c.txt"), 0, 0)),
        ("uv pip install -r requirements.txt gunicorn", ("pip", ("requirements.txt",), 0, 0)),
        ("poetry install --no-root --only main", ("poetry", (), False, False)),
        ("uv sync --frozen --no-install-project", ("uv", (), False, False)),
        ("uv sync --no-install-project", ("uv", (), True, False)),
        ("pipenv install --deploy --system", ("pipenv", (), False, False)),
        ("npm ci --omit=dev", ("npm", (), False, False)),
        ("npm install", ("npm", (), True, False)),
        ("yarn", ("yarn", (), True, False)),
        ("yarn install --immutable", ("yarn", (), False, False)),
        ("pnpm install --frozen-lockfile", ("pnpm", (), False, False)),
        ("bundle install --jobs 4", ("bundle", (), False, False)),
        ("composer install --no-scripts --no-autoloader", ("composer", (), False, False)),
        ("composer install", ("composer", (), False, True)),
        ("go mod download", ("go", (), False, False)),
        ("cargo fetch", ("cargo", (), False, True)),
        ("mvn -B dependency:go-offline", ("mvn", (), False, False)),
        ("dotnet restore App.csproj", ("dotnet", ("App.csproj",), False, False)),
    ],
)
def test_manifest_only_installs_are_recognised(
    line: str, expected: tuple[str, tuple[str, ...], bool, bool]
) -> None:
    name, files, rewrites, reads = expected
    assert _install(line) == (name, files, bool(rewrites), bool(reads))


@pytest.mark.parametrize(
    "line",
    [
        "pip install .",
        "pip install -e .",
        "pip install -r requirements.txt ./pkg",
        "pip install -r requirements.txt --find-links ./wheels",
        "pip install flask",  # no manifest
        "poetry install",  # installs the project itself
        "uv sync",
        "pipenv install",
        "npm install express",
        "npm run build",
        "yarn add left-pad",
        "go build ./...",
        "dotnet restore src/",
        "apt-get install -y curl",
    ],
)
def test_installs_that_read_more_than_manifests_are_not(line: str) -> None:
    assert _install(line) is None


def test_a_word_that_is_not_literal_is_not_read() -> None:
    assert install(["pip", "install", "-r", None]) is None


def test_manifest_names() -> None:
    assert is_manifest("requirements-dev.txt") and is_manifest("app/package-lock.json")
    assert is_manifest("src/App/App.csproj") and is_manifest("go.sum")
    assert not is_manifest("app.py") and not is_manifest("README.md")
    assert {m.name for m in MANAGERS} >= {"pip", "npm", "go", "cargo", "dotnet"}


def test_local_references() -> None:
    pip = BY_NAME["pip"]
    assert local_references(pip, "r.txt", "flask==3\n# -e . in a comment\n") == ""
    assert "-e ." in local_references(pip, "r.txt", "flask==3\n-e .\n")
    assert "./pkg" in local_references(pip, "r.txt", "./pkg\n")
    assert nested_requirements("-r base.txt\n--constraint=c.txt\nflask\n") == ["base.txt", "c.txt"]
    npm = BY_NAME["npm"]
    assert "postinstall" in local_references(
        npm, "package.json", '{"scripts": {"postinstall": "x", "start": "y"}}'
    )
    assert local_references(npm, "package.json", '{"scripts": {"start": "y"}}') == ""
    assert "file:" in local_references(npm, "package.json", '{"dependencies": {"a": "file:../a"}}')
    assert local_references(npm, "package.json", "{") != ""
    assert local_references(BY_NAME["go"], "go.mod", "module a\nreplace b => ./b\n") != ""
    assert local_references(BY_NAME["bundle"], "Gemfile", "gemspec\n") != ""
    assert local_references(BY_NAME["mvn"], "pom.xml", "<modules><module>a</module>") != ""


def test_star_patterns_match_as_fnmatch() -> None:
    # Every pattern of `a`, `.` and `*` up to 5 characters against every name up to 5.
    import fnmatch
    import itertools

    from optimizer.regexes import glob_match

    patterns = ["".join(p) for n in range(1, 6) for p in itertools.product("a.*", repeat=n)] + [
        "a?",
        "[a.]*",
        "*-release-*",
    ]
    names = ["".join(p) for n in range(6) for p in itertools.product("a.", repeat=n)]
    for pattern in patterns:
        for name in names:
            assert glob_match(name, pattern) == fnmatch.fnmatchcase(name, pattern), (name, pattern)
