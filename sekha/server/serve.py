"""Running the app under uvicorn: ``sekha serve`` in the foreground, or on a socket we already bound."""

from __future__ import annotations

import contextlib
import ipaddress
import os
import resource
import signal
import socket
import sys
import threading
from collections.abc import Callable
from types import FrameType

import uvicorn

from .app import create_app
from .config import ConfigError, EmbedderSpec, Limits, Settings, prepare_data_dir, resolve_api_key
from .datadir import DataDir, DataDirError
from .protocol import guarded_protocol
from .state import AppState, open_state

TLS_ADVICE = (
    "put a TLS-terminating proxy in front and keep this server on 127.0.0.1 behind it, e.g. "
    "`caddy reverse-proxy --from memory.example.com --to 127.0.0.1:8080` "
    "(see docs/reliability.md, 'Serving beyond this machine')"
)


def build_settings(
    data_dir: str | os.PathLike[str],
    *,
    api_key: str | None = None,
    use_env_key: bool = True,
    embedder: EmbedderSpec | None = None,
    rate_limit_per_minute: int = 1000,
    chat_url: str | None = None,
    chat_model: str | None = None,
    limits: Limits | None = None,
    allowed_hosts: tuple[str, ...] = (),
    flush_timeout_seconds: float = 30.0,
) -> tuple[Settings, os.PathLike[str] | None]:
    """Settings for a data directory, plus the key file's path when the key lives in one."""
    path = prepare_data_dir(data_dir)
    key, key_file = resolve_api_key(path, api_key, use_env=use_env_key)
    settings = Settings(
        data_dir=path,
        api_key=key,
        rate_limit_per_minute=rate_limit_per_minute,
        embedder=embedder or EmbedderSpec(),
        chat_url=chat_url,
        chat_model=chat_model,
        limits=limits or Limits(),
        allowed_hosts=allowed_hosts,
        flush_timeout_seconds=flush_timeout_seconds,
    )
    return settings, key_file


class Server(uvicorn.Server):
    """uvicorn's server, which also says when it has started accepting connections."""

    def __init__(self, config: uvicorn.Config, on_ready: Callable[[], None] | None = None) -> None:
        super().__init__(config)
        self.ready = threading.Event()
        self._on_ready = on_ready

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.started:
            self.ready.set()
            if self._on_ready is not None:
                self._on_ready()

    def stop_soon(self, signum: int = 0, frame: FrameType | None = None) -> None:
        """Ask the server to drain and stop; usable as a signal handler at any moment."""
        self.should_exit = True


def make_server(
    state: AppState, *, log_level: str = "warning", on_ready: Callable[[], None] | None = None
) -> Server:
    limits = state.settings.limits
    config = uvicorn.Config(
        create_app(state),
        http=guarded_protocol(limits),
        log_level=log_level,
        access_log=False,  # paths and query strings can carry labels; keep them out of logs
        lifespan="on",
        proxy_headers=False,  # X-Forwarded-For must not let a local client dodge the rate limit
        server_header=False,
        timeout_keep_alive=int(max(1, limits.keep_alive_timeout)),
        timeout_graceful_shutdown=10,
    )
    return Server(config, on_ready)


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


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str) -> str | None:
    """What to tell someone who serves plain HTTP beyond this machine; None on loopback."""
    if is_loopback(host):
        return None
    where = "every interface" if host in ("0.0.0.0", "::", "") else host  # noqa: S104 - recognising it
    return (
        f"warning: serving plain HTTP on {where}: anyone who can reach this machine can try the API key, "
        f"and the key and every message cross the network unencrypted; {TLS_ADVICE}"
    )


def raise_descriptor_limit() -> None:
    """Let ``sekha serve`` (a process of its own) use every file descriptor it may; call it
    before building the settings, whose connection limit follows the descriptor limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != hard:
        with contextlib.suppress(ValueError, OSError):  # not ours to raise (a container's limit)
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def connection_lines(url: str, key_file: os.PathLike[str] | None) -> list[str]:
    """The two lines a user needs to connect from a shell, or from Python with ``ClientConfig()``."""
    key = (
        f'export SEKHA_API_KEY="$(cat {key_file})"'
        if key_file
        else "# the API key is the SEKHA_API_KEY this server was started with"
    )
    return [f"export SEKHA_BASE_URL={url}", key]


def serve_forever(settings: Settings, host: str, port: int, key_file: os.PathLike[str] | None) -> int:
    """Serve until SIGINT/SIGTERM, then drain requests and flush the indexer; returns the exit code.

    The data directory is locked, the database checked and upgraded, and the embedder loaded
    before serving; any failure there is one line on stderr and exit status 1. The banner is
    printed once connections are accepted.
    """
    try:
        sock = bind(host, port)
    except OSError as exc:
        print(f"sekha serve: cannot listen on {host}:{port}: {exc.strerror}", file=sys.stderr)
        return 1
    actual = sock.getsockname()[1]
    url = f"http://{f'[{host}]' if ':' in host else host}:{actual}"
    try:
        data = DataDir.open(settings.data_dir, f"sekha serve on {url}")
        state = open_state(settings, data)
    except (DataDirError, ConfigError, ValueError, ImportError, OSError) as exc:
        sock.close()
        print(f"sekha serve: {exc}", file=sys.stderr)
        return 1
    warning = exposure_warning(host)
    if warning:
        print(f"sekha serve: {warning}", file=sys.stderr, flush=True)
    where = f"in {key_file}" if key_file else "from SEKHA_API_KEY"
    banner = f"Sekha local controller on {url} (data: {settings.data_dir}; API key {where})"
    announcement = "\n".join([banner, *connection_lines(url, key_file)])
    # uvicorn's own lines would repeat ours
    server = make_server(state, on_ready=lambda: print(announcement, flush=True))
    # A stop signal at any moment, before uvicorn takes the signals over or after it hands them
    # back (it re-raises the one it caught), just asks the server to stop.
    signal.signal(signal.SIGTERM, server.stop_soon)
    signal.signal(signal.SIGINT, server.stop_soon)
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
        state.close()
    return 0 if server.started else 1
