"""DOP502: the final image is built on a full official image that has a `-slim` variant."""

from __future__ import annotations

from collections.abc import Iterator

from optimizer.analysis.images import split_reference
from optimizer.analysis.official_images import SLIM, slim_tag
from optimizer.lint.rules.base import (
    DISPLAY,
    UNSAFE,
    Context,
    Edit,
    Finding,
    Fix,
    FixAvailability,
    Rule,
)
from optimizer.lint.rules.base_image_untagged_or_latest import global_arg_defaults, resolved
from optimizer.lint.rules.common import run_script
from optimizer.regexes import rx
from optimizer.syntax import buildkit, cst

# Packages that put these commands on the PATH (a package's own name is a command too).
PROVIDES: dict[str, frozenset[str]] = {
    "build-essential": frozenset({"gcc", "g++", "cc", "c++", "cpp", "make", "patch"}),
    "build-base": frozenset({"gcc", "g++", "cc", "c++", "cpp", "make", "patch"}),
    "gcc": frozenset({"gcc", "cc", "cpp"}),
    "g++": frozenset({"g++", "c++"}),
    "clang": frozenset({"cc", "c++", "cpp"}),
    "gnupg": frozenset({"gpg", "gpg2", "gpgv", "dirmngr"}),
    "gnupg2": frozenset({"gpg", "gpg2", "gpgv", "dirmngr"}),
    "gpg": frozenset({"gpg", "gpgv"}),
    "openssh-client": frozenset({"ssh", "scp", "ssh-keyscan"}),
    "mercurial": frozenset({"hg"}),
    "subversion": frozenset({"svn"}),
    "procps": frozenset({"ps"}),
    "imagemagick": frozenset({"convert", "identify"}),
    "pkgconf": frozenset({"pkg-config"}),
    "autoconf": frozenset({"autoconf", "autoreconf"}),
    "libtool": frozenset({"libtool", "libtoolize"}),
    "xz-utils": frozenset({"xz"}),
    "dpkg-dev": frozenset({"dpkg-architecture"}),
    "libpq-dev": frozenset({"pg_config"}),
    "default-libmysqlclient-dev": frozenset({"mysql_config"}),
    "libmysqlclient-dev": frozenset({"mysql_config"}),
    "libxml2-dev": frozenset({"xml2-config"}),
    "libcurl4-openssl-dev": frozenset({"curl-config"}),
}
# pip packages published as source only (or mostly): installing them runs the compiler.
PIP_BUILDS = frozenset(
    {"psycopg2", "mysqlclient", "uwsgi", "python-ldap", "pycurl", "m2crypto", "pyodbc"}
    | {"mysql-python", "pygraphviz", "dlib", "pycrypto"}
)
_REQUIREMENT = rx(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_INSTALL = frozenset({"install", "add", "i"})


def _pip_name(word: str) -> str:
    m = _REQUIREMENT.match(word)
    return m.group(0).lower().replace("_", "-") if m else ""


def tools_used(ctx: Context, items: list[int], lacks: frozenset[str]) -> list[tuple[str, int]]:
    """The commands of ``lacks`` that RUNs of these items use without installing them:
    (what, line), in order.  Compiling implied by a source-only pip package, `pip install
    -r` (any package may compile) or a bundler install counts as using `gcc`."""
    installed: set[str] = set()
    used: list[tuple[str, int]] = []
    for index in items:
        found = run_script(ctx.instruction(index))
        if found is None:
            continue
        script = found[0]
        line = ctx.lines[index]
        for op in script.package_ops:
            if op.action in _INSTALL and op.manager not in ("pip", "npm", "yarn", "gem"):
                for package in op.packages:
                    installed.add(package)
                    installed |= PROVIDES.get(package, frozenset())
            if "gcc" in lacks and op.manager == "pip" and op.action == "install":
                if (
                    "-r" in op.options
                    or "--requirement" in op.options
                    or any(o.startswith(("-r", "--requirement=")) for o in op.options)
                ):
                    used.append(("gcc (`pip install -r` may build packages from source)", line))
                builds = sorted({_pip_name(p) for p in op.packages} & PIP_BUILDS)
                if builds:
                    used.append((f"gcc (pip builds `{builds[0]}` from source)", line))
            if "gcc" in lacks and op.manager == "gem" and op.action == "install":
                used.append(("gcc (gems with native extensions compile)", line))
        for cmd in script.commands:
            name = cmd.name
            if name in lacks:
                used.append((f"`{name}`", line))
            elif (
                name == "bundle"
                and "gcc" in lacks
                and cmd.argv[1:2]
                and (cmd.argv[1].literal == "install")
            ):
                used.append(("gcc (`bundle install` compiles native extensions)", line))
    out = []
    for what, line in used:
        tool = what.strip("`").split(" ", 1)[0]
        if tool not in installed and (what, line) not in out:
            out.append((what, line))
    return out


class BaseImageSlimVariant(Rule):
    code = "DOP502"
    name = "base-image-slim-variant"
    summary = "The final image is built on a full official image: its `-slim` variant is smaller"
    why = (
        "The default tags of python, node, ruby, perl and rust (`python:3.12`, "
        "`node:20-bookworm`) are built on buildpack-deps: a full Debian with compilers, "
        "hundreds of -dev headers, git, curl, wget, ImageMagick. That is what a build "
        "stage wants and what a final image does not: the `-slim` variant of the same tag "
        "(`python:3.12-slim`, `node:20-bookworm-slim`) has the same language runtime on "
        "`debian:<suite>-slim`, mainstream glibc and apt, several hundred MB smaller, with "
        "fewer packages to patch. Alpine is smaller still but uses musl (see DOP503). "
        "`debian:bookworm` vs `debian:bookworm-slim` differ only by the docs, man pages "
        "and locales dpkg leaves out. dopt reads the final stage's base (following the "
        "stages it is built FROM) and a bundled table of the official images' tag families "
        "(optimizer/analysis/official_images.py, from docker-library/official-images); "
        "build stages are not judged. Which tag dopt suggests: the slim word goes where the "
        "image puts it (`3.12-bookworm` -> `3.12-slim-bookworm`, node's `20-bookworm` -> "
        "`20-bookworm-slim`)."
    )
    bad = 'FROM python:3.12\nCOPY app.py /app/\nCMD ["python", "/app/app.py"]\n'
    good = 'FROM python:3.12-slim\nCOPY app.py /app/\nCMD ["python", "/app/app.py"]\n'
    fix_availability = FixAvailability.SOMETIMES
    fix_kinds_declared = frozenset((UNSAFE, DISPLAY))  # never a safe fix
    fix_safety = (
        "Unsafe: the slim image lacks what the full one bundles, and a program (or a script "
        "it runs) may use it at run time: a shell-out to git or curl, ImageMagick, a header "
        "a package compiles against at install time, a locale. When a RUN of a stage on "
        "that base (the final image's, or a build stage FROM the same stage) uses such a "
        "tool (gcc, make, git, curl, wget, pkg-config, "
        "`pip install -r` or a source-only pip package, `bundle install`, `gem install`) "
        "without installing it in its stage, the fix is display-only, and the message names "
        "the tool and its line: install it in the stage, or move the build into a build "
        "stage. `npm install` is not counted (node-gyp builds are rare and prebuilt "
        "binaries the rule), which is one more reason the fix is unsafe."
    )
    references = (
        "https://hub.docker.com/_/python",
        "https://github.com/docker-library/official-images/tree/master/library",
        "https://github.com/docker-library/buildpack-deps",
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        stages = ctx.stages.stages
        if not stages:
            return
        chain = [s for s in stages if s.in_final_image]
        root = next((s for s in chain if s.base_stage is None), None)
        if root is None:
            return
        from_index = root.items[0]
        inst = ctx.instruction(from_index)
        if not isinstance(inst, cst.From):
            return
        raw = inst.image
        found = resolved(raw, global_arg_defaults(ctx.tree))
        if found is None:
            return
        value, used_args = found
        slim = slim_tag(value)
        if slim is None:
            return
        if used_args:
            # The fix edits the FROM text, which has a variable: only a tag without a suite
            # can take `-slim` at its end there (`python:${V}` -> `python:${V}-slim`).
            _, tag = split_reference(value)
            if tag is None or not slim.endswith(tag + "-slim") or ":" not in raw:
                return
            new_image = raw + "-slim"
        else:
            new_image = slim
        repo, _ = split_reference(value)
        family = SLIM[repo]
        message = f"the final image is built on the full `{value}`: use `{slim}`"
        # The edit changes the base of every stage built FROM the root one, build stages too.
        items = [i for s in (root, *ctx.stages.descendants(root)) for i in s.items]
        tools = tools_used(ctx, items, family.lacks)
        text = self._replaced(ctx, inst, raw, new_image)
        if text is None:
            return
        edit = Edit(from_index, from_index + 1, text)
        if tools:
            what, line = tools[0]
            yield ctx.finding(
                self,
                from_index,
                f"{message} (display only: line {line} uses {what}, which `{slim}` lacks)",
                Fix(DISPLAY, (edit,), f"use `{new_image}` (install {what.split(' ')[0]} first)"),
            )
            return
        yield ctx.finding(
            self,
            from_index,
            f"{message} (unsafe: the slim image lacks the full one's tools)",
            Fix(UNSAFE, (edit,), f"use `{new_image}`"),
        )

    @staticmethod
    def _replaced(ctx: Context, inst: cst.Instruction, raw: str, new: str) -> str | None:
        code = inst.code
        keyword_end = len(inst.indent) + len(buildkit.split_raw(inst.line, inst.escape).keyword)
        at = code.find(raw, keyword_end)
        if at < 0:
            return None
        return code[:at] + new + code[at + len(raw) :]


RULE = BaseImageSlimVariant()
