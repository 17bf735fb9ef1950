"""What dopt knows about each package manager, as data: one entry a manager.

An entry says how the manager is invoked (command names and aliases, ``python -m pip``),
which of its options take a value (so a parser can skip it), its actions (install, update,
upgrade, remove), the flags and variables that turn its cache off, and its caches: where
each lives for root (absolute) and for other users (``$HOME``-relative), the commands that
empty it, the cleanup dopt appends, the option that moves it, and the folder a BuildKit
``--mount=type=cache`` would hold it in.  Its readers: the shell analysis (``shell.packages``),
the formatter's package sorting (``package_lists``), ``package_setup``, volatility, the rules
DOP101-DOP108, DOP201 and DOP306 (DOP104 and DOP107 take every manager whose
``cleanup_rule`` names them), ``verify``'s rule effects and the execution proof's allowed
cleanups.  Adding a manager is one entry here, plus goldens for the rules that then see it.

Managers that share a family (yum, dnf and microdnf; npm, yarn and pnpm) are separate
entries where their caches or cleanups differ.  ``PackageOp.manager`` is the command name
for ``commands`` (``apt`` and ``apt-get`` stay apart: DOP302 tells them apart) and the
entry's ``name`` for ``aliases``, ``alias_pattern`` and ``python -m`` (``pip3`` is ``pip``).

Over 500 lines because it is data: eighteen entries, their option sets one per line.
"""

from __future__ import annotations

from optimizer.record import Record
from optimizer.regexes import glob_match, rx

HOME = "$HOME/"


class Cache(Record):
    """One cache folder set of a manager."""

    folders: tuple[str, ...]  # where it is for root (absolute)
    home: tuple[str, ...] = ()  # for any user, ``$HOME/...`` (the cache follows the user)
    cleanup: str = ""  # the command that empties it (what a cache rule appends)
    # Words after the manager that empty it (`apt-get clean`: ("clean",)).
    clean: tuple[tuple[str, ...], ...] = ()
    mount: str = ""  # the target a `RUN --mount=type=cache,target=...` would use
    # The mount's `sharing=` ("locked": the manager locks files there, one build at a time).
    sharing: str = ""
    option: str = ""  # the option that puts it elsewhere (a deliberate choice: left alone)
    moved_by: tuple[str, ...] = ()  # variables that put it elsewhere (then no mount holds it)
    # What a RUN with the mount needs: a command run first (apt: the official Debian and
    # Ubuntu images' docker-clean hook deletes downloaded packages, so the mount would stay
    # empty), and the flag that replaces a no-cache flag (apk: fetch the index afresh).
    mount_setup: str = ""
    mount_flag: str = ""
    # Installs read it (a package index: apt's lists, apk's indexes), so a mount over it
    # must be filled by the same RUN, and a later RUN may need what it leaves.
    read_by_installs: bool = False


class Manager(Record):
    """One package manager: how it is called, its actions and options, its caches."""

    name: str
    family: str  # entries that share files and settings (yum/dnf/microdnf: "rpm")
    system: bool  # installs the distribution's packages (as root, into /usr)
    commands: tuple[str, ...]  # command names, each reported as itself
    aliases: tuple[str, ...] = ()  # other command names, reported as ``name``
    alias_pattern: str = ""  # regex (whole name) of versioned aliases: pip3.12
    python_module: str = ""  # `python -m MODULE` runs it
    value_options: frozenset[str] = frozenset()  # options whose value is the next word
    # Options known to take no value and to leave which packages get installed alone: an
    # install with only these keeps its meaning with its packages sorted.
    flags: frozenset[str] = frozenset()
    # The install action whose package list the formatter sorts ("": never sorted).
    sorted_install: str = ""
    install: frozenset[str] = frozenset()  # actions that install the packages named
    update: frozenset[str] = frozenset()  # actions that refresh the package index only
    upgrade: frozenset[str] = frozenset()  # actions that upgrade what is installed
    remove: frozenset[str] = frozenset()  # actions that remove packages
    bare: str = ""  # the action of the command alone (`yarn`: install)
    # Words before the action that only modify it, reported as options (`yarn global add`).
    modifiers: tuple[str, ...] = ()
    no_cache_flags: tuple[str, ...] = ()  # flags that keep the cache from being written
    # Actions besides ``fetches`` that fill the cache (`go build`: the build cache); "*":
    # every action (a Maven goal, a Gradle task).
    fills: frozenset[str] = frozenset()
    no_cache_env: tuple[str, ...] = ()  # variables that do
    cache: Cache = Cache(folders=())  # downloads (and, but for apt, the package index)
    index: Cache | None = None  # the package index, where kept apart (apt's lists)
    # The rule that appends the cleanup of its cache ("": none does).  DOP104 and DOP107 take
    # every manager that names them; the others are one manager's rule.
    cleanup_rule: str = ""
    # Variables (names or prefixes) its settings come from; "WORKDIR": also from the working
    # folder (a project's .npmrc), so a cleanup command reads them as well.
    settings: tuple[str, ...] = ()
    # Files and folders that configure its sources, keys or itself (DOP201 keeps an install
    # below a RUN that writes one).
    config_paths: tuple[str, ...] = ()
    config_commands: tuple[str, ...] = ()  # commands that do (`apt-key`, `yum-config-manager`)
    package_files: tuple[str, ...] = ()  # suffixes of its package files (an install of a file)

    @property
    def caches(self) -> tuple[Cache, ...]:
        return (self.cache,) if self.index is None else (self.index, self.cache)

    @property
    def fetches(self) -> frozenset[str]:
        """Actions that download packages or their index."""
        return self.install | self.update | self.upgrade

    def fills_cache(self, action: str) -> bool:
        """Does this action write the manager's cache (what a cache mount would hold)?"""
        if self.fills:
            return "*" in self.fills or action in self.fills
        return action in self.fetches


_RPM_VALUE = frozenset(
    {
        "-c",
        "--config",
        "--installroot",
        "--releasever",
        "--enablerepo",
        "--disablerepo",
        "--repo",
        "--repoid",
        "-x",
        "--exclude",
        "--setopt",
        "--forcearch",
        "-d",
        "--debuglevel",
        "-e",
        "--errorlevel",
        "--rpmverbosity",
        "--downloaddir",
        "--destdir",
        "--comment",
    }
)
_RPM_INSTALL = frozenset(
    {
        "install",
        "groupinstall",
        "localinstall",
        "reinstall",
        "downgrade",
        "group",
        "module",
        "builddep",
    }
)
_RPM_UPGRADE = frozenset({"update", "upgrade", "update-minimal", "upgrade-minimal", "distro-sync"})
_RPM_FLAGS = frozenset(
    {"-y", "--assumeyes", "-q", "--quiet", "--nodocs", "--setopt=install_weak_deps=False"}
)
_RPM_CONFIG = ("/etc/yum.repos.d", "/etc/pki/rpm-gpg", "/var/lib/rpm")
_NPM_VALUE = frozenset(
    {
        "--prefix",
        "--registry",
        "--cache",
        "--userconfig",
        "--globalconfig",
        "--loglevel",
        "-w",
        "--workspace",
        "--tag",
        "--omit",
        "--include",
        "--install-strategy",
        "--location",
    }
)

# apt's package lists, which `apt-get update` fetches and installs read.
APT_LISTS = Cache(
    folders=("/var/lib/apt/lists",),
    cleanup="rm -rf /var/lib/apt/lists/*",
    clean=(("dist-clean",),),  # apt 2.7.8+: the lists and the archives
    # Not /var/lib/apt (Docker's docs mount it): it also holds extended_states, which
    # packages were installed as dependencies, a part of the image and no cache.
    mount="/var/lib/apt/lists",
    sharing="locked",
    read_by_installs=True,
)
APT = Manager(
    name="apt",
    family="apt",
    system=True,
    commands=("apt-get", "apt"),
    value_options=frozenset(
        {
            "-o",
            "--option",
            "-c",
            "--config-file",
            "-t",
            "--target-release",
            "--default-release",
            "-a",
            "--host-architecture",
        }
    ),
    flags=frozenset(
        {
            "-y",
            "--yes",
            "--assume-yes",
            "-q",
            "-qq",
            "--quiet",
            "--no-install-recommends",
            "--no-install-suggests",
            "--fix-missing",
        }
    ),
    sorted_install="install",
    install=frozenset({"install", "reinstall", "build-dep", "source"}),
    update=frozenset({"update"}),
    upgrade=frozenset({"upgrade", "dist-upgrade", "full-upgrade"}),
    remove=frozenset({"remove", "purge", "autoremove"}),
    cleanup_rule="DOP102",
    index=APT_LISTS,
    settings=("APT_",),
    cache=Cache(
        folders=("/var/cache/apt",),
        cleanup="apt-get clean",
        clean=(("clean",), ("autoclean",)),
        mount="/var/cache/apt",
        sharing="locked",
        mount_setup="rm -f /etc/apt/apt.conf.d/docker-clean",
    ),
    # sources.list(.d), apt.conf.d, preferences.d, keyrings, trusted.gpg.d; dpkg.cfg.d
    config_paths=("/etc/apt", "/etc/dpkg", "/usr/share/keyrings"),
    config_commands=("apt-key", "add-apt-repository", "apt-add-repository"),
    package_files=(".deb", ".udeb", ".ddeb"),
)
APK = Manager(
    name="apk",
    family="apk",
    system=True,
    commands=("apk",),
    value_options=frozenset(
        {
            "-X",
            "--repository",
            "-p",
            "--root",
            "--arch",
            "--cache-dir",
            "--keys-dir",
            "--repositories-file",
            "-t",
            "--virtual",
            "--cache-max-age",
        }
    ),
    flags=frozenset({"--no-cache", "--update", "-U", "--no-progress", "-q", "--quiet"}),
    sorted_install="add",
    install=frozenset({"add"}),
    update=frozenset({"update"}),
    upgrade=frozenset({"upgrade"}),
    remove=frozenset({"del"}),
    no_cache_flags=("--no-cache",),
    cleanup_rule="DOP103",
    cache=Cache(
        folders=("/var/cache/apk", "/etc/apk/cache"),
        cleanup="rm -rf /var/cache/apk/*",
        mount="/var/cache/apk",
        option="--cache-dir",
        mount_flag="--update-cache",
        read_by_installs=True,
    ),
    config_paths=("/etc/apk",),
    package_files=(".apk",),
)
YUM = Manager(
    name="yum",
    family="rpm",
    system=True,
    commands=("yum",),
    value_options=_RPM_VALUE,
    flags=_RPM_FLAGS,
    sorted_install="install",
    install=_RPM_INSTALL,
    update=frozenset({"makecache"}),
    upgrade=_RPM_UPGRADE,
    remove=frozenset({"remove", "erase", "autoremove"}),
    settings=("DNF_", "YUM_"),
    cleanup_rule="DOP104",
    cache=Cache(
        folders=("/var/cache/yum",),
        cleanup="yum clean all && rm -rf /var/cache/yum",
        clean=(("clean",),),
        mount="/var/cache/yum",
    ),
    config_paths=("/etc/yum.repos.d", "/etc/yum.conf", "/etc/yum", *_RPM_CONFIG[1:]),
    config_commands=("yum-config-manager", "update-crypto-policies"),
    package_files=(".rpm",),
)
DNF = Manager(
    name="dnf",
    family="rpm",
    system=True,
    commands=("dnf",),
    value_options=_RPM_VALUE,
    flags=_RPM_FLAGS,
    sorted_install="install",
    install=_RPM_INSTALL,
    update=frozenset({"makecache"}),
    upgrade=_RPM_UPGRADE,
    remove=frozenset({"remove", "erase", "autoremove"}),
    settings=("DNF_", "YUM_"),
    cleanup_rule="DOP104",
    cache=Cache(
        folders=("/var/cache/dnf", "/var/cache/libdnf5"),  # dnf5 (Fedora 41+) uses libdnf5
        cleanup="dnf clean all && rm -rf /var/cache/dnf",
        clean=(("clean",),),
        mount="/var/cache/dnf",
    ),
    config_paths=("/etc/dnf", *_RPM_CONFIG),
    config_commands=("dnf-config-manager", "update-crypto-policies"),
    package_files=(".rpm",),
)
MICRODNF = Manager(
    name="microdnf",
    family="rpm",
    system=True,
    commands=("microdnf",),
    value_options=_RPM_VALUE,
    flags=_RPM_FLAGS,
    sorted_install="install",
    install=_RPM_INSTALL,
    update=frozenset({"makecache"}),
    upgrade=_RPM_UPGRADE,
    remove=frozenset({"remove"}),
    settings=("DNF_", "YUM_"),
    cleanup_rule="DOP104",
    cache=Cache(
        folders=("/var/cache/yum", "/var/cache/dnf"),
        cleanup="microdnf clean all",
        clean=(("clean",),),
        mount="/var/cache/yum",
    ),
    config_paths=("/etc/dnf", *_RPM_CONFIG),
    package_files=(".rpm",),
)
ZYPPER = Manager(
    name="zypper",
    family="zypper",
    system=True,
    commands=("zypper",),
    value_options=frozenset(
        {
            "-R",
            "--root",
            "-c",
            "--config",
            "--releasever",
            "-r",
            "--repo",
            "--from",
            "-t",
            "--type",
            "-D",
            "--reposd-dir",
            "-C",
            "--cache-dir",
            "--raw-cache-dir",
            "--solv-cache-dir",
            "--pkg-cache-dir",
        }
    ),
    install=frozenset({"install", "in", "source-install", "si"}),
    update=frozenset({"refresh", "ref"}),
    upgrade=frozenset({"update", "up", "dist-upgrade", "dup", "patch"}),
    remove=frozenset({"remove", "rm"}),
    settings=("ZYPP_",),
    cleanup_rule="DOP105",
    cache=Cache(
        folders=("/var/cache/zypp",),
        cleanup="zypper clean -a",
        clean=(("clean",), ("cc",)),
        mount="/var/cache/zypp",
        option="--cache-dir",
    ),
    config_paths=("/etc/zypp",),
)
PIP = Manager(
    name="pip",
    family="python",
    system=False,
    commands=("pip",),
    aliases=("pip3",),
    alias_pattern=r"pip\d+(\.\d+)*",
    python_module="pip",
    value_options=frozenset(
        {
            "-r",
            "--requirement",
            "-c",
            "--constraint",
            "-e",
            "--editable",
            "-i",
            "--index-url",
            "--extra-index-url",
            "-f",
            "--find-links",
            "-t",
            "--target",
            "--prefix",
            "--root",
            "--platform",
            "--python-version",
            "--implementation",
            "--abi",
            "--src",
            "--upgrade-strategy",
            "--progress-bar",
            "--trusted-host",
            "--cache-dir",
            "--proxy",
            "--timeout",
            "--retries",
            "--log",
            "-C",
            "--config-settings",
            "--global-option",
            "--no-binary",
            "--only-binary",
            "--report",
            "--exists-action",
            "--cert",
            "--client-cert",
            "--python",
        }
    ),
    flags=frozenset(
        {
            "--no-cache-dir",
            "-U",
            "--upgrade",
            "-q",
            "--quiet",
            "--disable-pip-version-check",
            "--no-warn-script-location",
            "--user",
        }
    ),
    sorted_install="install",
    install=frozenset({"install"}),
    remove=frozenset({"uninstall"}),
    no_cache_flags=("--no-cache-dir",),
    no_cache_env=("PIP_NO_CACHE_DIR",),
    settings=("PIP_", "XDG_CACHE_HOME", "VIRTUAL_ENV"),
    cleanup_rule="DOP106",
    cache=Cache(
        folders=("/root/.cache/pip",),
        home=(HOME + ".cache/pip",),
        cleanup="rm -rf ~/.cache/pip",
        clean=(("cache", "purge"),),
        mount="/root/.cache/pip",
        option="--cache-dir",
        moved_by=("PIP_CACHE_DIR", "XDG_CACHE_HOME", "HOME"),
    ),
)
UV = Manager(
    name="uv",
    family="python",
    system=False,
    commands=("uv",),
    # `uv pip install x` is action "pip"; uv's own flags: --cache-dir, --directory, ...
    value_options=frozenset(
        {
            "--cache-dir",
            "--directory",
            "--project",
            "--config-file",
            "-p",
            "--python",
            "--index",
            "--default-index",
            "-i",
            "--index-url",
            "--extra-index-url",
            "-f",
            "--find-links",
            "-r",
            "--requirement",
            "-c",
            "--constraint",
            "--group",
            "--extra",
            "--package",
        }
    ),
    install=frozenset({"add", "sync", "pip", "tool"}),
    remove=frozenset({"remove"}),
    no_cache_flags=("--no-cache", "-n"),
    no_cache_env=("UV_NO_CACHE",),
    cache=Cache(
        folders=("/root/.cache/uv",),
        home=(HOME + ".cache/uv",),
        cleanup="uv cache clean",
        clean=(("cache", "clean"), ("cache", "prune")),
        mount="/root/.cache/uv",
        option="--cache-dir",
    ),
)
NPM = Manager(
    name="npm",
    family="js",
    system=False,
    commands=("npm",),
    value_options=_NPM_VALUE,
    install=frozenset(
        {
            "install",
            "i",
            "in",
            "add",
            "ci",
            "clean-install",
            "ic",
            "install-clean",
            "install-ci-test",
            "cit",
            "install-test",
            "it",
        }
    ),
    upgrade=frozenset({"update", "up", "upgrade"}),
    remove=frozenset({"uninstall", "remove", "rm", "un", "unlink", "r"}),
    settings=("NPM_CONFIG_", "WORKDIR"),
    cleanup_rule="DOP107",
    cache=Cache(
        folders=("/root/.npm",),
        home=(HOME + ".npm",),
        cleanup="npm cache clean --force",
        clean=(("cache", "clean"),),
        mount="/root/.npm",
        option="--cache",
        moved_by=("NPM_CONFIG_CACHE", "npm_config_cache", "HOME"),
    ),
)
YARN = Manager(
    name="yarn",
    family="js",
    system=False,
    commands=("yarn",),
    value_options=frozenset(
        {
            "--cwd",
            "--cache-folder",
            "--modules-folder",
            "--registry",
            "--network-timeout",
            "--mutex",
            "--global-folder",
            "--link-folder",
        }
    ),
    install=frozenset({"install", "add"}),
    upgrade=frozenset({"upgrade", "up"}),
    remove=frozenset({"remove"}),
    bare="install",
    modifiers=("global",),
    settings=("YARN_", "XDG_CACHE_HOME", "WORKDIR"),
    cleanup_rule="DOP107",
    cache=Cache(
        # Yarn 1 as root caches under /usr/local/share; other users under ~/.cache/yarn.
        folders=("/usr/local/share/.cache/yarn", "/root/.cache/yarn"),
        home=(HOME + ".cache/yarn",),
        cleanup="yarn cache clean",
        clean=(("cache", "clean"),),
        mount="/usr/local/share/.cache/yarn",
        option="--cache-folder",
        moved_by=("YARN_CACHE_FOLDER", "XDG_CACHE_HOME", "HOME"),
    ),
)
PNPM = Manager(
    name="pnpm",
    family="js",
    system=False,
    commands=("pnpm",),
    value_options=_NPM_VALUE | {"-C", "--dir", "--filter", "-F", "--store-dir"},
    install=frozenset({"install", "i", "add", "fetch"}),
    upgrade=frozenset({"update", "up", "upgrade"}),
    remove=frozenset({"remove", "rm", "uninstall", "un"}),
    cache=Cache(
        folders=("/root/.local/share/pnpm/store", "/root/.cache/pnpm"),
        home=(HOME + ".local/share/pnpm/store", HOME + ".cache/pnpm"),
        cleanup="pnpm store prune",
        clean=(("store", "prune"),),
        mount="/root/.local/share/pnpm/store",
        option="--store-dir",
    ),
)
GEM = Manager(
    name="gem",
    family="ruby",
    system=False,
    commands=("gem",),
    value_options=frozenset(
        {
            "-v",
            "--version",
            "-i",
            "--install-dir",
            "-n",
            "--bindir",
            "-s",
            "--source",
            "-P",
            "--trust-policy",
            "--platform",
            "-g",
            "--file",
        }
    ),
    install=frozenset({"install"}),
    upgrade=frozenset({"update"}),
    remove=frozenset({"uninstall"}),
    cache=Cache(
        folders=("/root/.gem", "/root/.cache/gem"),
        home=(HOME + ".gem", HOME + ".cache/gem"),
        cleanup="gem cleanup",
        clean=(("cleanup",),),
        # No cache mount: ~/.gem also holds the gems `gem install --user-install` installs.
    ),
)
BUNDLE = Manager(
    name="bundle",
    family="ruby",
    system=False,
    commands=("bundle", "bundler"),
    value_options=frozenset(
        {"--gemfile", "--path", "--jobs", "-j", "--retry", "--without", "--with", "--binstubs"}
    ),
    install=frozenset({"install", "add"}),
    upgrade=frozenset({"update"}),
    remove=frozenset({"remove"}),
    cache=Cache(
        folders=("/root/.bundle/cache",),
        home=(HOME + ".bundle/cache",),
        cleanup="bundle clean --force",
        clean=(("clean",),),
        mount="/root/.bundle/cache",
    ),
)
COMPOSER = Manager(
    name="composer",
    family="php",
    system=False,
    commands=("composer",),
    value_options=frozenset({"-d", "--working-dir"}),
    install=frozenset({"install", "require", "i"}),
    upgrade=frozenset({"update", "upgrade", "u"}),
    remove=frozenset({"remove", "rm"}),
    no_cache_flags=("--no-cache",),
    cache=Cache(
        folders=("/root/.composer/cache", "/root/.cache/composer"),
        home=(HOME + ".composer/cache", HOME + ".cache/composer"),
        cleanup="composer clear-cache",
        clean=(("clear-cache",), ("clearcache",), ("cc",)),
        mount="/root/.cache/composer",
    ),
)
GO = Manager(
    name="go",
    family="go",
    system=False,
    commands=("go",),
    value_options=frozenset(
        {
            "-C",
            "-o",
            "-p",
            "-ldflags",
            "-gcflags",
            "-asmflags",
            "-gccgoflags",
            "-tags",
            "-mod",
            "-modfile",
            "-overlay",
            "-pgo",
            "-pkgdir",
            "-toolexec",
            "-buildmode",
            "-compiler",
            "-exec",
        }
    ),
    install=frozenset({"install", "get"}),
    update=frozenset({"mod"}),  # `go mod download`
    cache=Cache(
        folders=("/root/go/pkg/mod", "/root/.cache/go-build"),
        home=(HOME + "go/pkg/mod", HOME + ".cache/go-build"),
        cleanup="go clean -cache -modcache",
        clean=(("clean",),),
        mount="/root/.cache/go-build",
        moved_by=("GOCACHE", "XDG_CACHE_HOME", "HOME"),
    ),
    # The build cache the mount holds fills when go compiles (the module cache, GOPATH's,
    # is /go/pkg/mod in the golang image: not known from the file).
    fills=frozenset({"build", "install", "test", "run", "vet", "generate"}),
)
CARGO = Manager(
    name="cargo",
    family="rust",
    system=False,
    commands=("cargo",),
    value_options=frozenset(
        {
            "--root",
            "--version",
            "--git",
            "--branch",
            "--tag",
            "--rev",
            "--path",
            "--target",
            "--target-dir",
            "-j",
            "--jobs",
            "--features",
            "-F",
            "--profile",
            "--manifest-path",
            "--index",
            "--registry",
            "-Z",
            "--config",
        }
    ),
    install=frozenset({"install", "add", "fetch"}),
    upgrade=frozenset({"update"}),
    remove=frozenset({"uninstall", "remove"}),
    cache=Cache(
        folders=("/root/.cargo/registry", "/root/.cargo/git"),
        home=(HOME + ".cargo/registry", HOME + ".cargo/git"),
        cleanup="rm -rf ~/.cargo/registry ~/.cargo/git",
        mount="/root/.cargo/registry",
    ),
)
# Maven and Gradle download dependencies with every goal or task.  Their caches are the
# repository and caches folders, not ~/.m2 or ~/.gradle, which also hold their settings
# (settings.xml, gradle.properties) that a mount over the whole folder would hide.
MAVEN = Manager(
    name="mvn",
    family="java",
    system=False,
    commands=("mvn",),
    aliases=("mvnw",),
    value_options=frozenset(
        {"-f", "--file", "-s", "--settings", "-gs", "--global-settings", "-P", "--projects"}
        | {"-pl", "-rf", "--resume-from", "-T", "--threads", "-t", "--toolchains", "-l"}
    ),
    install=frozenset({"install", "package", "verify", "dependency:go-offline"}),
    fills=frozenset({"*"}),
    cache=Cache(
        folders=("/root/.m2/repository",),
        home=(HOME + ".m2/repository",),
        cleanup="rm -rf ~/.m2/repository",
        mount="/root/.m2/repository",
        moved_by=("MAVEN_OPTS", "MAVEN_CONFIG", "HOME"),
    ),
)
GRADLE = Manager(
    name="gradle",
    family="java",
    system=False,
    commands=("gradle",),
    aliases=("gradlew",),
    value_options=frozenset(
        {"-p", "--project-dir", "-g", "--gradle-user-home", "-x", "--exclude-task", "-b"}
        | {"-c", "--settings-file", "-D", "-P", "--max-workers", "-I", "--init-script"}
    ),
    install=frozenset({"build", "assemble", "dependencies"}),
    fills=frozenset({"*"}),
    cache=Cache(
        folders=("/root/.gradle/caches",),
        home=(HOME + ".gradle/caches",),
        cleanup="rm -rf ~/.gradle/caches",
        mount="/root/.gradle/caches",
        option="--gradle-user-home",
        moved_by=("GRADLE_USER_HOME", "HOME"),
    ),
)

MANAGERS: tuple[Manager, ...] = (
    APT,
    APK,
    YUM,
    DNF,
    MICRODNF,
    ZYPPER,
    PIP,
    UV,
    NPM,
    YARN,
    PNPM,
    GEM,
    BUNDLE,
    COMPOSER,
    GO,
    CARGO,
    MAVEN,
    GRADLE,
)
RPM: tuple[Manager, ...] = tuple(m for m in MANAGERS if m.family == "rpm")
SYSTEM: tuple[Manager, ...] = tuple(m for m in MANAGERS if m.system)


def cleaned_by(code: str) -> tuple[Manager, ...]:
    """The managers whose cache cleanup this rule appends."""
    return tuple(m for m in MANAGERS if m.cleanup_rule == code)


def command_names(managers: tuple[Manager, ...] | Manager) -> frozenset[str]:
    """The names ``PackageOp.manager`` takes for these managers."""
    if isinstance(managers, Manager):
        managers = (managers,)
    return frozenset(name for m in managers for name in (m.name, *m.commands))


_BY_COMMAND: dict[str, tuple[Manager, str]] = {
    **{alias: (m, m.name) for m in MANAGERS for alias in m.aliases},
    **{name: (m, name) for m in MANAGERS for name in m.commands},
}
_BY_OP_NAME: dict[str, Manager] = {name: m for name, (m, _) in _BY_COMMAND.items()}
_BY_OP_NAME.update({m.name: m for m in MANAGERS})
_ALIAS_RES = tuple((rx(m.alias_pattern + r"\Z"), m) for m in MANAGERS if m.alias_pattern)
PYTHON_MODULES: dict[str, Manager] = {m.python_module: m for m in MANAGERS if m.python_module}


# Packages of the system managers that add a repository or its key when installed
# (`epel-release`, `centos-release-scl`, `remi-release-9`, `debian-archive-keyring`,
# `cuda-repo-...`): an install after one may need the packages it makes available, so it
# cannot be folded into the same resolver run (DOP109).
REPOSITORY_PACKAGES = ("*-release", "*-release-*", "*-keyring", "*-repo", "*-repo-*", "*-repos")


def sets_up_repository(m: Manager, package: str) -> bool:
    """Might installing ``package`` with ``m`` add package sources (see REPOSITORY_PACKAGES)?"""
    return m.system and any(glob_match(package, glob) for glob in REPOSITORY_PACKAGES)


def by_command(name: str) -> tuple[Manager, str] | None:
    """The manager a command name runs, and the name ``PackageOp.manager`` gives it."""
    found = _BY_COMMAND.get(name)
    if found is not None:
        return found
    for pattern, m in _ALIAS_RES:
        if pattern.match(name):
            return m, m.name
    return None


def manager(op_name: str) -> Manager | None:
    """The entry of a ``PackageOp.manager`` value."""
    return _BY_OP_NAME.get(op_name)


def home_relative(path: str) -> str:
    """``$HOME/.npm`` -> ``.npm``."""
    return path.removeprefix(HOME)


def home_folders(cache: Cache) -> tuple[str, ...]:
    """The cache's folders relative to a home, each followed by the folders above it there
    (``$HOME/.cache/yarn`` -> ``.cache/yarn``, ``.cache``)."""
    out: list[str] = []
    for path in cache.home:
        rel = home_relative(path)
        while rel:
            out.append(rel)
            rel = rel.rpartition("/")[0]
    return tuple(dict.fromkeys(out))


def system_cache_folders() -> tuple[str, ...]:
    """Every cache folder of the system managers, in table order."""
    return tuple(dict.fromkeys(f for m in SYSTEM for c in m.caches for f in c.folders))
