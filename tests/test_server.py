"""``dopt server`` end to end: a real client (tests/lspclient.py) speaks JSON-RPC to the
subprocess over its stdin and stdout; every answer is compared in full (ranges, edits).

Positions on the wire are 0-based, columns in UTF-16 code units unless the client asks for
UTF-8: the emoji lines check the conversion (one code point, two UTF-16 units, 4 bytes).
"""

from __future__ import annotations

import gc
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lspclient import Client

from optimizer.server import convert

EXAMPLE = (
    "FROM debian:bookworm\n"
    "# Build tools and the app's runtime\n"
    "RUN apt-get update\n"
    "RUN apt-get install -y curl git\n"
    "copy . /app\n"
    "workdir /app\n"
    "ENV LANG C.UTF-8\n"
    "RUN pip install -r requirements.txt\n"
    'CMD ["python3","app.py"]\n'
)


def rng(l1: int, c1: int, l2: int, c2: int) -> dict[str, Any]:
    return {"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}}


def summary(params: dict[str, Any]) -> list[tuple[str, dict[str, Any], int]]:
    return [(d["code"], d["range"], d["severity"]) for d in params["diagnostics"]]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    """One server for the feature tests (start-up is the slow part); each test opens its
    own documents in its own folder."""
    client = Client(cwd=tmp_path_factory.mktemp("cwd"))
    client.initialize()
    yield client
    assert client.close() == 0, client.stderr.decode()


def doc(tmp_path: Path, name: str = "Dockerfile") -> str:
    return (tmp_path / name).as_uri()


def code_actions(server: Client, uri: str, line: int, only: list[str] | None = None) -> Any:
    context: dict[str, Any] = {"diagnostics": []}
    if only is not None:
        context["only"] = only
    return server.request(
        "textDocument/codeAction",
        {"textDocument": {"uri": uri}, "range": rng(line, 0, line, 0), "context": context},
    )


def edits_of(action: dict[str, Any], uri: str) -> list[dict[str, Any]]:
    return action["edit"]["changes"][uri]


# ---------------------------------------------------------------------------- lifecycle


def test_initialize_shutdown_exit(tmp_path: Path) -> None:
    client = Client(cwd=tmp_path)
    result = client.initialize()
    caps = result["capabilities"]
    assert result["serverInfo"]["name"] == "dopt"
    assert caps["positionEncoding"] == "utf-16"
    assert caps["documentFormattingProvider"] is True
    assert caps["documentRangeFormattingProvider"] is True
    assert caps["hoverProvider"] is True
    assert caps["codeActionProvider"]["codeActionKinds"] == ["quickfix", "source.fixAll.dopt"]
    assert caps["textDocumentSync"]["change"] == 2  # incremental
    assert client.close() == 0
    assert b"Traceback" not in client.stderr


def test_exit_without_shutdown_is_not_a_clean_exit(tmp_path: Path) -> None:
    client = Client(cwd=tmp_path)
    client.initialize()
    client.notify("exit")
    assert client.wait() == 2


# ---------------------------------------------------------------------------- diagnostics


def test_did_open_publishes_findings_with_ranges(server: Client, tmp_path: Path) -> None:
    uri = doc(tmp_path)
    server.open(uri, EXAMPLE, version=7)
    params = server.diagnostics()
    assert params["uri"] == uri and params["version"] == 7
    assert summary(params) == [
        ("DOP405", rng(0, 0, 0, 20), 2),
        ("DOP502", rng(0, 0, 0, 20), 2),
        ("DOP102", rng(2, 0, 2, 18), 2),
        ("DOP101", rng(3, 0, 3, 31), 2),
        ("DOP301", rng(3, 0, 3, 31), 2),
        ("DOP106", rng(7, 0, 7, 35), 2),
        ("DOP202", rng(7, 0, 7, 35), 2),  # an unsaved buffer has no build context
    ]
    first = params["diagnostics"][3]
    assert first["source"] == "dopt"
    assert first["message"] == "RUN can be merged with the RUN above"
    assert first["codeDescription"]["href"].endswith("/docs/rules/DOP101.md")


def test_did_change_updates_and_did_save_republishes(server: Client, tmp_path: Path) -> None:
    uri = doc(tmp_path)
    server.open(uri, EXAMPLE)
    assert len(server.diagnostics()["diagnostics"]) == 7
    fixed = EXAMPLE.replace("pip install -r", "pip install --no-cache-dir -r")
    server.change(uri, fixed, 2)
    params = server.diagnostics()
    assert params["version"] == 2
    codes = ["DOP405", "DOP502", "DOP102", "DOP101", "DOP301", "DOP202"]
    assert [d["code"] for d in params["diagnostics"]] == codes
    server.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
    assert [d["code"] for d in server.diagnostics()["diagnostics"]] == codes
    server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    assert server.diagnostics() == {"uri": uri, "diagnostics": []}


def test_incremental_change_is_applied(server: Client, tmp_path: Path) -> None:
    uri = doc(tmp_path)
    server.open(uri, EXAMPLE)
    server.diagnostics()
    # insert `--no-cache-dir ` at line 7, character 16 (after "RUN pip install ")
    at = {"line": 7, "character": 16}
    server.notify(
        "textDocument/didChange",
        {
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"range": {"start": at, "end": at}, "text": "--no-cache-dir "}],
        },
    )
    assert "DOP106" not in [d["code"] for d in server.diagnostics()["diagnostics"]]


def test_columns_are_utf16_code_units(server: Client, tmp_path: Path) -> None:
    line = 'RUN echo "\U0001f600 ok" && pip install flask'
    uri = doc(tmp_path)
    server.open(uri, f"# \U0001f600 a comment\nFROM alpine:3.20\n{line}\n")
    (finding,) = server.diagnostics()["diagnostics"]
    assert finding["code"] == "DOP106"
    assert finding["range"] == rng(2, 0, 2, len(line) + 1)  # the emoji is 2 units


def test_columns_in_utf8_when_the_client_asks(tmp_path: Path) -> None:
    client = Client(cwd=tmp_path)
    assert client.initialize(encodings=["utf-8"])["capabilities"]["positionEncoding"] == "utf-8"
    line = 'RUN echo "\U0001f600 é" && pip install flask'
    uri = doc(tmp_path)
    client.open(uri, f"FROM alpine:3.20\n{line}\n")
    (finding,) = client.diagnostics()["diagnostics"]
    assert finding["range"] == rng(1, 0, 1, len(line.encode()))
    assert client.close() == 0


def test_parse_error_is_one_error_diagnostic_and_the_server_goes_on(
    server: Client, tmp_path: Path
) -> None:
    uri = doc(tmp_path)
    server.open(uri, "FROM alpine:3.20\nBOGUS x y\nRUN pip install flask\n")
    params = server.diagnostics()
    assert params["diagnostics"] == [
        {
            "range": rng(1, 0, 1, 9),
            "message": "unknown instruction: BOGUS",
            "severity": 1,
            "code": "parse-error",
            "source": "dopt",
        }
    ]
    # no formatting, no code actions for a file that does not parse; no crash either
    fmt = server.request(
        "textDocument/formatting",
        {"textDocument": {"uri": uri}, "options": {"tabSize": 4, "insertSpaces": True}},
    )
    assert fmt is None
    assert code_actions(server, uri, 1) == []
    server.change(uri, "FROM alpine:3.20\nRUN pip install flask\n", 2)
    assert [d["code"] for d in server.diagnostics()["diagnostics"]] == ["DOP106"]


def test_settings_come_from_the_nearest_config(server: Client, tmp_path: Path) -> None:
    (tmp_path / ".dopt.toml").write_text('ignore = ["DOP106"]\nindent-width = 2\n')
    (tmp_path / "sub").mkdir()
    uri = doc(tmp_path / "sub")
    server.open(uri, "FROM alpine:3.20\nRUN pip install flask && \\\n  echo a\n")
    assert server.diagnostics()["diagnostics"] == []
    fmt = server.request(
        "textDocument/formatting",
        {"textDocument": {"uri": uri}, "options": {"tabSize": 4, "insertSpaces": True}},
    )
    assert fmt == []  # indented by 2, as the config says: nothing to change


def test_a_broken_config_is_an_error_on_the_document(server: Client, tmp_path: Path) -> None:
    (tmp_path / ".dopt.toml").write_text("indent-widht = 2\n")
    uri = doc(tmp_path)
    server.open(uri, "FROM alpine:3.20\n")
    (error,) = server.diagnostics()["diagnostics"]
    assert error["severity"] == 1 and error["code"] == "config-error"
    assert "unknown setting 'indent-widht'" in error["message"]
    assert error["range"] == rng(0, 0, 0, 16)


# ---------------------------------------------------------------------------- code actions


def test_quick_fixes_and_ignores_with_exact_edits(server: Client, tmp_path: Path) -> None:
    uri = doc(tmp_path)
    server.open(uri, EXAMPLE)
    server.diagnostics()
    actions = code_actions(server, uri, 3)
    assert [(a["title"], a["kind"], a.get("isPreferred")) for a in actions] == [
        ("DOP101: merge 2 RUNs into one (safe)", "quickfix", True),
        ("Ignore DOP101 here", "quickfix", None),
        ("DOP301: add `--no-install-recommends` (unsafe)", "quickfix", False),
        ("Ignore DOP301 here", "quickfix", None),
        ("Fix all safe problems", "source.fixAll.dopt", None),
    ]
    merge, ignore, unsafe, _, fix_all = actions
    assert [d["code"] for d in merge["diagnostics"]] == ["DOP101"]
    assert edits_of(merge, uri) == [
        {
            "range": rng(2, 0, 4, 0),
            "newText": "RUN apt-get update && \\\n    apt-get install -y curl git\n",
        }
    ]
    assert edits_of(ignore, uri) == [
        {"range": rng(3, 0, 3, 0), "newText": "# dopt: ignore=DOP101\n"}
    ]
    assert edits_of(unsafe, uri) == [
        {
            "range": rng(3, 0, 4, 0),
            "newText": "RUN apt-get install --no-install-recommends -y curl git\n",
        }
    ]
    assert edits_of(fix_all, uri) == [
        {
            "range": rng(2, 0, 4, 0),
            "newText": "RUN apt-get update && \\\n    apt-get install -y curl git && \\\n"
            "    rm -rf /var/lib/apt/lists/*\n",
        },
        {
            "range": rng(7, 0, 8, 0),
            "newText": "RUN pip install --no-cache-dir -r requirements.txt\n",
        },
    ]


def test_one_quick_fix_touches_only_its_instruction(server: Client, tmp_path: Path) -> None:
    uri = doc(tmp_path)
    text = "FROM alpine:3.20\nRUN pip install a\nENV X=1\nRUN pip install b\n"
    server.open(uri, text)
    assert [d["code"] for d in server.diagnostics()["diagnostics"]] == ["DOP106", "DOP106"]
    fix = code_actions(server, uri, 3)[0]
    assert fix["title"] == "DOP106: add `--no-cache-dir` to `pip install` (safe)"
    assert edits_of(fix, uri) == [
        {"range": rng(3, 0, 4, 0), "newText": "RUN pip install --no-cache-dir b\n"}
    ]


def test_ignore_adds_to_the_comment_above(server: Client, tmp_path: Path) -> None:
    uri = doc(tmp_path)
    text = (
        "FROM alpine:3.20\n  # dopt: ignore=DOP102 -- why\n  RUN apt-get update && pip install a\n"
    )
    server.open(uri, text)
    assert [d["code"] for d in server.diagnostics()["diagnostics"]] == ["DOP106"]
    ignore = next(a for a in code_actions(server, uri, 2) if a["title"] == "Ignore DOP106 here")
    assert edits_of(ignore, uri) == [{"range": rng(1, 23, 1, 23), "newText": ",DOP106"}]
    # and the edit does switch it off (and uses the instruction's indent when it is new)
    new = text.replace("DOP102", "DOP102,DOP106")
    server.change(uri, new, 2)
    assert server.diagnostics()["diagnostics"] == []


def test_ignore_inserts_a_comment_with_the_indent_and_line_ending(
    server: Client, tmp_path: Path
) -> None:
    uri = doc(tmp_path)
    server.open(uri, "FROM alpine:3.20\r\n\tRUN pip install a\r\n")
    server.diagnostics()
    ignore = next(a for a in code_actions(server, uri, 1) if a["title"].startswith("Ignore"))
    assert edits_of(ignore, uri) == [
        {"range": rng(1, 0, 1, 0), "newText": "\t# dopt: ignore=DOP106\r\n"}
    ]


def test_only_fix_all_when_asked_for_source_fix_all(server: Client, tmp_path: Path) -> None:
    uri = doc(tmp_path)
    server.open(uri, EXAMPLE)
    server.diagnostics()
    actions = code_actions(server, uri, 3, only=["source.fixAll"])
    assert [a["title"] for a in actions] == ["Fix all safe problems"]
    clean = "FROM alpine:3.20\nRUN echo hi\n"
    server.change(uri, clean, 2)
    server.diagnostics()
    assert code_actions(server, uri, 0, only=["source.fixAll"]) == []


# ---------------------------------------------------------------------------- formatting

UGLY = "from alpine\nrun echo a &&   \\\n  echo b\nenv A 1\ncopy a b\n"


def test_formatting_returns_the_exact_edits(server: Client, tmp_path: Path) -> None:
    uri = doc(tmp_path)
    server.open(uri, UGLY)
    server.diagnostics()
    edits = server.request(
        "textDocument/formatting",
        {"textDocument": {"uri": uri}, "options": {"tabSize": 4, "insertSpaces": True}},
    )
    assert edits == [
        {
            "range": rng(0, 0, 5, 0),
            "newText": "FROM alpine\nRUN echo a && \\\n    echo b\nENV A=1\nCOPY a b\n",
        }
    ]


def test_range_formatting_formats_the_instructions_in_range(server: Client, tmp_path: Path) -> None:
    uri = doc(tmp_path)
    text = "FROM alpine:3.20\n\nrun echo a\n\nenv A 1\n\ncopy a b\n"
    server.open(uri, text)
    server.diagnostics()
    edits = server.request(
        "textDocument/rangeFormatting",
        {
            "textDocument": {"uri": uri},
            "range": rng(4, 2, 5, 0),
            "options": {"tabSize": 4, "insertSpaces": True},
        },
    )
    assert edits == [{"range": rng(4, 0, 5, 0), "newText": "ENV A=1\n"}]


# ---------------------------------------------------------------------------- hover


def test_hover_on_a_code_in_an_ignore_comment(server: Client, tmp_path: Path) -> None:
    uri = doc(tmp_path)
    text = "FROM alpine:3.20\n# dopt: ignore=DOP102,dop106 -- \U0001f600\nRUN apt-get update\n"
    server.open(uri, text)
    server.diagnostics()

    def hover(character: int) -> Any:
        position = {"line": 1, "character": character}
        return server.request(
            "textDocument/hover", {"textDocument": {"uri": uri}, "position": position}
        )

    found = hover(24)  # inside "dop106"
    assert found["range"] == rng(1, 22, 1, 28)
    assert found["contents"]["kind"] == "markdown"
    # the rule's docs page (docs/rules/DOP106.md), as `dopt explain` sections
    assert found["contents"]["value"].startswith("# DOP106: pip-cache-not-disabled\n")
    assert "## Why it matters" in found["contents"]["value"]
    assert hover(3) is None  # on "dopt:", not a code
    assert hover(33) is None  # the reason


# ---------------------------------------------------------------------------- pure parts


def test_units_and_index_round_trip() -> None:
    line = "a\U0001f600é\u4e2db"
    assert [convert.units(line[:k]) for k in range(6)] == [0, 1, 3, 4, 5, 6]
    assert [convert.units(line[:k], "utf-8") for k in range(6)] == [0, 1, 5, 7, 10, 11]
    assert [convert.index(line, convert.units(line[:k])) for k in range(6)] == list(range(6))
    assert convert.index(line, 2) == 2  # inside the emoji's surrogate pair: after it
    assert convert.index(line, 99) == len(line)


def test_hunks_apply_to_the_new_text() -> None:
    old, new = "a\nb\nc\nd", "a\nB\nc\nd\ne\n"
    hunks = convert.hunks(old, new)
    assert convert.apply(old, hunks) == new
    edits = convert.text_edits(old, hunks, "utf-16")
    # the last line has no line break: its edit ends at its end, not past the document
    assert [(e.range.start.line, e.range.end.line, e.range.end.character) for e in edits] == [
        (1, 2, 0),
        (3, 3, 1),
    ]


def test_other_commands_do_not_load_pygls() -> None:
    from clirun import dopt

    for args in (("fmt", "-"), ("check", "-")):
        res = dopt(*args, stdin="FROM alpine:3.20\n", python_flags=("-X", "importtime"))
        assert res.code == 0, res.err
        imported = {line.rsplit("|", 1)[-1].strip() for line in res.err.splitlines()}
        assert "optimizer.engine" in imported
        assert not {
            m for m in imported if m.startswith(("pygls", "lsprotocol", "optimizer.server"))
        }


def test_diagnostics_json_is_what_lsprotocol_would_send() -> None:
    """The published dicts have lsprotocol's shape: structured into its Diagnostic and back,
    nothing is lost or renamed (an unknown key would be dropped, a wrong type refused)."""
    from lsprotocol.converters import get_converter

    from optimizer.errors import ParseError
    from optimizer.io.settings import Settings
    from optimizer.server import actions

    text = '# dopt: ignore=DOP999\nFROM alpine:3.20\nRUN echo "\U0001f600" && pip install flask\n'
    snap = actions.analyse(text, Settings(), None)
    broken = actions.Snapshot(text, Settings(), None, error=ParseError("bad", 2, 3))
    found = actions.diagnostics_json(snap, "utf-16") + actions.diagnostics_json(broken, "utf-8")
    assert {d["code"] for d in found} >= {"DOP001", "DOP106", "parse-error"}
    converter = get_converter()
    for d in found:
        assert converter.unstructure(convert.typed(d)) == d


# ---------------------------------------------------------------------------- memory


def _framed(messages: list[dict[str, Any]]) -> bytes:
    """The messages with their headers; every other one with a Content-Type too, before or
    after its Content-Length (the protocol allows both)."""
    out = b""
    kind = b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n"
    for k, m in enumerate(messages):
        body = json.dumps({"jsonrpc": "2.0", **m}).encode()
        length = b"Content-Length: %d\r\n" % len(body)
        head = [length, kind + length, length, length + kind][k % 4]
        out += head + b"\r\n" + body
    return out


def test_edits_leave_no_bookkeeping_behind(tmp_path: Path) -> None:
    """After many notifications the protocol holds no handler futures (pygls kept one per
    notification: ~1.9 KiB an edit, for good) and no more Future objects live than before.
    Through the server's own message loop, in this process, so its tables can be seen."""
    from concurrent.futures import Future

    from optimizer.server.server import build

    edits = 300
    uri = doc(tmp_path)
    messages: list[dict[str, Any]] = [
        {"id": 1, "method": "initialize", "params": {"processId": None, "capabilities": {}}},
        {"method": "initialized", "params": {}},
        {
            "method": "textDocument/didOpen",
            "params": {
                "textDocument": {
                    "uri": uri,
                    "languageId": "dockerfile",
                    "version": 1,
                    "text": EXAMPLE,
                }
            },
        },
    ]
    at = {"line": 7, "character": 4}
    for n in range(edits):  # an incremental change: RUN -> RUN  (one space more each time)
        messages.append(
            {
                "method": "textDocument/didChange",
                "params": {
                    "textDocument": {"uri": uri, "version": n + 2},
                    "contentChanges": [{"range": {"start": at, "end": at}, "text": " "}],
                },
            }
        )
    messages += [
        {"method": "textDocument/didSave", "params": {"textDocument": {"uri": uri}}},
        {
            "id": 2,
            "method": "textDocument/hover",
            "params": {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}},
        },
        {"id": 3, "method": "shutdown"},
    ]  # no exit: the end of the input ends the loop (exit's own handler never finishes)
    gc.collect()
    before = sum(isinstance(o, Future) for o in gc.get_objects())
    server = build()
    output = io.BytesIO()
    server.start_io(io.BytesIO(_framed(messages)), output)
    assert output.getvalue().count(b'{"id": 3, "jsonrpc": "2.0", "result": null}') == 1
    published = output.getvalue().count(b'"method": "textDocument/publishDiagnostics"')
    assert published == edits + 2  # the open, each change, the save
    assert server.protocol._request_futures == {}
    assert list(server.snapshots) == [uri]
    gc.collect()
    assert sum(isinstance(o, Future) for o in gc.get_objects()) - before < 5
