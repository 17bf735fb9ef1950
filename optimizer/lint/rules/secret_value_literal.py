"""DOP402: a literal secret (a token of a known format, a key, a password) in the Dockerfile.

The value found is never shown: messages carry ``Secret.masked`` only (the format's fixed
prefix and asterisks), whatever the output format.
"""

from __future__ import annotations

from collections.abc import Iterator

from optimizer.analysis.secrets import Secret, assigned_secrets, known_secrets
from optimizer.lint.rules.base import Context, Finding, FixAvailability, Rule
from optimizer.syntax import cst

TYPE_CHECKING = False  # not typing's: importing typing costs ~2 ms of each start-up
if TYPE_CHECKING:
    from typing import ClassVar


class SecretValueLiteral(Rule):
    code = "DOP402"
    name = "secret-value-literal"
    summary = "A literal secret (access key, private key, API token, URL password) is in the file"
    why = (
        "A secret written into a Dockerfile is in the repository, in every copy of it, and in "
        "the image: RUN text is kept in the image history (`docker history --no-trunc`), ENV "
        "and LABEL values in the image config, a heredoc or COPY'd key in a layer. Deleting "
        "it later does not help: the commit and the layer keep it. Treat it as leaked: "
        "revoke it, then pass the new one at build time with a secret mount (`RUN "
        "--mount=type=secret,id=npm,env=NPM_TOKEN npm ci`, built with `docker build --secret "
        "id=npm,env=NPM_TOKEN`). dopt recognises the formats that identify themselves: AWS "
        "access key ids (`AKIA...`), private-key headers, GitHub (`ghp_`, `github_pat_`), "
        "GitLab (`glpat-`), Slack (`xoxb-`), npm (`npm_`), Google (`AIza`) and Stripe live "
        "keys, JWTs, and `user:password@` in URLs; and in RUN text, a random-looking literal "
        "(8 characters or more, mixed characters, entropy of 3 bits a character or more) "
        "given to a secret-named variable or option (`export API_TOKEN=...`, "
        "`--password ...`). Placeholders (`$TOKEN`, `<password>`, `changeme`, `xxxx`) and "
        "documentation examples (`AKIAIOSFODNN7EXAMPLE`) are not reported. The secret itself "
        "is never printed: only the prefix that names its format, then `****`."
    )
    bad = "FROM node:20\nRUN npm config set //registry.npmjs.org/:_authToken npm_****\n"
    good = (
        "FROM node:20\n"
        "RUN --mount=type=secret,id=npm,env=NPM_TOKEN \\\n"
        '    npm config set //registry.npmjs.org/:_authToken "$NPM_TOKEN"\n'
    )
    fix_availability = FixAvailability.NEVER
    fix_safety = (
        "No fix: the secret is already leaked where the file is kept, so the remedy is to "
        "revoke it; removing it from the file would change what the build does and still "
        "leave it in the history."
    )
    references: ClassVar[tuple[str, ...]] = (
        "https://docs.docker.com/build/building/secrets/",
        "https://github.com/gitleaks/gitleaks/blob/master/config/gitleaks.toml",
    )
    hadolint: ClassVar[tuple[str, ...]] = ()
    preview: ClassVar[bool] = False

    def check(self, ctx: Context) -> Iterator[Finding]:
        for index, item in enumerate(ctx.items):
            if isinstance(item, cst.Instruction):
                text = item.code
                found = known_secrets(text)
                if item.keyword in ("RUN", "ONBUILD"):
                    taken = [(s.start, s.end) for s in found]
                    found += [
                        s
                        for s in assigned_secrets(text)
                        if not any(a < s.end and s.start < b for a, b in taken)
                    ]
                    found.sort(key=lambda s: s.start)
            elif isinstance(item, cst.Comment):
                text = item.code
                found = known_secrets(text)
            else:
                continue
            for secret in found:
                yield self._finding(ctx, index, text, secret)

    def _finding(self, ctx: Context, index: int, text: str, secret: Secret) -> Finding:
        finding = ctx.finding(
            self,
            index,
            f"{secret.kind} (`{secret.masked}`) is written in the file: it is in the repository "
            "and the image; revoke it and pass a new one with `RUN --mount=type=secret`",
        )
        before = text[: secret.start]
        line = ctx.lines.get(index, 1) + before.count("\n")
        column = secret.start - (before.rfind("\n") + 1) + 1
        return finding.replace(line=line, column=column)


RULE = SecretValueLiteral()
