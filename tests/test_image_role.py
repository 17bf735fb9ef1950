"""Application or base image (optimizer/analysis/image_role.py), which decides whether
DOP405 judges a final stage that never sets USER."""

from __future__ import annotations

import pytest

from optimizer.analysis.image_role import copies_an_application, starts_an_application
from optimizer.analysis.official_images import starts_a_root_service
from optimizer.lint.runner import lint
from optimizer.syntax import cst
from optimizer.syntax.parser import parse


def _instruction(line: str) -> cst.Instruction:
    (inst,) = parse(f"FROM a\n{line}\n").instructions[1:]
    return inst


@pytest.mark.parametrize(
    ("entrypoint", "cmd", "application"),
    [
        (None, 'CMD ["python3"]', False),
        (None, "CMD bash", False),
        (None, 'CMD ["/bin/sh"]', False),
        (None, 'CMD ["php", "-a"]', False),
        (None, 'CMD ["mvn"]', False),
        ('ENTRYPOINT ["docker-entrypoint.sh"]', 'CMD ["node"]', False),
        ('ENTRYPOINT ["docker-php-entrypoint"]', 'CMD ["php", "-a"]', False),
        ('ENTRYPOINT ["/sbin/tini", "--"]', 'CMD ["bash"]', False),
        (None, None, False),
        (None, 'CMD ["python", "app.py"]', True),
        (None, 'CMD ["sh", "-c", "exec ./server"]', True),
        (None, 'CMD ["catalina.sh", "run"]', True),
        ('ENTRYPOINT ["docker-entrypoint.sh"]', 'CMD ["postgres"]', True),
        ('ENTRYPOINT ["/usr/bin/dumb-init", "--"]', 'CMD ["node", "server.js"]', True),
        ("ENTRYPOINT ./entrypoint.sh", None, True),  # the script is the program
        ('ENTRYPOINT ["/app"]', None, True),
    ],
)
def test_starts_an_application(entrypoint: str | None, cmd: str | None, application: bool) -> None:
    ep = _instruction(entrypoint) if entrypoint else None
    command = _instruction(cmd) if cmd else None
    assert starts_an_application(ep, command) is application


@pytest.mark.parametrize(
    ("line", "application"),
    [
        ("COPY docker-entrypoint.sh /usr/local/bin/", False),
        ("COPY nginx.conf /etc/nginx/conf.d/default.conf", False),
        ("COPY docker-php-source docker-php-ext-* /usr/local/bin/", False),
        ("COPY conf.d /etc/app/conf.d", False),
        ("ADD https://example.com/tool.tar.gz /tmp/", False),
        ("COPY --from=build /target/ /", False),  # a stage's files: the CMD decides
        ("COPY <<EOF /etc/motd\nhello\nEOF", False),
        ("COPY requirements.txt /requirements/", False),
        ("COPY package.json package-lock.json ./", False),
        ("COPY . /app", True),
        ("COPY app.py /app/", True),
        ("ADD target/app.jar /app.jar", True),
        ("COPY src/ /src/", True),
        ("RUN echo not a copy", False),
    ],
)
def test_copies_an_application(line: str, application: bool) -> None:
    assert copies_an_application(_instruction(line)) is application


@pytest.mark.parametrize(
    ("image", "service"),
    [
        ("nginx:1.27", True),
        ("docker.io/library/httpd:2.4", True),
        ("tomcat:10-jre21", True),
        ("php:8.3-apache", True),
        ("php:8.3-fpm-alpine", True),
        ("php:8.3-cli", False),
        ("php:8.3", False),
        ("python:3.12-slim", False),
        ("nginxinc/nginx-unprivileged:1.27", False),
    ],
)
def test_root_service_images(image: str, service: bool) -> None:
    assert starts_a_root_service(image) is service


def test_official_runtime_dockerfile_is_a_base() -> None:
    """The shape of docker-library's python image: installs the runtime, copies nothing of
    the context, defaults to the REPL: not judged; the same stage with an app copied in is."""
    base = (
        "FROM debian:bookworm-slim\nENV PYTHON_VERSION=3.12.7\n"
        "RUN set -eux; apt-get update; apt-get install -y --no-install-recommends ca-certificates; "
        "rm -rf /var/lib/apt/lists/*\n"
        'CMD ["python3"]\n'
    )
    assert [f.code for f in lint(parse(base), select=["DOP405"])] == []
    app = base.replace('CMD ["python3"]', 'COPY app.py /app/\nCMD ["python3", "/app/app.py"]')
    assert [f.code for f in lint(parse(app), select=["DOP405"])] == ["DOP405"]


def test_explicit_user_root_is_judged_in_a_base_too() -> None:
    text = 'FROM debian:bookworm-slim\nUSER root\nCMD ["bash"]\n'
    assert [f.code for f in lint(parse(text), select=["DOP405"])] == ["DOP405"]
