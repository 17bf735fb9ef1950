"""A tiny LSP client for tests and bench/: ``dopt server`` as a subprocess, JSON-RPC with
Content-Length framing on its stdin and stdout (no library: the test must see the bytes).

A reader thread files the server's messages: responses by id, notifications in order, and
answers any request the server makes with a null result.  Waits have a generous deadline
only so that a broken server fails the test instead of hanging it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEADLINE = 60.0  # seconds: a hang guard, not a speed check


class Client:
    def __init__(self, cwd: Path | None = None) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "optimizer", "server"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env=env,
        )
        self._next = 0
        self._cond = threading.Condition()
        self._responses: dict[int, dict[str, Any]] = {}
        self.notifications: list[dict[str, Any]] = []
        self.stderr = b""
        self._seen = 0  # notifications already handed out by wait_notification
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain, daemon=True).start()

    # ------------------------------------------------------------------ wire

    def _write(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            length = None
            while True:
                header = out.readline()
                if not header:
                    with self._cond:
                        self._cond.notify_all()
                    return
                if header in (b"\r\n", b"\n"):
                    break
                name, _, value = header.decode("ascii").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value.strip())
            assert length is not None, "a message without Content-Length"
            message = json.loads(out.read(length).decode("utf-8"))
            if "method" in message and "id" in message:  # a request from the server
                self._write({"id": message["id"], "result": None})
                continue
            with self._cond:
                if "id" in message:
                    self._responses[message["id"]] = message
                else:
                    self.notifications.append(message)
                self._cond.notify_all()

    def _drain(self) -> None:
        assert self.proc.stderr is not None
        for chunk in iter(lambda: self.proc.stderr.read1(4096), b""):  # type: ignore[union-attr]
            self.stderr += chunk

    # ------------------------------------------------------------------ API

    def notify(self, method: str, params: Any = None) -> None:
        self._write({"method": method, "params": params})

    def send(self, method: str, params: Any = None) -> int:
        self._next += 1
        self._write({"id": self._next, "method": method, "params": params})
        return self._next

    def response(self, ident: int) -> dict[str, Any]:
        with self._cond:
            ok = self._cond.wait_for(
                lambda: ident in self._responses or self.proc.poll() is not None, DEADLINE
            )
            assert ok and ident in self._responses, f"no response {ident}: {self.stderr!r}"
            return self._responses.pop(ident)

    def request(self, method: str, params: Any = None) -> Any:
        """Send a request; its result (an error response fails the test)."""
        reply = self.response(self.send(method, params))
        assert "error" not in reply, reply
        return reply.get("result")

    def wait_notification(self, method: str) -> dict[str, Any]:
        """The next notification ``method`` not handed out yet (its params)."""
        with self._cond:

            def found() -> bool:
                return any(n["method"] == method for n in self.notifications[self._seen :]) or (
                    self.proc.poll() is not None
                )

            assert self._cond.wait_for(found, DEADLINE), f"no {method}: {self.stderr!r}"
            for k in range(self._seen, len(self.notifications)):
                if self.notifications[k]["method"] == method:
                    self._seen = k + 1
                    return self.notifications[k]["params"]
            raise AssertionError(f"server ended before {method}: {self.stderr!r}")

    def diagnostics(self) -> dict[str, Any]:
        return self.wait_notification("textDocument/publishDiagnostics")

    def initialize(self, root: Path | None = None, encodings: list[str] | None = None) -> Any:
        caps: dict[str, Any] = {"textDocument": {"publishDiagnostics": {"versionSupport": True}}}
        if encodings is not None:
            caps["general"] = {"positionEncodings": encodings}
        result = self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": root.as_uri() if root else None,
                "capabilities": caps,
            },
        )
        self.notify("initialized", {})
        return result

    def open(self, uri: str, text: str, version: int = 1) -> None:
        doc = {"uri": uri, "languageId": "dockerfile", "version": version, "text": text}
        self.notify("textDocument/didOpen", {"textDocument": doc})

    def change(self, uri: str, text: str, version: int) -> None:
        self.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]},
        )

    def close(self) -> int:
        """shutdown, exit; the server's exit code."""
        self.request("shutdown")
        self.notify("exit")
        return self.wait()

    def wait(self) -> int:
        try:
            return self.proc.wait(DEADLINE)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
