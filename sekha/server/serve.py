"""Running the app under uvicorn: ``sekha serve`` in the foreground, or on a socket we already bound."""

from __future__ import annotations

import os
import signal
import socket
import sys
from types import FrameType

import uvicorn

from .app import create_app
from .config import EmbedderSpec, Settings, prepare_data_dir, resolve_api_key
from .embedding import Embedder


def build_settings(
    data_dir: str | os.PathLike[str],
    *,
    api_key: str | None = None,
    embedder: EmbedderSpec | None = None,
    rate_limit_per_minute: int = 1000,
    chat_url: str | None = None,
    chat_model: str | None = None,
) -> tuple[Settings, os.PathLike[str] | None]:
    """Settings for a data directory, plus the key file's path when the key lives in one."""
    path = prepare_data_dir(data_dir)
    key, key_file = resolve_api_key(path, api_key)
    settings = Settings(
        data_dir=path,
        api_key=key,
        rate_limit_per_minute=rate_limit_per_minute,
        embedder=embedder or EmbedderSpec(),
        chat_url=chat_url,
        chat_model=chat_model,
    )
    return settings, key_file


def make_server(
    settings: Settings, embedder: Embedder | None = None, *, log_level: str = "warning"
) -> uvicorn.Server:
    config = uvicorn.Config(
        create_app(settings, embedder),
        log_level=log_level,
        access_log=False,  # paths and query strings can carry labels; keep them out of logs
        lifespan="on",
        proxy_headers=False,  # X-Forwarded-For must not let a local client dodge the rate limit
        server_header=False,
        timeout_graceful_shutdown=10,
    )
    return uvicorn.Server(config)


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket, so the port (even port 0) is known before serving starts.

    The protocol is named explicitly: asyncio sets TCP_NODELAY only on connections whose socket
    says IPPROTO_TCP, and without it every response on a kept-alive connection (headers and body
    are two writes) waits ~40 ms for the client's delayed ACK.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def connection_lines(url: str, key_file: os.PathLike[str] | None) -> list[str]:
    """The two lines a user needs to connect from a shell, or from Python with ``ClientConfig()``."""
    key = (
        f'export SEKHA_API_KEY="$(cat {key_file})"'
        if key_file
        else "# the API key is the SEKHA_API_KEY this server was started with"
    )
    return [f"export SEKHA_BASE_URL={url}", key]


def _exit_cleanly(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


def serve_forever(settings: Settings, host: str, port: int, key_file: os.PathLike[str] | None) -> int:
    """Serve until SIGINT/SIGTERM, then drain requests and flush the indexer; returns the exit code."""
    try:
        sock = bind(host, port)
    except OSError as exc:
        print(f"sekha serve: cannot listen on {host}:{port}: {exc.strerror}", file=sys.stderr)
        return 1
    # uvicorn re-raises the stopping signal after its graceful shutdown; make that a clean exit.
    signal.signal(signal.SIGTERM, _exit_cleanly)
    signal.signal(signal.SIGINT, _exit_cleanly)
    actual = sock.getsockname()[1]
    url = f"http://{f'[{host}]' if ':' in host else host}:{actual}"
    where = f"in {key_file}" if key_file else "from SEKHA_API_KEY"
    print(f"Sekha local controller on {url} (data: {settings.data_dir}; API key {where})", flush=True)
    for line in connection_lines(url, key_file):
        print(line, flush=True)
    server = make_server(settings, log_level="info")
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
    return 0 if server.started else 1
