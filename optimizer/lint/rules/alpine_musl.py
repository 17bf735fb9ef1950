"""DOP503: an Alpine (musl) base that compiles C code or needs glibc."""

from __future__ import annotations

from collections.abc import Iterator

from optimizer.analysis.images import base_image
from optimizer.analysis.official_images import is_alpine
from optimizer.lint.rules.base import Context, Finding, FixAvailability, Rule
from optimizer.lint.rules.common import run_script
from optimizer.regexes import rx

# pip packages with C/C++/Rust extensions: on musl they need a musllinux wheel for the
# exact version and Python, or they compile from source (build-base, headers, minutes).
C_EXTENSIONS = frozenset(
    {"numpy", "pandas", "scipy", "scikit-learn", "sklearn", "psycopg2", "lxml"}
    | {"cryptography", "grpcio", "grpcio-tools", "pillow", "matplotlib", "mysqlclient"}
    | {"uwsgi", "gevent", "greenlet", "cffi", "bcrypt", "pynacl", "psutil", "ujson"}
    | {"orjson", "pyarrow", "tensorflow", "torch", "opencv-python", "h5py", "shapely"}
    | {"pyzmq", "regex", "pycurl", "python-ldap", "m2crypto", "pycrypto", "pycryptodome"}
    | {"numba", "llvmlite", "cython", "pymssql", "pyodbc", "confluent-kafka", "xmlsec"}
)
# apk packages that say "we compile C here" or "we need glibc".
BUILD_PACKAGES = frozenset({"build-base", "gcc", "g++", "musl-dev", "clang", "libc-dev"})
GLIBC_PACKAGES = frozenset({"gcompat", "libc6-compat", "glibc", "glibc-bin"})
_GLIBC_APK = rx(r"sgerrand/alpine-pkg-glibc|glibc-[0-9][^ ]*\.apk")
_SELF_BUILD = frozenset({"make", "configure", "cmake", "gcc", "cc", "g++", "ninja", "meson"})
_REQ = rx(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def _pip_name(word: str) -> str:
    m = _REQ.match(word)
    return m.group(0).lower().replace("_", "-") if m else ""


class AlpineMusl(Rule):
    code = "DOP503"
    name = "alpine-musl"
    summary = "An Alpine (musl) base compiles C code or needs glibc: weigh a `-slim` base"
    why = (
        "Alpine is small because it is stripped down, and it uses musl instead of glibc. "
        "Most binary packages of the wider world are built for glibc: Python wheels tagged "
        "`manylinux` do not install on musl, so pip falls back to a `musllinux` wheel when "
        "the project publishes one for that exact version, or else compiles the package from "
        "source (it then needs `build-base` and headers, takes minutes, and the compilers "
        "often stay in the image). Programs built for glibc fail on musl with `not found` "
        "(the dynamic loader is missing), and compatibility shims (`gcompat`, "
        "`libc6-compat`, sgerrand's glibc packages) cover only part of glibc. musl also "
        "differs in DNS resolution, locale support, thread stack size and malloc speed. "
        "When a stage compiles C or installs glibc, a `-slim` (Debian, glibc) base is "
        "usually the smaller and faster choice in the end; where Alpine stays, compile in a "
        "build stage and copy only the result. dopt reports, per stage on an Alpine base, "
        "the first `apk add` of glibc shims, of build tools (build-base, gcc, musl-dev) in a "
        "stage that installs pip, gem, bundler or npm packages (they compile with them), "
        "and the first `pip install` of a package with C extensions. A C program compiled "
        "for musl on purpose (the RUN that installs the tools runs make, configure or cmake "
        "itself, and installs no language package) is not reported."
    )
    bad = (
        "FROM python:3.12-alpine\n"
        "RUN apk add --no-cache build-base && pip install --no-cache-dir numpy\n"
    )
    good = "FROM python:3.12-slim\nRUN pip install --no-cache-dir numpy\n"
    fix_availability = FixAvailability.NEVER
    fix_safety = (
        "No fix: moving off Alpine changes the package manager, package names and the C "
        "library under every binary; only the author can make that trade."
    )
    references = (
        "https://wiki.musl-libc.org/functional-differences-from-glibc.html",
        "https://pythonspeed.com/articles/alpine-docker-python/",
        "https://peps.python.org/pep-0656/",
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        for stage in ctx.stages.stages:
            image = base_image(ctx.stages, ctx.tree, stage.items[0])
            if not is_alpine(image):
                continue
            # Build tools count only for a language package manager that compiles with
            # them: compiling a C program for musl on purpose (the official Alpine
            # variants build nginx, Python, Rust that way) is the author's choice.
            # With build tools installed in a RUN that compiles a program itself (make,
            # configure, cmake), the tools are for that program.
            for index in stage.items:
                compiles = not self._builds_itself(ctx, index) and any(
                    self._language_install(ctx, i) for i in stage.items if i >= index
                )
                reason = self._reason(ctx, index, compiles)
                if reason is not None:
                    yield ctx.finding(
                        self,
                        index,
                        f"{reason} on the Alpine base `{image}` (musl, not glibc): "
                        "consider a `-slim` base or a build stage",
                    )
                    break

    @staticmethod
    def _language_install(ctx: Context, index: int) -> bool:
        found = run_script(ctx.instruction(index))
        if found is None:
            return False
        script = found[0]
        if any(
            op.manager in ("pip", "gem", "npm", "yarn") and op.action in ("install", "add", "ci")
            for op in script.package_ops
        ):
            return True
        return any(
            c.name == "bundle" or ((c.name or "").startswith("python") and "setup.py" in c.text)
            for c in script.commands
        )

    @staticmethod
    def _builds_itself(ctx: Context, index: int) -> bool:
        found = run_script(ctx.instruction(index))
        return found is not None and any(c.name in _SELF_BUILD for c in found[0].commands)

    @staticmethod
    def _reason(ctx: Context, index: int, compiles: bool) -> str | None:
        found = run_script(ctx.instruction(index))
        if found is None:
            return None
        script = found[0]
        for op in script.package_ops:
            if op.manager == "apk" and op.action == "add":
                names = {p.split("=", 1)[0] for p in op.packages}
                glibc = sorted(names & GLIBC_PACKAGES)
                if glibc:
                    return f"`apk add {glibc[0]}` installs a glibc shim"
                build = sorted(names & BUILD_PACKAGES)
                if build and compiles:
                    return f"`apk add {build[0]}` to compile language packages from source"
            if op.manager == "pip" and op.action == "install":
                c_ext = [n for n in (_pip_name(p) for p in op.packages) if n in C_EXTENSIONS]
                if c_ext:
                    return f"`pip install {c_ext[0]}` (C extensions: a musllinux wheel or a build)"
        if _GLIBC_APK.search(script.source):
            return "installing a glibc package"
        return None


RULE = AlpineMusl()
