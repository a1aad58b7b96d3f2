"""Settings of the local controller and the API key file."""

from __future__ import annotations

import os
import resource
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from sekha._settings import API_KEY_ENV

MIN_KEY_LENGTH = 32
PRIVATE_FILE = 0o600


class ConfigError(ValueError):
    """A setting that the controller cannot start with."""


@dataclass(frozen=True)
class EmbedderSpec:
    """Which embedder to build: ``minilm`` (offline default), ``openai``, ``ollama`` or ``hashing``."""

    kind: str = "minilm"
    url: str | None = None
    model: str | None = None


def default_max_connections() -> int:
    """Open connections allowed at once: well inside this process's file-descriptor limit.

    Past the limit the server would fail to accept anyone (the database, its readers and the
    model need descriptors too), so it stops at half of what is left after a reserve.
    """
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return 1000
    return max(16, min(1000, (soft - 200) // 2))


@dataclass(frozen=True)
class Limits:
    """How long a client may take, and how many may be connected at once.

    ``header_timeout``: from connecting (or from the end of the previous exchange on a kept-alive
    connection, once it starts sending) until the request line and headers are complete.
    ``body_timeout``: from the end of the headers until the whole body has arrived.
    ``keep_alive_timeout``: how long an idle kept-alive connection stays open; longer than
    clients keep idle connections (httpx: 5 s), so that the client, not the server, closes
    them (a server closing one just as the client reuses it fails that request).
    ``max_connections``: beyond it, an idle connection is closed to make room, or, when none is
    idle, the newcomer is answered 503.
    """

    header_timeout: float = 10.0
    body_timeout: float = 60.0
    keep_alive_timeout: float = 15.0
    max_connections: int = field(default_factory=default_max_connections)


@dataclass(frozen=True)
class Settings:
    """Everything the app needs; built by the CLI or the embedded server."""

    data_dir: Path
    api_key: str
    rate_limit_per_minute: int = 1000
    max_body_bytes: int = 2 * 1024 * 1024
    embedder: EmbedderSpec = field(default_factory=EmbedderSpec)
    chat_url: str | None = None
    chat_model: str | None = None
    flush_timeout_seconds: float = 30.0
    limits: Limits = field(default_factory=Limits)
    allowed_hosts: tuple[str, ...] = ()  # Host names accepted besides the address served on

    @property
    def db_path(self) -> Path:
        return self.data_dir / "sekha.db"


def check_key(key: str) -> str:
    """The key as it will be compared: surrounding whitespace removed (HTTP strips it from a
    header anyway, so a key kept with it could never match), long enough to resist guessing,
    and sendable in a header."""
    key = key.strip()
    if len(key) < MIN_KEY_LENGTH:
        raise ConfigError(f"the API key must be at least {MIN_KEY_LENGTH} characters long")
    if not all(" " <= ch <= "~" for ch in key):
        raise ConfigError("the API key may contain only printable ASCII characters (it travels in a header)")
    return key


def resolve_api_key(
    data_dir: Path, explicit: str | None = None, *, use_env: bool = True
) -> tuple[str, Path | None]:
    """Return ``(key, key_file)``: an explicit key, else ``SEKHA_API_KEY`` (when ``use_env``),
    else the key file.

    The key file ``<data_dir>/api_key`` is created with mode 0600 on first use; ``key_file`` is
    None when the key did not come from a file.
    """
    if explicit is not None:
        return check_key(explicit), None
    env = os.environ.get(API_KEY_ENV) if use_env else None
    if env:
        return check_key(env), None
    path = data_dir / "api_key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        return check_key(path.read_text(encoding="utf-8")), path
    key = "sk-sekha-" + secrets.token_urlsafe(32)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(key + "\n")
    return key, path


def prepare_data_dir(data_dir: str | os.PathLike[str]) -> Path:
    """Expand and create the data directory (private to the user)."""
    path = Path(data_dir).expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path
