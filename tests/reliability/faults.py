"""A fault-injecting HTTP/1.1 proxy on loopback, for tests only.

It sits between SDK clients and a live local controller and, per request, either forwards it
untouched or injects one fault, chosen at random from a seeded generator (or forced by the test):
rate limiting with and without ``Retry-After`` (seconds or HTTP date), 5xx answers, a reset before
the response, a reset halfway through the body, an answer slower than the client's timeout,
truncated JSON, an HTML error page, and an empty 200. Some faults happen *after* the request
reached the controller (it may have acted), which is what makes duplicate writes possible.
With ``capabilities=False`` the controller's ``/health`` loses its ``capabilities``, so clients
treat it as the real controller (no honoured ``Idempotency-Key``, no cursor, no bulk export);
a set of names lets only those through.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import enum
import json
import random
import socket
import threading
import time
from collections import Counter
from collections.abc import Collection
from typing import Any

import httpx

SHUTDOWN_TIMEOUT = 60.0  # a bound for a busy machine


class Fault(enum.Enum):
    NONE = "none"
    RATE_LIMIT = "429"
    RATE_LIMIT_SECONDS = "429 Retry-After: 1"
    RATE_LIMIT_DATE = "429 Retry-After: <date>"
    ERROR_500 = "500"
    ERROR_500_CLOSE = "500, then the connection closes (as uvicorn does after an application error)"
    ERROR_502 = "502"
    ERROR_503 = "503"
    ERROR_504 = "504"
    RESET_BEFORE = "reset before the response"  # the controller never saw the request
    RESET_AFTER = "reset after forwarding"  # the controller acted; the client hears nothing
    RESET_MID_BODY = "reset in the middle of the body"
    SLOW = "slower than the timeout"
    TRUNCATED_JSON = "truncated JSON"
    HTML_PAGE = "HTML error page"
    EMPTY_200 = "empty 200"


_STATUS_LINE = {
    200: "OK",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


def _response(status: int, body: bytes, headers: dict[str, str] | None = None) -> bytes:
    lines = [f"HTTP/1.1 {status} {_STATUS_LINE.get(status, 'Status')}"]
    merged = {"content-length": str(len(body)), **(headers or {})}
    lines += [f"{name}: {value}" for name, value in merged.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


class FaultProxy:
    """``with FaultProxy(upstream, rate=0.3, seed=7) as proxy:`` then point clients at ``proxy.url``."""

    def __init__(
        self,
        upstream: str,
        *,
        rate: float = 0.3,
        seed: int = 0,
        slow_seconds: float = 1.5,
        capabilities: bool | Collection[str] = True,
    ) -> None:
        self.upstream = upstream
        self.capabilities = capabilities  # what /health keeps of them: all, none, or these names
        self.rate = rate
        self.slow_seconds = slow_seconds
        self._random = random.Random(seed)
        self._lock = threading.Lock()
        self._forced: list[Fault] = []
        self.injected: Counter[Fault] = Counter()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.base_events.Server | None = None
        self._thread: threading.Thread | None = None
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._sock.getsockname()[1]}"

    def force(self, *faults: Fault) -> None:
        """The next requests get exactly these faults, in order, before random ones resume."""
        with self._lock:
            self._forced.extend(faults)

    def _next_fault(self) -> Fault:
        with self._lock:
            if self._forced:
                fault = self._forced.pop(0)
            elif self._random.random() < self.rate:
                fault = self._random.choice([f for f in Fault if f is not Fault.NONE])
            else:
                fault = Fault.NONE
            self.injected[fault] += 1
            return fault

    def __enter__(self) -> FaultProxy:
        ready = threading.Event()

        def serve() -> None:
            loop = self._loop = asyncio.new_event_loop()
            self._server = loop.run_until_complete(asyncio.start_server(self._handle, sock=self._sock))
            ready.set()
            loop.run_forever()

        self._thread = threading.Thread(target=serve, name="fault-proxy", daemon=True)
        self._thread.start()
        ready.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        loop = self._loop
        assert loop is not None and self._thread is not None
        asyncio.run_coroutine_threadsafe(self._shutdown(), loop).result(SHUTDOWN_TIMEOUT)
        loop.call_soon_threadsafe(loop.stop)
        self._thread.join(SHUTDOWN_TIMEOUT)
        loop.close()

    async def _shutdown(self) -> None:
        """Stop listening and end every open exchange, so no task outlives the loop."""
        assert self._server is not None
        self._server.close()
        pending = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        async with httpx.AsyncClient(base_url=self.upstream, timeout=30.0) as upstream:
            try:
                while await self._one_exchange(reader, writer, upstream):
                    pass
            except (ConnectionError, asyncio.IncompleteReadError):
                pass
            except httpx.HTTPError:  # the controller did not answer: the client hears a reset
                self._reset(writer)
            finally:
                with contextlib.suppress(Exception):
                    writer.close()

    async def _one_exchange(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, upstream: httpx.AsyncClient
    ) -> bool:
        head = await reader.readuntil(b"\r\n\r\n")
        request_line, *header_lines = head.decode("latin-1").split("\r\n")
        method, target, _ = request_line.split(" ", 2)
        headers = dict(line.split(": ", 1) for line in header_lines if ": " in line)
        length = int(next((v for k, v in headers.items() if k.lower() == "content-length"), "0"))
        body = await reader.readexactly(length) if length else b""
        fault = self._next_fault()

        if fault is Fault.RESET_BEFORE:
            self._reset(writer)
            return False
        canned = self._canned(fault)
        if canned is not None:
            writer.write(canned)
            await writer.drain()
            return fault is not Fault.ERROR_500_CLOSE  # no `Connection: close` warned the client

        forwarded = {
            k: v for k, v in headers.items() if k.lower() not in {"host", "content-length", "connection"}
        }
        answer = await upstream.request(method, target, content=body, headers=forwarded)
        reply_headers = {"content-type": answer.headers.get("content-type", "application/json")}
        for name in ("retry-after",):
            if name in answer.headers:
                reply_headers[name] = answer.headers[name]
        content = answer.content
        if self.capabilities is not True and target == "/health" and content:
            content = self._announce(answer.json())

        if fault is Fault.RESET_AFTER:
            self._reset(writer)
            return False
        if fault is Fault.SLOW:
            await asyncio.sleep(self.slow_seconds)
        if fault is Fault.RESET_MID_BODY and len(content) > 1:
            raw = _response(answer.status_code, content, reply_headers)
            writer.write(raw[: len(raw) - len(content) // 2])
            await writer.drain()
            self._reset(writer)
            return False
        if fault is Fault.TRUNCATED_JSON and content:
            content = content[: max(1, len(content) // 2)]
        if fault is Fault.EMPTY_200:
            writer.write(_response(200, b"", {"content-type": "application/json"}))
        else:
            writer.write(_response(answer.status_code, content, reply_headers))
        await writer.drain()
        return True

    def _announce(self, report: dict[str, Any]) -> bytes:
        """The health report with only the capabilities this proxy lets through (none: no key)."""
        kept = set() if isinstance(self.capabilities, bool) else set(self.capabilities)
        announced = {k: v for k, v in report.pop("capabilities", {}).items() if k in kept}
        return json.dumps({**report, "capabilities": announced} if announced else report).encode()

    def _canned(self, fault: Fault) -> bytes | None:
        """Answers given without asking the controller (it never sees these requests)."""
        json_type = {"content-type": "application/json"}
        if fault is Fault.RATE_LIMIT:
            return _response(
                429, b"Rate limit exceeded. Please try again later.", {"content-type": "text/plain"}
            )
        if fault is Fault.RATE_LIMIT_SECONDS:
            return _response(429, b'{"error":"slow down","code":429}', {**json_type, "retry-after": "1"})
        if fault is Fault.RATE_LIMIT_DATE:
            when = email.utils.formatdate(time.time() + 1, usegmt=True)
            return _response(429, b'{"error":"slow down","code":429}', {**json_type, "retry-after": when})
        if fault is Fault.ERROR_500_CLOSE:
            return _response(500, b"Internal Server Error", {"content-type": "text/plain"})
        if fault in (Fault.ERROR_500, Fault.ERROR_502, Fault.ERROR_503, Fault.ERROR_504):
            status = int(fault.value)
            return _response(status, b'{"error":"injected","code":%d}' % status, json_type)
        if fault is Fault.HTML_PAGE:
            page = b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
            return _response(502, page, {"content-type": "text/html"})
        return None

    @staticmethod
    def _reset(writer: asyncio.StreamWriter) -> None:
        """Close with RST instead of FIN, as a crashed peer or a middlebox would."""
        sock = writer.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        writer.transport.abort()
