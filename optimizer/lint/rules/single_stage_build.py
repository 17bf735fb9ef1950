"""DOP601: a single-stage Dockerfile that compiles its program and ships the toolchain.

The suggested rewrite (a build stage named `build`, a final stage on a lean runtime image
that copies the artifact and carries the runtime instructions over) is built here too: it is
the rule's one fix, display-only except for the Go case it can prove.  About 500 lines, on
purpose: what each toolchain builds and what its rewrite copies are one table read both ways.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

from optimizer.analysis.images import base_image, split_reference
from optimizer.analysis.shell.facts import Command
from optimizer.analysis.stages import Stage
from optimizer.format.style import newline_style
from optimizer.lint.rewrite import header_end
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
from optimizer.lint.rules.common import run_script
from optimizer.record import Record
from optimizer.regexes import rx
from optimizer.syntax import buildkit, cst

# Instructions that describe how the image runs: they move to the final stage.
RUNTIME = ("LABEL", "EXPOSE", "USER", "VOLUME", "HEALTHCHECK", "STOPSIGNAL", "ENTRYPOINT", "CMD")
# Base images that are a toolchain, by language.
TOOLCHAIN_IMAGES: dict[str, str] = {
    "golang": "go",
    "rust": "rust",
    "maven": "java",
    "gradle": "java",
    "openjdk": "java",
    "eclipse-temurin": "java",
    "amazoncorretto": "java",
    "dotnet/sdk": "dotnet",
    "dotnet/core/sdk": "dotnet",
    "microsoft/dotnet": "dotnet",
    "node": "node",
    "gcc": "c",
}
# Packages that install a toolchain, by language.
TOOLCHAIN_PACKAGES: dict[str, str] = {
    "golang": "go",
    "golang-go": "go",
    "go": "go",
    "cargo": "rust",
    "rust": "rust",
    "rustc": "rust",
    "maven": "java",
    "gradle": "java",
    "default-jdk": "java",
    "build-essential": "c",
    "build-base": "c",
    "gcc": "c",
    "g++": "c",
}
_STATIC_SERVERS = rx(r"\b(serve|http-server|live-server|static-server)\b")
# The Java version in a build image's tag: after a JDK word (maven:3.9-eclipse-temurin-17,
# gradle:8-jdk17, maven:3-openjdk-11), or first in a JDK image's own tag (openjdk:11-jdk).
_JAVA_IN_TOOL_TAG = rx(r"(?:jdk-?|temurin-|openjdk-?|corretto-?|graalvm-?)(\d{1,2})\b")
_JAVA_IN_JDK_TAG = rx(r"(\d{1,2})\b")
_DOTNET_VERSION = rx(r"^(\d+\.\d+)")


class Build(Record):
    """The build command dopt found and what it knows of its artifact."""

    language: str
    index: int  # the RUN
    command: str  # as shown in the message
    artifact: str | None  # absolute path of the output, when dopt can read it
    cgo_off: bool = False


class SingleStageBuild(Rule):
    code = "DOP601"
    name = "single-stage-build"
    summary = "A single-stage build ships its compiler: build in a stage, copy the artifact"
    why = (
        "A Dockerfile that compiles its program in its only stage ships everything the "
        "build needed: the Go or Rust toolchain, Maven and a JDK, the .NET SDK, node_modules "
        "with the bundler, gcc and headers, the source and the build caches. That is "
        "hundreds of MB to several GB, more packages with vulnerabilities, and tools an "
        "attacker can use. A multi-stage build compiles in a stage named `build` and starts "
        "the final stage FROM a lean runtime (Go: gcr.io/distroless/static-debian12 for a "
        "static binary; Rust: debian:bookworm-slim; Java: eclipse-temurin:<version>-jre; "
        ".NET: mcr.microsoft.com/dotnet/aspnet; a static site: nginx:alpine) that copies "
        "only the artifact (`COPY --from=build`) and has the instructions that say how the "
        "image runs (ENV, WORKDIR, LABEL, EXPOSE, USER, ENTRYPOINT, CMD). It is also the "
        "one place where build-time credentials may live: the final image never contains "
        "the build stage's layers. dopt finds `go build`/`go install`, `cargo build`/"
        "`cargo install`, `mvn package|install|verify`, `gradle build|assemble|bootJar|…`, "
        "`dotnet publish`, `npm run build`/`yarn build` served by a static server, and "
        "`make` with gcc installed, in a single-stage file whose base image or installed "
        "packages are that toolchain, and shows the whole rewritten Dockerfile. A stage that "
        "removes packages at or after the build (`apt-get purge`, `apk del .build-deps`: "
        "the toolchain goes in the same step) is not reported."
    )
    bad = (
        "FROM golang:1.22\nWORKDIR /src\nCOPY . .\n"
        "RUN CGO_ENABLED=0 go build -o /out/app .\nEXPOSE 8080\n"
        'ENTRYPOINT ["/out/app"]\n'
    )
    good = (
        "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\n"
        "RUN CGO_ENABLED=0 go build -o /out/app .\n\n"
        "FROM gcr.io/distroless/static-debian12\nWORKDIR /src\n"
        "COPY --from=build /out/app /out/app\nEXPOSE 8080\n"
        'ENTRYPOINT ["/out/app"]\n'
    )
    fix_availability = FixAvailability.SOMETIMES
    fix_kinds_declared = frozenset((UNSAFE, DISPLAY))  # never a safe fix
    fix_safety = (
        "Display-only in general: dopt cannot know which files the program needs at run "
        "time besides the artifact (templates, static files, config, shared libraries, a "
        "JRE version, the packages a RUN installed), so the rewrite is shown, not applied. "
        "For Go with a literal `-o` output, `CGO_ENABLED=0` (a static binary), no packages "
        "installed, a numeric or no USER and an exec-form ENTRYPOINT/CMD that runs the "
        "artifact, the rewrite is offered as an unsafe fix: the binary runs on distroless "
        "alone, but files it reads at run time that were copied into the old image are not "
        "copied into the new one, and distroless has no shell."
    )
    references = (
        "https://docs.docker.com/build/building/multi-stage/",
        "https://github.com/GoogleContainerTools/distroless",
        "https://docs.docker.com/build/building/best-practices/#use-multi-stage-builds",
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        stages = ctx.stages.stages
        if len(stages) != 1 or ctx.windows:
            return
        stage = stages[0]
        image = base_image(ctx.stages, ctx.tree, stage.items[0]) or ""
        repo, tag = split_reference(image)
        toolchains = {
            lang for r, lang in TOOLCHAIN_IMAGES.items() if repo == r or repo.endswith("/" + r)
        }
        if repo == "microsoft/dotnet" and "sdk" not in (tag or ""):
            toolchains.discard("dotnet")
        if repo in ("openjdk", "eclipse-temurin", "amazoncorretto") and "jre" in (tag or ""):
            toolchains.discard("java")
        toolchains |= self._installed_toolchains(ctx, stage)
        build = self._build(ctx, stage, toolchains)
        if build is None or _removes_packages(ctx, stage, build.index):
            return
        runtime, note = _runtime(build, image, repo, tag or "")
        message = (
            f"`{build.command}` builds in the only stage: the final image keeps the "
            f"{_TOOLCHAIN_WORD[build.language]}; build in a stage and copy the artifact into "
            f"`{runtime}`"
        )
        edits = self._rewrite(ctx, stage, build, runtime)
        reason = self._why_display(ctx, stage, build, note)
        if reason is None:
            fix = Fix(UNSAFE, edits, f"split into a build stage and a `{runtime}` stage")
            yield ctx.finding(self, stage.items[0], f"{message} (unsafe: {_GO_UNSAFE})", fix)
            return
        fix = Fix(DISPLAY, edits, f"a multi-stage rewrite on `{runtime}` (review it)")
        yield ctx.finding(self, stage.items[0], f"{message} (display only: {reason})", fix)

    # ------------------------------------------------------------------ what is built

    @staticmethod
    def _installed_toolchains(ctx: Context, stage: Stage) -> set[str]:
        out: set[str] = set()
        for index in stage.items:
            found = run_script(ctx.instruction(index))
            if found is None:
                continue
            for op in found[0].package_ops:
                if op.manager in ("pip", "npm", "yarn", "gem") or op.action not in (
                    "install",
                    "add",
                ):
                    continue
                for package in op.packages:
                    lang = TOOLCHAIN_PACKAGES.get(package)
                    if lang is None and re.fullmatch(r"openjdk-\d+-jdk(-headless)?", package):
                        lang = "java"
                    if lang is None and package.startswith("dotnet-sdk"):
                        lang = "dotnet"
                    if lang is not None:
                        out.add(lang)
        return out

    def _build(self, ctx: Context, stage: Stage, toolchains: set[str]) -> Build | None:
        static = any(
            _STATIC_SERVERS.search(" ".join(ctx.instruction(i).values))
            for i in stage.items
            if ctx.instruction(i).keyword in ("CMD", "ENTRYPOINT")
        )
        env_cgo_off = False
        for index in stage.items:
            inst = ctx.instruction(index)
            if isinstance(inst, cst.Env) and inst.keyword == "ENV":
                if any(k == "CGO_ENABLED" and v.strip("\"'") == "0" for k, v in inst.pairs):
                    env_cgo_off = True
            found = run_script(inst)
            if found is None:
                continue
            script = found[0]
            workdir = ctx.state(index).workdir
            exported = re.search(r"\bexport\s+CGO_ENABLED=0\b", script.source) is not None
            moves = any(c.name == "cd" for c in script.commands)
            for cmd in script.commands:
                build = _recognise(cmd, toolchains, static)
                if build is None:
                    continue
                language, shown = build
                artifact = None
                cgo_off = env_cgo_off or exported or "CGO_ENABLED=0" in cmd.assignments
                if language == "go":
                    out = _go_output(cmd)
                    if out is not None and (posixpath.isabs(out) or not moves):
                        artifact = posixpath.normpath(posixpath.join(workdir, out))
                elif language == "dotnet":
                    out = _option(cmd, ("-o", "--output"))
                    if out is not None and (posixpath.isabs(out) or not moves):
                        artifact = posixpath.normpath(posixpath.join(workdir, out))
                elif language == "rust":
                    artifact = _rust_binary(ctx, stage, workdir)
                elif language == "java" and _jar(ctx, stage) is not None:
                    artifact = _jar(ctx, stage)
                elif language == "java" and not moves:
                    sub = (
                        "build/libs"
                        if shown.split()[0].endswith(("gradle", "gradlew"))
                        else "target"
                    )
                    artifact = posixpath.join(workdir, sub)
                elif language == "node" and not moves:
                    artifact = posixpath.join(workdir, _static_dir(ctx, stage))
                return Build(language, index, shown, artifact, cgo_off)
        return None

    # ------------------------------------------------------------------ the rewrite

    def _rewrite(self, ctx: Context, stage: Stage, build: Build, runtime: str) -> tuple[Edit, ...]:
        nl = newline_style(ctx.tree)
        edits: list[Edit] = []
        from_index = stage.items[0]
        name = stage.name or "build"
        if stage.name is None:
            inst = ctx.instruction(from_index)
            code = inst.code
            at = header_end(inst)
            edits.append(Edit(from_index, from_index + 1, code[:at] + " AS build" + code[at:]))
        final: list[str] = [f"FROM {runtime}{nl}"]
        moved: list[str] = []
        for index in stage.items[1:]:
            inst = ctx.instruction(index)
            kw = inst.keyword
            if kw in RUNTIME:
                edits.append(Edit(index, index + 1, ""))
                if build.language == "node" and kw in ("CMD", "ENTRYPOINT", "USER", "EXPOSE"):
                    continue  # nginx runs itself, on port 80
                moved.append(_own_line(inst, nl))
            elif kw == "ENV" and build.language != "node" and not _build_only(inst):
                final.append(_own_line(inst, nl))
        last_workdir = _final_workdir(ctx, stage)
        if build.language == "node":
            target = "/usr/share/nginx/html"
            source = build.artifact or "<the build output folder>"
            final.append(f"COPY --from={name} {source} {target}{nl}")
            moved.insert(0, f"EXPOSE 80{nl}")
        else:
            if last_workdir != "/":
                final.append(f"WORKDIR {last_workdir}{nl}")
            if build.artifact is not None:
                final.append(f"COPY --from={name} {build.artifact} {build.artifact}{nl}")
            else:
                final.append(
                    f"# COPY --from={name} <the files `{build.command}` writes> <where>{nl}"
                )
        text = "".join(final + moved)
        deleted = {e.start for e in edits if not e.text}
        kept = [item for k, item in enumerate(ctx.items) if k not in deleted]
        lead = "" if not kept or kept[-1].code.endswith("\n") else nl
        gap = "" if kept and isinstance(kept[-1], cst.Blank) else nl  # one blank line between
        edits.append(Edit(len(ctx.items), len(ctx.items), lead + gap + text))
        return tuple(edits)

    @staticmethod
    def _why_display(ctx: Context, stage: Stage, build: Build, note: str | None) -> str | None:
        """Why the rewrite is display-only (None: the Go case it can offer as unsafe)."""
        if build.language != "go":
            return note or "dopt cannot tell which files the program needs at run time"
        if build.artifact is None:
            return "the `go build` output is not a literal `-o` path"
        if not build.cgo_off:
            return "without `CGO_ENABLED=0` the binary may need the C library"
        entry: list[str] | None = None
        for index in stage.items:
            inst = ctx.instruction(index)
            kw = inst.keyword
            found = run_script(inst)
            if found is not None and any(
                op.action in ("install", "add") and op.manager not in ("pip", "npm", "yarn")
                for op in found[0].package_ops
            ):
                return "the stage installs packages the program may need at run time"
            if kw == "USER" and inst.values:
                user = buildkit.process_word(inst.values[0], inst.escape).split(":", 1)[0]
                if not user.isdigit():
                    return f"USER `{user}` does not exist in the runtime image"
            if kw in ("ENTRYPOINT", "CMD"):
                if not inst.is_json:
                    return f"{kw} is in shell form and distroless has no shell"
                if kw == "ENTRYPOINT" or entry is None:
                    entry = list(inst.values)
        if not entry:
            return "no exec-form ENTRYPOINT or CMD runs the artifact"
        program = entry[0]
        workdir = _final_workdir(ctx, stage)
        if posixpath.normpath(posixpath.join(workdir, program)) != build.artifact:
            return f"the ENTRYPOINT/CMD runs `{program}`, not the artifact"
        return None


_TOOLCHAIN_WORD = {
    "go": "Go toolchain",
    "rust": "Rust toolchain",
    "java": "JDK and build tool",
    "dotnet": ".NET SDK",
    "node": "node toolchain and node_modules",
    "c": "compilers and headers",
}
_GO_UNSAFE = "files the binary reads at run time are not copied over"


_REMOVE = frozenset({"purge", "remove", "autoremove", "del", "erase"})


def _removes_packages(ctx: Context, stage: Stage, build_index: int) -> bool:
    """Does the stage remove packages at or after the build (`apt-get purge`, `apk del
    .build-deps`)?  Then the toolchain is likely gone (the official images' pattern of
    compiling from source in one RUN): not reported."""
    for index in stage.items:
        if index < build_index:
            continue
        found = run_script(ctx.instruction(index))
        if found is not None and any(
            op.action in _REMOVE and op.manager not in ("pip", "npm", "yarn", "gem")
            for op in found[0].package_ops
        ):
            return True
    return False


def _recognise(cmd: Command, toolchains: set[str], static: bool) -> tuple[str, str] | None:
    name = cmd.name
    args = [w.literal or w.text for w in cmd.argv[1:]]
    sub = args[0] if args else ""
    if name == "go" and sub in ("build", "install") and "go" in toolchains:
        return "go", f"go {sub}"
    if name == "cargo" and sub in ("build", "install") and "rust" in toolchains:
        return "rust", f"cargo {sub}"
    if name in ("mvn", "mvnw") and "java" in toolchains:
        goal = next((a for a in args if a in ("package", "install", "verify")), None)
        if goal:
            return "java", f"{name} {goal}"
    if name in ("gradle", "gradlew") and "java" in toolchains:
        task = next(
            (a for a in args if a in ("build", "assemble", "bootJar", "shadowJar", "jar")), None
        )
        if task:
            return "java", f"{name} {task}"
    if name == "dotnet" and sub == "publish" and "dotnet" in toolchains:
        return "dotnet", "dotnet publish"
    if name in ("npm", "yarn", "pnpm") and static and "node" in toolchains:
        if args[:2] == ["run", "build"] or (name != "npm" and sub == "build"):
            return "node", f"{name} {' '.join(args[:2]) if sub == 'run' else 'build'}"
    if name == "make" and "c" in toolchains and not (set(args) & {"install", "clean", "-C"}):
        return "c", "make"
    return None


def _option(cmd: Command, names: tuple[str, ...]) -> str | None:
    argv = cmd.argv
    for k, word in enumerate(argv):
        text = word.literal
        if text is None:
            continue
        if text in names and k + 1 < len(argv):
            return argv[k + 1].literal
        for n in names:
            if n.startswith("--") and text.startswith(n + "="):
                return text[len(n) + 1 :]
    return None


def _go_output(cmd: Command) -> str | None:
    out = _option(cmd, ("-o",))
    if out is None or out.endswith("/"):
        return None
    return out


def _jar(ctx: Context, stage: Stage) -> str | None:
    """The .jar an exec-form CMD/ENTRYPOINT runs (`java -jar target/app.jar`), if literal."""
    for index in stage.items:
        inst = ctx.instruction(index)
        if inst.keyword in ("CMD", "ENTRYPOINT") and inst.is_json:
            for word in inst.values:
                if word.endswith(".jar") and not set(word) & set("$*?["):
                    return posixpath.normpath(posixpath.join(_final_workdir(ctx, stage), word))
    return None


def _rust_binary(ctx: Context, stage: Stage, workdir: str) -> str | None:
    """The binary an exec-form CMD/ENTRYPOINT runs out of `target/release/`, if any."""
    for index in stage.items:
        inst = ctx.instruction(index)
        if inst.keyword in ("CMD", "ENTRYPOINT") and inst.is_json and inst.values:
            program = inst.values[0]
            if "target/release/" in program and "$" not in program:
                return posixpath.normpath(posixpath.join(_final_workdir(ctx, stage), program))
    return None


def _static_dir(ctx: Context, stage: Stage) -> str:
    for index in stage.items:
        inst = ctx.instruction(index)
        if inst.keyword in ("CMD", "ENTRYPOINT"):
            words = " ".join(inst.values).split()
            for k, w in enumerate(words):
                if _STATIC_SERVERS.fullmatch(w):
                    rest = [x for x in words[k + 1 :] if not x.startswith("-")]
                    if rest and "$" not in rest[0]:
                        return rest[0]
    return "build"


def _final_workdir(ctx: Context, stage: Stage) -> str:
    workdir = "/"
    for index in stage.items:
        inst = ctx.instruction(index)
        if inst.keyword == "WORKDIR" and inst.values:
            workdir = posixpath.normpath(posixpath.join(workdir, inst.values[0]))
    return workdir


# ENV names that only steer the build (the Go toolchain's): not carried into the runtime.
_BUILD_ENV = frozenset(
    {"CGO_ENABLED", "GOOS", "GOARCH", "GOARM", "GOFLAGS", "GOPATH", "GO111MODULE", "GOPROXY"}
    | {"GOPRIVATE", "GOCACHE", "GOBIN", "CARGO_HOME", "RUSTUP_HOME", "MAVEN_OPTS"}
)


def _build_only(inst: cst.Instruction) -> bool:
    return isinstance(inst, cst.Env) and all(k in _BUILD_ENV for k, _ in inst.pairs)


def _own_line(inst: cst.Instruction, nl: str) -> str:
    code = inst.code[len(inst.indent) :]
    return code if code.endswith(("\n", "\r")) else code + nl


def _runtime(build: Build, image: str, repo: str, tag: str) -> tuple[str, str | None]:
    """The runtime image to suggest, and a note when dopt had to leave a placeholder."""
    low = tag.lower()
    suite = next(
        (w for w in low.split("-") if w in ("bookworm", "bullseye", "buster", "trixie")), None
    )
    if build.language == "go":
        if build.cgo_off:
            return "gcr.io/distroless/static-debian12", None
        alpine = re.search(r"alpine(\d+\.\d+)?", low)
        if alpine:
            return f"alpine:{alpine.group(1) or '3'}", None
        return f"debian:{suite or 'bookworm'}-slim", None
    if build.language == "rust":
        return f"debian:{suite or 'bookworm'}-slim", None
    if build.language == "java":
        if repo in ("maven", "gradle"):
            m = _JAVA_IN_TOOL_TAG.search(low)
        else:
            m = _JAVA_IN_JDK_TAG.match(low)
        if m and 8 <= int(m.group(1)) <= 30:
            return f"eclipse-temurin:{m.group(1)}-jre", None
        return "eclipse-temurin:<java-version>-jre", "the Java version is not in the base tag"
    if build.language == "dotnet":
        m = _DOTNET_VERSION.match(low)
        if m:
            return f"mcr.microsoft.com/dotnet/aspnet:{m.group(1)}", None
        return (
            "mcr.microsoft.com/dotnet/aspnet:<version>",
            "the .NET version is not in the base tag",
        )
    if build.language == "node":
        return "nginx:alpine", None
    # make: the same base, without the compilers the stage installed on it.
    return image, "dopt cannot tell what `make` builds"


RULE = SingleStageBuild()
