"""The sandbox the execution proof runs scripts in.

One static C binary (stub.c), compiled once per session into a cache folder, plays two
roles: the driver that runs scenarios, and the stub every external command resolves to.
The sandbox root holds only dash, bash, their libraries and the stub; each scenario runs in
a fresh overlay of it (own mount namespace, chrooted), the whole driver in its own network
namespace (`unshare -n`), every RUN under an alarm.  Nothing outside is executed: a name
that is not a stub is simply not found (exit 127), on both sides alike.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
STUB_C = HERE / "stub.c"
SHELLS = {"dash": "/usr/bin/dash", "bash": "/usr/bin/bash"}
# Where the real shells live inside the sandbox: off PATH, so that `sh -c ...` or
# `bash x.sh` inside a script is a stubbed external command like any other.
REAL = {"dash": "/.execproof/dash", "bash": "/.execproof/bash"}
# Every PATH folder of the sandbox is this one (see _BIN_LINKS): the first folder of the
# default PATH, so that a command is found at the first look (a lookup costs time here).
BIN = "/usr/local/sbin"
_BIN_LINKS = {
    "usr/local/bin": "sbin",
    "usr/bin": "local/sbin",
    "usr/sbin": "local/sbin",
    "bin": "usr/local/sbin",
    "sbin": "usr/local/sbin",
}
_BIN_PREFIXES = (
    "/bin/",
    "/sbin/",
    "/usr/sbin/",
    "/usr/local/bin/",
    "/usr/local/sbin/",
    "/usr/bin/",
)
RUN_TIMEOUT = 5  # seconds for one RUN (alarm in the sandbox)
DRIVER_TIMEOUT = 600  # seconds for one driver invocation, whatever it holds
FS, RS = "\x1f", "\x1e"


@dataclass(frozen=True)
class RunSpec:
    """One RUN as BuildKit would start it."""

    exe: str  # real shell path inside the sandbox (or a stub path for exec form)
    argv: tuple[str, ...]
    env: tuple[str, ...]
    cwd: str
    uid: int


@dataclass(frozen=True)
class Call:
    """One external command the stub saw."""

    pid: int
    cwd: str
    argv: tuple[str, ...]
    env: tuple[str, ...]
    status: int

    @property
    def key(self) -> str:
        return f"{len(self.argv)}{FS}" + "".join(a + FS for a in self.argv)


@dataclass(frozen=True)
class Result:
    statuses: tuple[int, ...]  # exit status of each RUN that ran (they stop at a failure)
    calls: tuple[Call, ...]  # in log order, which is program order (see stub.c)
    # What the scripts left in the file system (builtins' redirects, the mkdir stub's
    # folders): "<kind> <content hash> <path>", sorted.
    files: tuple[str, ...] = ()

    @property
    def failed(self) -> bool:
        return any(self.statuses)


@dataclass(frozen=True)
class Scenario:
    runs: tuple[RunSpec, ...]
    target: tuple[str, int] | None = None  # (argv key, occurrence) of the call to fail


def unavailable() -> str | None:
    """Why the sandbox cannot run here, or None."""
    if os.geteuid() != 0:
        return "the execution proof needs root (mount namespaces, chroot)"
    for tool in ("unshare", "gcc"):
        if shutil.which(tool) is None:
            return f"the execution proof needs `{tool}`"
    for name, path in SHELLS.items():
        if not Path(path).exists():
            return f"the execution proof needs {name} at {path}"
    try:
        _root()
    except (OSError, subprocess.CalledProcessError) as exc:
        return f"the execution proof's sandbox could not be built: {exc}"
    try:
        res = run_scenarios(
            [Scenario((RunSpec(REAL["dash"], ("sh", "-c", "/.execproof/stub"), (), "/", 0),))]
        )
    except (OSError, RuntimeError, subprocess.SubprocessError) as exc:
        return f"the execution proof's sandbox does not run here: {exc}"
    if res[0].statuses != (0,) or len(res[0].calls) != 1:
        return "the execution proof's sandbox does not run here (stub not reached)"
    return None


def _libs(binary: str) -> list[str]:
    out = subprocess.run(["ldd", binary], capture_output=True, text=True, check=True).stdout
    return re.findall(r"(/\S+)", out)


@functools.cache
def _root() -> tuple[Path, Path]:
    """(driver binary, base root folder), built once per session in a cache folder keyed
    by the stub's source."""
    digest = hashlib.sha256(STUB_C.read_bytes() + Path(__file__).read_bytes()).hexdigest()[:16]
    cache = Path(tempfile.gettempdir()) / f"dopt-execproof-{digest}"
    driver = cache / "execproof-driver"
    base = cache / "root"
    if driver.exists() and (base / ".execproof" / "ready").exists():
        return driver, base
    tmp = Path(tempfile.mkdtemp(prefix="dopt-execproof-build-"))
    try:
        subprocess.run(
            ["gcc", "-O2", "-static", "-o", str(tmp / "execproof-driver"), str(STUB_C)],
            check=True,
            capture_output=True,
        )
        root = tmp / "root"
        (root / ".execproof").mkdir(parents=True)
        for d in ("usr/local/sbin", "etc", "root", "dev", "var", "home"):
            (root / d).mkdir(parents=True, exist_ok=True)
        (root / "tmp").mkdir(mode=0o1777)
        os.chmod(root / "tmp", 0o1777)
        for link, target in _BIN_LINKS.items():
            os.symlink(target, root / link)
        for dev in ("null", "zero", "urandom"):
            (root / "dev" / dev).touch()
        shutil.copy2(tmp / "execproof-driver", root / ".execproof" / "stub")
        for name, path in SHELLS.items():
            shutil.copy2(path, root / REAL[name].lstrip("/"))
            for lib in _libs(path):
                dst = root / lib.lstrip("/")
                if dst.exists() or dst.is_symlink():
                    continue
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(os.path.realpath(lib), dst)
        (root / ".execproof" / "ready").touch()
        cache.mkdir(exist_ok=True)
        if not (base / ".execproof" / "ready").exists():
            shutil.rmtree(base, ignore_errors=True)
            os.replace(root, base)
        os.replace(tmp / "execproof-driver", driver)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return driver, base


def in_bin(path: str) -> str | None:
    """The sandbox's one PATH folder's entry for an absolute command path, if it is one."""
    for p in _BIN_PREFIXES:
        if path.startswith(p) and "/" not in path[len(p) :] and len(path) > len(p):
            return BIN + "/" + path[len(p) :]
    return None


def make_layer(names: Iterable[str], stub_paths: Iterable[str], dirs: Iterable[str]) -> Path:
    # Hard links to the base's stub: an exec need not follow a symbolic link.
    """A lower overlay layer: a stub for each command name (on PATH) and absolute command
    path, and the folders scripts expect to exist.  Caller removes it."""
    stub = _root()[1] / ".execproof" / "stub"
    layer = Path(tempfile.mkdtemp(prefix="dopt-execproof-layer-"))
    os.chmod(layer, 0o755)
    (layer / BIN.lstrip("/")).mkdir(parents=True)
    # A folder wins over a stub of the same path; both sides share the one layer anyway.
    for d in sorted(set(dirs)):
        rel = d.strip("/")
        if not rel or in_bin("/" + rel) or rel.split("/")[0] in ("proc", "dev", ".execproof"):
            continue
        if any(rel == k or rel.startswith(k + "/") for k in _BIN_LINKS):
            continue
        try:
            (layer / rel).mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
    entries = {BIN + "/" + n for n in names if n and "/" not in n and n not in (".", "..")}
    for p in stub_paths:
        entries.add(in_bin(p) or p)
    for p in sorted(entries):
        dst = layer / p.lstrip("/")
        if dst.exists() or dst.is_symlink() or p.split("/")[1] in ("proc", "dev", ".execproof"):
            continue
        try:
            dst.parent.mkdir(parents=True, exist_ok=True)
            os.link(stub, dst)
        except OSError:
            continue
    return layer


def _enc(s: str | bytes) -> bytes:
    b = s.encode("utf-8", "surrogateescape") if isinstance(s, str) else s
    return str(len(b)).encode() + b":" + b


def _spec(scenarios: Sequence[Scenario]) -> bytes:
    out = [_enc(str(len(scenarios))), _enc(str(RUN_TIMEOUT))]
    for sc in scenarios:
        out.append(_enc("" if sc.target is None else f"{sc.target[0]}{RS}{sc.target[1]}"))
        out.append(_enc(str(len(sc.runs))))
        for r in sc.runs:
            out += [_enc(r.exe), _enc(r.cwd), _enc(str(r.uid)), _enc(str(len(r.argv)))]
            out += [_enc(a) for a in r.argv]
            out.append(_enc(str(len(r.env))))
            out += [_enc(e) for e in r.env]
    return b"".join(out)


def _calls(log: bytes) -> tuple[Call, ...]:
    calls = []
    for rec in log.decode("utf-8", "surrogateescape").split(RS):
        if not rec:
            continue
        fields = rec.split(FS)
        pid, cwd, argc = int(fields[0]), fields[1], int(fields[2])
        argv = tuple(fields[3 : 3 + argc])
        # SHLVL is left out: bash lowers it when it execs a script's last command in place
        # of forking, so `x` and `x && y` hand x different values (meaningless to x).
        env = tuple(sorted(e for e in fields[3 + argc : -1] if not e.startswith("SHLVL=")))
        status = int(fields[-1].lstrip("="))
        calls.append(Call(pid, cwd, argv, env, status))
    return tuple(calls)


def run_scenarios(scenarios: Sequence[Scenario], layer: Path | None = None) -> list[Result]:
    """Run every scenario in one sandboxed driver invocation."""
    if not scenarios:
        return []
    driver, base = _root()
    lower = f"{layer}:{base}" if layer is not None else str(base)
    scratch = Path(tempfile.mkdtemp(prefix="dopt-execproof-scratch-"))
    try:
        proc = subprocess.run(
            ["unshare", "-n", str(driver), lower, str(scratch)],
            input=_spec(scenarios),
            capture_output=True,
            timeout=DRIVER_TIMEOUT,
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if proc.returncode != 0:
        raise RuntimeError(f"execproof driver failed ({proc.returncode}): {proc.stderr.decode()}")
    data, pos, results = proc.stdout, 0, []
    fields: list[bytes] = []
    while pos < len(data):
        colon = data.index(b":", pos)
        n = int(data[pos:colon])
        fields.append(data[colon + 1 : colon + 1 + n])
        pos = colon + 1 + n
    for i in range(0, len(fields), 2):
        head, _, tree = fields[i].decode("utf-8", "surrogateescape").partition("\n")
        statuses = tuple(int(x) for x in head.split())
        files = tuple(sorted(x for x in tree.split("\n") if x))
        results.append(Result(statuses, _calls(fields[i + 1]), files))
    if len(results) != len(scenarios):
        raise RuntimeError("execproof driver returned fewer results than scenarios")
    return results
