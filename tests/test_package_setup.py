"""What a RUN sets up that a later package install depends on (analysis/package_setup.py):
DOP201 never moves an install above such a RUN."""

from __future__ import annotations

import pytest

from optimizer.analysis import package_setup
from optimizer.analysis.shell.script import analyze

SETUP = [
    ("echo 'deb http://deb.example.com stable main' > /etc/apt/sources.list.d/x.list", "sources"),
    ("sed -i 's/main/main contrib/' /etc/apt/sources.list", "sources"),
    ("curl -fsSL https://x/key | gpg --dearmor -o /usr/share/keyrings/x.gpg", "sources"),
    ("curl -fsSL https://x/key | gpg --dearmor > key.gpg", "sources"),
    ("curl -fsSL https://x/key | sudo apt-key add -", "sources"),
    ("add-apt-repository -y ppa:deadsnakes/ppa", "sources"),
    ("wget -qO- https://x/repo.repo > /etc/yum.repos.d/x.repo", "sources"),
    ("rpm --import https://x/RPM-GPG-KEY", "sources"),
    ("echo https://dl-cdn.alpinelinux.org/alpine/edge/testing >> /etc/apk/repositories", "sources"),
    ("dpkg --add-architecture i386", "sources"),
    ("echo 'path-exclude /usr/share/doc/*' > /etc/dpkg/dpkg.cfg.d/nodoc", "sources"),
    ("KEYRING=/tmp/k.gpg; curl -o $KEYRING https://x", "sources"),
    ("curl -sL https://deb.nodesource.com/setup_20.x | bash -", "downloaded script"),
    ("wget -qO- https://x/install.sh | sudo -E sh", "downloaded script"),
    ("groupadd -r -g 999 postgres && useradd -r -g postgres -u 999 postgres", "users"),
    ("adduser --system --uid 101 nginx", "users"),
    ("sudo addgroup -S app", "users"),
    ("echo 'app:x:1000:1000::/home/app:/bin/sh' >> /etc/passwd", "users"),
    ("ln -snf /usr/share/zoneinfo/$TZ /etc/localtime && echo $TZ > /etc/timezone", "preseeds"),
    ("echo 'tzdata tzdata/Areas select Etc' | debconf-set-selections", "preseeds"),
    ("echo 'en_US.UTF-8 UTF-8' > /etc/locale.gen", "preseeds"),
    ("printf '#!/bin/sh\\nexit 101\\n' > /usr/sbin/policy-rc.d", "preseeds"),
    ("sh -c 'useradd -u 1000 app'", "users"),
    ("su -c 'echo deb http://x stable main >> /etc/apt/sources.list'", "sources"),
    ("./setup-repos.sh", "shell script"),
    ("bash /tmp/install.sh --yes", "shell script"),
    (". ./env.sh && make", "shell script"),
]

NOT_SETUP = [
    "git clone https://github.com/example/tool.git /opt/tool",
    "make && make install",
    "curl -fsSL -o /tmp/x.tar.gz https://x && sha256sum -c x.sha256",
    "echo done | tee /var/log/build.log",
    "cp /usr/local/etc/apt-config.json /srv/",
    "cat /etc/aptitude.conf",
    "./configure --prefix=/usr/local",
    "gpg --batch --verify x.asc x",
    "echo useradd is not run here",
    "sh -c 'make -j4'",
    "bash -ec 'cd /src && ./configure'",
]


@pytest.mark.parametrize(("script", "kind"), SETUP)
def test_setup_is_seen(script: str, kind: str) -> None:
    reason = package_setup.setup_done(analyze(script))
    assert reason is not None and kind in reason, reason


@pytest.mark.parametrize("script", NOT_SETUP)
def test_other_runs_are_not_setup(script: str) -> None:
    assert package_setup.setup_done(analyze(script)) is None


@pytest.mark.parametrize(
    ("word", "local"),
    [
        ("curl", False),
        ("python3.11", False),
        ("libssl1.1", False),
        ("nginx=1.24.0-1", False),
        ("./app_1.0_amd64.deb", True),
        ("app-1.0-1.x86_64.rpm", True),
        ("APP.RPM", True),
        ("app-1.0-r0.apk", True),
        ("/tmp/pkg", True),
        ("https://example.com/x.rpm", True),
    ],
)
def test_local_package_files(word: str, local: bool) -> None:
    assert package_setup.is_local_package(word) is local


def test_names_path_finds_what_the_regex_finds() -> None:
    import itertools
    import re

    from optimizer.analysis.package_setup import _names_path

    def regex(source: str, path: str) -> bool:
        edge = "[A-Za-z0-9_.-]"
        return re.search(f"(?<!{edge}){re.escape(path)}(?!{edge})", source) is not None

    pieces = ["/a", "a", "/", " ", ".", "x-", "+"]
    paths = ["/a", "a", "/a/a", "", "."]
    for n in range(5):
        for parts in itertools.product(pieces, repeat=n):
            source = "".join(parts)
            for path in paths:
                assert _names_path(source, path) == regex(source, path), (source, path)
