"""Where a client finds its controller, the same for ``ClientConfig()`` and the ``sekha`` command.

Each setting comes from the first of: what the caller passed (``ClientConfig`` arguments, or
the command's flags), the environment (``SEKHA_BASE_URL``, ``SEKHA_API_KEY``), the config file,
then the defaults: ``http://localhost:8080``, and for a controller on this machine the key file
``sekha serve`` writes by default (``~/.sekha/api_key``), so a local controller needs no setup.

The config file is TOML (``base_url`` and ``api_key``), at ``$SEKHA_CONFIG`` or
``$XDG_CONFIG_HOME/sekha/config.toml`` (default ``~/.config/sekha/config.toml``), written with
mode 0600.
"""

from __future__ import annotations

import ipaddress
import json
import os
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

import attrs

from sekha.errors import SekhaConfigError

__all__ = [
    "API_KEY_ENV",
    "BASE_URL_ENV",
    "CONFIG_ENV",
    "DEFAULT_BASE_URL",
    "KEYS",
    "Resolved",
    "SettingsError",
    "config_path",
    "is_loopback",
    "mask",
    "read_config",
    "resolve",
    "write_config",
]

DEFAULT_BASE_URL = "http://localhost:8080"
API_KEY_ENV = "SEKHA_API_KEY"
BASE_URL_ENV = "SEKHA_BASE_URL"
CONFIG_ENV = "SEKHA_CONFIG"
KEYS = ("base_url", "api_key")
LOCAL_KEY_FILE = Path("~/.sekha/api_key")


class SettingsError(SekhaConfigError):
    """The config file cannot be read or written; the message names the file."""


def is_loopback(host: str) -> bool:
    """Whether a host name or address is this machine."""
    if host in {"localhost", "localhost.localdomain"} or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@attrs.frozen
class Resolved:
    """The connection settings in effect, and where each came from (flag, env, file, default)."""

    base_url: str
    base_url_from: str
    api_key: str | None
    api_key_from: str | None
    path: Path


def config_path(override: str | None = None) -> Path:
    if override:
        return Path(override).expanduser()
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV]).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME") or "~/.config"
    return Path(base).expanduser() / "sekha" / "config.toml"


def read_config(path: Path) -> dict[str, str]:
    """The file's settings; an absent file is an empty config."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"cannot read the config file {path}: {exc}") from None
    return {key: str(data[key]) for key in KEYS if isinstance(data.get(key), str)}


def write_config(path: Path, values: dict[str, str]) -> None:
    """Write the settings readable by the owner only (0600), replacing the file atomically."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # JSON string escapes are valid TOML basic-string escapes.
    text = "".join(f"{key} = {json.dumps(values[key])}\n" for key in KEYS if key in values)
    temporary = path.with_name(path.name + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(text)
    os.chmod(temporary, 0o600)  # O_CREAT's mode does not apply to a file left by a crash
    os.replace(temporary, path)


def resolve(base_url: str | None, api_key: str | None, config: str | None) -> Resolved:
    """Apply the precedence: flags, then environment, then config file, then defaults."""
    path = config_path(config)
    stored = read_config(path)
    url, url_from = _first(
        ("flag", base_url), ("env", os.environ.get(BASE_URL_ENV)), ("file", stored.get("base_url"))
    ) or (DEFAULT_BASE_URL, "default")
    key_found = _first(
        ("flag", api_key), ("env", os.environ.get(API_KEY_ENV)), ("file", stored.get("api_key"))
    ) or _local_key(url)
    key, key_from = key_found or (None, None)
    return Resolved(url.rstrip("/"), url_from, key, key_from, path)


def _first(*candidates: tuple[str, str | None]) -> tuple[str, str] | None:
    for source, value in candidates:
        if value and value.strip():
            return value.strip(), source
    return None


def _local_key(base_url: str) -> tuple[str, str] | None:
    """The local controller's generated key, only ever for a controller on this machine."""
    if not is_loopback(urlsplit(base_url).hostname or ""):
        return None
    try:
        key = LOCAL_KEY_FILE.expanduser().read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return (key, str(LOCAL_KEY_FILE)) if key else None


def mask(key: str | None) -> str:
    """Enough of a key to recognise it, never enough to use it."""
    if not key:
        return "(not set)"
    if len(key) < 16:
        return "*" * 8
    return f"{key[:4]}…{key[-4:]}"
