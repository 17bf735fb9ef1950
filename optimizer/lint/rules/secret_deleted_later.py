"""DOP404: a secret-looking file added in one layer and deleted in a later one stays in the
image (the layer that added it still holds it).

``secrets_deleted_later`` is shared with DOP403, which leaves such files to this rule.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections.abc import Iterator

from optimizer.analysis.secrets import secret_file
from optimizer.analysis.shell.facts import Command, ShellScript
from optimizer.lint.rewrite import logical_to_raw, script_offset
from optimizer.lint.rules.base import UNSAFE, Context, Edit, Finding, Fix, FixAvailability, Rule
from optimizer.lint.rules.common import chain_before, no_fix, run_script
from optimizer.record import Record
from optimizer.regexes import rx
from optimizer.syntax import cst

TYPE_CHECKING = False  # not typing's: importing typing costs ~2 ms of each start-up
if TYPE_CHECKING:
    from typing import ClassVar


class Deleted(Record):
    """A secret-looking file brought in at ``item`` and removed by the RUN at ``removed_at``."""

    item: int
    path: str  # absolute path in the image (as far as dopt can tell)
    source: str | None  # the COPY/ADD source it came from (None: written by a RUN)
    removed_at: int
    exact: bool  # the rm names the file itself (not a folder above it, not a glob)
    folder: str | None = None  # the folder source (`.`) that brought it, when not by name


def home(user: str) -> str:
    return "/root" if user in ("", "root", "0") else f"/home/{user.partition(':')[0]}"


_HOME = rx(r"^(?:~|\$HOME|\$\{HOME\})(?=/|$)")


def resolve(text: str, literal: str | None, workdir: str, user: str) -> str | None:
    """An absolute path for a shell word (`~`/`$HOME` as the user's home), or None."""
    value = literal
    if value is None:
        m = _HOME.match(text)
        if m is None:
            return None
        value = home(user) + text[m.end() :]
    if "$" in value or not value:
        return None
    return posixpath.normpath(posixpath.join(workdir, value))


def _rm_words(cmd: Command) -> list[tuple[str, str | None]] | None:
    argv = list(cmd.argv)
    while argv and argv[0].literal in ("sudo", "command", "builtin"):
        argv = argv[1:]
    if not argv or argv[0].literal is None or posixpath.basename(argv[0].literal) != "rm":
        return None
    out = []
    options = True
    for w in argv[1:]:
        if options and w.literal == "--":
            options = False
        elif options and w.literal is not None and w.literal.startswith("-"):
            continue
        else:
            out.append((w.text, w.literal))
    return out


def removed_paths(script: ShellScript, workdir: str, user: str) -> list[tuple[str, Command]]:
    """(absolute path or glob, rm command) for each path an `rm` in the script removes.
    Relative paths only when the script never changes folder."""
    moves = any(c.argv and c.argv[0].literal in ("cd", "pushd") for c in script.commands)
    out = []
    for cmd in script.commands:
        for text, literal in _rm_words(cmd) or []:
            value = literal
            if value is None and any(ch in text for ch in "*?") and "$" not in text:
                value = text.strip("'\"")
            path = resolve(text, value, workdir, user)
            if path is None or (moves and not (value or text).startswith(("/", "~", "$"))):
                continue
            out.append((path, cmd))
    return out


_REDIRECT = rx(r"^\d*(?:>>?|>\||&>>?)\s*(\S+)$")


def written_paths(script: ShellScript, workdir: str, user: str) -> list[str]:
    """Absolute paths a script writes: the shell analysis' plus `~`/`$HOME` redirects."""
    out = [posixpath.normpath(posixpath.join(workdir, p)) for p in script.paths_written]
    for cmd in script.commands:
        for r in cmd.redirects:
            m = _REDIRECT.match(r.strip())
            if m:
                path = resolve(m.group(1), None, workdir, user)
                if path is not None:
                    out.append(path)
        name = cmd.argv[0].literal if cmd.argv else None
        if name == "tee":
            for w in cmd.argv[1:]:
                if w.literal is None:
                    path = resolve(w.text, None, workdir, user)
                    if path is not None:
                        out.append(path)
    return list(dict.fromkeys(out))


def covers(removed: str, path: str) -> tuple[bool, bool]:
    """(does removing ``removed`` delete ``path``, is it the path itself)."""
    if removed == path:
        return True, True
    if path.startswith(removed.rstrip("/") + "/"):
        return True, False
    if any(ch in removed for ch in "*?[") and fnmatch.fnmatchcase(path, removed):
        return True, False
    return False, False


def copied_paths(ctx: Context, index: int, inst: cst.Instruction) -> list[tuple[str, str]]:
    """(image path, source) of each secret-looking file a COPY/ADD brings in."""
    values = inst.values
    if len(values) < 2 or inst.heredocs:
        return []
    state = ctx.state(index)
    dest = values[-1]
    sources = values[:-1]
    out = []
    for src in sources:
        if "$" in src or "$" in dest or "://" in src:
            continue
        base = posixpath.basename(src.rstrip("/"))
        if dest.endswith("/") or len(sources) > 1:
            path = posixpath.join(dest, base)
        else:
            path = dest
        path = posixpath.normpath(posixpath.join(state.workdir, path))
        if secret_file(path) or secret_file(src):
            out.append((path, src))
    return out


def secrets_deleted_later(ctx: Context) -> list[Deleted]:
    """Every secret-looking file added in a stage of the final image and removed by a later
    RUN there (worked out once per file)."""
    found = ctx.memo.get("secrets_deleted_later")
    if isinstance(found, list):
        return found
    out: list[Deleted] = []
    scripts: dict[int, ShellScript] = {}
    for index, inst in ctx.instructions():
        if inst.keyword == "RUN":
            got = run_script(inst)
            if got is not None:
                scripts[index] = got[0]
    for stage in ctx.stages.stages:
        if not stage.in_final_image:
            continue  # multi-stage: a build stage's files reach the image only when copied
        later_of = [i for i in ctx.stages.later_items(stage.items[0])]
        known: set[str] = set()  # paths added before (a later chmod does not add them)
        for index in stage.items:
            inst = ctx.instruction(index)
            state = ctx.state(index)
            added: list[tuple[str, str | None]] = []
            if inst.keyword in ("COPY", "ADD"):
                added = [(p, s) for p, s in copied_paths(ctx, index, inst)]
            elif index in scripts:
                script = scripts[index]
                gone = [p for p, _ in removed_paths(script, state.workdir, state.user)]
                for path in written_paths(script, state.workdir, state.user):
                    # Created and deleted in one RUN: never in a layer.
                    if path in known or not secret_file(path):
                        continue
                    if not any(covers(r, path)[0] for r in gone):
                        added.append((path, None))
            known.update(path for path, _ in added)
            for path, src in added:
                hit = _removal(ctx, scripts, later_of, index, path)
                if hit is not None:
                    out.append(Deleted(index, path, src, hit[0], hit[1]))
    out.extend(_from_folders(ctx, scripts, out))
    out.sort(key=lambda d: (d.item, d.path))
    ctx.memo["secrets_deleted_later"] = out
    return out


def _folder_sources(inst: cst.Instruction) -> list[str]:
    """Sources of a COPY/ADD that look like folders (`.`, `src/`, `App`): they may bring in
    files no instruction names."""
    out = []
    for src in inst.values[:-1]:
        if "$" in src or "://" in src or any(ch in src for ch in "*?["):
            continue
        base = posixpath.basename(src.rstrip("/"))
        if src.endswith("/") or base in ("", ".") or "." not in base:
            out.append(src)
    return out


def _from_folders(
    ctx: Context, scripts: dict[int, ShellScript], named: list[Deleted]
) -> list[Deleted]:
    """A secret-looking file a later RUN removes from under the destination of a folder
    COPY (`COPY . /app` then `RUN rm /app/.env`): the COPY's layer keeps it."""
    out: list[Deleted] = []
    seen = {(d.removed_at, d.path) for d in named}
    for k, script in scripts.items():
        stage = ctx.stages.stage(k)
        if stage is None or not stage.in_final_image:
            continue
        state = ctx.state(k)
        for path, _ in removed_paths(script, state.workdir, state.user):
            if (k, path) in seen or any(ch in path for ch in "*?[") or not secret_file(path):
                continue
            hit = _folder_copy(ctx, scripts, k, path)
            if hit is not None:
                seen.add((k, path))
                out.append(Deleted(hit[0], path, None, k, True, hit[1]))
    return out


def _folder_copy(
    ctx: Context, scripts: dict[int, ShellScript], k: int, path: str
) -> tuple[int, str] | None:
    """The last folder COPY/ADD before ``k`` whose destination holds ``path``, unless a RUN
    in between writes or removes that path (then the COPY is not where it comes from)."""
    for j in reversed(chain_before(ctx, k)):
        inst = ctx.instruction(j)
        state = ctx.state(j)
        if j in scripts:
            script = scripts[j]
            if path in written_paths(script, state.workdir, state.user) or any(
                covers(r, path)[0] for r, _ in removed_paths(script, state.workdir, state.user)
            ):
                return None
            continue
        if inst.keyword not in ("COPY", "ADD") or len(inst.values) < 2 or inst.heredocs:
            continue
        dest = inst.values[-1]
        if "$" in dest:
            continue
        folder = posixpath.normpath(posixpath.join(state.workdir, dest))
        if not path.startswith(folder.rstrip("/") + "/"):
            continue
        sources = _folder_sources(inst)
        if sources:
            return j, sources[0]
    return None


def _removal(
    ctx: Context, scripts: dict[int, ShellScript], later: list[int], index: int, path: str
) -> tuple[int, bool] | None:
    for k in later:
        if k <= index and ctx.stages.stage_of.get(k) == ctx.stages.stage_of.get(index):
            continue
        stage = ctx.stages.stage(k)
        if k not in scripts or stage is None or not stage.in_final_image:
            continue
        state = ctx.state(k)
        for removed, _ in removed_paths(scripts[k], state.workdir, state.user):
            hit, exact = covers(removed, path)
            if hit:
                return k, exact
    return None


def secret_id(path: str) -> str:
    base = posixpath.basename(path).lstrip(".") or "secret"
    return re.sub(r"[^A-Za-z0-9_.-]", "_", base)


class SecretDeletedLater(Rule):
    code = "DOP404"
    name = "secret-deleted-later"
    summary = "A secret file deleted by a later instruction still is in the image's layers"
    why = (
        "Each RUN, COPY and ADD adds a layer, and a later `rm` only hides a file in the "
        "layers below: they are shipped with the image, and `docker save` (or any registry "
        "client) hands out the key or token as it was copied in. Docker's advice is never to "
        "put secrets in a layer at all, even when a later step deletes them. A secret a RUN "
        "needs belongs in a secret mount: `RUN --mount=type=secret,id=id_rsa,target="
        "/root/.ssh/id_rsa git clone ...` puts the file there for that RUN only, and `docker "
        "build --secret id=id_rsa,src=$HOME/.ssh/id_rsa .` supplies it. dopt reports a "
        "secret-looking file (keys, `.npmrc`, `.netrc`, `.env`, cloud credentials...) that a "
        "COPY/ADD brings in, or a RUN writes (`curl -o key.pem`, `echo ... > ~/.npmrc`), "
        "where a later RUN of a stage that makes the final image removes it; the finding is "
        "at the instruction whose layer keeps it. Creating and deleting it in the same RUN "
        "leaves no trace in a layer, and a build stage that the final image only COPY "
        "--from's named paths of is not shipped: multi-stage builds are the one place a "
        "build-time secret may live in a layer."
    )
    bad = (
        "FROM alpine:3.20\n"
        "COPY id_rsa /root/.ssh/id_rsa\n"
        "RUN git clone git@github.com:me/private.git /src\n"
        "RUN rm /root/.ssh/id_rsa\n"
    )
    good = (
        "FROM alpine:3.20\n"
        "RUN --mount=type=secret,id=id_rsa,target=/root/.ssh/id_rsa git clone "
        "git@github.com:me/private.git /src\n"
    )
    fix_availability = FixAvailability.SOMETIMES
    fix_kinds_declared = frozenset((UNSAFE,))  # every fix it gives is unsafe
    fix_safety = (
        "The fix is unsafe because the build changes: it then needs the file given with "
        "`docker build --secret id=NAME,src=FILE` (the message names the flag), and a "
        "secret mount is read-only, owned by root with mode 0400, and leaves no folder "
        "behind. It is offered only when a COPY without flags brings in that one file, only "
        "RUNs stand between it and the `rm`, no RUN changes the file or runs as another "
        "USER, and the `rm` names exactly that file as a whole command (or `&&`/`;` step) "
        "that can be dropped; every RUN in between gets the mount."
    )
    references: ClassVar[tuple[str, ...]] = (
        "https://docs.docker.com/build/building/secrets/",
        "https://docs.docker.com/reference/dockerfile/#run---mounttypesecret",
        "https://docs.docker.com/build/building/multi-stage/",
    )
    hadolint: ClassVar[tuple[str, ...]] = ()
    preview: ClassVar[bool] = False

    def check(self, ctx: Context) -> Iterator[Finding]:
        for d in secrets_deleted_later(ctx):
            line = ctx.lines.get(d.removed_at, 1)
            if d.folder is not None:
                how = f"is copied here (by `{d.folder}`)"
                remedy = "leave it out of the build context with .dockerignore"
            else:
                how = "is copied here" if d.source is not None else "is written here"
                remedy = "use a secret mount (`RUN --mount=type=secret`)"
            message = (
                f"`{d.path}` {how} and deleted at line {line}, but it stays in this layer of "
                f"the image: {remedy}"
            )
            fix, reason = self._fix(ctx, d)
            if fix is None:
                yield ctx.finding(self, d.item, no_fix(message, reason))
            else:
                sid = secret_id(d.path)
                message = message.replace(
                    "(`RUN --mount=type=secret`)",
                    f"(`RUN --mount=type=secret,id={sid},target={d.path}`) and build with "
                    f"`docker build --secret id={sid},src={d.source}`",
                )
                yield ctx.finding(self, d.item, message, fix)

    def _fix(self, ctx: Context, d: Deleted) -> tuple[Fix | None, str]:
        inst = ctx.instruction(d.item)
        if d.folder is not None:
            return None, "a folder copy brought it in, and then no `rm` is needed"
        if d.source is None:
            return None, "a RUN writes it: write, use and delete it in one RUN, or mount it"
        if inst.keyword != "COPY" or inst.flags or len(inst.values) != 2:
            return None, "only a COPY of one file without flags is rewritten"
        if any(ch in d.source for ch in "*?[") or not d.exact:
            return None, "the `rm` does not name exactly this file"
        between = [i for i in range(d.item + 1, d.removed_at + 1)]
        runs = []
        for i in between:
            item = ctx.items[i]
            if isinstance(item, cst.Comment | cst.Blank):
                continue
            if not isinstance(item, cst.Instruction) or item.keyword != "RUN":
                what = item.keyword if isinstance(item, cst.Instruction) else "a comment"
                return None, f"line {ctx.lines.get(i, 1)} ({what}) is not a RUN"
            if ctx.state(i).user:
                return None, "a RUN runs as another USER (a secret mount is root's, mode 0400)"
            found = run_script(item)
            if found is None:
                return None, f"dopt cannot read the RUN at line {ctx.lines.get(i, 1)}"
            state = ctx.state(i)
            if d.path in written_paths(found[0], state.workdir, state.user):
                return None, "a RUN changes the file (a secret mount is read-only)"
            runs.append(i)
        last = ctx.instruction(d.removed_at)
        script = run_script(last)
        assert script is not None
        cut = _rm_span(script[0], script[1], d, ctx)
        if cut is None:
            return None, "the `rm` is part of a larger command dopt does not edit"
        sid = secret_id(d.path)
        mount = f"--mount=type=secret,id={sid},target={d.path}"
        edits = [Edit(d.item, d.item + 1, "")]
        for i in runs:
            run = ctx.instruction(i)
            code = run.code
            if i == d.removed_at:
                if not isinstance(cut, tuple):  # the rm was the whole RUN
                    edits.append(Edit(i, i + 1, ""))
                    continue
                base = script_offset(run)
                a, b = (logical_to_raw(run, base + k) for k in cut)
                code = code[:a] + code[b:]
            at = len(run.indent) + len(run.keyword)
            edits.append(Edit(i, i + 1, code[:at] + " " + mount + code[at:]))
        description = (
            f"mount `{d.source}` as a build secret; build with "
            f"`docker build --secret id={sid},src={d.source}`"
        )
        return Fix(UNSAFE, tuple(edits), description), ""


def _rm_span(
    script: ShellScript, blocked: str | None, d: Deleted, ctx: Context
) -> tuple[int, int] | str | None:
    """Where in the script the `rm` of the file is, with the operator that joins it to the
    rest (offsets), "all" when it is the whole script, or None when dopt cannot cut it out
    (it removes more, it is nested, or the script is not a plain `&&`/`;` chain)."""
    if blocked is not None or script.chain is None:
        return None
    state = ctx.state(d.removed_at)
    targets = [c for p, c in removed_paths(script, state.workdir, state.user) if p == d.path]
    if len(targets) != 1 or len(_rm_words(targets[0]) or []) != 1:
        return None
    steps = list(script.chain)
    if any(op not in ("&&", ";", "") for _, op in steps):
        return None
    spans = []
    pos = 0
    for text, _ in steps:
        at = script.source.find(text, pos)
        if at < 0:
            return None
        spans.append((at, at + len(text)))
        pos = at + len(text)
    rm = targets[0]
    k = next((n for n, (a, b) in enumerate(spans) if a <= rm.start and rm.end <= b), None)
    if k is None or script.source[spans[k][0] : spans[k][1]].strip() != rm.text.strip():
        return None
    if len(steps) == 1:
        return "all"
    if k > 0:  # from the end of the step before: ` && rm FILE` (its own operator stays)
        return spans[k - 1][1], spans[k][1]
    return spans[0][0], spans[1][0]  # the first step: `rm FILE && `


RULE = SecretDeletedLater()
