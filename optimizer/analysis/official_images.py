"""The official images dopt knows, as data: which have a `-slim` variant and how its tag is
spelled, which tools the full variant has that the slim one lacks, which images are Alpine
(musl) based, and which images are known to run as a non-root user.

Sources (read 2026-12; the tag families change slowly, the version numbers do not matter
here): the `library/` files of https://github.com/docker-library/official-images
(`library/python`, `library/node`, `library/ruby`, `library/rust`, `library/perl`,
`library/debian`, `library/openjdk`), which list every tag of each image with the folder it is
built from (`3.12/slim-bookworm`), and the images' Docker Hub pages
(https://hub.docker.com/_/python "Image Variants": the full image is built on
`buildpack-deps`, the slim one on `debian:<suite>-slim` with only what the language needs).
The tool lists come from the `buildpack-deps` Dockerfiles
(https://github.com/docker-library/buildpack-deps: `curl`, `scm` and the full variant) and
from the slim Dockerfiles of each image (rust's slim keeps `gcc` and `wget`).

Images that have no `-slim` variant are listed in NO_SLIM, so that a reader sees they were
considered (golang, php, ubuntu, eclipse-temurin, buildpack-deps...).
"""

from __future__ import annotations

from optimizer.analysis.images import split_reference
from optimizer.record import Record
from optimizer.regexes import rx

# Compiled once from the tables (optimizer.regexes), not by `re` on first use.
_SUITE_RE = rx(r"\d|stable|old|test|unst")
_TAG_WORDS_RE = rx(r"[-_.]")

# Debian suites, by codename; every one that a slim variant was published for.
DEBIAN_CODENAMES = frozenset(
    {"wheezy", "jessie", "stretch", "buster", "bullseye", "bookworm", "trixie", "sid"}
)
# Commands of buildpack-deps' `curl` and `scm` variants (what openjdk's full images had).
SCM_TOOLS = frozenset(
    {"curl", "wget", "gpg", "gpg2", "gpgv", "git", "hg", "svn", "ssh", "scp", "ssh-keyscan"}
    | {"ps", "dirmngr"}
)
# Commands of the full buildpack-deps image (scm plus compilers, headers, build tools).
FULL_TOOLS = SCM_TOOLS | frozenset(
    {"gcc", "g++", "cc", "c++", "cpp", "make", "autoconf", "automake", "autoreconf", "libtool"}
    | {"libtoolize", "patch", "unzip", "bzip2", "file", "convert", "identify", "pkg-config"}
    | {"dpkg-architecture", "xz", "mysql_config", "pg_config", "xml2-config", "curl-config"}
)


class SlimFamily(Record):
    """An official image with a `-slim` variant."""

    repo: str
    # "before": the word goes before the suite (3.12-bookworm -> 3.12-slim-bookworm);
    # "after": it goes last (node: 20-bookworm -> 20-bookworm-slim; debian: bookworm-slim).
    position: str
    suites: frozenset[str]  # suites that have a slim variant (tags without a suite: all)
    bare_slim: bool  # `slim` alone is a tag (for `latest` or no tag)
    lacks: frozenset[str]  # commands of the full image that the slim one does not have
    # Extra words a tag may have besides versions and a suite (openjdk: jdk, jre).
    words: frozenset[str] = frozenset()


_MODERN = frozenset({"stretch", "buster", "bullseye", "bookworm", "trixie"})
SLIM: dict[str, SlimFamily] = {
    f.repo: f
    for f in (
        SlimFamily("python", "before", _MODERN, True, FULL_TOOLS),
        SlimFamily("ruby", "before", _MODERN, True, FULL_TOOLS),
        SlimFamily("perl", "before", _MODERN - {"stretch"}, True, FULL_TOOLS),
        # rust's slim installs gcc, libc6-dev and wget itself (it must link).
        SlimFamily(
            "rust",
            "before",
            _MODERN - {"stretch"},
            True,
            FULL_TOOLS - {"gcc", "cc", "cpp", "wget"},
        ),
        SlimFamily("node", "after", _MODERN, True, FULL_TOOLS),
        # debian's slim differs only by the files dpkg leaves out (docs, man pages, locales).
        SlimFamily("debian", "after", DEBIAN_CODENAMES, False, frozenset()),
        SlimFamily(
            "openjdk",
            "before",
            frozenset({"buster", "bullseye"}),
            False,
            SCM_TOOLS,
            frozenset({"jdk", "jre"}),
        ),
    )
}
# Considered and left out: no `-slim` tag exists for these (their lean variants are
# others: golang and php have only Debian and Alpine variants, ubuntu is already minimal,
# eclipse-temurin's lean variant is `-jre`, buildpack-deps' lighter ones are `curl`/`scm`).
NO_SLIM = frozenset({"golang", "php", "ubuntu", "eclipse-temurin", "buildpack-deps", "gcc"})
# openjdk published slim variants for these major versions only (jre only for 8 and 11).
OPENJDK_SLIM_MAJORS = frozenset({"8", "11", "17", "18", "19", "20", "21", "22"})
OPENJDK_JRE_MAJORS = frozenset({"8", "11"})

# Node's release names, also used as tags (`hydrogen`, `lts-iron`).
_NODE_NAMES = frozenset(
    {"argon", "boron", "carbon", "dubnium", "erbium", "fermium", "gallium", "hydrogen"}
    | {"iron", "jod", "krypton", "lts", "current"}
)
_VERSION_WORD = rx(r"\d+(?:\.\d+)*(?:(?:a|b|rc)\d+)?|rc|preview\d*|\d{8}")
_DEBIAN_SUITES = frozenset({"stable", "oldstable", "testing", "unstable", "oldoldstable"})


def slim_tag(image: str) -> str | None:
    """The `-slim` image for a full official image, or None (not such an image, a tag dopt
    cannot read, or a variant that has no slim twin).  The registry and namespace are kept
    as written: `library/python:3.12` -> `library/python:3.12-slim`."""
    if "@" in image or "$" in image:
        return None
    repo, tag = split_reference(image)
    family = SLIM.get(repo)
    if family is None:
        return None
    name = image.rsplit(":", 1)[0] if tag is not None else image
    if tag is None or tag == "latest":
        return f"{name}:slim" if family.bare_slim else None
    words = tag.lower().split("-")
    suite_at = None
    for k, word in enumerate(words):
        if word in DEBIAN_CODENAMES:
            if suite_at is not None or word not in family.suites:
                return None
            suite_at = k
        elif word in family.words:
            continue
        elif repo == "node" and word in _NODE_NAMES:
            continue
        elif repo == "debian" and word in _DEBIAN_SUITES:
            continue
        elif not _VERSION_WORD.fullmatch(word):
            return None  # slim, alpine, windowsservercore, onbuild, a word dopt does not know
    if repo == "debian" and suite_at is None and not _SUITE_RE.match(tag):
        return None
    if repo == "openjdk" and not _openjdk_ok(words):
        return None
    parts = tag.split("-")
    if family.position == "after" or suite_at is None:
        new = [*parts, "slim"]
    else:
        new = [*parts[:suite_at], "slim", *parts[suite_at:]]
    return f"{name}:{'-'.join(new)}"


def _openjdk_ok(words: list[str]) -> bool:
    major = words[0].split(".")[0] if words else ""
    if major.startswith("1.") or major not in OPENJDK_SLIM_MAJORS:
        return False
    return "jre" not in words or major in OPENJDK_JRE_MAJORS


def is_alpine(image: str | None) -> bool:
    """Is this image Alpine (musl) based, as far as its name says: `alpine`, or a tag with
    an `alpine` word (`python:3.12-alpine3.20`, `nginx:alpine`)?"""
    if not image or "$" in image.split(":", 1)[0]:
        return False
    repo, tag = split_reference(image)
    if repo.rsplit("/", 1)[-1] == "alpine":
        return True
    return any(w.startswith("alpine") for w in _TAG_WORDS_RE.split((tag or "").lower()))


# Images whose own config sets a non-root USER (their Dockerfiles end in `USER`): a stage
# built on them that never sets USER does not run as root.  By repository; a tag word
# `nonroot` counts for any image (distroless, chainguard).
NON_ROOT_IMAGES = frozenset(
    {
        "nginxinc/nginx-unprivileged",
        "prom/prometheus",
        "prom/alertmanager",
        "prom/node-exporter",
        "prom/pushgateway",
        "prom/blackbox-exporter",
        "memcached",
        "solr",
        "kibana",
        "docker.elastic.co/kibana/kibana",
        "docker.elastic.co/logstash/logstash",
        "logstash",
        "jenkins/jenkins",
        "jenkins/inbound-agent",
        "jenkins/agent",
        "grafana/grafana",
        "sonarqube",
        "elasticsearch",
        "docker.elastic.co/elasticsearch/elasticsearch",
        "jupyter/base-notebook",
        "jupyter/minimal-notebook",
        "jupyter/scipy-notebook",
        "jupyter/datascience-notebook",
        "jupyter/tensorflow-notebook",
        "jupyter/pyspark-notebook",
        "quay.io/jupyter/base-notebook",
        "quay.io/jupyter/minimal-notebook",
        "quay.io/jupyter/scipy-notebook",
        "selenium/standalone-chrome",
        "selenium/standalone-firefox",
        "selenium/node-chrome",
        "selenium/node-firefox",
        "mcr.microsoft.com/devcontainers/base",
        "gitpod/workspace-full",
        "circleci/node",
        "circleci/python",
        "circleci/ruby",
        "cimg/base",
        "cimg/node",
        "cimg/python",
    }
)


# Official images whose entrypoint script starts as root and steps down to the service's
# own user (`exec gosu postgres "$@"`): a stage FROM them that keeps their ENTRYPOINT does
# not run the service as root.
STEPS_DOWN_IMAGES = frozenset(
    {"postgres", "redis", "rabbitmq", "mariadb", "mysql", "mongo", "cassandra", "couchdb"}
    | {"zookeeper", "ghost", "elasticsearch", "neo4j", "percona", "influxdb", "couchbase"}
    | {"jenkins", "sonarqube", "odoo", "mongo-express", "nats", "eclipse-mosquitto"}
)


def steps_down(image: str) -> bool:
    """Does this official image's entrypoint drop root itself (STEPS_DOWN_IMAGES)?"""
    repo, _ = split_reference(image)
    return repo in STEPS_DOWN_IMAGES


def known_non_root(image: str) -> bool:
    """Does this image's own config set a non-root USER (NON_ROOT_IMAGES, `:nonroot`)?"""
    bare = image.split("@", 1)[0]
    repo_full, _, tag = bare.rpartition(":") if ":" in bare.rsplit("/", 1)[-1] else (bare, "", "")
    repo_full = repo_full.lower()
    if repo_full.startswith("docker.io/"):
        repo_full = repo_full[len("docker.io/") :]
    if repo_full.startswith("library/"):
        repo_full = repo_full[len("library/") :]
    words = tag.lower().split("-")
    if "nonroot" in words:
        return True
    if repo_full.startswith(_CHAINGUARD) and repo_full not in _CHAINGUARD_ROOT:
        # `-dev` variants add a shell and apk and may switch back to root: not judged safe.
        return "dev" not in words
    return repo_full in NON_ROOT_IMAGES


# Chainguard images "typically don't run as root" (their distroless runtimes set uid
# 65532): https://edu.chainguard.dev/downloads/migrating-to-chainguard-images.pdf and
# https://github.com/chainguard-images/images/blob/main/BEST_PRACTICES.md. Conservative:
# the runtime tags only (not `-dev`), and not wolfi-base, a root base to build on.
# Bitnami images are NOT listed wholesale: Bitnami maintains "a selection" of non-root
# images (https://docs.bitnami.com/tutorials/why-non-root-containers-are-important-for-security/),
# and bitnami/minideb, their base OS image, runs as root.
_CHAINGUARD = ("cgr.dev/chainguard/",)
_CHAINGUARD_ROOT = frozenset({"cgr.dev/chainguard/wolfi-base"})


# Official images a `COPY --from=NAME` may name without a registry or tag (BuildKit then
# pulls `docker.io/library/NAME:latest`): the names that are not a typo of a stage.
OFFICIAL_NAMES = frozenset(
    {"alpine", "busybox", "debian", "ubuntu", "nginx", "golang", "node", "python", "ruby"}
    | {"rust", "perl", "php", "openjdk", "eclipse-temurin", "redis", "postgres", "mysql"}
    | {"mariadb", "mongo", "httpd", "traefik", "caddy", "docker", "registry", "haproxy"}
    | {"memcached", "rabbitmq", "elasticsearch", "centos", "fedora", "amazonlinux", "scratch"}
    | {"maven", "gradle", "tomcat", "jetty", "composer", "wordpress", "nextcloud", "consul"}
    | {"vault", "influxdb", "telegraf", "chronograf", "kapacitor", "buildpack-deps", "gcc"}
    | {"clojure", "erlang", "elixir", "haskell", "julia", "swift", "dart", "pypy", "bash"}
    | {"hello-world", "archlinux", "oraclelinux", "rockylinux", "almalinux", "photon"}
    | {"clearlinux", "mono", "neo4j", "couchdb", "cassandra", "solr", "sonarqube", "ghost"}
    | {"adminer", "nats", "eclipse-mosquitto"}
)
