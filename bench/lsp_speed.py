"""How fast ``dopt server`` answers an editor, warm, on a 100-line Dockerfile.

    .venv/bin/python bench/lsp_speed.py [--edits N] [--out bench/lsp_speed.md]

Drives the server with the tests' JSON-RPC client (tests/lspclient.py) and times, from the
client's side of the pipe: a diagnostics update (an incremental didChange of one line until
its publishDiagnostics arrives) and a formatting request (until its response); also the
server's own CPU time per update (from /proc: what a loaded machine's wall clock adds is not
in it).  Then the server's RSS after 10, N (1,000), 2N and 3N edits (flat once warm?), and,
in this process, where the time of one update goes (the engine's steps on the same text).
Writes lsp_speed.md.
Not a test: the figures depend on the machine (and on what else it runs).
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from lspclient import Client  # noqa: E402

_BLOCK = """\
# stage {i}: build tools
FROM python:3.12-slim AS build{i}
ARG VERSION={i}
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \\
    APP_HOME=/app{i}
WORKDIR /app{i}
RUN apt-get update
RUN apt-get install -y curl git build-essential
copy requirements.txt .
RUN pip install -r requirements.txt
RUN set -eux; \\
    curl -fsSL https://example.com/tool{i}.tgz -o /tmp/tool.tgz && \\
    tar -xzf /tmp/tool.tgz -C /usr/local/bin && \\
    rm /tmp/tool.tgz
COPY . .
RUN python -m compileall -q .
env LANG C.UTF-8
EXPOSE 80{i}
USER nobody

"""


def dockerfile(lines: int = 100) -> str:
    text = ""
    i = 0
    while text.count("\n") < lines - 2:
        text += _BLOCK.format(i=i)
        i += 1
    kept = text.splitlines(keepends=True)[: lines - 2]
    return "".join(kept) + 'ENV BUILD_NUMBER=0\nCMD ["python3", "app.py"]\n'


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def cpu_s(pid: int) -> float:
    """The process's user + system CPU seconds so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


class Driver:
    def __init__(self, client: Client, uri: str, text: str) -> None:
        self.client, self.uri, self.text = client, uri, text
        self.version = 1
        marks = [k for k, line in enumerate(text.splitlines()) if "BUILD_NUMBER=" in line]
        self.line = marks[-1]  # the line each edit changes, 0-based

    def edit(self, n: int) -> float:
        """Change the BUILD_NUMBER line; ms until its diagnostics arrive."""
        self.version += 1
        old = self.text.splitlines(keepends=True)[self.line]
        new = f"ENV BUILD_NUMBER={n}\n"
        start = {"line": self.line, "character": 0}
        end = {"line": self.line + 1, "character": 0}
        lines = self.text.splitlines(keepends=True)
        lines[self.line] = new
        self.text = "".join(lines)
        assert old != new or n == 0
        t = time.perf_counter()
        self.client.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": self.uri, "version": self.version},
                "contentChanges": [{"range": {"start": start, "end": end}, "text": new}],
            },
        )
        while True:
            params = self.client.diagnostics()
            if params.get("version") == self.version:
                break
        return (time.perf_counter() - t) * 1000

    def format(self) -> tuple[float, Any]:
        t = time.perf_counter()
        edits = self.client.request(
            "textDocument/formatting",
            {"textDocument": {"uri": self.uri}, "options": {"tabSize": 4, "insertSpaces": True}},
        )
        return (time.perf_counter() - t) * 1000, edits


def in_process(text: str, runs: int = 50) -> dict[str, float]:
    """Median ms of each step of an update and of a formatting request, in this process."""
    from optimizer.engine import check_source, format_source, parse_source
    from optimizer.io.settings import Settings
    from optimizer.server import actions, convert

    settings = Settings()
    tree = parse_source(text)
    output = format_source(text, settings, tree=tree).output or text
    snap = actions.analyse(text, settings, None)
    steps = {
        "parse + BuildKit checks (parse_source)": lambda: parse_source(text),
        "lint (check_source, tree given, no edits)": lambda: check_source(
            text, settings, tree=tree, edits=False
        ),
        "to LSP diagnostics (convert)": lambda: actions.diagnostics_json(snap, "utf-16"),
        "format (format_source, tree given)": lambda: format_source(text, settings, tree=tree),
        "line hunks (difflib)": lambda: convert.hunks(text, output),
    }
    out = {}
    for name, step in steps.items():
        step()
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            step()
            times.append((time.perf_counter() - t) * 1000)
        out[name] = statistics.median(times)
    return out


def clean(text: str) -> str:
    """The file after `dopt fix` and `dopt fmt`: what an editor mostly shows."""
    from optimizer.engine import fix_source, format_source
    from optimizer.io.settings import Settings

    fixed = fix_source(text, Settings()).output or text
    return format_source(fixed, Settings()).output or fixed


def rounds(driver: Driver, timed: int, first: int) -> tuple[list[float], list[float], float]:
    """``timed`` rounds of an edit then a formatting request: their times, and the server's
    mean CPU ms per update (edits alone, after the rounds)."""
    updates, formats = [], []
    for n in range(timed):
        updates.append(driver.edit(first + n))
        ms, _ = driver.format()
        formats.append(ms)
    pid = driver.client.proc.pid
    before = cpu_s(pid)
    for n in range(timed):
        driver.edit(first + timed + n)
    return updates, formats, (cpu_s(pid) - before) * 1000 / timed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--edits", type=int, default=1000)
    ap.add_argument("--timed", type=int, default=100, help="rounds timed per file")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "lsp_speed.md")
    args = ap.parse_args()

    texts = {"as written": dockerfile()}
    texts["after fix + fmt"] = clean(texts["as written"])
    folder = Path("/tmp") / "dopt-lsp-bench"
    folder.mkdir(exist_ok=True)
    client = Client(cwd=folder)
    client.initialize()
    results = []
    rss: dict[int, int] = {}
    for k, (label, text) in enumerate(texts.items()):
        uri = (folder / f"Dockerfile.{k}").as_uri()
        client.open(uri, text)
        findings = len(client.diagnostics()["diagnostics"])
        driver = Driver(client, uri, text)
        for n in range(1, 11):  # warm: the rules, the formatter's tables
            driver.edit(n)
            driver.format()
        if k == 0:
            rss[10] = rss_kb(client.proc.pid)
        updates, formats, cpu = rounds(driver, args.timed, 1000)
        results.append((label, text.count("\n"), findings, updates, formats, cpu))
        if k == 0:
            done = 10 + 2 * args.timed
            for count in (args.edits, 2 * args.edits, 3 * args.edits):
                for n in range(done, count):
                    driver.edit(5000 + n)
                done = count
                rss[count] = rss_kb(client.proc.pid)
    code = client.close()
    assert code == 0, client.stderr.decode()

    steps = {label: in_process(text) for label, text in texts.items()}
    report = render(results, rss, steps)
    args.out.write_text(report)
    print(report)


def render(
    results: list[tuple[str, int, int, list[float], list[float], float]],
    rss: dict[int, int],
    steps: dict[str, dict[str, float]],
) -> str:
    lines = [
        "# dopt server: speed and memory (bench/lsp_speed.py)",
        "",
        "A warm server; each round changes one line (an incremental didChange) and waits for "
        "its publishDiagnostics, then sends textDocument/formatting and waits for the edits. "
        "Times from the client's side of the pipe (JSON-RPC included). Goal: median <= 5 ms.",
        "",
        "| file | lines | findings | rounds | update median ms | update p95 ms "
        "| format median ms | format p95 ms | server CPU ms per update |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, count, findings, updates, formats, cpu in results:
        lines.append(
            f"| {label} | {count} | {findings} | {len(updates)} "
            f"| {statistics.median(updates):.2f} | {pct(updates, 0.95):.2f} "
            f"| {statistics.median(formats):.2f} | {pct(formats, 0.95):.2f} | {cpu:.2f} |"
        )
    counts = sorted(rss)
    lines += [
        "",
        "| server RSS (the first file) | KiB | growth since the row above, KiB |",
        "|---|---:|---:|",
        f"| after {counts[0]} edits | {rss[counts[0]]} | |",
    ]
    for a, b in itertools.pairwise(counts):
        grown = rss[b] - rss[a]
        per = grown * 1024 / (b - a)
        lines.append(f"| after {b} edits | {rss[b]} | {grown:+d} ({per:+.0f} B per edit) |")
    lines += [
        "",
        "Where the time goes: the same steps in this process, median ms:",
        "",
        "| step | " + " | ".join(steps) + " |",
        "|---|" + "---:|" * len(steps),
    ]
    names = next(iter(steps.values()))
    for name in names:
        lines.append(f"| {name} | " + " | ".join(f"{s[name]:.2f}" for s in steps.values()) + " |")
    lines += [
        "",
        f"Python {platform.python_version()} on {platform.machine()}, {time.strftime('%Y-%m-%d')}.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
