"""Settings of the local controller and the API key file."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from sekha._settings import API_KEY_ENV

MIN_KEY_LENGTH = 32


class ConfigError(ValueError):
    """A setting that the controller cannot start with."""


@dataclass(frozen=True)
class EmbedderSpec:
    """Which embedder to build: ``minilm`` (offline default), ``openai``, ``ollama`` or ``hashing``."""

    kind: str = "minilm"
    url: str | None = None
    model: str | None = None


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

    @property
    def db_path(self) -> Path:
        return self.data_dir / "sekha.db"


def check_key(key: str) -> str:
    """Refuse keys too short to resist guessing."""
    if len(key) < MIN_KEY_LENGTH:
        raise ConfigError(f"the API key must be at least {MIN_KEY_LENGTH} characters long")
    return key


def resolve_api_key(data_dir: Path, explicit: str | None = None) -> tuple[str, Path | None]:
    """Return ``(key, key_file)``: an explicit key, else ``SEKHA_API_KEY``, else the key file.

    The key file ``<data_dir>/api_key`` is created with mode 0600 on first use; ``key_file`` is
    None when the key did not come from a file.
    """
    if explicit is not None:
        return check_key(explicit), None
    env = os.environ.get(API_KEY_ENV)
    if env:
        return check_key(env), None
    path = data_dir / "api_key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return check_key(path.read_text(encoding="utf-8").strip()), path
    key = "sk-sekha-" + secrets.token_urlsafe(32)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(key + "\n")
    return key, path


def prepare_data_dir(data_dir: str | os.PathLike[str]) -> Path:
    """Expand and create the data directory (private to the user)."""
    path = Path(data_dir).expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path
