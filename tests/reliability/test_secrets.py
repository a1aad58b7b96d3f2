"""Secrets: the API key never shows anywhere the SDK or the local controller writes text."""

from __future__ import annotations

import logging
import ssl
import traceback
import uuid

import httpx
import pytest

from sekha import ClientConfig, SekhaClient, SekhaError, SyncSekhaClient
from tests.live import ServerProcess

SECRET_CONTENT = "the launch code is " + uuid.uuid4().hex


def _every_failure(client: SyncSekhaClient, server: ServerProcess) -> list[BaseException]:
    """Provoke each kind of error the SDK raises, and keep the exceptions."""
    caught: list[BaseException] = []
    attempts = [
        lambda: client.get_conversation(uuid.uuid4()),  # 404
        lambda: client.get_conversation("not-a-uuid"),  # client-side
        lambda: client.create([]),  # client-side validation
        lambda: client.generate_summary(uuid.uuid4(), "daily"),  # 404
    ]
    for attempt in attempts:
        try:
            attempt()
        except SekhaError as exc:
            caught.append(exc)
    wrong = ClientConfig(api_key="x" * 40, base_url=server.base_url)
    dead = ClientConfig(api_key=server.api_key, base_url="http://127.0.0.1:9", max_retries=0)
    for config, call in ((wrong, "list_conversations"), (dead, "health")):
        with SyncSekhaClient(config) as other:
            try:
                getattr(other, call)()
            except SekhaError as exc:
                caught.append(exc)
    return caught


def _requests_in(exc: BaseException) -> list[httpx.Request]:
    """Every request an exception holds, its causes' included (httpx errors, decode failures)."""
    found: list[httpx.Request] = []
    seen: BaseException | None = exc
    while seen is not None:
        for holder in (seen, getattr(seen, "response", None)):
            try:
                request = getattr(holder, "request", None)
            except RuntimeError:  # an httpx error raised before it had a request
                request = None
            if isinstance(request, httpx.Request):
                found.append(request)
        seen = seen.__cause__ or seen.__context__
    return found


def _request_text(request: httpx.Request) -> str:
    """All a request shows: its repr, its headers one by one (values unmasked), its URL."""
    return " ".join([repr(request), repr(request.headers), str(dict(request.headers)), str(request.url)])


def test_the_key_appears_in_no_repr_log_message_or_traceback(
    server: ServerProcess, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)  # httpx, httpcore and sekha at their most talkative
    key = server.api_key
    config = server.config(max_retries=1, retry_backoff=0.01)
    rendered: list[str] = [repr(config), str(config)]
    with SyncSekhaClient(config) as client:
        rendered += [repr(client), repr(client.api), repr(client.config)]
        stored = client.create([{"role": "user", "content": SECRET_CONTENT}], "secrets", "/s")
        client.get_messages(stored.id)
        failures = _every_failure(client, server)
    async_client = SekhaClient(config)
    rendered += [repr(async_client), repr(async_client.api)]
    assert len(failures) >= 5
    for exc in failures:
        rendered += [str(exc), repr(exc), "".join(traceback.format_exception(exc))]
        rendered += [_request_text(request) for request in _requests_in(exc)]
    out, err = capsys.readouterr()
    rendered += [caplog.text, out, err]
    leaks = [text for text in rendered if key in text]
    assert leaks == []


def test_the_request_an_error_keeps_has_no_key(server: ServerProcess) -> None:
    """``exc.request.headers["authorization"]`` (and its cause's) is redacted, not the key."""
    with SyncSekhaClient(server.config()) as client, pytest.raises(SekhaError) as caught:
        client.get_conversation(uuid.uuid4())
    requests = _requests_in(caught.value)
    assert requests and all(r.headers["authorization"] == "[redacted]" for r in requests)
    dead = ClientConfig(api_key=server.api_key, base_url="http://127.0.0.1:9", max_retries=0)
    with SyncSekhaClient(dead) as client, pytest.raises(SekhaError) as caught:
        client.health()
    requests = _requests_in(caught.value)
    assert len(requests) >= 2  # the SDK's error and httpx's, its cause
    assert all(server.api_key not in _request_text(r) for r in requests)


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_a_key_that_cannot_travel_in_a_header_is_refused_without_showing_it(
    flavour: str, caplog: pytest.LogCaptureFixture
) -> None:
    """It used to pass ClientConfig, then building the client raised UnicodeEncodeError holding it."""
    caplog.set_level(logging.DEBUG)
    key = "sk-sekha-" + "ключ" * 10

    def use_it() -> None:
        config = ClientConfig(api_key=key)
        client = SyncSekhaClient(config) if flavour == "sync" else SekhaClient(config)
        client.health()

    with pytest.raises(SekhaError) as caught:
        use_it()
    rendered = [str(caught.value), repr(caught.value), "".join(traceback.format_exception(caught.value))]
    assert all("ключ" not in text for text in [*rendered, caplog.text])


def test_the_server_log_holds_neither_keys_nor_message_contents(server: ServerProcess) -> None:
    with SyncSekhaClient(server.config()) as client:
        client.create([{"role": "user", "content": SECRET_CONTENT}], "log-check", "/s")
        client.full_text_search("launch code")
    intruder_config = ClientConfig(api_key="y" * 40, base_url=server.base_url)
    with SyncSekhaClient(intruder_config) as intruder, pytest.raises(SekhaError):
        intruder.count_conversations()
    log = server.log_path.read_text()
    assert server.api_key not in log
    assert "y" * 40 not in log
    assert "launch code" not in log


def test_tls_is_verified_by_default() -> None:
    config = ClientConfig(api_key="k" * 40, base_url="https://memory.example.com")
    assert config.verify is True
    with SyncSekhaClient(config) as client:
        pool = client._http._transport._transport  # type: ignore[attr-defined]
        context: ssl.SSLContext = pool._pool._ssl_context
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname


def test_tls_verification_can_point_at_a_private_ca() -> None:
    context = ssl.create_default_context()
    config = ClientConfig(api_key="k" * 40, base_url="https://memory.internal", verify=context)
    with SyncSekhaClient(config) as client:
        pool = client._http._transport._transport  # type: ignore[attr-defined]
        assert pool._pool._ssl_context is context


def test_the_key_is_sent_only_as_a_bearer_header(server: ServerProcess) -> None:
    seen: list[httpx.Request] = []

    def hook(request: httpx.Request) -> None:
        seen.append(request)

    with SyncSekhaClient(server.config()) as client:
        client._http.event_hooks["request"].append(hook)
        client.count_conversations(label="x")
    (request,) = seen
    assert request.headers["authorization"] == f"Bearer {server.api_key}"
    assert server.api_key not in str(request.url)
    assert server.api_key.encode() not in request.content
    assert repr(request.headers).count("[secure]") == 1
