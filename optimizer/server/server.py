"""``dopt server``: the Language Server (pygls, over stdin and stdout).

Diagnostics on open, change and save; quick fixes, "fix all safe problems" and "ignore CODE
here" as code actions; whole-document and range formatting; hover on a rule code in a
``# dopt: ignore=`` comment.  Each document's settings come from the nearest ``.dopt.toml``
or ``pyproject.toml`` above its path, as for the command line (read once per folder: a
changed config file needs a restart of the server).  The work is in ``actions``; this module
connects it to the protocol and keeps one ``Snapshot`` per open document.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import re
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import Any, BinaryIO

from lsprotocol import types
from pygls.io_ import StdoutWriter, run_async
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.uris import to_fs_path

from optimizer import __version__
from optimizer.errors import EXIT_ERROR, EXIT_OK, DoptError
from optimizer.io.settings import Settings, settings_for
from optimizer.server import actions
from optimizer.server.actions import FIX_ALL_KIND, Snapshot

PUBLISH_DIAGNOSTICS = types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS
logger = logging.getLogger(__name__)
_CONTENT_LENGTH = re.compile(rb"Content-Length: (\d+)\r\n")


class MessageReader:
    """stdin for pygls's message loop (``run_async``), one whole message per trip to the
    worker thread.  pygls's own reader makes a trip for each header line and one for the
    body: three hand-offs between threads (and wake-ups of the loop) per edit."""

    def __init__(self, stdin: BinaryIO, executor: Executor) -> None:
        self.stdin = stdin
        self.executor = executor
        self.pending: collections.deque[bytes] = collections.deque()

    def _message(self) -> list[bytes]:
        """The next message's header lines, then its body (b"" at the end of the input)."""
        out: list[bytes] = []
        length = None
        while True:
            line = self.stdin.readline()
            out.append(line)
            if not line:
                return out
            found = _CONTENT_LENGTH.fullmatch(line)
            if found:
                length = int(found.group(1))
            elif not line.strip() and length is not None:
                out.append(self.stdin.read(length))
                return out

    async def _next(self) -> bytes:
        if not self.pending:
            loop = asyncio.get_running_loop()
            self.pending.extend(await loop.run_in_executor(self.executor, self._message))
        return self.pending.popleft()

    async def readline(self) -> bytes:
        return await self._next()

    async def readexactly(self, n: int) -> bytes:
        return await self._next()  # the body: read with its header, n bytes


class DoptProtocol(LanguageServerProtocol):
    """pygls's protocol, without its growth per notification."""

    def _execute_handler(
        self,
        msg_id: Any,
        handler: Any,
        callback: Callable[[Future[Any]], None],
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
    ) -> None:
        # pygls files a generator handler's future under msg_id (every built-in handler is
        # one: didOpen, didChange ...) and only the answer to a request takes it out again,
        # so a notification's future stayed for good: ~1.9 KiB per edit.  Out when done.
        def done(future: Future[Any]) -> None:
            if self._request_futures.get(msg_id) is future:
                del self._request_futures[msg_id]
            callback(future)

        super()._execute_handler(msg_id, handler, done, args, kwargs)

    def notify_json(self, method: str, params: dict[str, Any]) -> None:
        """A notification whose params are JSON-ready already (no attrs types to build,
        no cattrs to unstructure them: the diagnostics of each edit)."""
        self._send_data({"jsonrpc": "2.0", "method": method, "params": params})


class DoptServer(LanguageServer):
    protocol: DoptProtocol

    def __init__(self) -> None:
        super().__init__(
            "dopt",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            protocol_cls=DoptProtocol,
        )
        self.snapshots: dict[str, Snapshot] = {}
        self.shut_down = False
        self.exit_code = EXIT_ERROR  # until an exit after a shutdown request

    @property
    def encoding(self) -> str:
        """The position encoding agreed at initialize (UTF-16 unless the client offered
        another)."""
        kind = self.workspace.position_encoding
        return str(getattr(kind, "value", kind) or "utf-16")

    def snapshot(self, uri: str) -> Snapshot:
        """What the engine found in the document's current text (analysed again only if
        the text changed since)."""
        text = self.workspace.get_text_document(uri).source
        snap = self.snapshots.get(uri)
        if snap is None or snap.text != text:
            snap = self._analyse(uri, text)
            self.snapshots[uri] = snap
        return snap

    def _analyse(self, uri: str, text: str) -> Snapshot:
        fs = to_fs_path(uri) if uri.startswith("file:") else None
        path = Path(fs) if fs else None
        try:
            settings = settings_for(path)
        except DoptError as exc:  # a broken .dopt.toml: say so on the document
            return Snapshot(text, Settings(), path, error=exc)
        return actions.analyse(text, settings, path)

    def publish(self, uri: str, fresh: bool = False) -> None:
        """Analyse the document (again, if ``fresh``) and send its diagnostics."""
        if fresh:
            self.snapshots.pop(uri, None)
        doc = self.workspace.get_text_document(uri)
        snap = self.snapshot(uri)
        params: dict[str, Any] = {"uri": uri}
        if doc.version is not None:  # as cattrs would: no "version" key for None
            params["version"] = doc.version
        params["diagnostics"] = actions.diagnostics_json(snap, self.encoding)
        self.protocol.notify_json(PUBLISH_DIAGNOSTICS, params)

    def start_io(self, stdin: BinaryIO | None = None, stdout: BinaryIO | None = None) -> None:
        """pygls's asyncio loop over stdin and stdout, with the reader above."""
        self._stop_event = threading.Event()
        reader = MessageReader(stdin or sys.stdin.buffer, self.thread_pool)
        self.protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))
        try:
            asyncio.run(
                run_async(
                    stop_event=self._stop_event,
                    reader=reader,
                    protocol=self.protocol,
                    logger=logger,
                    error_handler=self.report_server_error,
                )
            )
        except BrokenPipeError:
            logger.error("Connection to the client is lost! Shutting down the server.")
        except (KeyboardInterrupt, SystemExit):  # exit: pygls's lsp_exit calls sys.exit
            pass
        finally:
            self.shutdown()


def build() -> DoptServer:
    """The server with every feature registered."""
    ls = DoptServer()

    @ls.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: DoptServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.publish(params.text_document.uri, fresh=True)

    @ls.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: DoptServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.publish(params.text_document.uri)

    @ls.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: DoptServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.publish(params.text_document.uri)

    @ls.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: DoptServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.snapshots.pop(uri, None)
        ls.protocol.notify_json(PUBLISH_DIAGNOSTICS, {"uri": uri, "diagnostics": []})

    @ls.feature(types.TEXT_DOCUMENT_FORMATTING)
    def formatting(
        ls: DoptServer, params: types.DocumentFormattingParams
    ) -> list[types.TextEdit] | None:
        try:
            return actions.format_document(ls.snapshot(params.text_document.uri), ls.encoding)
        except DoptError as exc:  # a parse error is on the document already; a refusal too
            ls.window_log_message(
                types.LogMessageParams(types.MessageType.Warning, f"dopt fmt: {exc}")
            )
            return None

    @ls.feature(types.TEXT_DOCUMENT_RANGE_FORMATTING)
    def range_formatting(
        ls: DoptServer, params: types.DocumentRangeFormattingParams
    ) -> list[types.TextEdit] | None:
        snap = ls.snapshot(params.text_document.uri)
        try:
            return actions.format_range(snap, params.range, ls.encoding)
        except DoptError as exc:
            ls.window_log_message(
                types.LogMessageParams(types.MessageType.Warning, f"dopt fmt: {exc}")
            )
            return None

    @ls.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND],
            resolve_provider=False,
        ),
    )
    def code_action(ls: DoptServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        only = [str(getattr(k, "value", k)) for k in params.context.only or ()]
        return actions.code_actions(ls.snapshot(uri), uri, params.range, only, ls.encoding)

    @ls.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: DoptServer, params: types.HoverParams) -> types.Hover | None:
        return actions.hover(ls.snapshot(params.text_document.uri), params.position, ls.encoding)

    @ls.feature(types.SHUTDOWN)
    def shutdown(ls: DoptServer, params: None) -> None:
        ls.shut_down = True

    @ls.feature(types.EXIT)
    def exit_(ls: DoptServer, params: None) -> None:
        # pygls ends the loop with SystemExit and swallows it: keep the code for serve()
        ls.exit_code = EXIT_OK if ls.shut_down else EXIT_ERROR

    return ls


def serve() -> int:
    """Speak LSP on stdin and stdout until the client says exit (0 after a shutdown
    request, as the protocol asks; 2 when the client went away without one)."""
    server = build()
    server.start_io()
    return server.exit_code
