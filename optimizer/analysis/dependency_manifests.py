"""Dependency installs that read only manifests, and the manifests each one reads, as data.

One entry a manager: the files an install reads from the project folder (``manifests``: at
least one must be there; ``locks``: copied along when there; ``extras``: settings it reads,
copied along when there), the files whose presence changes what it does in a way dopt does
not copy for the author (``blockers``: a `.npmrc` login, a `go.work` naming local folders),
and the folders it writes into the project folder (``outputs``: a later ``COPY .`` would
overwrite them unless `.dockerignore` leaves them out).  ``install`` recognises the command
line of such an install (``pip install -r requirements.txt``, ``npm ci``, ``go mod
download``...), and ``local_references`` reads a manifest's text for what points at the
source (``-e .``, ``"postinstall"``, ``replace => ./lib``), which a manifests-only copy
would not bring.

Readers: rule DOP202 (copy the manifests first) and the rebuild model
(``optimizer.analysis.rebuild``: a manifest edit is a dependency bump).  Adding a manager is
one entry here and its command form in ``install``, plus goldens under golden/DOP202/.
"""

from __future__ import annotations

import posixpath
import re

from optimizer.record import Record
from optimizer.regexes import glob_match, rx


class DependencyManager(Record):
    """One language package manager's dependency install, as DOP202 moves it."""

    name: str  # "pip", "npm"...: how messages name it
    command: str  # the install as the docs write it ("npm ci")
    manifests: tuple[str, ...]  # at least one must be in the project folder (globs allowed)
    locks: tuple[str, ...] = ()  # copied along when there
    extras: tuple[str, ...] = ()  # settings it reads, copied along when there
    blockers: tuple[tuple[str, str], ...] = ()  # (a file or folder, what it does) when there
    outputs: tuple[str, ...] = ()  # folders it writes in the project folder
    anywhere: bool = False  # manifests are looked for in subfolders too (dotnet projects)


_NPM_BLOCKERS = (
    (".npmrc", "`.npmrc` configures the registry (and often holds a login)"),
    (".yarnrc", "`.yarnrc` configures yarn"),
)

MANAGERS: tuple[DependencyManager, ...] = (
    # pip's manifests are the files its -r/-c options name (requirements*.txt by custom).
    DependencyManager("pip", "pip install -r requirements.txt", ("requirements*.txt",)),
    DependencyManager(
        "poetry",
        "poetry install --no-root",
        ("pyproject.toml",),
        locks=("poetry.lock",),
        extras=("poetry.toml",),
        outputs=(".venv",),
    ),
    DependencyManager(
        "uv",
        "uv sync --no-install-project",
        ("pyproject.toml",),
        locks=("uv.lock",),
        extras=(".python-version", "uv.toml"),
        outputs=(".venv",),
    ),
    DependencyManager(
        "pipenv",
        "pipenv install --deploy",
        ("Pipfile",),
        locks=("Pipfile.lock",),
        outputs=(".venv",),
    ),
    DependencyManager(
        "npm",
        "npm ci",
        ("package.json",),
        locks=("package-lock.json", "npm-shrinkwrap.json"),
        blockers=_NPM_BLOCKERS,
        outputs=("node_modules",),
    ),
    DependencyManager(
        "yarn",
        "yarn install",
        ("package.json",),
        locks=("yarn.lock",),
        extras=(".yarnrc.yml",),
        blockers=(*_NPM_BLOCKERS, (".yarn", "`.yarn/` holds yarn's releases and plugins")),
        outputs=("node_modules",),
    ),
    DependencyManager(
        "pnpm",
        "pnpm install",
        ("package.json",),
        locks=("pnpm-lock.yaml",),
        blockers=(
            *_NPM_BLOCKERS,
            ("pnpm-workspace.yaml", "`pnpm-workspace.yaml` installs the workspace's packages"),
            (".pnpmfile.cjs", "`.pnpmfile.cjs` hooks into the install"),
        ),
        outputs=("node_modules",),
    ),
    DependencyManager(
        "bundle",
        "bundle install",
        ("Gemfile",),
        locks=("Gemfile.lock",),
        blockers=((".bundle", "`.bundle/config` configures bundler"),),
    ),
    DependencyManager(
        "composer",
        "composer install",
        ("composer.json",),
        locks=("composer.lock",),
        blockers=(("auth.json", "`auth.json` holds registry logins"),),
        outputs=("vendor",),
    ),
    DependencyManager(
        "go",
        "go mod download",
        ("go.mod",),
        locks=("go.sum",),
        blockers=(("go.work", "`go.work` makes local modules part of the build"),),
    ),
    DependencyManager(
        "cargo",
        "cargo fetch",
        ("Cargo.toml",),
        locks=("Cargo.lock",),
        blockers=((".cargo", "`.cargo/config.toml` configures cargo"),),
    ),
    DependencyManager(
        "mvn",
        "mvn dependency:go-offline",
        ("pom.xml",),
        blockers=((".mvn", "`.mvn/` configures maven (extensions, settings)"),),
    ),
    DependencyManager(
        "dotnet",
        "dotnet restore",
        ("*.csproj", "*.fsproj", "*.vbproj", "*.sln"),
        extras=(
            "nuget.config",
            "NuGet.Config",
            "Directory.Build.props",
            "Directory.Build.targets",
            "Directory.Packages.props",
            "global.json",
        ),
        outputs=("obj",),
        anywhere=True,
    ),
)

BY_NAME = {m.name: m for m in MANAGERS}
_PATTERNS = [p for m in MANAGERS for p in (*m.manifests, *m.locks, *m.extras)]
# The names as a set and the few patterns with wildcards: not ~30 patterns tried a path.
_NAMES = frozenset(p for p in _PATTERNS if not any(c in p for c in "*?["))
_WILD = tuple(p for p in _PATTERNS if p not in _NAMES)


def is_manifest(path: str) -> bool:
    """Is this file (a context-relative path) a manifest, lock or settings file of one of
    the managers: an edit of it is a dependency change, not a source edit?"""
    name = posixpath.basename(path)
    return name in _NAMES or any(name_matches(name, pattern) for pattern in _WILD)


def name_matches(name: str, pattern: str) -> bool:
    """``fnmatch.fnmatchcase(name, pattern)``, without the regex fnmatch compiles for each
    pattern (~35 of them, ~3 ms of each check): see ``regexes.glob_match``."""
    return glob_match(name, pattern)


# ------------------------------------------------------------------ the install command


class Install(Record):
    """A dependency install recognised on a command line."""

    manager: DependencyManager
    files: tuple[str, ...] = ()  # files the command names (pip's -r/-c, dotnet's project)
    # Why it may write a manifest the later COPY replaces ("" when it cannot): `npm install`
    # updates package-lock.json, `npm ci` never does.
    rewrites_lock: str = ""
    # Why the install reads more than the manifests ("" when it does not).
    reads_source: str = ""


_PIP = rx(r"pip(?:3(?:\.\d+)?)?\Z")
_PYTHON = rx(r"python(?:3(?:\.\d+)?)?\Z")
# compiled at import from the stored tables (optimizer/regexes.py), not at each call
_DOTNET_PROJECT = rx(r"\.(cs|fs|vb)proj\Z|\.sln\Z")
_CARGO_LOCAL = rx(r"\bpath\s*=|\bworkspace\b")
_PIP_VALUES = frozenset(
    "-i --index-url --extra-index-url -f --find-links -t --target --prefix --root "
    "--trusted-host --platform --python-version --implementation --abi --src "
    "--upgrade-strategy --progress-bar --cache-dir --timeout --retries --proxy --cert "
    "--client-cert --log --exists-action --global-option -C --config-settings --report "
    "--only-binary --no-binary --python --python-platform".split()
)
_PIP_FILES = {"-r": "-r", "--requirement": "-r", "-c": "-c", "--constraint": "-c"}
_JS_VALUES = frozenset(
    "--omit --include --registry --prefix --cache --loglevel -w --workspace --network-timeout "
    "--modules-folder --cache-folder --mutex --filter --reporter".split()
)
_PACKAGE_NAME = rx(r"[A-Za-z0-9][A-Za-z0-9._+-]*(?:\[[A-Za-z0-9,._-]+\])?([<>=!~]=?.*)?\Z")


def install(words: list[str | None]) -> Install | None:
    """The dependency install this command line is (its words, ``None`` for a word that is
    not a literal), or None: not one, or one that installs more than the manifests say (a
    package path, `pip install .`, `npm install express`)."""
    if not words or any(w is None for w in words):
        return None
    argv = [w for w in words if w is not None]
    name = posixpath.basename(argv[0])
    rest = argv[1:]
    if _PYTHON.match(name) and rest[:2] == ["-m", "pip"]:
        return _pip(rest[2:])
    if _PIP.match(name):
        return _pip(rest)
    if name == "uv":
        if rest[:1] == ["pip"]:
            return _pip(rest[1:])
        if rest[:1] == ["sync"] and {"--no-install-project", "--no-install-workspace"} & set(rest):
            frozen = {"--frozen", "--locked"} & set(rest)
            return Install(BY_NAME["uv"], rewrites_lock="" if frozen else _lock_note("uv.lock"))
        return None
    if name == "poetry":
        if rest[:1] == ["install"] and ("--no-root" in rest or "--only-root" in rest):
            if "--only-root" in rest:
                return None
            return Install(BY_NAME["poetry"])
        return None
    if name == "pipenv":
        if rest[:1] == ["sync"] or (rest[:1] == ["install"] and "--deploy" in rest):
            if _positionals(rest[1:], frozenset()):
                return None
            return Install(BY_NAME["pipenv"])
        return None
    if name in ("npm", "yarn", "pnpm"):
        return _js(name, rest)
    if name == "bundle" and rest[:1] == ["install"]:
        return Install(BY_NAME["bundle"])
    if name == "composer" and rest[:1] == ["install"]:
        if _positionals(rest[1:], frozenset()):
            return None
        flags = set(rest)
        why = ""
        if "--no-scripts" not in flags or "--no-autoloader" not in flags:
            why = (
                "`composer install` without `--no-scripts --no-autoloader` runs the "
                "project's scripts and builds the autoloader from the source"
            )
        return Install(BY_NAME["composer"], reads_source=why)
    if name == "go" and rest[:2] == ["mod", "download"]:
        if _positionals(rest[2:], frozenset({"-modfile"})):
            return None
        return Install(BY_NAME["go"])
    if name == "cargo" and rest[:1] == ["fetch"]:
        return Install(
            BY_NAME["cargo"],
            reads_source="cargo reads the package's targets (`src/main.rs`, `src/lib.rs`) "
            "to load `Cargo.toml`, and they come with the later COPY",
        )
    if name == "mvn" and any(w in ("dependency:go-offline", "dependency:resolve") for w in rest):
        return Install(BY_NAME["mvn"])
    if name == "dotnet" and rest[:1] == ["restore"]:
        args = _positionals(rest[1:], frozenset("-s --source -r --runtime --packages".split()))
        if len(args) > 1 or any(not _DOTNET_PROJECT.search(a) for a in args):
            return None
        return Install(BY_NAME["dotnet"], files=tuple(args))
    return None


def _lock_note(lock: str) -> str:
    return f"it may rewrite `{lock}`, which the later COPY then replaces with the context's"


def _positionals(words: list[str], values: frozenset[str]) -> list[str]:
    out: list[str] = []
    skip = False
    for w in words:
        if skip:
            skip = False
            continue
        if w.startswith("-"):
            skip = w in values
            continue
        out.append(w)
    return out


def _pip(rest: list[str]) -> Install | None:
    if rest[:1] != ["install"]:
        return None
    files: list[str] = []
    k = 1
    while k < len(rest):
        w = rest[k]
        opt, eq, value = w.partition("=")
        if w in _PIP_FILES and k + 1 < len(rest):
            files.append(rest[k + 1])
            k += 2
            continue
        if eq and opt in _PIP_FILES:
            files.append(value)
        elif w[:2] in ("-r", "-c") and len(w) > 2:
            files.append(w[2:])
        elif w in ("-e", "--editable") or opt == "--editable":
            return None  # the project itself: needs the source
        elif w in _PIP_VALUES:
            if w in ("-f", "--find-links") and k + 1 < len(rest) and "://" not in rest[k + 1]:
                return None  # wheels from a folder of the context
            k += 1
        elif opt in ("--find-links",) and "://" not in value:
            return None
        elif not w.startswith("-") and not _PACKAGE_NAME.match(w):
            return None  # a path, a wheel, `.`: more than the manifests
        elif not w.startswith("-") and (w == "." or "/" in w):
            return None
        k += 1
    if not any(f for f in files):
        return None
    return Install(BY_NAME["pip"], files=tuple(files))


def _js(name: str, rest: list[str]) -> Install | None:
    action = rest[0] if rest and not rest[0].startswith("-") else ""
    flags = set(rest)
    if name == "npm":
        if action not in ("ci", "install", "i", "clean-install"):
            return None
    elif action not in ("", "install", "i"):
        return None
    if _positionals(rest[1:] if action else rest, _JS_VALUES):
        return None  # `npm install express`: adds a package, reads and writes package.json
    manager = BY_NAME[name]
    rewrites = ""
    if name == "npm" and action in ("install", "i"):
        rewrites = _lock_note("package-lock.json") + " (`npm ci` never does)"
    elif name == "yarn" and not {"--frozen-lockfile", "--immutable"} & flags:
        rewrites = _lock_note("yarn.lock") + " (`--frozen-lockfile` or `--immutable` stops it)"
    elif name == "pnpm" and "--frozen-lockfile" not in flags:
        rewrites = _lock_note("pnpm-lock.yaml") + " (`--frozen-lockfile` stops it)"
    return Install(manager, rewrites_lock=rewrites)


# ------------------------------------------------------------------ what the manifests say


_REQ_LOCAL = rx(r"^\s*(-e\b|--editable\b|\.|/|file:)|\s@\s*file:|^\s*[\w./-]+/[\w.-]*\s*$")
_REQ_NESTED = rx(r"^\s*(?:-r|--requirement|-c|--constraint)[\s=]*(\S+)")
_GEMFILE_LOCAL = rx(r"^\s*(gemspec\b|eval_gemfile\b)|\bpath:|:path\s*=>", re.M)
_GO_LOCAL = rx(r"=>\s*\.{1,2}/|^\s*replace\s*\(", re.M)
_CARGO_LOCAL = rx(r"\bpath\s*=|^\s*\[workspace\]", re.M)
_JS_SCRIPTS = ("preinstall", "install", "postinstall", "prepare")


def nested_requirements(text: str) -> list[str]:
    """The files a requirements file includes (`-r base.txt`, `-c constraints.txt`)."""
    out = []
    for line in text.splitlines():
        found = _REQ_NESTED.match(line)
        if found:
            out.append(found.group(1))
    return out


def local_references(manager: DependencyManager, name: str, text: str) -> str:
    """Why this manifest's install needs more of the source than the manifests ("" when
    dopt sees no reason): a path it installs, a script it runs, a local module."""
    if manager.name == "pip":
        for line in text.splitlines():
            line = line.split(" #", 1)[0].strip()
            if not line or line.startswith("#") or _REQ_NESTED.match(line):
                continue
            if _REQ_LOCAL.search(line):
                return f"`{name}` installs from the source (`{line}`)"
        return ""
    if manager.name in ("npm", "yarn", "pnpm") and name == "package.json":
        return _package_json(name, text)
    if manager.name == "bundle" and name == "Gemfile":
        found = _GEMFILE_LOCAL.search(text)
        return f"`Gemfile` uses local files (`{found.group(0).strip()}`)" if found else ""
    if manager.name == "go" and name == "go.mod":
        found = _GO_LOCAL.search(text)
        return "`go.mod` replaces a module by a local folder" if found else ""
    if manager.name == "cargo" and name == "Cargo.toml":
        found = _CARGO_LOCAL.search(text)
        return "`Cargo.toml` names local crates or a workspace" if found else ""
    if manager.name == "mvn" and name == "pom.xml":
        return "`pom.xml` lists modules (their pom.xml files)" if "<modules>" in text else ""
    if manager.name == "composer" and name == "composer.json":
        return _composer_json(text)
    if manager.name in ("poetry", "uv") and name == "pyproject.toml":
        if _CARGO_LOCAL.search(text):
            return "`pyproject.toml` names local packages (`path =` or a workspace)"
    return ""


def _package_json(name: str, text: str) -> str:
    import json  # here, not at the top: json costs ~1.3 ms of each check's start-up

    try:
        data = json.loads(text)
    except ValueError:
        return f"`{name}` is not valid JSON"
    if not isinstance(data, dict):
        return f"`{name}` is not a JSON object"
    scripts = data.get("scripts")
    if isinstance(scripts, dict):
        hooks = [s for s in _JS_SCRIPTS if s in scripts]
        if hooks:
            return f"`{name}` has a `{hooks[0]}` script, which the install runs"
    if data.get("workspaces"):
        return f"`{name}` declares workspaces (their package.json files)"
    for field in ("dependencies", "devDependencies", "optionalDependencies"):
        deps = data.get(field)
        if isinstance(deps, dict):
            for dep, spec in deps.items():
                if isinstance(spec, str) and spec.startswith(("file:", "link:", "workspace:")):
                    return f"`{name}` installs `{dep}` from a local folder (`{spec}`)"
    return ""


def _composer_json(text: str) -> str:
    import json

    try:
        data = json.loads(text)
    except ValueError:
        return "`composer.json` is not valid JSON"
    repos = data.get("repositories") if isinstance(data, dict) else None
    items = repos.values() if isinstance(repos, dict) else repos if isinstance(repos, list) else []
    if any(isinstance(r, dict) and r.get("type") == "path" for r in items):
        return "`composer.json` has a `path` repository (a local folder)"
    return ""
