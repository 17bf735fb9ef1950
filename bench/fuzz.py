"""A seedable fuzzer for parse, fmt and fix.

    python bench/fuzz.py --seed 1 --count 100000            # the whole run
    python bench/fuzz.py --seed 1 --start 20000 --count 20000  # one chunk of it

Input ``i`` of seed ``s`` depends on (s, i) only, so a run can be cut into chunks and any
finding replayed with ``--start i --count 1 --show``.  Inputs are windows of corpus files (or
of built-in snippets when the corpus is absent) and synthetic snippets, mutated: bytes
inserted, deleted or replaced (white space bytes, NBSP, U+0085, BOMs, escapes, quotes,
operators), lines spliced, commands nested deep, heredocs, `# escape=`, continuations.

Each input goes through parse (lossless?), fmt (twice: idempotent?), fix and unsafe fix (a
fixed point?).  fmt's output must read as the input did, which is checked against BuildKit's
own parser (the ``dockerfile`` package, tests/oracle.py) where it is installed and can read
the input, else against dopt's model: instructions, flags, JSON-ness, values (ENV/LABEL values
after quote removal; shell scripts by the shell's words and their non-blank text) and heredocs,
line numbers aside.  Comments must all survive.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from optimizer.errors import ParseError  # noqa: E402
from optimizer.format.formatter import Refused, format_text  # noqa: E402
from optimizer.format.guard import shell_key  # noqa: E402
from optimizer.lint.fixer import fix_text  # noqa: E402
from optimizer.syntax import buildkit, cst  # noqa: E402
from optimizer.syntax.parser import parse  # noqa: E402

try:
    import oracle as _oracle
except ImportError:  # pragma: no cover - run from elsewhere
    _oracle = None

CORPUS = ROOT.parent / "shared" / "corpus"
_NOT_DOCKERFILES = {"README.md", "SOURCES.tsv", "result", "expected_lines.json"}
MAX_CHARS = 3000
ORACLE_EVERY = 4  # set by --oracle-every
UNSAFE_EVERY = 1  # set by --unsafe-every

SNIPPETS = [
    "FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl git \\\n"
    "    && rm -rf /var/lib/apt/lists/*\n",
    "FROM alpine AS build\nRUN --mount=type=cache,target=/root/.cache pip install -r req.txt\n"
    "COPY --from=build /a /b\n",
    "# syntax=docker/dockerfile:1\n# escape=`\nFROM windows\nRUN dir `\n    c:\\\n",
    "FROM a\nRUN <<EOF\nset -e\necho hi\nEOF\nCOPY <<-A <<B /dst/\n\ta\n\tA\nb\nB\n",
    "FROM a\nENV A=1 B=\"two words\" C='x'\nENV legacy value with spaces\nLABEL a=b \\\n  c=d\n",
    'FROM a\nARG X=1\nARG Y\nEXPOSE 80 443/udp\nVOLUME ["/data", "/x"]\nWORKDIR /app\n',
    "FROM a\nHEALTHCHECK --interval=5s CMD curl -f http://localhost/ || exit 1\n"
    'CMD ["nginx", "-g", "daemon off;"]\nENTRYPOINT exec app\n',
    'FROM a\nONBUILD RUN echo hi\nONBUILD ADD . /src\nSHELL ["/bin/bash", "-c"]\n',
    "FROM a\nRUN set -eux; \\\n    # a comment\n    apk add --no-cache a b; \\\n"
    "    if [ -f x ]; then \\\n        echo y; \\\n    fi\n",
    "FROM a\nUSER 1000:1000\nSTOPSIGNAL SIGTERM\nMAINTAINER me <me@x>\nADD x.tar.gz /y/\n",
    "FROM a\nRUN pip install --no-cache-dir a==1 b && npm ci && yarn install\n",
    "FROM a\nrun  echo  $(date)  \"${A:-b}\"  'c d' ; ls\n",
]

# Text that parsers treat specially; each is inserted whole.
PIECES = [
    " ",
    "\t",
    "\v",
    "\f",
    "\r",
    "\n",
    "\r\n",
    "\u00a0",
    "\u0085",
    "\u2028",
    "\u3000",
    "\ufeff",
    "\\",
    "\\\n",
    " \\\n",
    "`",
    "`\n",
    '"',
    "'",
    "$",
    "$(",
    ")",
    "(",
    "{",
    "}",
    "${",
    ";",
    "&&",
    "||",
    "|",
    "&",
    "<<",
    "<<EOF",
    "<<-EOF",
    "EOF",
    "#",
    "# c\n",
    "=",
    "--",
    "--mount=type=cache,target=/x",
    "--from=a",
    "[",
    "]",
    ",",
    '"a"',
    "\\ ",
    "\u00e0",
    "\u5140",
    "\u0800",
    "\u00e9",
    "-",
    "\x00",
    "\x1c",
    "*",
    "~",
    "!",
]
KEYWORDS = [
    "FROM",
    "RUN",
    "CMD",
    "LABEL",
    "EXPOSE",
    "ENV",
    "ADD",
    "COPY",
    "ENTRYPOINT",
    "VOLUME",
    "USER",
    "WORKDIR",
    "ARG",
    "ONBUILD",
    "STOPSIGNAL",
    "HEALTHCHECK",
    "SHELL",
    "MAINTAINER",
    "run",
    "Copy",
    "FOO",
]


def _corpus() -> list[str]:
    if not CORPUS.is_dir():
        return []
    out = []
    for p in sorted(CORPUS.rglob("*")):
        if p.is_file() and p.name not in _NOT_DOCKERFILES:
            try:
                out.append(p.read_bytes().decode("utf-8"))
            except UnicodeDecodeError:
                continue
    return out


# --- making inputs ---------------------------------------------------------------------


def _window(rng: random.Random, text: str) -> str:
    lines = text.splitlines(keepends=True)
    if len(lines) <= 12:
        return text
    start = rng.randrange(len(lines))
    return "".join(lines[start : start + rng.randint(1, 12)])


def _nest(rng: random.Random) -> str:
    depth = rng.choice([3, 30, 200, 1000])
    kind = rng.randrange(6)
    inner = "true"
    if kind == 0:
        body = "(" * depth + inner + ")" * depth
    elif kind == 1:
        body = "{ " * depth + inner + " ;}" * depth
    elif kind == 2:
        body = "echo " + "$(" * depth + inner + ")" * depth
    elif kind == 3:
        body = "echo " + "${a:-" * depth + "x" + "}" * depth
    elif kind == 4:
        body = "echo " + '"$(' * depth + "x" + ')"' * depth
    else:
        return "FROM a\n" + "ONBUILD " * min(depth, 40) + "RUN x\n"
    keyword = rng.choice(["RUN", "run", "CMD", "ENV A=", "RUN <<EOF"])
    tail = "\nhi\nEOF\n" if keyword.endswith("EOF") else "\n"
    return f"FROM a\n{keyword} {body}{tail}"


def _mutate(rng: random.Random, text: str) -> str:
    op = rng.randrange(12)
    n = len(text)
    at = rng.randint(0, n)
    if op <= 2:  # insert a special piece
        return text[:at] + rng.choice(PIECES) + text[at:]
    if op == 3 and n:  # delete a span
        return text[:at] + text[at + rng.randint(1, 4) :]
    if op == 4 and n:  # replace one character with a special piece
        return text[:at] + rng.choice(PIECES) + text[at + 1 :]
    if op == 5:  # a byte-level change that still decodes
        data = bytearray(text.encode("utf-8"))
        if data:
            i = rng.randrange(len(data))
            data[i] = rng.choice([0x09, 0x0B, 0x0C, 0x0D, 0x20, 0x5C, 0x60, 0x85, 0xA0, data[i]])
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return text
    if op == 6:  # splice a line from a snippet
        line = rng.choice(rng.choice(SNIPPETS).splitlines(keepends=True))
        return text[:at] + line + text[at:]
    if op == 7:  # a continuation at a blank
        blanks = [i for i, c in enumerate(text) if c == " "]
        if blanks:
            i = rng.choice(blanks)
            mid = rng.choice([" \\\n", " \\\n# note\n", " \\\n\n", "\\\n", " \\  \n  "])
            return text[:i] + mid + text[i + 1 :]
        return text
    if op == 8:  # an escape directive on top
        return "# escape=`\n" + text.replace("\\\n", "`\n")
    if op == 9:  # a BOM somewhere near a line start
        starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
        i = rng.choice(starts) + rng.randint(0, 2)
        return text[:i] + "\ufeff" + text[i:]
    if op == 10:  # the end of the file
        return text.rstrip("\n") + rng.choice(["", " \\", " && \\", " \\ \\", "\\\n# c", "\r\n"])
    # a keyword changed
    return text.replace(rng.choice(KEYWORDS), rng.choice(KEYWORDS), 1)


def make_input(seed: int, i: int, corpus: list[str]) -> str:
    rng = random.Random(f"{seed}:{i}")
    kind = rng.random()
    if kind < 0.05:
        text = _nest(rng)
    elif kind < 0.55 and corpus:
        text = _window(rng, rng.choice(corpus))
    else:
        text = rng.choice(SNIPPETS)
    if not text.lstrip().upper().startswith(("FROM", "#", "ARG")) and rng.random() < 0.5:
        text = "FROM a\n" + text
    for _ in range(rng.choice([0, 1, 1, 2, 3, 5])):
        text = _mutate(rng, text)
    return text[:MAX_CHARS] if len(text) > MAX_CHARS and kind >= 0.05 else text


# --- reading a file as BuildKit does ---------------------------------------------------------


def _norm_values(cmd: str, is_json: bool, values: list[str], escape: str) -> tuple[Any, ...]:
    kind = cmd.lower()
    if kind in ("env", "label"):
        return tuple(buildkit.process_word(v, escape) if i % 2 else v for i, v in enumerate(values))
    if kind == "from" and len(values) == 3 and values[1].lower() == "as":
        return (values[0], "as", values[2])
    if not is_json and kind in ("run", "cmd", "entrypoint") and values:
        return (shell_key(values[0]),)
    if kind == "healthcheck" and values:
        out: tuple[Any, ...] = (values[0].upper(), *values[1:])
        if not is_json and len(values) == 2:
            out = (values[0].upper(), shell_key(values[1]))
        return out
    return tuple(values)


def reading(text: str, use_oracle: bool) -> tuple[str, list[tuple[Any, ...]]] | None:
    """("buildkit" or "dopt", the instructions as read); None if the file is refused."""
    source = "dopt"
    commands: list[dict[str, Any]] | None = None
    # The package passes strings through C: a NUL byte cuts them short (tests/oracle.py).
    if use_oracle and _oracle is not None and _oracle.available and "\x00" not in text:
        try:
            commands = _oracle.commands(text)
            source = "buildkit"
        except _oracle.OracleError:
            return None
        except Exception:  # the package fails on some bytes (invalid UTF-8 from its flags)
            commands = None
    if commands is None:
        try:
            tree = parse(text)
        except ParseError:
            return None
        commands = [c.as_dict() for c in tree.commands()]
    escape = "`" if _escape_is_backtick(text) else "\\"
    out = []
    for c in commands:
        kind = c["sub_cmd"] or c["cmd"]
        values = _norm_values(kind, c["json"], c["value"], escape)
        heredocs = tuple((h["name"], h["content"]) for h in c["heredocs"])
        out.append((c["cmd"], c["sub_cmd"], tuple(c["flags"]), c["json"], values, heredocs))
    return source, out


def _escape_is_backtick(text: str) -> bool:
    try:
        return parse(text).escape == "`"
    except ParseError:
        return False


def comments(tree: cst.Dockerfile) -> list[str]:
    out = []
    for item in tree.items:
        if isinstance(item, cst.Comment | cst.Directive):
            out.append(item.text.strip())
        elif isinstance(item, cst.Instruction):
            out.extend(c.strip() for c in item.comments)
    return sorted(out)


# --- checking one input -------------------------------------------------------------------


class Stats:
    def __init__(self) -> None:
        self.inputs = 0
        self.parsed = 0
        self.rejected = 0
        self.formatted = 0  # fmt changed the text
        self.fixed = 0  # fix changed the text
        self.oracle_checked = 0
        self.findings: dict[str, list[tuple[int, str, str]]] = {}

    def add(self, kind: str, i: int, text: str, detail: str) -> None:
        self.findings.setdefault(kind, []).append((i, text, detail))

    def merge(self, other: Stats) -> None:
        for name in ("inputs", "parsed", "rejected", "formatted", "fixed", "oracle_checked"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for kind, items in other.findings.items():
            self.findings.setdefault(kind, []).extend(items)


def _crash(stats: Stats, where: str, i: int, text: str) -> None:
    stats.add(f"crash in {where}", i, text, traceback.format_exc(limit=-3))


def check(i: int, text: str, stats: Stats) -> None:
    stats.inputs += 1
    try:
        tree = parse(text)
    except ParseError:
        stats.rejected += 1
        return
    except Exception:
        _crash(stats, "parse", i, text)
        return
    stats.parsed += 1
    if tree.code != text:
        stats.add("parse not lossless", i, text, repr(tree.code[:200]))
    _check_fmt(i, text, tree, stats)
    _check_fix(i, text, stats, unsafe=False)
    if i % UNSAFE_EVERY == 0:
        _check_fix(i, text, stats, unsafe=True)


def _check_fmt(i: int, text: str, tree: cst.Dockerfile, stats: Stats) -> None:
    try:
        out = format_text(text)
    except Refused as exc:
        stats.add("fmt refused", i, text, str(exc))
        return
    except Exception:
        _crash(stats, "fmt", i, text)
        return
    if out == text:
        return
    stats.formatted += 1
    try:
        again = format_text(out)
    except Exception as exc:
        stats.add("fmt output not formattable", i, text, f"{type(exc).__name__}: {exc}")
        return
    if again != out:
        stats.add("fmt not idempotent", i, text, f"{out!r} -> {again!r}")
    # dopt's model always; BuildKit's parser (~13 ms a call) on every ORACLE_EVERY-th input.
    for use_oracle in (False, True) if i % ORACLE_EVERY == 0 else (False,):
        before, after = reading(text, use_oracle), reading(out, use_oracle)
        if before is None:
            continue
        stats.oracle_checked += before[0] == "buildkit"
        if after is None or before[1] != after[1]:
            stats.add("fmt changed meaning", i, text, f"({before[0]}) {out!r}")
            break
    try:
        if comments(tree) != comments(parse(out)):
            stats.add("fmt lost a comment", i, text, repr(out))
    except ParseError as exc:
        stats.add("fmt output does not parse", i, text, str(exc))


def _check_fix(i: int, text: str, stats: Stats, unsafe: bool) -> None:
    where = "unsafe fix" if unsafe else "fix"
    try:
        result = fix_text(text, unsafe=unsafe)
    except Exception:
        _crash(stats, where, i, text)
        return
    if not result.applied:
        if result.output != text:
            stats.add(f"{where} changed text without a fix", i, text, repr(result.output))
        return
    stats.fixed += not unsafe
    try:
        again = fix_text(result.output, unsafe=unsafe)
    except Exception:
        _crash(stats, f"{where} (second run)", i, text)
        return
    if again.output != result.output:
        stats.add(f"{where} not idempotent", i, text, f"{result.output!r} -> {again.output!r}")


def run(
    seed: int, count: int, start: int = 0, progress: Callable[[int], None] | None = None
) -> Stats:
    corpus = _corpus()
    stats = Stats()
    for i in range(start, start + count):
        check(i, make_input(seed, i, corpus), stats)
        if progress is not None and (i - start + 1) % 1000 == 0:
            progress(i - start + 1)
    return stats


def inputs(seed: int, count: int, start: int = 0) -> Iterator[str]:
    corpus = _corpus()
    for i in range(start, start + count):
        yield make_input(seed, i, corpus)


def report(stats: Stats, seconds: float, examples: int = 3) -> str:
    lines = [
        f"inputs {stats.inputs}: parsed {stats.parsed}, rejected (ParseError) {stats.rejected},"
        f" fmt changed {stats.formatted} (read back by BuildKit's parser: "
        f"{stats.oracle_checked}), fix changed {stats.fixed}; {seconds:.0f} s",
    ]
    crashes = sum(len(v) for k, v in stats.findings.items() if k.startswith("crash"))
    meaning = len(stats.findings.get("fmt changed meaning", []))
    idem = sum(len(v) for k, v in stats.findings.items() if "idempotent" in k)
    lines.append(f"crashes {crashes}, missed meaning changes {meaning}, non-idempotent {idem}")
    for kind, items in sorted(stats.findings.items()):
        lines.append(f"- {kind}: {len(items)}")
        for i, text, detail in items[:examples]:
            lines.append(f"    #{i} {text[:300]!r}")
            lines.append("      " + detail.strip().replace("\n", "\n      ")[:600])
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    global ORACLE_EVERY, UNSAFE_EVERY
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--start", type=int, default=0, help="index of the first input")
    ap.add_argument("--show", action="store_true", help="print the inputs, do not run them")
    ap.add_argument("--examples", type=int, default=3)
    ap.add_argument(
        "--oracle-every", type=int, default=ORACLE_EVERY, help="BuildKit's parser on every Nth"
    )
    ap.add_argument("--unsafe-every", type=int, default=UNSAFE_EVERY, help="unsafe fix too")
    args = ap.parse_args(argv)
    ORACLE_EVERY = max(1, args.oracle_every)
    UNSAFE_EVERY = max(1, args.unsafe_every)
    if args.show:
        for n, text in enumerate(inputs(args.seed, args.count, args.start)):
            print(f"#{args.start + n} {text!r}")
        return 0
    t = time.perf_counter()
    stats = run(
        args.seed,
        args.count,
        args.start,
        progress=lambda n: print(f"  {n} inputs", file=sys.stderr, flush=True),
    )
    print(report(stats, time.perf_counter() - t, args.examples))
    return 1 if stats.findings else 0


if __name__ == "__main__":
    sys.exit(main())
