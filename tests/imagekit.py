"""Image archives made in tests from tar files: docker-archive (``docker save``) and OCI layout.

A layer is a list of :class:`F` (file, dir, symlink, hard link, whiteout); an image is its
config and its layers.  No engine involved.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import tarfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class F:
    path: str  # without the leading slash, as in layer tars
    data: bytes | None = None  # a regular file
    kind: str = "file"  # file, dir, symlink, link (hard), whiteout, opaque
    mode: int = 0o644
    uid: int = 0
    gid: int = 0
    target: str = ""
    xattrs: dict[str, str] = field(default_factory=dict)


def file(path: str, data: bytes | str = b"", mode: int = 0o644, uid: int = 0) -> F:
    return F(path, data.encode() if isinstance(data, str) else data, mode=mode, uid=uid)


def folder(path: str, mode: int = 0o755) -> F:
    return F(path, kind="dir", mode=mode)


def symlink(path: str, target: str) -> F:
    return F(path, kind="symlink", mode=0o777, target=target)


def hardlink(path: str, target: str) -> F:
    return F(path, kind="link", target=target)


def whiteout(path: str) -> F:
    parent, _, name = path.rpartition("/")
    return F(f"{parent}/.wh.{name}" if parent else f".wh.{name}", b"", kind="whiteout")


def opaque(folder_path: str) -> F:
    return F(f"{folder_path}/.wh..wh..opq", b"", kind="opaque")


def layer_tar(entries: Sequence[F]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for e in entries:
            info = tarfile.TarInfo(e.path)
            info.mode, info.uid, info.gid, info.mtime = e.mode, e.uid, e.gid, 1_700_000_000
            if e.xattrs:
                info.pax_headers = {f"SCHILY.xattr.{k}": v for k, v in e.xattrs.items()}
            if e.kind == "dir":
                info.type = tarfile.DIRTYPE
                tar.addfile(info)
            elif e.kind == "symlink":
                info.type, info.linkname = tarfile.SYMTYPE, e.target
                tar.addfile(info)
            elif e.kind == "link":
                info.type, info.linkname = tarfile.LNKTYPE, e.target
                tar.addfile(info)
            else:
                data = e.data or b""
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def config(
    layers: Sequence[bytes],
    cfg: dict[str, Any] | None = None,
    created: Sequence[str] | None = None,
    author: str | None = None,
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "architecture": "amd64",
        "os": "linux",
        "config": cfg if cfg is not None else {"Env": ["PATH=/usr/bin:/bin"], "Cmd": ["bash"]},
        "rootfs": {
            "type": "layers",
            "diff_ids": ["sha256:" + hashlib.sha256(t).hexdigest() for t in layers],
        },
        "history": [
            {"created": (created or [])[i] if created else "2026-01-01T00:00:00Z"}
            for i in range(len(layers))
        ],
    }
    if author is not None:
        out["author"] = author
    return out


def docker_archive(
    dest: Path, layers: Sequence[Sequence[F]], cfg: dict[str, Any] | None = None, **kw: Any
) -> Path:
    """Write a docker-archive tar (as `docker save` does) and return its path."""
    tars = [layer_tar(entries) for entries in layers]
    conf = json.dumps(config(tars, cfg, **kw)).encode()
    conf_name = hashlib.sha256(conf).hexdigest() + ".json"
    names = [f"{hashlib.sha256(t).hexdigest()}/layer.tar" for t in tars]
    manifest = [{"Config": conf_name, "RepoTags": ["test:latest"], "Layers": names}]
    with tarfile.open(dest, "w") as out:
        _add(out, "manifest.json", json.dumps(manifest).encode())
        _add(out, conf_name, conf)
        for name, data in zip(names, tars, strict=True):
            _add(out, name, data)
    return dest


def oci_layout(
    dest: Path,
    layers: Sequence[Sequence[F]],
    cfg: dict[str, Any] | None = None,
    as_tar: bool = False,
    **kw: Any,
) -> Path:
    """Write an OCI image layout with gzip layers (a folder, or a tar of it)."""
    tars = [layer_tar(entries) for entries in layers]
    blobs: dict[str, bytes] = {}

    def blob(data: bytes) -> str:
        digest = "sha256:" + hashlib.sha256(data).hexdigest()
        blobs[digest] = data
        return digest

    conf = json.dumps(config(tars, cfg, **kw)).encode()
    gz = [gzip.compress(t, mtime=0) for t in tars]
    manifest = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": blob(conf)},
        "layers": [
            {"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": blob(g)}
            for g in gz
        ],
    }
    index = {"schemaVersion": 2, "manifests": [{"digest": blob(json.dumps(manifest).encode())}]}
    files = {
        "oci-layout": b'{"imageLayoutVersion": "1.0.0"}',
        "index.json": json.dumps(index).encode(),
    }
    for digest, data in blobs.items():
        files["blobs/sha256/" + digest.split(":")[1]] = data
    if as_tar:
        with tarfile.open(dest, "w") as out:
            for name, data in files.items():
                _add(out, name, data)
    else:
        for name, data in files.items():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            (dest / name).write_bytes(data)
    return dest


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))
