"""DOP401: an ENV or ARG whose name says it holds a secret, given a value that stays readable."""

from __future__ import annotations

from collections.abc import Iterator

from optimizer.analysis.secrets import flag_like, secret_name, stand_in
from optimizer.lint.rules.base import Context, Finding, FixAvailability, Rule
from optimizer.syntax import cst

TYPE_CHECKING = False  # not typing's: importing typing costs ~2 ms of each start-up
if TYPE_CHECKING:
    from typing import ClassVar


MOUNT_ADVICE = "pass it with `RUN --mount=type=secret` instead"


def unquoted(raw: str) -> str:
    """A raw ENV/ARG value without its surrounding quotes (enough to tell literal from
    `$VAR` and empty from not)."""
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
        return raw[1:-1]
    return raw


class SecretInEnvOrArg(Rule):
    code = "DOP401"
    name = "secret-in-env-or-arg"
    summary = "An ENV or ARG named like a secret (password, token, api key...) has a value"
    why = (
        "ENV values are part of the image config: anyone who can pull the image reads them "
        "with `docker inspect`, and every container (and every image built FROM it) inherits "
        "them, so an ENV named like a secret leaks whatever it is given, a literal or a "
        "build argument (`ENV TOKEN=$TOKEN`). An ARG's default is written in the Dockerfile "
        "(so in the repository) and is recorded with every RUN that uses it in the image "
        "history; an ARG without a default is no better as a channel for secrets: the value "
        "given with `--build-arg` also shows in `docker history`. BuildKit's secret mounts "
        "exist for this: `RUN --mount=type=secret,id=token,env=TOKEN cmd` (or `target=` a "
        "file) makes the secret visible to that one RUN and to nothing in the image. Names "
        "count by whole parts (`DB_PASSWORD`, `apiKey`, `AWS_SECRET_ACCESS_KEY`; not "
        "`AUTHOR`, `OAUTH_CALLBACK_URL`, `TOKENIZERS_PARALLELISM`), and a name whose last "
        "part says the value is about the secret is left alone (`MYSQL_PASSWORD_FILE`, "
        "`AUTH_URL`, `TOKEN_TTL`), as are empty and true/false values, paths and "
        "placeholders (`**None**`, `changeme`, `YOUR_API_KEY`, `<token>`; weak real "
        "defaults such as `root` are reported: they are the password the image ships "
        "with). A literal is "
        "reported in every stage (it is in the Dockerfile); an ENV given a variable only in "
        "the stages that make the final image."
    )
    bad = "FROM alpine:3.20\nENV GITHUB_TOKEN=$GITHUB_TOKEN\nRUN ./fetch-private-deps.sh\n"
    good = (
        "FROM alpine:3.20\n"
        "RUN --mount=type=secret,id=github_token,env=GITHUB_TOKEN ./fetch-private-deps.sh\n"
    )
    fix_availability = FixAvailability.NEVER
    fix_safety = (
        "No fix: moving a value to a secret mount changes how the image is built (every "
        "`docker build` then needs `--secret id=...,src=...` or `env=`), and which RUNs use "
        "the variable, and whether the running container needs it, is not in the Dockerfile."
    )
    references: ClassVar[tuple[str, ...]] = (
        "https://docs.docker.com/build/building/secrets/",
        "https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/",
    )
    hadolint: ClassVar[tuple[str, ...]] = ()
    preview: ClassVar[bool] = False

    def check(self, ctx: Context) -> Iterator[Finding]:
        for index, inst in ctx.instructions():
            if isinstance(inst, cst.Env) and inst.keyword == "ENV":
                for key, raw in inst.pairs:
                    message = self._env(ctx, index, key, unquoted(raw))
                    if message:
                        yield ctx.finding(self, index, message)
            elif isinstance(inst, cst.Arg):
                for word in inst.values:
                    key, sep, raw = word.partition("=")
                    value = unquoted(raw)
                    if not sep or not secret_name(key) or flag_like(value) or "$" in value:
                        continue
                    if stand_in(key, value):
                        continue
                    yield ctx.finding(
                        self,
                        index,
                        f"ARG `{key}` has a literal default: it is in the Dockerfile and in "
                        f"the image history of every RUN that uses it; {MOUNT_ADVICE}",
                    )

    def _env(self, ctx: Context, index: int, key: str, value: str) -> str | None:
        if not secret_name(key) or flag_like(value):
            return None
        if "$" not in value:
            if stand_in(key, value):
                return None
            return (
                f"ENV `{key}` sets a literal secret: it is in the Dockerfile and in the image "
                f"config (`docker inspect`); {MOUNT_ADVICE}"
            )
        stage = ctx.stages.stage(index)
        if stage is None or not stage.in_final_image:
            return None  # a build stage's config is not shipped
        return (
            f"ENV `{key}` puts a secret-named value into the image config, where "
            f"`docker inspect` shows it; {MOUNT_ADVICE}"
        )


RULE = SecretInEnvOrArg()
