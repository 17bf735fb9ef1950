"""DOP405: the image runs as root (the final stage's last USER is root, or none is set)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from optimizer.analysis.image_role import copies_an_application, starts_an_application
from optimizer.analysis.images import base_image
from optimizer.analysis.official_images import (
    known_non_root,
    starts_a_root_service,
    steps_down,
)
from optimizer.analysis.stages import Stage, is_root
from optimizer.lint.rules.base import Context, Finding, FixAvailability, Rule
from optimizer.lint.rules.common import run_script
from optimizer.regexes import rx
from optimizer.syntax import buildkit, cst

# Tools an entrypoint uses to drop root at start (the official images' pattern: the
# container starts as root, fixes ownership, then `exec gosu app "$@"`).
_DROPPERS = rx(r"\b(gosu|su-exec|setpriv|s6-setuidgid|chpst|runuser)\b")
_WINDOWS = rx(r"windows|servercore|nanoserver", re.IGNORECASE)


class RunsAsRoot(Rule):
    code = "DOP405"
    name = "runs-as-root"
    summary = "The image runs as root: the final stage never sets a non-root USER"
    why = (
        "A container runs as the image's USER, root unless one is set. A process that runs "
        "as root in a container is root on the host's kernel: a bug or an exploited "
        "dependency can then write anywhere in the container, bind low ports, and is one "
        "kernel or runtime flaw away from the host. Create a user and switch to it at the "
        "end of the final stage:\n\n"
        "    RUN useradd -r -u 10001 app        # alpine: adduser -S -u 10001 app\n"
        "    USER app\n\n"
        "or, on images without a user database (distroless, scratch), a numeric uid: "
        "`USER 65532:65532` (distroless also has `:nonroot` tags). dopt reads the USER in "
        "force at the end of the final stage, following the stages it is built FROM. When "
        "no stage sets one, the base image's own USER decides, which dopt cannot read "
        "offline: it reports the stage anyway (the usual case is root) and says so, except "
        "for images it knows to set a non-root user (`:nonroot` tags, chainguard runtime images, "
        "nginx-unprivileged, jenkins, grafana... see optimizer/analysis/official_images.py) "
        "for stages that install gosu or su-exec, whose entrypoint drops root at start "
        "(the official images' pattern), and for stages that keep the ENTRYPOINT of an "
        "official image whose entrypoint steps down to its service user (postgres, redis, "
        "mysql, mariadb, mongo, rabbitmq...).\n\n"
        "Only an image that runs an application is judged. A base image (a language "
        "runtime, an OS, a toolchain: what others build FROM) leaves USER to the images "
        "built on it, as the official `python`, `node` or `golang` images do, so a final stage "
        "is reported when it copies files of the build context other than its own set-up "
        "(entrypoint scripts, configuration, keys, dependency manifests), EXPOSEs a port, "
        "starts a command other "
        'than a shell, a REPL or a bare build tool (`CMD ["python3"]`, `CMD ["php", '
        '"-a"]` are a base\'s defaults), or adds to a service image that starts as root '
        "(nginx, httpd, tomcat, php's apache and fpm variants...). A stage with ONBUILD "
        "triggers is a base by declaration. An explicit `USER root` last is always reported. "
        "hadolint's DL3002 only looks at an explicit "
        "`USER root`. A `USER $VAR` is not judged. Windows images are not judged (their "
        "users are not Unix uids)."
    )
    bad = 'FROM python:3.12-slim\nCOPY app.py /app/\nCMD ["python", "/app/app.py"]\n'
    good = (
        "FROM python:3.12-slim\nRUN useradd -r -u 10001 app\nCOPY app.py /app/\nUSER app\n"
        'CMD ["python", "/app/app.py"]\n'
    )
    fix_availability = FixAvailability.NEVER
    fix_safety = (
        "No fix: which user the program can run as (file ownership, ports below 1024, "
        "writable paths) is a decision about the application that dopt cannot prove."
    )
    references = (
        "https://docs.docker.com/build/building/best-practices/#user",
        "https://github.com/hadolint/hadolint/wiki/DL3002",
        "https://github.com/GoogleContainerTools/distroless#debug-images",
    )
    hadolint = ("DL3002",)

    def check(self, ctx: Context) -> Iterator[Finding]:
        stages = ctx.stages.stages
        if not stages or ctx.windows:
            return
        final = stages[-1]
        chain = [s for s in stages if s.in_final_image]
        image = base_image(ctx.stages, ctx.tree, final.items[0]) or ""
        if _WINDOWS.search(image):
            return
        last_user: tuple[int, str] | None = None
        for stage in chain:
            for index in stage.items:
                inst = ctx.instruction(index)
                if inst.keyword == "USER" and inst.values:
                    last_user = (index, buildkit.process_word(inst.values[0], inst.escape))
        if last_user is not None:
            index, user = last_user
            if "$" in user or not is_root(user):
                return
            yield ctx.finding(
                self,
                index,
                f"the final stage's last USER is root (`{user}`): the container runs as root",
            )
            return
        if not self._runs_an_application(ctx, chain, image):
            return
        if image == "scratch":
            reason = "`scratch` has no users: the process runs as uid 0"
        else:
            if "$" in image or known_non_root(image):
                return
            if any(self._drops_root(ctx, i) for s in chain for i in s.items):
                return
            own_entrypoint = any(
                ctx.instruction(i).keyword == "ENTRYPOINT" for s in chain for i in s.items
            )
            if steps_down(image) and not own_entrypoint:
                return
            if starts_a_root_service(image):
                reason = f"the base image `{image}` starts its service as root"
            else:
                reason = f"it runs as root unless the base image `{image}` sets USER"
        yield ctx.finding(
            self,
            final.items[0],
            f"the final stage never sets USER: {reason}; add a non-root `USER`",
        )

    @staticmethod
    def _runs_an_application(ctx: Context, chain: list[Stage], image: str) -> bool:
        """A base image (a runtime, an OS, a toolchain) leaves USER to the images built on
        it: only a stage that copies an application in, starts one, or inherits a service's
        default command is judged."""
        entrypoint: cst.Instruction | None = None
        cmd: cst.Instruction | None = None
        serves = False  # it copies an application in or EXPOSEs a port
        for stage in chain:
            cmd_in_stage = False
            for index in stage.items:
                inst = ctx.instruction(index)
                if inst.keyword == "ONBUILD":
                    return False
                if inst.keyword == "ENTRYPOINT":
                    entrypoint = inst
                    if not cmd_in_stage:
                        cmd = None  # BuildKit resets an inherited CMD with ENTRYPOINT
                elif inst.keyword == "CMD":
                    cmd, cmd_in_stage = inst, True
                elif inst.keyword == "EXPOSE":
                    serves = True
                elif not serves:
                    serves = copies_an_application(inst)
        if serves:
            return True
        if entrypoint is None and cmd is None:
            return starts_a_root_service(image)
        return starts_an_application(entrypoint, cmd)

    @staticmethod
    def _drops_root(ctx: Context, index: int) -> bool:
        inst = ctx.instruction(index)
        if inst.keyword in ("COPY", "ADD"):
            return any(_DROPPERS.search(v) for v in inst.values) or bool(
                _DROPPERS.search(inst.flag("from") or "")
            )
        if inst.keyword in ("ENTRYPOINT", "CMD"):
            return any(_DROPPERS.search(v) for v in inst.values)
        found = run_script(inst)
        if found is None:
            return False
        script = found[0]
        for op in script.package_ops:
            if any(_DROPPERS.fullmatch(p) for p in op.packages):
                return True
        return any(_DROPPERS.search(c.text) for c in script.commands if c.name in _FETCHERS)


_FETCHERS = frozenset({"curl", "wget", "chmod", "mv", "cp", "install", "ln"})

RULE = RunsAsRoot()
