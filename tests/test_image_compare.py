"""Image archives compared without an engine: both archive formats, whiteouts, noise, the
differences rules declare, and the ones they do not."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import pytest
from imagekit import docker_archive, file, folder, hardlink, oci_layout, opaque, symlink, whiteout

from optimizer.verify.image_archive import ArchiveError, load, parse_time
from optimizer.verify.image_compare import compare, config_fields, glob_regex, human, matches

BASE = [
    folder("etc"),
    file("etc/os-release", "ID=debian\n"),
    folder("usr"),
    folder("usr/bin"),
    file("usr/bin/tool", b"\x7fELF", mode=0o755),
    folder("var"),
    folder("var/lib"),
    folder("var/lib/apt"),
    folder("var/lib/apt/lists"),
]
APP = [folder("srv"), file("srv/app.txt", "hello\n"), symlink("srv/current", "app.txt")]
LISTS = [
    file("var/lib/apt/lists/deb_InRelease", b"r" * 30_000),
    file("var/lib/apt/lists/deb_Packages", b"p" * 1_400_000),
]


def test_docker_archive_and_oci_layout_read_the_same(tmp_path: Path) -> None:
    a = load(docker_archive(tmp_path / "a.tar", [BASE, APP]))
    (tmp_path / "oci").mkdir()
    b = load(oci_layout(tmp_path / "oci", [BASE, APP]))
    c = load(oci_layout(tmp_path / "oci.tar", [BASE, APP], as_tar=True))
    assert a.files == b.files == c.files
    entry = a.files["/srv/app.txt"]
    assert (entry.type, entry.mode, entry.size) == ("file", 0o644, 6)
    assert entry.sha256 == hashlib.sha256(b"hello\n").hexdigest()
    assert a.files["/srv/current"].target == "app.txt"
    assert a.files["/usr/bin/tool"].mode == 0o755
    # Sizes and digests are the uncompressed tars', whatever the archive's compression.
    assert [x.size for x in a.layers] == [x.size for x in b.layers]
    assert [x.digest for x in a.layers] == a.config["rootfs"]["diff_ids"]
    assert [x.digest for x in b.layers] == b.config["rootfs"]["diff_ids"]
    result = compare(a, b)
    assert result.equivalent and result.differences == () and result.ignored == ()


def test_whiteouts_and_opaque_folders(tmp_path: Path) -> None:
    layers = [
        BASE,
        [*APP, folder("opt"), file("opt/a", "1"), folder("opt/sub"), file("opt/sub/b", "2")],
        [whiteout("srv/app.txt"), opaque("opt"), file("opt/c", "3")],
    ]
    image = load(docker_archive(tmp_path / "w.tar", layers))
    assert "/srv/app.txt" not in image.files
    assert "/srv/current" in image.files  # a dangling symlink is still a file system entry
    assert sorted(p for p in image.files if p.startswith("/opt")) == ["/opt", "/opt/c"]
    # Whiting out a folder removes what is under it; a file over a folder hides its content.
    more = [*layers, [whiteout("var/lib/apt")], [file("srv", "now a file")]]
    image = load(docker_archive(tmp_path / "w2.tar", more))
    assert not any(p.startswith("/var/lib/apt") for p in image.files)
    assert image.files["/srv"].type == "file"
    assert not any(p.startswith("/srv/") for p in image.files)
    # The same final tree written directly compares equal.
    flat = [e for e in BASE if not e.path.startswith("var/lib/apt")] + [file("srv", "now a file")]
    flat += [folder("opt"), file("opt/c", "3")]
    assert compare(image, load(docker_archive(tmp_path / "flat.tar", [flat]))).equivalent


def test_hard_links_take_the_target_entry(tmp_path: Path) -> None:
    layers = [BASE, [file("usr/bin/a", "same", mode=0o755), hardlink("usr/bin/b", "usr/bin/a")]]
    image = load(docker_archive(tmp_path / "h.tar", layers))
    assert image.files["/usr/bin/b"] == image.files["/usr/bin/a"]


def test_each_attribute_difference_is_reported(tmp_path: Path) -> None:
    orig = load(docker_archive(tmp_path / "o.tar", [BASE, APP]))
    changed = [
        folder("srv", mode=0o700),
        file("srv/app.txt", "hello!\n", uid=1000),
        symlink("srv/current", "other.txt"),
        file("srv/extra", "x"),
    ]
    new = load(docker_archive(tmp_path / "n.tar", [BASE, changed]))
    result = compare(orig, new)
    assert not result.equivalent
    by_path = {d.where: d for d in result.differences}
    assert by_path["/srv"].attrs == ("mode",)
    assert by_path["/srv/app.txt"].attrs == ("uid", "size", "sha256")
    assert by_path["/srv/current"].attrs == ("target",)
    assert by_path["/srv/extra"].kind == "added"
    assert set(by_path) == {"/srv", "/srv/app.txt", "/srv/current", "/srv/extra"}


def test_config_compared_per_field(tmp_path: Path) -> None:
    cfg = {
        "Env": ["PATH=/usr/bin:/bin", "A=1"],
        "Cmd": ["bash"],
        "Labels": {"x": "1"},
        "ExposedPorts": {"80/tcp": {}},
        "Healthcheck": {"Test": ["CMD", "true"]},
        "Volumes": None,
    }
    orig = load(docker_archive(tmp_path / "o.tar", [BASE], cfg))
    # Order of Env and empty vs missing fields do not matter.
    same = dict(cfg, Env=["A=1", "PATH=/usr/bin:/bin"], Volumes={}, OnBuild=[])
    assert compare(orig, load(docker_archive(tmp_path / "s.tar", [BASE], same))).equivalent
    other = dict(
        cfg,
        Env=["PATH=/usr/bin:/bin", "A=2", "B=3"],
        User="app",
        Healthcheck={"Test": ["CMD", "false"]},
        ExposedPorts={"8080/tcp": {}},
    )
    result = compare(orig, load(docker_archive(tmp_path / "d.tar", [BASE], other)))
    fields = {d.where: (d.orig, d.new) for d in result.differences}
    assert fields == {
        "Env.A": ("1", "2"),
        "Env.B": (None, "3"),
        "User": (None, "app"),
        "Healthcheck": ({"Test": ["CMD", "true"]}, {"Test": ["CMD", "false"]}),
        "ExposedPorts": (["80/tcp"], ["8080/tcp"]),
    }


def test_noise_list_and_ignore_path(tmp_path: Path) -> None:
    noisy_a = [
        folder("var/log"),
        folder("var/log/apt"),
        file("var/log/apt/history.log", "Start-Date: 2026-01-01"),
        file("var/log/dpkg.log", "2026-01-01 install"),
        folder("etc/ssh"),
        file("etc/ssh/ssh_host_ed25519_key", "KEY-A", mode=0o600),
        file("etc/shadow", "root:*:20000:0:99999:7:::\n", mode=0o640),
        file("usr/lib.pyc", b"\xa7\r\r\n\0\0\0\0" + b"AAAA" + b"SIZE" + b"code"),
        file("opt.log", "build log 1"),
    ]
    noisy_b = [
        folder("var/log"),
        folder("var/log/apt"),
        file("var/log/apt/history.log", "Start-Date: 2026-02-02"),
        file("var/log/dpkg.log", "2026-02-02 install"),
        folder("etc/ssh"),
        file("etc/ssh/ssh_host_ed25519_key", "KEY-B", mode=0o600),
        file("etc/shadow", "root:*:20001:0:99999:7:::\n", mode=0o640),
        file("usr/lib.pyc", b"\xa7\r\r\n\0\0\0\0" + b"BBBB" + b"SIZE" + b"code"),
        file("opt.log", "build log 2"),
    ]
    a = load(docker_archive(tmp_path / "a.tar", [BASE, noisy_a]))
    b = load(docker_archive(tmp_path / "b.tar", [BASE, noisy_b]))
    result = compare(a, b)
    assert [d.where for d in result.differences] == ["/opt.log"]
    assert set(result.ignored) == {"/var/log/apt/history.log", "/var/log/dpkg.log"}
    assert compare(a, b, ignore=["/opt.log"]).equivalent
    # Content-only noise still compares mode; a changed password still shows.
    b2 = [e for e in noisy_b if e.path not in ("etc/ssh/ssh_host_ed25519_key", "etc/shadow")]
    b2 += [
        file("etc/ssh/ssh_host_ed25519_key", "KEY-B", mode=0o644),
        file("etc/shadow", "root:$y$new:20001:0:99999:7:::\n", mode=0o640),
    ]
    c = load(docker_archive(tmp_path / "c.tar", [BASE, b2]))
    diffs = {d.where: d.attrs for d in compare(a, c, ignore=["/opt.log"]).differences}
    assert diffs == {"/etc/ssh/ssh_host_ed25519_key": ("mode",), "/etc/shadow": ("size", "sha256")}


def test_a_cache_deleted_by_its_rule_is_explained(tmp_path: Path) -> None:
    orig = load(docker_archive(tmp_path / "o.tar", [BASE, LISTS + APP]))
    new = load(docker_archive(tmp_path / "n.tar", [BASE, APP]))
    result = compare(orig, new, ["DOP101", "DOP102"])
    assert result.equivalent
    assert sorted(d.where for d in result.explained) == [
        "/var/lib/apt/lists/deb_InRelease",
        "/var/lib/apt/lists/deb_Packages",
    ]
    assert all(d.rules == ("DOP102",) for d in result.explained)
    assert result.explained_bytes == 1_430_000
    assert (result.orig.layers_added, result.new.layers_added) == (1, 1)
    assert result.orig.bytes_added > result.new.bytes_added + 1_430_000
    # The same deletion by a rule that does not declare it is a non-equivalence, blamed on it.
    wrong = compare(orig, new, ["DOP101"])
    assert not wrong.equivalent
    assert {(d.kind, d.where, d.rules) for d in wrong.differences} == {
        ("removed", "/var/lib/apt/lists/deb_InRelease", ("DOP101",)),
        ("removed", "/var/lib/apt/lists/deb_Packages", ("DOP101",)),
    }
    # A cache rule may remove its cache, not add to it.
    added = compare(new, orig, ["DOP102"])
    assert {d.kind for d in added.differences} == {"added"}


def test_a_wrong_rewrite_is_named_with_its_path_field_and_rule(tmp_path: Path) -> None:
    # As if a merge had lost the `cd /srv` of the first RUN: x lands in / instead.
    orig = load(docker_archive(tmp_path / "o.tar", [BASE, APP, [file("srv/x")]], {"Env": ["A=1"]}))
    new = load(docker_archive(tmp_path / "n.tar", [BASE, [*APP, file("x")]], {"Env": ["A=2"]}))
    result = compare(orig, new, ["DOP101"])
    assert {(d.kind, d.where) for d in result.differences} == {
        ("config", "Env.A"),
        ("removed", "/srv/x"),
        ("added", "/x"),
    }
    assert all(d.rules == ("DOP101",) for d in result.differences)
    assert (result.orig.layers_added, result.new.layers_added) == (2, 1)


def test_dop304_may_change_the_author_label_only(tmp_path: Path) -> None:
    orig = load(docker_archive(tmp_path / "o.tar", [BASE], {"Cmd": ["bash"]}, author="Jane"))
    label = {"org.opencontainers.image.authors": "Jane"}
    new = load(docker_archive(tmp_path / "n.tar", [BASE], {"Cmd": ["bash"], "Labels": label}))
    result = compare(orig, new, ["DOP304"])
    assert result.equivalent
    assert {d.where for d in result.explained} == {
        "Author",
        "Labels.org.opencontainers.image.authors",
    }
    other = dict(label, version="2")
    bad = load(docker_archive(tmp_path / "b.tar", [BASE], {"Cmd": ["bash"], "Labels": other}))
    result = compare(orig, bad, ["DOP304"])
    assert [(d.where, d.rules) for d in result.differences] == [("Labels.version", ("DOP304",))]


def test_layers_added_from_build_start_time(tmp_path: Path) -> None:
    created = ["2020-01-01T00:00:00Z", "2026-12-03T05:00:01.123456789Z", "2026-12-03T05:00:02Z"]
    image = load(docker_archive(tmp_path / "t.tar", [BASE, APP, LISTS], created=created))
    start = parse_time("2026-12-03T05:00:00Z")
    result = compare(image, image, since=(start, start))
    assert (result.orig.layers, result.orig.layers_added) == (3, 2)
    assert result.orig.bytes_added == image.layers[1].size + image.layers[2].size


def test_broken_archives_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match="no such file"):
        load(tmp_path / "missing.tar")
    (tmp_path / "junk.tar").write_bytes(b"not a tar")
    with pytest.raises(ArchiveError, match="not a tar"):
        load(tmp_path / "junk.tar")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ArchiveError, match="neither"):
        load(tmp_path / "empty")
    (tmp_path / "z").mkdir()
    oci_layout(tmp_path / "z", [BASE])
    blobs = tmp_path / "z" / "blobs" / "sha256"
    for blob in blobs.iterdir():
        data = blob.read_bytes()
        if data[:2] == b"\x1f\x8b":
            blob.write_bytes(b"\x28\xb5\x2f\xfd" + gzip.decompress(data)[:10])
    with pytest.raises(ArchiveError, match="zstd"):
        load(tmp_path / "z")


def test_globs() -> None:
    assert glob_regex("/var/log/apt/*").fullmatch("/var/log/apt/term.log")
    assert not glob_regex("/var/log/apt/*").fullmatch("/var/log/apt/x/term.log")
    assert glob_regex("/root/.cache/pip/**").fullmatch("/root/.cache/pip/a/b/c")
    assert matches("/home/app/.cache/pip", ["/home/*/.cache/pip"])
    assert not matches("/home/app/x/.cache/pip", ["/home/*/.cache/pip"])
    assert human(31_400_000) == "31.4 MB" and human(512) == "512 B"


def test_config_fields_are_flattened(tmp_path: Path) -> None:
    image = load(docker_archive(tmp_path / "c.tar", [BASE], {"Env": ["X=a=b"], "Labels": {}}))
    assert config_fields(image) == {"Env.X": "a=b", "Architecture": "amd64", "OS": "linux"}


def test_readme_documents_the_noise_list_and_every_rule_effect() -> None:
    from optimizer.verify.image_compare import NOISE_CONTENT, NOISE_IGNORE
    from optimizer.verify.rule_effects import EFFECTS

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    section = readme.split("## dopt verify", 1)[1].split("\n## ", 1)[0]
    for glob, _ in NOISE_IGNORE + NOISE_CONTENT:
        assert f"`{glob}`" in section, glob
    for code in EFFECTS:
        assert code in section, code
