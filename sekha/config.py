"""Client configuration: validated once, immutable, and never showing the API key."""

from __future__ import annotations

import ssl
import warnings
from typing import Any
from urllib.parse import urlsplit

import attrs

from sekha.errors import SekhaConfigError

__all__ = ["ClientConfig", "InsecureTransportWarning", "MemoryConfig"]

from sekha._settings import API_KEY_ENV, is_loopback, resolve


class InsecureTransportWarning(UserWarning):
    """An API key is about to travel unencrypted to a host that is not this machine."""


def _redacted(_: object) -> str:
    return "'***'"


def _given(value: str | None) -> str:
    """What the caller passed; "" (nothing) is looked up in the other sources after construction."""
    if value is not None and not isinstance(value, str):
        raise SekhaConfigError(f"api_key and base_url must be strings, got {type(value).__name__}")
    return (value or "").strip()


def _check_key_characters(key: str) -> None:
    """A key travels in an HTTP header: visible ASCII only. The message never quotes the key."""
    for position, ch in enumerate(key, start=1):
        if not "!" <= ch <= "~":
            kind = "whitespace" if ch.isspace() else "a character that is not visible ASCII"
            raise SekhaConfigError(
                f"api_key must be visible ASCII (letters, digits, punctuation, no spaces); "
                f"character {position} of {len(key)} is {kind}"
            )


def _check_positive(name: str, value: float | None, *, allow_none: bool = False) -> None:
    if value is None and allow_none:
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise SekhaConfigError(f"{name} must be a positive number, got {value!r}")


@attrs.frozen(kw_only=False)
class ClientConfig:
    """How to reach a controller and how patiently.

    ``api_key`` and ``base_url`` not given come from the same places as for the ``sekha``
    command, in the same order: ``SEKHA_API_KEY`` and ``SEKHA_BASE_URL``, the config file
    (``~/.config/sekha/config.toml``, or ``$SEKHA_CONFIG``), then ``http://localhost:8080`` and,
    for a controller on this machine, the key ``sekha serve`` generated (``~/.sekha/api_key``).
    So after ``sekha serve``, ``ClientConfig()`` connects with no arguments.
    ``rate_limit_requests`` is per minute, for this client; ``None`` turns the limiter off.
    ``max_retries`` counts retries after the first attempt; ``retry_max_wait`` caps the total
    time spent waiting between attempts, so a call never takes longer than roughly
    ``(max_retries + 1) * timeout + retry_max_wait``.
    """

    api_key: str = attrs.field(default=None, converter=_given, repr=_redacted)
    base_url: str = attrs.field(default=None, converter=_given)
    timeout: float = 30.0
    max_retries: int = 3
    rate_limit_requests: int | None = 1000
    default_label: str | None = None
    default_folder: str = "/"
    verify: bool | str | ssl.SSLContext = attrs.field(default=True, repr=False)
    retry_backoff: float = 0.5
    retry_backoff_max: float = 8.0
    retry_max_wait: float = 60.0

    def __attrs_post_init__(self) -> None:
        if not self.api_key or not self.base_url:
            found = resolve(self.base_url or None, self.api_key or None, None)
            object.__setattr__(self, "base_url", found.base_url)
            object.__setattr__(self, "api_key", found.api_key or "")
        object.__setattr__(self, "base_url", self.base_url.rstrip("/"))
        if not self.api_key:
            raise SekhaConfigError(
                f"api_key is required: pass ClientConfig(api_key=...), set {API_KEY_ENV}, or save it "
                "with `sekha config set --api-key -` (for a controller on this machine started with "
                "`sekha serve`, the key it wrote to ~/.sekha/api_key is found on its own)"
            )
        _check_key_characters(self.api_key)
        parts = urlsplit(self.base_url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise SekhaConfigError(f"base_url must be an http:// or https:// URL, got {self.base_url!r}")
        _check_positive("timeout", self.timeout)
        if (
            isinstance(self.max_retries, bool)
            or not isinstance(self.max_retries, int)
            or self.max_retries < 0
        ):
            raise SekhaConfigError(f"max_retries must be a whole number >= 0, got {self.max_retries!r}")
        if self.rate_limit_requests is not None and (
            isinstance(self.rate_limit_requests, bool)
            or not isinstance(self.rate_limit_requests, int)
            or self.rate_limit_requests < 1
        ):
            raise SekhaConfigError(
                f"rate_limit_requests must be a whole number >= 1 or None, got {self.rate_limit_requests!r}"
            )
        for name in ("retry_backoff", "retry_backoff_max", "retry_max_wait"):
            _check_positive(name, getattr(self, name))
        if self.default_label is not None and not isinstance(self.default_label, str):
            raise SekhaConfigError("default_label must be a string or None")
        if parts.scheme == "http" and not is_loopback(parts.hostname):
            warnings.warn(
                f"the API key will be sent unencrypted to {parts.hostname}; "
                "use https:// for remote controllers",
                InsecureTransportWarning,
                stacklevel=3,
            )

    def replace(self, **changes: Any) -> ClientConfig:
        """A copy with some fields changed (validated again)."""
        return attrs.evolve(self, **changes)


MemoryConfig = ClientConfig
"""The second README's name for :class:`ClientConfig`; identical in every respect."""
