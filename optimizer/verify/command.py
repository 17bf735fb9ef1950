"""``dopt verify``: fix a Dockerfile in memory, build both versions, prove the images the same.

The comparison is :mod:`optimizer.verify.image_compare` on the two saved images; what each
rule may change is :mod:`optimizer.verify.rule_effects`.  When the images differ in a way no
rule declares and several rules were applied, each rule's fix is built on its own and the
differences it reproduces are blamed on it.  Exit codes: 0 equivalent, 1 not, 2 a build
failed / no engine / unreadable input, 3 internal error.
"""

from __future__ import annotations

import json
import os
import posixpath
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from optimizer.cli.console import say as _say
from optimizer.errors import EXIT_ERROR, EXIT_FOUND, EXIT_INTERNAL, EXIT_OK, Unexpected
from optimizer.record import Record

EXIT_EQUIVALENT, EXIT_DIFFERENT = EXIT_OK, EXIT_FOUND  # verify's names for 0 and 1
MAX_LISTED = 40  # differences listed in the text report (JSON has all)


class VerifyOptions(Record):
    path: str = "Dockerfile"
    context: str | None = None
    unsafe: bool = False
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    engine: str = "auto"
    build_args: tuple[str, ...] = ()
    target: str | None = None
    keep: bool = False
    fmt: str = "text"
    ignore_paths: tuple[str, ...] = ()


class _BuildFailed(Exception):
    def __init__(self, side: str, log: Path, tail: str) -> None:
        super().__init__(side)
        self.side, self.log, self.tail = side, log, tail


class _Run:
    """Builds and saves images for one verify run; removes what it added to the store."""

    def __init__(self, engine: Any, opts: VerifyOptions, context: Path, work: Path) -> None:
        self.engine = engine
        self.opts = opts
        self.context = context
        self.work = work
        self.tags: list[str] = []
        self.seconds: dict[str, float] = {}
        self.before = engine.image_ids()

    def image(self, side: str, text: str) -> tuple[Any, datetime]:
        from optimizer.verify.image_archive import load

        dockerfile = self.work / f"{side}.Dockerfile"
        dockerfile.write_bytes(text.encode("utf-8"))
        tag = f"localhost/dopt-verify:{os.getpid()}-{side.lower()}"
        tmp = self.work / f"tmp-{side}"
        tmp.mkdir()
        _say(f"dopt verify: building {side} with {self.engine.name}...")
        start = datetime.now(timezone.utc)
        result = self.engine.build(
            dockerfile, self.context, tag, self.opts.build_args, self.opts.target, tmp
        )
        self.seconds[side] = result.seconds
        if not result.ok:
            log = Path(tempfile.gettempdir()) / f"dopt-verify-{side}-{os.getpid()}.log"
            log.write_text(result.log, encoding="utf-8")
            tail = "\n".join(result.log.strip().splitlines()[-15:])
            raise _BuildFailed(side, log, tail)
        self.tags.append(tag)
        archive = self.work / f"{side}.tar"
        self.engine.save(tag, archive)
        image = load(archive)
        archive.unlink()
        return image, start

    def cleanup(self) -> None:
        if self.opts.keep:
            return
        added = sorted(self.engine.image_ids() - self.before)
        self.engine.remove(self.tags + added)


def _codes(applied: Sequence[Any]) -> list[str]:
    out: list[str] = []
    for finding in applied:
        if finding.code not in out:
            out.append(finding.code)
    return out


def _key(diff: Any) -> tuple[str, str]:
    return diff.kind, diff.where


def run_verify(
    opts: VerifyOptions,
    fixer: Callable[..., Any] | None = None,
    engine: Any = None,
) -> int:
    """``fixer`` (default ``fix_text``) and ``engine`` are seams for tests."""
    from optimizer.engine import decode_bytes, read_input
    from optimizer.errors import DoptError
    from optimizer.io.settings import settings_for
    from optimizer.lint.fixer import fix_text
    from optimizer.syntax.parser import parse
    from optimizer.verify.build_engines import ENGINES, EngineError, pick
    from optimizer.verify.image_archive import ArchiveError
    from optimizer.verify.image_compare import compare

    fixer = fixer or fix_text
    if engine is None and opts.engine not in ("auto", *ENGINES):
        _say(f"dopt verify: unknown engine {opts.engine!r}; use auto, {', '.join(ENGINES)}")
        return EXIT_ERROR
    source = read_input(opts.path)
    try:
        if source.error is not None or source.data is None:
            raise source.error or DoptError("cannot read")
        text = decode_bytes(source.data)
        settings = settings_for(source.path)
        tree = parse(text)
    except DoptError as exc:
        _say(exc.located(source.name))
        return EXIT_ERROR

    def fixed(select: tuple[str, ...]) -> Any:
        return fixer(
            text,
            source.path,
            opts.unsafe,
            select,
            opts.ignore,
            settings.merge_build_stages,
            settings.style,
            tree,
            # The rules that read the build context (DOP202, DOP403) read the one built.
            context=Path(opts.context) if opts.context else None,
            opt_in=settings.opt_in,  # `cache-mounts = true` lets DOP203 run
        )

    try:
        result = fixed(opts.select)
    except RuntimeError as exc:
        _say(f"{opts.path}: {exc}")
        return EXIT_INTERNAL
    codes = _codes(result.applied)
    report: dict[str, Any] = {"path": opts.path, "applied": codes}
    if result.output == text:
        report.update(equivalent=True, differences=[], note="no fix applies: nothing to build")
        _emit(opts, report, "equivalent: no fix applies, nothing to build")
        return EXIT_EQUIVALENT

    context = Path(opts.context) if opts.context else Path(opts.path).resolve().parent
    if not context.is_dir():
        _say(f"dopt verify: build context {context} is not a folder")
        return EXIT_ERROR
    try:
        engine = engine or pick(opts.engine)
    except EngineError as exc:
        _say(f"dopt verify: {exc}")
        return EXIT_ERROR
    report["engine"] = engine.version() or engine.name
    with tempfile.TemporaryDirectory(prefix="dopt-verify-") as work:
        run = _Run(engine, opts, context, Path(work))
        try:
            orig, t_orig = run.image("original", text)
            new, t_new = run.image("fixed", result.output)
            cmp = compare(orig, new, codes, opts.ignore_paths, (t_orig, t_new))
            blame: dict[tuple[str, str], list[str]] = {}
            if cmp.differences and len(codes) > 1:
                blame = _attribute(run, orig, codes, fixed, opts, t_orig)
        except _BuildFailed as exc:
            report.update(
                equivalent=False,
                build_failed=exc.side,
                log=str(exc.log),
                build_seconds=run.seconds,
            )
            _say(f"dopt verify: the {exc.side} build failed (log: {exc.log}):\n{exc.tail}")
            _emit(opts, report, f"build failed: {exc.side} (log: {exc.log})")
            return EXIT_ERROR
        except (EngineError, ArchiveError) as exc:
            _say(f"dopt verify: {exc}")
            return EXIT_ERROR
        finally:
            if opts.keep and run.tags:
                report["tags"] = run.tags
            run.cleanup()
    last = tuple(codes[-1:])
    diffs = [
        d.replace(rules=tuple(blame.get(_key(d)) or last)) if len(codes) > 1 else d
        for d in cmp.differences
    ]
    report.update(_figures(cmp, diffs, run.seconds))
    _emit(opts, report, _text(report, cmp, diffs))
    return EXIT_EQUIVALENT if not diffs else EXIT_DIFFERENT


def _attribute(
    run: _Run,
    orig: Any,
    codes: list[str],
    fixed: Callable[[tuple[str, ...]], Any],
    opts: VerifyOptions,
    t_orig: datetime,
) -> dict[tuple[str, str], list[str]]:
    """Each difference -> the rule that brought it in.

    The rules are added one at a time, in the order they were first applied (a rule may only
    apply after another: DOP102 on a RUN that DOP101 merged), each prefix built and compared;
    a difference is blamed on the rule whose addition made it appear.  A difference seen only
    in the full fix is blamed on the last rule.
    """
    from optimizer.verify.image_compare import compare

    blame: dict[tuple[str, str], list[str]] = {}
    previous = None
    for k in range(1, len(codes)):
        partial = fixed(tuple(codes[:k]))
        if partial.output == previous:
            continue
        previous = partial.output
        _say(
            f"dopt verify: building with {', '.join(codes[:k])} only, to find the rule of each "
            "difference"
        )
        image, start = run.image(f"upto-{codes[k - 1]}", partial.output)
        step = compare(orig, image, codes[:k], opts.ignore_paths, (t_orig, start))
        for diff in step.differences:
            blame.setdefault(_key(diff), [codes[k - 1]])
    for diff_key in list(blame):
        blame[diff_key] = blame[diff_key][:1]
    return blame


def _figures(cmp: Any, diffs: list[Any], seconds: dict[str, float]) -> dict[str, Any]:
    def pair(attr: str) -> dict[str, int]:
        return {"orig": getattr(cmp.orig, attr), "new": getattr(cmp.new, attr)}

    return {
        "equivalent": not diffs,
        "differences": [d.as_dict() for d in diffs],
        "explained": [d.as_dict() for d in cmp.explained],
        "explained_bytes": cmp.explained_bytes,
        "ignored": {"count": len(cmp.ignored), "paths": list(cmp.ignored)},
        "layers": pair("layers"),
        "layers_added": pair("layers_added"),
        "bytes": pair("bytes"),
        "bytes_added": pair("bytes_added"),
        "fs_entries": pair("entries"),
        "build_seconds": {k: round(v, 2) for k, v in seconds.items()},
    }


def _text(report: dict[str, Any], cmp: Any, diffs: list[Any]) -> str:
    from optimizer.verify.image_compare import human

    lines = [f"engine: {report['engine']}", f"fixes applied: {', '.join(report['applied'])}"]
    secs = report["build_seconds"]
    lines.append("build time: " + ", ".join(f"{side} {s:.1f} s" for side, s in secs.items()))
    o, n = cmp.orig, cmp.new
    lines.append(
        f"layers: {o.layers} -> {n.layers} in all, {o.layers_added} -> {n.layers_added} added"
    )
    lines.append(
        f"size: {human(o.bytes)} -> {human(n.bytes)} in all, "
        f"{human(o.bytes_added)} -> {human(n.bytes_added)} added"
    )
    by_rule: dict[str, list[Any]] = {}
    for d in cmp.explained:
        by_rule.setdefault(d.rules[0], []).append(d)
    for code, items in by_rule.items():
        size = sum(d.size for d in items)
        paths = [d.where for d in items if d.kind != "config"]
        fields = [d.where for d in items if d.kind == "config"]
        if paths:
            under = posixpath.commonpath(paths) if len(paths) > 1 else paths[0]
            lines.append(f"declared by {code}: {len(paths)} paths under {under} ({human(size)})")
        if fields:
            lines.append(f"declared by {code}: config {', '.join(fields)}")
    if cmp.ignored:
        lines.append(f"noise ignored: {len(cmp.ignored)} paths")
    for d in diffs[:MAX_LISTED]:
        lines.append(f"  {d.describe()}  [{', '.join(d.rules) or 'no rule'}]")
    if len(diffs) > MAX_LISTED:
        lines.append(f"  ... and {len(diffs) - MAX_LISTED} more (--format json lists all)")
    tail = (
        f"layers {o.layers_added} -> {n.layers_added}; "
        f"{human(o.bytes_added)} -> {human(n.bytes_added)}"
    )
    caches = human(cmp.explained_bytes)
    changes = [d for d in cmp.explained if d.kind == "config"]
    declared = f", {len(changes)} declared config change" + ("s" if len(changes) != 1 else "")
    if not diffs:
        extra = declared if changes else ""
        lines.append(f"equivalent: 0 differences beyond removed caches ({caches}){extra}; {tail}")
    else:
        rules = sorted({c for d in diffs for c in d.rules})
        lines.append(
            f"not equivalent: {len(diffs)} difference{'s' if len(diffs) != 1 else ''} "
            f"(caused by {', '.join(rules) or 'no rule'}); {tail}"
        )
    return "\n".join(lines)


def _emit(opts: VerifyOptions, report: dict[str, Any], text: str) -> None:
    if opts.fmt == "json":
        json.dump(report, sys.stdout, indent=2, sort_keys=True, default=str)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(text + "\n")


def verify_main(opts: VerifyOptions) -> int:
    """``dopt verify`` with its options read: the exit code (0 equivalent, 1 not, 2 a build
    failed or no engine, 3 a dopt bug, reported without a traceback)."""
    if opts.fmt not in ("text", "json"):
        _say("dopt verify: --format must be text or json")
        return EXIT_ERROR
    try:
        return run_verify(opts)
    except Exception as exc:
        _say(Unexpected.wrap(exc).located("dopt verify"))
        return EXIT_INTERNAL
