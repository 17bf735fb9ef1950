"""DOP403: COPY/ADD brings a secret-looking file (a key, `.npmrc`, `.env`...) into the image,
by its name or, for a folder such as `.`, because `.dockerignore` does not leave it out.

The build context is ``Context.build_context``: ``--context DIR``, else the Dockerfile's
folder when the file is read from disk; text from stdin has none unless given.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from optimizer.analysis.dockerignore import ContextSecrets, context_secrets
from optimizer.analysis.secrets import holds_credentials, public_name, secret_file, secret_glob
from optimizer.io.fspath import Path  # pathlib.Path without importing pathlib
from optimizer.lint.rules.base import Context, Finding, FixAvailability, Rule
from optimizer.lint.rules.common import run_script
from optimizer.lint.rules.secret_deleted_later import (
    copied_paths,
    covers,
    removed_paths,
    secrets_deleted_later,
)
from optimizer.syntax import cst

TYPE_CHECKING = False  # not typing's: importing typing costs ~2 ms of each start-up
if TYPE_CHECKING:
    from typing import ClassVar


SHOWN = 5  # files named in one message; the rest are counted


def build_context(ctx: Context) -> Path | None:
    """The folder `docker build` would send (``--context DIR``, else the Dockerfile's)."""
    return ctx.build_context


def listed(files: list[str]) -> str:
    shown = ", ".join(f"`{f}`" for f in files[:SHOWN])
    more = len(files) - SHOWN
    return shown + (f" and {more} more" if more > 0 else "")


class SecretFileCopied(Rule):
    code = "DOP403"
    name = "secret-file-copied"
    summary = (
        "COPY/ADD brings a secret-looking file (key, .npmrc, .env, credentials) into the image"
    )
    why = (
        "A file copied into an image is in one of its layers for good: anyone who pulls the "
        "image can extract it (`docker save`, `docker cp`), and a later `rm` does not take "
        "it out of the layer (DOP404). Private keys (`id_rsa`, `*.pem`, `*.key`, `*.p12`), "
        "package-registry logins (`.npmrc`, `.pypirc`, `.netrc`, `.git-credentials`), "
        "environment files (`.env`, `.env.production`; not `.env.example`), cloud and "
        "registry credentials (`.aws/`, `.ssh/`, `.docker/config.json`, `credentials.json`) "
        "should reach a build only as secret mounts (`RUN --mount=type=secret,id=npmrc,"
        "target=/root/.npmrc npm ci`, built with `--secret id=npmrc,src=.npmrc`), and the "
        "running container only at run time (a volume, the orchestrator's secrets). A COPY "
        "of a folder (`COPY . .`) sends whatever the build context holds that `.dockerignore` "
        "does not exclude: dopt reads the context (the Dockerfile's folder) and its "
        "`.dockerignore` (or `<name>.dockerignore` beside the Dockerfile) as BuildKit does, "
        "and names the secret-looking files that would be copied. Certificates and public "
        "or signing keys (`ca.pem`, `cert.key`, `*.pub`, `repo.gpg.key`) are not reported. "
        "A build stage that does not make the final image is not shipped: a key copied there "
        "is reported only where a `COPY --from` of the final image copies it along (the "
        "stage's folder, or the file itself)."
    )
    bad = "FROM node:20\nCOPY .npmrc package.json ./\nRUN npm ci\n"
    good = (
        "FROM node:20\n"
        "COPY package.json ./\n"
        "RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n"
    )
    fix_availability = FixAvailability.NEVER
    fix_safety = (
        "No fix: whether the running program needs the file (a `.env` read at start-up, a "
        "TLS key the server serves with) cannot be told from the Dockerfile; excluding it in "
        "`.dockerignore` or mounting it as a secret is the author's decision. A copy that a "
        "later RUN deletes is DOP404's, which can rewrite it."
    )
    references: ClassVar[tuple[str, ...]] = (
        "https://docs.docker.com/build/building/secrets/",
        "https://docs.docker.com/build/concepts/context/#dockerignore-files",
        "https://github.com/moby/patternmatcher/blob/main/patternmatcher.go",
    )
    hadolint: ClassVar[tuple[str, ...]] = ()
    preview: ClassVar[bool] = False

    def check(self, ctx: Context) -> Iterator[Finding]:
        deleted = {(d.item, d.path) for d in secrets_deleted_later(ctx)}
        scanned: ContextSecrets | None = None
        for index, inst in ctx.instructions():
            if inst.keyword not in ("COPY", "ADD"):
                continue
            stage = ctx.stages.stage(index)
            if stage is None or not stage.in_final_image:
                continue
            carried = _carried(ctx, index, inst)
            if carried:
                yield ctx.finding(
                    self,
                    index,
                    f"`{inst.keyword} --from` brings {listed(carried)} into the image (copied "
                    "into the build stage by name), where anyone with the image can read it: "
                    "copy only what the image needs",
                )
                continue
            handled = {
                src for path, src in copied_paths(ctx, index, inst) if (index, path) in deleted
            }
            context = build_context(ctx)
            if context is not None and not inst.flag("from"):
                # A file of the context whose text holds no credential is no secret.
                handled |= {
                    src
                    for src in inst.values[:-1]
                    if not src.startswith("/")
                    and ".." not in src.split("/")
                    and holds_credentials(context / src) is False
                }
            reasons = self._by_name(inst, handled)
            if reasons:
                yield ctx.finding(
                    self,
                    index,
                    f"{inst.keyword} brings {listed_reasons(reasons)} into the image, where "
                    "anyone with the image can read it: use a secret mount "
                    "(`RUN --mount=type=secret`) or leave it out",
                )
                continue
            if context is None:
                continue
            folders = self._folders(inst, context)
            if not folders:
                continue
            if scanned is None:
                scanned = context_secrets(ctx.path, context)
            dest = posixpath.join(ctx.state(index).workdir, inst.values[-1])
            files = [
                f
                for f in scanned.files
                if any(
                    _under(f, d) and (index, _in_image(f, d, dest)) not in deleted for d in folders
                )
            ]
            if not files:
                continue
            ignore = scanned.ignore_file or ".dockerignore"
            where = "" if scanned.ignore_file else " (there is none)"
            partial = " (the context is too large to read whole)" if scanned.truncated else ""
            yield ctx.finding(
                self,
                index,
                f"`{inst.keyword} {' '.join(folders)}` copies secret-looking files from the "
                f"build context into the image: {listed(files)}{partial}; exclude them in "
                f"{ignore}{where}",
            )

    def _by_name(self, inst: cst.Instruction, handled: set[str]) -> list[str]:
        values = inst.values
        if len(values) < 2:
            return []
        reasons: list[str] = []
        sources = [s for s in values[:-1] if s not in handled]
        if not sources:
            return []
        dest = values[-1]
        for src in sources:
            why = secret_file(src) or secret_glob(src)
            # `COPY certs/user.pem /etc/usercert.pem`: the destination says certificate.
            target = dest if not dest.endswith("/") and len(sources) == 1 else ""
            if why and not (target and public_name(target)):
                reasons.append(why)
        if not reasons and not inst.flag("from"):
            # The destination names the secret: `COPY deploy-key /root/.ssh/id_rsa`.
            targets = (
                [posixpath.join(dest, posixpath.basename(s.rstrip("/"))) for s in sources]
                if dest.endswith("/") or len(sources) > 1
                else [dest]
            )
            for target in targets:
                why = secret_file(target)
                if why:
                    reasons.append(why)
        return list(dict.fromkeys(reasons))

    def _folders(self, inst: cst.Instruction, context: Path) -> list[str]:
        """The sources that are folders of the context (`.`, `src/`, `app` if a folder)."""
        if inst.flag("from") or inst.heredocs or len(inst.values) < 2:
            return []
        out = []
        for src in inst.values[:-1]:
            if "$" in src or "://" in src or any(ch in src for ch in "*?["):
                continue
            norm = posixpath.normpath(src.lstrip("/")) if src not in ("/",) else "."
            if norm == "." or (not norm.startswith("..") and (context / norm).is_dir()):
                out.append(src)
        return out


def _stage_secrets(ctx: Context) -> dict[int, list[tuple[str, int]]]:
    """For each stage that is not in the final image: the secret-looking files COPY/ADD
    put there by name and no later RUN of it removes, (image path, line)."""
    found = ctx.memo.get("stage_secrets")
    if isinstance(found, dict):
        return found
    out: dict[int, list[tuple[str, int]]] = {}
    for stage in ctx.stages.stages:
        if stage.in_final_image:
            continue
        kept: list[tuple[str, int]] = []
        for index in stage.items:
            inst = ctx.instruction(index)
            if inst.keyword in ("COPY", "ADD"):
                kept += [
                    (path, ctx.lines.get(index, 1)) for path, _ in copied_paths(ctx, index, inst)
                ]
            elif inst.keyword == "RUN" and kept:
                got = run_script(inst)
                if got is not None:
                    state = ctx.state(index)
                    gone = [r for r, _ in removed_paths(got[0], state.workdir, state.user)]
                    kept = [(p, n) for p, n in kept if not any(covers(r, p)[0] for r in gone)]
        out[stage.index] = kept
    ctx.memo["stage_secrets"] = out
    return out


def _carried(ctx: Context, index: int, inst: cst.Instruction) -> list[str]:
    """Secret-looking files of a build stage that this `COPY --from=stage PATH` copies:
    PATH is the file or a folder above it (the stage's FROM chain included)."""
    ref = inst.flag("from")
    if not ref or len(inst.values) < 2:
        return []
    stages = ctx.stages.stages
    k = next((s.index for s in stages if s.name == ref.lower()), None)
    if k is None and ref.isdigit() and int(ref) < len(stages):
        k = int(ref)
    table = _stage_secrets(ctx)
    files: list[str] = []
    seen: set[int] = set()
    while k is not None and k not in seen and k < index_stage(ctx, index):
        seen.add(k)
        for path, _ in table.get(k, []):
            for src in inst.values[:-1]:
                if "$" in src or any(ch in src for ch in "*?["):
                    continue
                root = posixpath.normpath("/" + src.lstrip("/"))
                if path == root or path.startswith(root.rstrip("/") + "/"):
                    files.append(path)
        k = stages[k].base_stage
    return list(dict.fromkeys(files))


def index_stage(ctx: Context, index: int) -> int:
    stage = ctx.stages.stage(index)
    return stage.index if stage is not None else 0


def _under(path: str, folder: str) -> bool:
    norm = posixpath.normpath(folder.lstrip("/"))
    return norm == "." or path.startswith(norm.rstrip("/") + "/")


def _in_image(path: str, folder: str, dest: str) -> str:
    """Where a context file under a copied folder lands (DOP404 names it so)."""
    norm = posixpath.normpath(folder.lstrip("/"))
    rest = path if norm == "." else path[len(norm) + 1 :]
    return posixpath.normpath(posixpath.join(dest, rest))


def listed_reasons(reasons: list[str]) -> str:
    return ", ".join(reasons)


RULE = SecretFileCopied()
