"""The embedded mode: a local controller owned by this process, served on a loopback port."""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path
from types import TracebackType

import httpx
import uvicorn

from .embedding import Embedder
from .serve import bind, build_settings, make_server

START_TIMEOUT = 60.0


class EmbeddedServer:
    """Runs uvicorn in a daemon thread so SDK clients talk to it over real HTTP.

    ``data_dir`` None uses a temporary directory that :meth:`stop` removes. The API key is
    ``api_key``, else ``SEKHA_API_KEY``, else the data directory's key file.
    """

    def __init__(
        self,
        data_dir: str | os.PathLike[str] | None = None,
        *,
        api_key: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        embedder: Embedder | None = None,
    ) -> None:
        self._data_dir = data_dir
        self._requested_key = api_key
        self._host = host
        self._port = port
        self._embedder = embedder
        self._tmp: str | None = None
        self._thread: threading.Thread | None = None
        self._server: uvicorn.Server | None = None
        self._sock: socket.socket | None = None
        self._base_url: str | None = None
        self._api_key: str | None = None

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

    def start(self) -> EmbeddedServer:
        """Start serving; returns once ``/health`` answers 200."""
        if self._thread is not None:
            return self
        if self._data_dir is None:
            self._tmp = tempfile.mkdtemp(prefix="sekha-")
        settings, _ = build_settings(self._tmp or self._data_dir or "", api_key=self._requested_key)
        sock = self._sock = bind(self._host, self._port)
        port = sock.getsockname()[1]
        host = f"[{self._host}]" if ":" in self._host else self._host
        server = make_server(settings, self._embedder)
        self._server = server
        self._thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="sekha-embedded", daemon=True
        )
        self._thread.start()
        self._base_url = f"http://{host}:{port}"
        self._api_key = settings.api_key
        try:
            self._wait_healthy()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        with httpx.Client(timeout=5.0) as client:
            while time.monotonic() < deadline:
                if self._thread is None or not self._thread.is_alive():
                    raise RuntimeError("the embedded Sekha server failed to start (see the log above)")
                try:
                    if client.get(f"{self.base_url}/health").status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                time.sleep(0.05)
        raise RuntimeError(f"the embedded Sekha server did not become healthy in {START_TIMEOUT:.0f} s")

    def stop(self) -> None:
        """Stop serving, flush pending embeddings, and remove a temporary data directory."""
        thread, server = self._thread, self._server
        if thread is not None and server is not None:
            server.should_exit = True
            thread.join(timeout=60)
        if self._sock is not None:
            self._sock.close()
            self._sock = None
        self._thread = None
        self._server = None
        self._base_url = None
        self._api_key = None
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
