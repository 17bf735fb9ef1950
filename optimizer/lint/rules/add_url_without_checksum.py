"""DOP407: `ADD <http(s) url>` without `--checksum`."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

from optimizer.lint.rules.base import UNSAFE, Context, Edit, Finding, Fix, FixAvailability, Rule
from optimizer.lint.rules.common import no_fix, run_script
from optimizer.regexes import rx
from optimizer.syntax import buildkit, cst

_HEX64 = rx(r"[0-9a-fA-F]{64}")
_DIGEST_NAME = rx(r"(.*?)_?(?:SHA256SUM|SHA256_SUM|SHA256|SHA_256|CHECKSUM|SHA)\Z", re.I)
_CHECK_LINE = rx(r"([0-9a-fA-F]{64})\s+\*?([^\s\"'|;&)]+)")
_VARIABLE = rx(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")


def is_http_url(source: str) -> bool:
    low = source.lower()
    return low.startswith(("http://", "https://"))


def is_git_url(source: str) -> bool:
    """A git repository (BuildKit clones it): `.git` at the end of the path or before a
    `#ref`, a `git@` or `git://` address."""
    low = source.lower()
    path = low.split("#", 1)[0].split("?", 1)[0].rstrip("/")
    return low.startswith(("git@", "git://")) or path.endswith(".git")


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


class AddUrlWithoutChecksum(Rule):
    code = "DOP407"
    name = "add-url-without-checksum"
    summary = "`ADD <url>` without `--checksum`: the download is not verified"
    why = (
        "`ADD https://…` puts whatever the server sends into the image: nothing checks that "
        "it is the file you meant, and a changed or compromised download goes in silently "
        "(a later build may get a different file under the same URL). `ADD "
        "--checksum=sha256:<digest> <url> <dest>` makes BuildKit verify the download and fail "
        "the build on a mismatch (Dockerfile syntax 1.6 and later). dopt adds the flag when "
        "the digest is in the Dockerfile already: an ARG or ENV named after the file "
        "(`TINI_SHA256=…`, for a URL ending in `tini`) with a literal sha256, or a later "
        "`sha256sum -c` line of the same stage that names the file ADD writes. Git URLs "
        "(`….git#ref`) are not judged: they are pinned by their ref, and `--checksum` on "
        "them takes a commit."
    )
    bad = (
        "FROM debian:bookworm-slim\n"
        "ARG TINI_SHA256=93dcc18adc78c65a028a84799ecf8ad40c936fdfc5f2a57b1acda5a8117fa82c\n"
        "ADD https://github.com/krallin/tini/releases/download/v0.19.0/tini /tini\n"
    )
    good = (
        "FROM debian:bookworm-slim\n"
        "ARG TINI_SHA256=93dcc18adc78c65a028a84799ecf8ad40c936fdfc5f2a57b1acda5a8117fa82c\n"
        "ADD --checksum=sha256:93dcc18adc78c65a028a84799ecf8ad40c936fdfc5f2a57b1acda5a8117fa82c"
        " https://github.com/krallin/tini/releases/download/v0.19.0/tini /tini\n"
    )
    fix_availability = FixAvailability.SOMETIMES
    fix_safety = (
        "Unsafe: the flag only adds a verification, but a build that passed before now fails "
        "when the digest in the file is stale or belongs to another version (an ARG used in "
        "the URL can be overridden with --build-arg while the digest stays), and builders "
        "older than Dockerfile syntax 1.6 reject the flag. Without a digest in the file "
        "there is no fix: dopt never downloads or invents one."
    )
    references = (
        "https://docs.docker.com/reference/dockerfile/#add---checksum",
        "https://github.com/moby/buildkit/blob/master/frontend/dockerfile/docs/reference.md",
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        for index, inst in ctx.instructions():
            if inst.keyword != "ADD" or inst.flag("checksum") is not None:
                continue
            urls = [s for s in _sources(inst) if is_http_url(s) and not is_git_url(s)]
            if not urls:
                continue
            message = f"`ADD {urls[0]}` without `--checksum`: the download is not verified"
            if len(urls) > 1:
                yield ctx.finding(self, index, no_fix(message, "it downloads several URLs"))
                continue
            digest = self._digest(ctx, index, inst, urls[0])
            if digest is None:
                yield ctx.finding(
                    self, index, no_fix(message, "no sha256 digest of the file in the Dockerfile")
                )
                continue
            hexdigest, where = digest
            text = _with_checksum(ctx, inst, hexdigest)
            fix = Fix(
                UNSAFE,
                (Edit(index, index + 1, text),),
                f"add `--checksum=sha256:{hexdigest[:12]}…` (the digest {where})",
            )
            yield ctx.finding(self, index, f"{message} (the digest is {where})", fix)

    def _digest(
        self, ctx: Context, index: int, inst: cst.Instruction, url: str
    ) -> tuple[str, str] | None:
        stage = ctx.stages.stage(index)
        scope = [i for i in (stage.items if stage else ()) if i < index]
        globals_ = [
            i for i, it in ctx.instructions() if ctx.stages.stage(i) is None and it.keyword == "ARG"
        ]
        basename = _norm(posixpath.basename(url.split("?", 1)[0].rstrip("/")))
        url_vars = {v.upper() for v in _VARIABLE.findall(url)}
        matches: dict[str, str] = {}
        for i in globals_ + scope:
            item = ctx.instruction(i)
            for name, value in _assignments(item):
                m = _DIGEST_NAME.match(name)
                if not m or not _HEX64.fullmatch(value):
                    continue
                prefix = m.group(1).upper().rstrip("_")
                if not prefix:
                    continue
                related = _norm(prefix) in basename or any(
                    v.startswith(prefix + "_") for v in url_vars
                )
                if related:
                    matches[value.lower()] = f"of {item.keyword} {name}, line {ctx.lines[i]}"
        if len(matches) == 1:
            return next(iter(matches.items()))
        if matches:
            return None  # two different digests claim the file: dopt does not choose
        target = _target(ctx, index, inst, url)
        if target is None:
            return None
        for i in stage.items if stage else ():
            if i <= index:
                continue
            found = run_script(ctx.instruction(i))
            if found is None or "sha256sum" not in found[0].source:
                continue
            for m in _CHECK_LINE.finditer(found[0].source):
                path = m.group(2)
                workdir = ctx.state(i).workdir
                if posixpath.normpath(posixpath.join(workdir, path)) == target:
                    return m.group(1).lower(), f"checked by `sha256sum -c` at line {ctx.lines[i]}"
        return None


def _sources(inst: cst.Instruction) -> tuple[str, ...]:
    return inst.values[:-1]


def _assignments(item: cst.Instruction) -> list[tuple[str, str]]:
    if isinstance(item, cst.Arg):
        out = []
        for word in item.values:
            name, eq, value = word.partition("=")
            if eq:
                out.append((name, buildkit.process_word(value, item.escape)))
        return out
    if isinstance(item, cst.Env) and item.keyword == "ENV":
        return [(k, buildkit.process_word(v, item.escape)) for k, v in item.pairs]
    return []


def _target(ctx: Context, index: int, inst: cst.Instruction, url: str) -> str | None:
    """The absolute path ADD writes the download to (None if dopt cannot tell)."""
    dest = inst.values[-1] if inst.values else ""
    if not dest or "$" in dest:
        return None
    workdir = ctx.state(index).workdir
    if dest.endswith("/") or dest in (".", "./"):
        name = posixpath.basename(url.split("?", 1)[0].rstrip("/"))
        if not name or "$" in name:
            return None
        dest = posixpath.join(dest, name)
    return posixpath.normpath(posixpath.join(workdir, dest))


def _with_checksum(ctx: Context, inst: cst.Instruction, hexdigest: str) -> str:
    code = inst.code
    keyword_end = len(inst.indent) + len(buildkit.split_raw(inst.line, inst.escape).keyword)
    return code[:keyword_end] + f" --checksum=sha256:{hexdigest}" + code[keyword_end:]


RULE = AddUrlWithoutChecksum()
