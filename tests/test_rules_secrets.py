"""The secret rules DOP401-DOP404 beyond their goldens: which names and values count, that no
output format ever shows a found secret, .dockerignore read as BuildKit reads it, and the
build context (the Dockerfile's folder; none for stdin)."""

from __future__ import annotations

from pathlib import Path

import pytest
from clirun import dopt

from optimizer.analysis.dockerignore import excluded, parse_patterns
from optimizer.analysis.secrets import (
    assigned_secrets,
    known_secrets,
    mask,
    secret_file,
    secret_name,
)
from optimizer.lint.fixer import fix_text
from optimizer.lint.runner import lint
from optimizer.syntax.parser import parse

# Fake secrets of every recognised kind, put together here so that no token-shaped string
# sits whole in the source.
SECRETS = {
    "aws": "AKIA" + "Q3R7TX2LM9ZP4WNB",
    "github": "ghp_" + "R8tq2Lk7ZpW3mN9vB4xC6yD1fG5hJ0sQaEuT",
    "github_pat": "github_pat_"
    + "11AQ7Z3K0R"
    + "Xk29vLq7Rm3Pz8Wn4Tb6Qw9rT2mLx8Zp3Vn7Kb4Yc6Df1Gh5Js",
    "gitlab": "glpat-" + "Xk29vLq7Rm3Pz8Wn4Tb6",
    "slack": "xoxb-" + "2048177301-5532983817-Tq8Lk3mZ9rW2pN6vB4xC",
    "npm": "npm_" + "Tq8Lk3mZ9rW2pN6vB4xCQw9rT2mLx8Zp3Vn7",
    "jwt": "eyJhbGciOiJIUzI1NiJ9" + ".eyJzdWIiOiJjaS1ib3QifQ" + ".Qw9rT2mLx8Zp3Vn7Kb4Yc6",
    "google": "AIza" + "SyQw9rT2mLx8Zp3Vn7Kb4Yc6Df1Gh5Js0Ab",
    "stripe": "sk_live_" + "51HqLm8Rt2Zx9Vw3Kp7Nb4Yc6",
    "url_password": "Pa55w0rd" + "Xy93",
    "run_token": "Zx9kQ2mP" + "7wL4vB8n",
    "option_password": "Qw3rty!Z" + "x9Lm",
    "env_password": "hunter2" + "-db",
}
KEY_BODY = "b3BlbnNzaC1rZXktdjEAAAAA" + "BG5vbmUAAAAEbm9uZQ"

DOCKERFILE = f"""\
ARG NPM_TOKEN={SECRETS["npm"]}
FROM node:20 AS build
ENV AWS_ACCESS_KEY_ID={SECRETS["aws"]}
RUN git clone https://{SECRETS["github"]}@github.com/acme/a.git /a \\
    && git clone https://oauth2:{SECRETS["gitlab"]}@gitlab.com/acme/b.git /b
# old webhook {SECRETS["slack"]}
LABEL jwt="{SECRETS["jwt"]}" google={SECRETS["google"]}
FROM node:20-slim
ENV DB_PASSWORD={SECRETS["env_password"]} STRIPE={SECRETS["stripe"]} PAT={SECRETS["github_pat"]}
RUN pip install --extra-index-url https://deploy:{SECRETS["url_password"]}@pypi.acme.io/simple x
RUN export API_TOKEN={SECRETS["run_token"]} && mysql --password={SECRETS["option_password"]} -e x
COPY <<EOF /root/.ssh/id_ed25519
-----BEGIN OPENSSH PRIVATE KEY-----
{KEY_BODY}
-----END OPENSSH PRIVATE KEY-----
EOF
COPY id_rsa /root/.ssh/id_rsa
RUN git clone git@github.com:acme/c.git /c && rm /root/.ssh/id_rsa
"""


def _codes(text: str, code: str, path: Path | None = None) -> list[str]:
    return [f.message for f in lint(parse(text), path, select=[code])]


def _assert_no_secret(output: str) -> None:
    for kind, value in SECRETS.items():
        assert value not in output, f"the {kind} secret is shown"
    assert KEY_BODY not in output


def test_every_kind_is_found() -> None:
    messages = " ".join(_codes(DOCKERFILE, "DOP402"))
    for kind in ("AWS", "GitHub", "GitLab", "Slack", "npm", "JSON Web Token", "Google"):
        assert kind in messages
    for kind in ("Stripe", "password in a URL", "`API_TOKEN`", "`--password`", "private key"):
        assert kind in messages
    assert messages.count("GitHub token") == 2  # ghp_ and github_pat_


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_no_output_format_shows_a_secret(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text(DOCKERFILE)
    result = dopt("check", "--format", fmt, str(path))
    assert result.code == 1
    assert "DOP402" in result.out
    _assert_no_secret(result.out + result.err)


@pytest.mark.parametrize(
    "args", [("--check",), ("--diff", "--select", "DOP4"), ("--unsafe-fixes", "--check")]
)
def test_fix_messages_show_no_secret(tmp_path: Path, args: tuple[str, ...]) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text(DOCKERFILE)
    result = dopt("fix", *args, str(path))
    assert "DOP40" in result.out + result.err
    _assert_no_secret(result.out + result.err)


@pytest.mark.parametrize("code", ["DOP401", "DOP402", "DOP403", "DOP404"])
def test_explain_shows_no_secret(code: str) -> None:
    result = dopt("explain", code)
    assert result.code == 0 and code in result.out
    _assert_no_secret(result.out + result.err)


def test_mask_keeps_only_a_prefix_of_long_values() -> None:
    assert mask(SECRETS["github"]) == "ghp_****"
    assert mask("hunter2") == "****"  # short: nothing of it


@pytest.mark.parametrize(
    "name",
    [
        "GITHUB_TOKEN",
        "DB_PASSWORD",
        "DB_PASS",
        "MYSQL_PWD",
        "apiKey",
        "API_KEY",
        "APIKEY",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_ACCESS_KEY_ID",
        "SECRET_KEY_BASE",
        "BASIC_AUTH",
        "PRIVATE_KEY",
        "GOOGLE_CREDENTIALS",
        "passphrase",
    ],
)
def test_secret_names(name: str) -> None:
    assert secret_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "AUTHOR",
        "OAUTH_CALLBACK_URL",
        "TOKENIZERS_PARALLELISM",
        "PWD",
        "PASSWORD_FILE",
        "MYSQL_ROOT_PASSWORD_FILE",
        "AUTH_URL",
        "TOKEN_TTL",
        "GPG_KEY",
        "GPG_KEYS",
        "PASSENGER_APP_ENV",
        "KEYCLOAK_VERSION",
        "SECRET_NAME",
        "BYPASS",
    ],
)
def test_not_secret_names(name: str) -> None:
    assert not secret_name(name)


@pytest.mark.parametrize(
    "text",
    [
        "AKIAIOSFODNN7EXAMPLE",  # the AWS documentation's example key
        "-----BEGIN PGP PUBLIC KEY BLOCK-----",
        "-----BEGIN CERTIFICATE-----",
        "https://${USER}:${TOKEN}@github.com/x",
        "https://<user>:<password>@host/x",
        "sha256:0a4eaa0eecf5f8c050e5bba433f58c052be7587ee8af3e8b3910ef9ab5fbe9f5",
    ],
)
def test_not_secret_values(text: str) -> None:
    assert known_secrets(text) == []
    assert assigned_secrets(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "export API_TOKEN=$(cat /run/secrets/token)",
        'mysql --password="$DB_PASSWORD"',
        "mysql --password=root",
        "export DB_PASSWORD=changeme",
        "export GIT_COMMIT=3f9a8c2e7b1d4f6a",
        "./tool --token=aaaaaaaaaaaa",
    ],
)
def test_assignments_that_are_no_secret(text: str) -> None:
    assert assigned_secrets(text) == []


@pytest.mark.parametrize(
    ("path", "secret"),
    [
        ("id_rsa", True),
        ("keys/id_ed25519", True),
        ("id_rsa.pub", False),
        (".env", True),
        (".env.production", True),
        (".env.example", False),
        ("server.key", True),
        ("nodesource.gpg.key", False),
        ("ca.pem", False),
        ("privkey.pem", True),
        ("certs/fullchain.pem", False),
        (".aws/credentials", True),
        (".ssh/known_hosts", False),
        (".docker/config.json", True),
        ("config.json", False),
        ("$HOME/.npmrc", False),
    ],
)
def test_secret_files(path: str, secret: bool) -> None:
    assert bool(secret_file(path)) is secret


# ------------------------------------------------------------------------ .dockerignore


@pytest.mark.parametrize(
    ("ignore", "path", "out"),
    [
        ("*.pem", "a.pem", True),
        ("*.pem", "certs/a.pem", False),  # anchored at the root, unlike .gitignore
        ("**/*.pem", "certs/a.pem", True),
        ("**/*.pem", "a.pem", True),
        ("secrets", "secrets/x/y.key", True),  # a folder excludes what is inside
        ("/secrets/", "secrets/a", True),  # cleaned: leading and trailing / dropped
        ("./.env", ".env", True),
        ("*\n!keep.key", "keep.key", False),  # the last matching line wins
        ("!keep.key\n*", "keep.key", True),
        ("# .env\n", ".env", False),  # a comment
        ("  .env  ", ".env", True),  # trimmed
        ("se?rets", "secrets/a", True),
        ("s[a-f]crets", "secrets/a", True),
        ("docs/**", "docs/a/b", True),
        ("a/**/b", "a/b", True),
        ("a/**/b", "a/x/y/b", True),
    ],
)
def test_dockerignore_patterns(ignore: str, path: str, out: bool) -> None:
    assert excluded(path, parse_patterns(ignore)) is out


def _context(tmp_path: Path, files: list[str], ignore: str | None = None) -> Path:
    for name in files:
        f = tmp_path / name
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text("password=fixture\n")
    if ignore is not None:
        (tmp_path / ".dockerignore").write_text(ignore)
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM alpine:3.20\nCOPY . /app\n")
    return dockerfile


def test_context_files_are_named_and_capped(tmp_path: Path) -> None:
    names = [f"k{i}/server.key" for i in range(8)] + [".env", "app.py"]
    dockerfile = _context(tmp_path, names)
    [message] = _codes(dockerfile.read_text(), "DOP403", dockerfile)
    assert "`.env`, `k0/server.key`, `k1/server.key`, `k2/server.key`, `k3/server.key`" in message
    assert "and 4 more" in message and "app.py" not in message


def test_context_dockerignore_excludes(tmp_path: Path) -> None:
    dockerfile = _context(tmp_path, [".env", "k/server.key"], ".env\n**/*.key\n")
    assert _codes(dockerfile.read_text(), "DOP403", dockerfile) == []


def test_own_dockerignore_wins(tmp_path: Path) -> None:
    dockerfile = _context(tmp_path, [".env"], "")
    (tmp_path / "Dockerfile.dockerignore").write_text(".env\n")
    assert _codes(dockerfile.read_text(), "DOP403", dockerfile) == []


def test_context_files_without_credentials_are_not_named(tmp_path: Path) -> None:
    dockerfile = _context(tmp_path, [".env"])
    (tmp_path / ".npmrc").write_text("legacy-peer-deps=true\n")
    (tmp_path / "server.pem").write_text("-----BEGIN CERTIFICATE-----\nMIID\n")
    [message] = _codes(dockerfile.read_text(), "DOP403", dockerfile)
    assert "`.env`" in message and ".npmrc" not in message and "server.pem" not in message
    by_name = "FROM node:20\nCOPY .npmrc server.pem /app/\n"
    assert _codes(by_name, "DOP403", dockerfile) == []
    assert _codes(by_name, "DOP403") != []  # no context (stdin): the names decide


def test_stdin_has_no_context(tmp_path: Path) -> None:
    dockerfile = _context(tmp_path, [".env"])
    assert "DOP403" in dopt("check", str(dockerfile)).out
    result = dopt("check", "--select", "DOP403", "-", stdin=dockerfile.read_text(), cwd=tmp_path)
    assert result.code == 0, result.out


# ------------------------------------------------------------------------ DOP404


def test_deleted_later_fix_is_unsafe_and_a_fixed_point() -> None:
    text = (
        "FROM alpine/git\n"
        "COPY id_rsa /root/.ssh/id_rsa\n"
        "RUN git clone git@github.com:a/b.git && rm /root/.ssh/id_rsa\n"
    )
    assert fix_text(text, select=["DOP404"]).output == text
    fixed = fix_text(text, unsafe=True, select=["DOP404"]).output
    assert fixed == (
        "FROM alpine/git\n"
        "RUN --mount=type=secret,id=id_rsa,target=/root/.ssh/id_rsa"
        " git clone git@github.com:a/b.git\n"
    )
    assert lint(parse(fixed), select=["DOP4"]) == []


def test_a_build_stage_copied_from_is_not_reported() -> None:
    text = (
        "FROM golang:1.22 AS build\n"
        "COPY .netrc /root/.netrc\n"
        "RUN go build -o /app . && echo\n"
        "RUN rm /root/.netrc\n"
        "FROM scratch\n"
        "COPY --from=build /app /app\n"
    )
    assert lint(parse(text), select=["DOP403", "DOP404"]) == []


def test_docker_practice_multi_stage_example_has_no_secret_finding() -> None:
    text = (
        "FROM golang:alpine as build-env\n"
        "RUN apk add --no-cache git\n"
        "WORKDIR /go/src/app\n"
        "COPY . .\n"
        "RUN go build -o /go/bin/app\n"
        "FROM jrottenberg/ffmpeg:4.0-alpine\n"
        "COPY --from=build-env /go/bin/app /app\n"
        'ENTRYPOINT ["/app"]\n'
    )
    assert lint(parse(text), select=["DOP401", "DOP402", "DOP403", "DOP404"]) == []


def test_fix_edits_that_would_show_a_secret_are_withheld() -> None:
    """Another rule's fix of a line holding a secret (DOP106 on a pip install with a
    password in its index URL) is reported without its edits: JSON, SARIF and rdjson
    would print the new text, secret included."""
    from optimizer import engine
    from optimizer.io.settings import Settings

    text = (
        "FROM python:3.12-slim\n"
        "RUN pip install --extra-index-url https://deploy:Pa55w0rdXy93@pypi.acme.io/simple x\n"
    )
    result = engine.check_source(text, Settings())
    fixed = [d for d in result.diagnostics if d.fix is not None]
    assert fixed and all(d.edits == () for d in fixed)
    assert all("Pa55w0rdXy93" not in d.message for d in result.diagnostics)
