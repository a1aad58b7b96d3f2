"""The embedded mode: a local controller owned by this process, served on a loopback port."""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path
from types import TracebackType

from .config import Limits, Settings
from .datadir import DataDir
from .embedding import Embedder
from .serve import Server, bind, build_settings, make_server
from .state import open_state

log = logging.getLogger("sekha.server")

START_TIMEOUT = 60.0
STOP_TIMEOUT = 30.0


class EmbeddedServer:
    """Runs uvicorn in a daemon thread so SDK clients talk to it over real HTTP.

    ``data_dir`` None uses a temporary directory that :meth:`stop` removes. The API key is
    ``api_key``, else the data directory's key file (a fresh random key for a temporary
    directory); ``SEKHA_API_KEY`` is never read, since that key belongs to some other server.

    :meth:`start` returns once the server accepts requests. ``start(wait=False)`` returns as
    soon as the port is listening and the data directory is locked and checked (a few
    milliseconds), while the model loads in the server's thread; requests sent meanwhile wait in
    the socket's queue (if loading fails, the error is logged and they fail to connect).
    :meth:`aclose` stops it without blocking an event loop.
    """

    def __init__(
        self,
        data_dir: str | os.PathLike[str] | None = None,
        *,
        api_key: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        embedder: Embedder | None = None,
        limits: Limits | None = None,
    ) -> None:
        self._data_dir = data_dir
        self._requested_key = api_key
        self._host = host
        self._port = port
        self._embedder = embedder
        self._limits = limits
        self._tmp: str | None = None
        self._thread: threading.Thread | None = None
        self._server: Server | None = None
        self._base_url: str | None = None
        self._api_key: str | None = None
        self._failure: BaseException | None = None
        self._stopping = threading.Event()

    @property
    def base_url(self) -> str:
        if self._base_url is None:
            raise RuntimeError("the embedded server is not running; call start() first")
        return self._base_url

    @property
    def api_key(self) -> str:
        if self._api_key is None:
            raise RuntimeError("the embedded server is not running; call start() first")
        return self._api_key

    @property
    def data_dir(self) -> Path:
        return Path(self._tmp or self._data_dir or "")

    def start(self, *, wait: bool = True) -> EmbeddedServer:
        """Start serving. Raises at once when the data directory is in use or its database is
        unusable; with ``wait``, also waits until requests are answered."""
        if self._thread is not None:
            return self
        if self._data_dir is None:
            self._tmp = tempfile.mkdtemp(prefix="sekha-")
        key = self._requested_key
        if key is None and self._tmp is not None:
            key = "sk-sekha-" + secrets.token_urlsafe(32)
        try:
            settings, _ = build_settings(
                self._tmp or self._data_dir or "",
                api_key=key,
                use_env_key=False,
                limits=self._limits,
                flush_timeout_seconds=0.0,  # pending embeddings resume at the next start
            )
            sock = bind(self._host, self._port)
            host = f"[{self._host}]" if ":" in self._host else self._host
            base_url = f"http://{host}:{sock.getsockname()[1]}"
            try:
                data = DataDir.open(settings.data_dir, f"an embedded Sekha server on {base_url}")
            except BaseException:
                sock.close()
                raise
        except BaseException:
            self._remove_tmp()
            raise
        self._base_url, self._api_key, self._failure = base_url, settings.api_key, None
        self._stopping.clear()
        self._thread = threading.Thread(
            target=self._serve, args=(settings, data, sock), name="sekha-embedded", daemon=True
        )
        self._thread.start()
        if wait:
            try:
                self._wait_ready()
            except BaseException:
                self.stop()
                raise
        return self

    def _serve(self, settings: Settings, data: DataDir, sock: socket.socket) -> None:
        """The server thread: load the model and vectors, then serve until stopped."""
        try:
            state = open_state(settings, data, self._embedder)
        except BaseException as exc:
            self._failure = exc
            log.error("the embedded Sekha server could not start: %s", exc)
            sock.close()  # requests waiting in the queue fail now instead of hanging
            return
        server = self._server = make_server(state)
        if self._stopping.is_set():
            server.should_exit = True
        try:
            server.run(sockets=[sock])
        except BaseException as exc:
            self._failure = exc
            log.error("the embedded Sekha server stopped: %s", exc)
        finally:
            sock.close()
            state.close()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            thread = self._thread
            if thread is None or not thread.is_alive():
                cause = self._failure
                if isinstance(cause, Exception):
                    raise cause  # its message says what is wrong (a damaged file, a bad embedder URL)
                raise RuntimeError("the embedded Sekha server stopped while starting") from cause
            server = self._server
            if server is not None and server.ready.wait(timeout=0.05):
                return
            if server is None:
                thread.join(timeout=0.05)
        raise RuntimeError(f"the embedded Sekha server did not start in {START_TIMEOUT:.0f} s")

    def stop(self) -> None:
        """Stop serving and close the database (pending embeddings resume at the next start),
        then remove a temporary data directory, unless the server thread has not finished."""
        thread = self._thread
        self._stopping.set()
        if thread is not None:
            if self._server is not None:
                self._server.should_exit = True
            thread.join(timeout=STOP_TIMEOUT)
            if thread.is_alive():
                log.warning(
                    "the embedded Sekha server did not stop within %.0f s; leaving %s in place",
                    STOP_TIMEOUT,
                    self.data_dir,
                )
                return
        self._thread = None
        self._server = None
        self._base_url = None
        self._api_key = None
        self._remove_tmp()

    def close(self) -> None:
        """Same as :meth:`stop` (so the synchronous client can own this server)."""
        self.stop()

    async def aclose(self) -> None:
        """:meth:`stop` in a worker thread, so the event loop keeps running meanwhile."""
        await asyncio.to_thread(self.stop)

    def _remove_tmp(self) -> None:
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    def __enter__(self) -> EmbeddedServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
