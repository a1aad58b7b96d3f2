"""ClientConfig: validation with clear messages, environment fallbacks, and a key that never shows."""

from __future__ import annotations

import logging
import traceback
import warnings

import pytest

from sekha import (
    ClientConfig,
    InsecureTransportWarning,
    MemoryConfig,
    MemoryController,
    SekhaClient,
    SekhaConfigError,
    SekhaError,
    SyncSekhaClient,
)
from tests.unit.conftest import API_KEY


def test_defaults_match_the_readme() -> None:
    config = ClientConfig(api_key=API_KEY)
    assert (config.base_url, config.timeout, config.max_retries, config.rate_limit_requests) == (
        "http://localhost:8080",
        30.0,
        3,
        1000,
    )
    assert MemoryConfig is ClientConfig


def test_environment_fallbacks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEKHA_API_KEY", API_KEY)
    monkeypatch.setenv("SEKHA_BASE_URL", "http://127.0.0.1:9999/")
    config = ClientConfig()
    assert config.api_key == API_KEY and config.base_url == "http://127.0.0.1:9999"
    assert ClientConfig(api_key="other-key", base_url="http://localhost:1").api_key == "other-key"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"api_key": ""}, "api_key is required"),
        ({"api_key": "has space"}, "no spaces"),
        ({"base_url": "localhost:8080"}, "base_url must be"),
        ({"base_url": "ftp://host"}, "base_url must be"),
        ({"timeout": 0}, "timeout must be a positive number"),
        ({"timeout": "30"}, "timeout must be a positive number"),
        ({"max_retries": -1}, "max_retries must be"),
        ({"max_retries": True}, "max_retries must be"),
        ({"rate_limit_requests": 0}, "rate_limit_requests must be"),
        ({"retry_max_wait": -1}, "retry_max_wait must be"),
    ],
)
def test_invalid_values_are_rejected_clearly(
    options: dict[str, object], message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SEKHA_API_KEY", raising=False)
    with pytest.raises(ValueError, match=message):
        ClientConfig(**{"api_key": API_KEY, **options})  # type: ignore[arg-type]


def test_plain_http_to_a_remote_host_warns() -> None:
    with pytest.warns(InsecureTransportWarning, match="unencrypted"):
        ClientConfig(api_key=API_KEY, base_url="http://memory.example.com")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ClientConfig(api_key=API_KEY, base_url="https://memory.example.com")
        ClientConfig(api_key=API_KEY, base_url="http://127.0.0.2:8080")
        ClientConfig(api_key=API_KEY, base_url="http://[::1]:8080")


def test_rate_limit_can_be_turned_off() -> None:
    assert ClientConfig(api_key=API_KEY, rate_limit_requests=None).rate_limit_requests is None


def test_the_key_never_appears_in_reprs_or_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    config = ClientConfig(api_key=API_KEY)
    clients = [SyncSekhaClient(config), SekhaClient(config), MemoryController(config)]
    rendered = [repr(config), str(config), repr(config.replace(timeout=5.0))]
    rendered += [repr(c) for c in clients] + [repr(c.api) for c in clients]
    assert all(API_KEY not in text for text in rendered)
    assert "***" in repr(config)
    assert API_KEY not in caplog.text
    for client in clients[::2]:
        client.close()


def test_a_missing_key_is_a_config_error_that_says_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SEKHA_API_KEY", raising=False)
    with pytest.raises(SekhaConfigError, match=r"api_key=.*SEKHA_API_KEY") as caught:
        ClientConfig()
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, SekhaError)


@pytest.mark.parametrize(
    "key",
    [
        "sk-sekha-ключ-" + "k" * 30,
        "sk-sekha-café-" + "k" * 30,
        "sk-sekha-🔑-" + "k" * 30,
        "sk-sekha-\u00a0nbsp-" + "k" * 30,
        "sk-sekha-tab\tkey-" + "k" * 30,
        "sk-sekha-del\x7f-" + "k" * 30,
        "sk-sekha-nul\x00-" + "k" * 30,
    ],
)
def test_a_key_that_is_not_visible_ascii_is_refused_without_showing_it(key: str) -> None:
    """It could never travel in a header: building the client raised UnicodeEncodeError with the key."""
    with pytest.raises(SekhaConfigError, match="visible ASCII") as caught:
        ClientConfig(api_key=key)
    rendered = [str(caught.value), repr(caught.value), "".join(traceback.format_exception(caught.value))]
    secret = key.split("-", 2)[2]
    assert all(secret not in text for text in rendered)
    assert caught.value.__cause__ is None and caught.value.__context__ is None


def test_every_setting_problem_is_a_config_error() -> None:
    for options in ({"api_key": 42}, {"timeout": -1}, {"max_retries": 1.5}, {"base_url": "nowhere"}):
        with pytest.raises(SekhaConfigError):
            ClientConfig(**{"api_key": API_KEY, **options})  # type: ignore[arg-type]
    with pytest.raises(SekhaConfigError):
        ClientConfig(api_key=API_KEY).replace(rate_limit_requests=0)


def test_a_local_controller_with_a_short_key_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """A key the local controller cannot use fails as SekhaConfigError; the environment's key is not its."""
    monkeypatch.setenv("SEKHA_API_KEY", "short")  # the embedded controller makes its own key, ignoring this
    with SyncSekhaClient.local() as client:
        assert client.count_conversations() == 0
    for local in (SyncSekhaClient.local, SekhaClient.local):
        with pytest.raises(SekhaConfigError, match=r"cannot start: .*32 characters") as caught:
            local(api_key="too-short-key")
        assert "too-short-key" not in str(caught.value)
