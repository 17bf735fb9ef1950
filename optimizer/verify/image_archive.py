"""Reading a saved container image into a filesystem model, without an engine.

Two formats, each as a tar file or as an unpacked folder:

* docker-archive (``docker save`` / ``podman save --format docker-archive``): ``manifest.json``
  names the config JSON and the layer tars;
* OCI image layout (``index.json`` -> manifest -> config and layer blobs under ``blobs/``).

The layers are applied in order as overlayfs would: ``.wh.NAME`` deletes NAME (and what is under
it), ``.wh..wh..opq`` hides everything the lower layers had in its folder, and a non-folder put
where a folder was hides that folder's contents.  Each path ends with its type, mode, owner,
symlink target, device numbers, xattrs and, for regular files, size and sha256 (after the
normalisers, which mask fields known to differ between two builds of the same thing).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
import stat
import tarfile
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any

from optimizer.record import Record

WHITEOUT = ".wh."
OPAQUE = ".wh..wh..opq"


class ArchiveError(Exception):
    """An image archive dopt cannot read (not docker-archive or OCI layout, broken, zstd)."""


class Entry(Record):
    type: str  # file, dir, symlink, char, block, fifo
    mode: int  # permission bits with suid/sgid/sticky
    uid: int
    gid: int
    size: int = 0
    sha256: str = ""
    target: str = ""  # symlink target
    device: tuple[int, int] = (0, 0)
    xattrs: str = ""  # a digest of the sorted xattrs, "" if none

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type, "mode": f"{self.mode:04o}"}
        out["uid"], out["gid"] = self.uid, self.gid
        if self.type == "file":
            out["size"], out["sha256"] = self.size, self.sha256
        if self.type == "symlink":
            out["target"] = self.target
        if self.type in ("char", "block"):
            out["device"] = list(self.device)
        if self.xattrs:
            out["xattrs"] = self.xattrs
        return out


class Layer(Record):
    digest: str  # sha256 of the uncompressed tar (the diff_id)
    size: int  # uncompressed tar bytes, as `docker history` counts them
    created: str  # from the config history ("" if unknown)


class Image(Record):
    config: dict[str, Any]  # the whole image config JSON (``config`` holds Env, Cmd, ...)
    layers: tuple[Layer, ...]
    files: dict[str, Entry]  # absolute path -> entry; "/" itself is not listed


# --- content normalisers -------------------------------------------------------------------------


def _mask_shadow(data: bytes) -> bytes:
    # Field 3 is the day of the last password change: the build date.  A changed password
    # (field 2) still shows.
    lines = []
    for line in data.split(b"\n"):
        fields = line.split(b":")
        if len(fields) >= 3:
            fields[2] = b"-"
        lines.append(b":".join(fields))
    return b"\n".join(lines)


def _mask_pyc(data: bytes) -> bytes:
    # PEP 552: magic, flags, then mtime+source size (flags 0) or a source hash.  pip compiles at
    # install time, so the mtime is the build time; the code object after it is compared.
    if len(data) >= 16 and data[4:8] == b"\0\0\0\0":
        return data[:8] + b"\0" * 8 + data[16:]
    return data


NORMALISERS: tuple[tuple[re.Pattern[str], Callable[[bytes], bytes]], ...] = (
    (re.compile(r"/etc/shadow-?"), _mask_shadow),
    (re.compile(r".*\.pyc"), _mask_pyc),
)


def _digest(stream: IO[bytes], path: str) -> str:
    for pattern, normalise in NORMALISERS:
        if pattern.fullmatch(path):
            return hashlib.sha256(normalise(stream.read())).hexdigest()
    h = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1 << 20), b""):
        h.update(chunk)
    return h.hexdigest()


# --- archive containers (tar file or folder) -----------------------------------------------------


class _Container:
    """Named members of an archive: a tar file or an unpacked folder."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tar: tarfile.TarFile | None = None
        self.names: dict[str, tarfile.TarInfo] = {}
        if path.is_dir():
            return
        try:
            self.tar = tarfile.open(path, "r:*")
        except (OSError, tarfile.TarError) as exc:
            raise ArchiveError(f"{path}: not a tar archive or folder: {exc}") from None
        for info in self.tar.getmembers():
            self.names[_clean(info.name)] = info

    def has(self, name: str) -> bool:
        if self.tar is None:
            return (self.path / name).is_file()
        return _clean(name) in self.names

    def open(self, name: str) -> IO[bytes]:
        if self.tar is None:
            try:
                return (self.path / name).open("rb")
            except OSError as exc:
                raise ArchiveError(f"{self.path}: missing {name}: {exc}") from None
        info = self.names.get(_clean(name))
        while info is not None and info.issym():  # docker save links shared layers
            info = self.names.get(_clean(str(Path(info.name).parent / info.linkname)))
        stream = self.tar.extractfile(info) if info is not None else None
        if stream is None:
            raise ArchiveError(f"{self.path}: missing member {name}")
        return stream

    def json(self, name: str) -> Any:
        with self.open(name) as f:
            try:
                return json.load(f)
            except ValueError as exc:
                raise ArchiveError(f"{self.path}: {name} is not JSON: {exc}") from None

    def close(self) -> None:
        if self.tar is not None:
            self.tar.close()


def _clean(name: str) -> str:
    name = name.lstrip("/")
    while name.startswith("./"):
        name = name[2:]
    return name.rstrip("/")


class _Counting(io.RawIOBase):
    """Counts and hashes the (uncompressed) bytes a tar reader pulls through it."""

    def __init__(self, raw: io.RawIOBase | gzip.GzipFile) -> None:
        self.raw = raw
        self.count = 0
        self.hash = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.raw.read(len(buffer)) or b""
        n = len(data)
        buffer[:n] = data
        self.count += n
        self.hash.update(data)
        return n


def _uncompressed(stream: IO[bytes]) -> io.RawIOBase | gzip.GzipFile:
    head = stream.read(4)
    rest = _Prefixed(head, stream)
    if head[:2] == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=rest)
    if head == b"\x28\xb5\x2f\xfd":
        raise ArchiveError("zstd-compressed layers are not supported (save as docker-archive)")
    return rest


class _Prefixed(io.RawIOBase):
    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self.head = head
        self.rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n] = self.head[:n]
            self.head = self.head[n:]
            return n
        data = self.rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


# --- applying layers -----------------------------------------------------------------------------


def _remove_tree(files: dict[str, Entry], path: str, keep_self: bool = False) -> None:
    prefix = path.rstrip("/") + "/"
    for name in [n for n in files if n.startswith(prefix)]:
        del files[name]
    if not keep_self:
        files.pop(path, None)


_TYPES = {
    tarfile.DIRTYPE: "dir",
    tarfile.SYMTYPE: "symlink",
    tarfile.CHRTYPE: "char",
    tarfile.BLKTYPE: "block",
    tarfile.FIFOTYPE: "fifo",
}


def _xattrs(info: tarfile.TarInfo) -> str:
    attrs = sorted((k, v) for k, v in info.pax_headers.items() if k.startswith("SCHILY.xattr."))
    if not attrs:
        return ""
    return hashlib.sha256(json.dumps(attrs).encode("utf-8", "surrogateescape")).hexdigest()[:16]


def apply_layer(files: dict[str, Entry], layer: tarfile.TarFile) -> None:
    """Apply one layer (a tar opened in stream mode) to ``files``, in place."""
    lower = set(files)  # what the opaque markers of this layer hide: only the lower layers'
    for info in layer:
        name = _clean(info.name)
        if not name:
            continue
        path = "/" + name
        base = path.rsplit("/", 1)[1]
        parent = path.rsplit("/", 1)[0] or "/"
        if base == OPAQUE:
            for other in [n for n in files if n.startswith(parent.rstrip("/") + "/")]:
                if other in lower:
                    del files[other]
            continue
        if base.startswith(WHITEOUT):
            _remove_tree(files, parent.rstrip("/") + "/" + base[len(WHITEOUT) :])
            continue
        if info.islnk():
            target = files.get("/" + _clean(info.linkname))
            if target is None:
                raise ArchiveError(f"hard link {path} to a missing {info.linkname}")
            files[path] = target
            continue
        kind = "file" if info.isreg() else _TYPES.get(info.type)
        if kind is None:
            continue  # tar metadata members (GNU long names are resolved by tarfile)
        old = files.get(path)
        if old is not None and old.type == "dir" and kind != "dir":
            _remove_tree(files, path, keep_self=True)
        size, digest = 0, ""
        if kind == "file":
            size = info.size
            stream = layer.extractfile(info)
            digest = _digest(stream, path) if stream is not None else ""
        files[path] = Entry(
            type=kind,
            mode=stat.S_IMODE(info.mode),
            uid=info.uid,
            gid=info.gid,
            size=size,
            sha256=digest,
            target=info.linkname if kind == "symlink" else "",
            device=(info.devmajor, info.devminor) if kind in ("char", "block") else (0, 0),
            xattrs=_xattrs(info),
        )


# --- the two formats -----------------------------------------------------------------------------


def _docker_archive(box: _Container) -> tuple[dict[str, Any], list[str]]:
    manifest = box.json("manifest.json")
    if not isinstance(manifest, list) or not manifest:
        raise ArchiveError(f"{box.path}: manifest.json lists no image")
    if len(manifest) > 1:
        raise ArchiveError(f"{box.path}: holds {len(manifest)} images; save one")
    return box.json(manifest[0]["Config"]), list(manifest[0]["Layers"])


def _blob(digest: str) -> str:
    algo, _, hexdigest = digest.partition(":")
    return f"blobs/{algo}/{hexdigest}"


def _oci_layout(box: _Container) -> tuple[dict[str, Any], list[str]]:
    index = box.json("index.json")
    manifests = index.get("manifests") or []
    if len(manifests) != 1:
        raise ArchiveError(f"{box.path}: index.json lists {len(manifests)} manifests; save one")
    manifest = box.json(_blob(manifests[0]["digest"]))
    if "manifests" in manifest:  # an image index: take its only (or first linux/amd64) image
        chosen = [
            m
            for m in manifest["manifests"]
            if m.get("platform", {}).get("architecture") in (None, "amd64")
        ]
        if not chosen:
            raise ArchiveError(f"{box.path}: no amd64 image in the index")
        manifest = box.json(_blob(chosen[0]["digest"]))
    layers = [_blob(layer["digest"]) for layer in manifest.get("layers", [])]
    return box.json(_blob(manifest["config"]["digest"])), layers


def _history(config: dict[str, Any]) -> list[dict[str, Any]]:
    return [h for h in config.get("history") or [] if not h.get("empty_layer")]


def load(path: Path | str) -> Image:
    """Read a docker-archive or OCI layout (tar file or folder) into an :class:`Image`."""
    path = Path(path)
    if not path.exists():
        raise ArchiveError(f"{path}: no such file or folder")
    box = _Container(path)
    try:
        if box.has("manifest.json"):
            config, members = _docker_archive(box)
        elif box.has("index.json"):
            config, members = _oci_layout(box)
        else:
            raise ArchiveError(f"{path}: neither a docker-archive nor an OCI layout")
        history = _history(config)
        if len(history) != len(members):
            history = [{}] * len(members)
        files: dict[str, Entry] = {}
        layers: list[Layer] = []
        for member, hist in zip(members, history, strict=True):
            with box.open(member) as raw:
                counting = _Counting(_uncompressed(raw))
                try:
                    with tarfile.open(fileobj=io.BufferedReader(counting), mode="r|") as tar:
                        apply_layer(files, tar)
                    while counting.read(1 << 20):
                        pass  # the tar's end padding counts in the layer's size
                except (tarfile.TarError, EOFError, OSError) as exc:
                    raise ArchiveError(f"{path}: layer {member} is broken: {exc}") from None
            layers.append(
                Layer(
                    digest="sha256:" + counting.hash.hexdigest(),
                    size=counting.count,
                    created=str(hist.get("created", "")),
                )
            )
        return Image(config, tuple(layers), files)
    finally:
        box.close()


def parse_time(text: str) -> datetime | None:
    """An RFC 3339 time as in image history (nanoseconds allowed), or None."""
    m = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)?", text)
    if m is None:
        return None
    frac = (m.group(2) or "0")[:6].ljust(6, "0")
    zone = m.group(3) or "Z"
    stamp = f"{m.group(1)}.{frac}{'+00:00' if zone == 'Z' else zone}"
    return datetime.fromisoformat(stamp).astimezone(timezone.utc)
