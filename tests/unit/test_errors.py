"""Every error shape the controller sends maps to one exception type, with message, body and request."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
from pytest_httpx import HTTPXMock

import sekha
import sekha.errors
from sekha import (
    ClientConfig,
    SekhaAPIError,
    SekhaAuthError,
    SekhaClient,
    SekhaClientClosedError,
    SekhaConnectionError,
    SekhaDecodeError,
    SekhaError,
    SekhaNotFoundError,
    SekhaRateLimitError,
    SekhaServerError,
    SekhaTimeoutError,
    SekhaValidationError,
    SyncSekhaClient,
)
from sekha.errors import error_from_response, parse_retry_after
from tests.fixtures import body, controller_bodies
from tests.unit.conftest import API_KEY, BASE, Run

CONV = "6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f"

ERROR_CASES = [
    ("not_found_404", SekhaNotFoundError, "Conversation not found"),
    ("label_not_found_404", SekhaNotFoundError, f"Entity not found: Conversation {CONV} not found"),
    ("entity_not_found_500", SekhaServerError, "Entity not found"),
    ("fts_syntax_500", SekhaServerError, "fts5: syntax error"),
    ("summarize_bad_level_400", SekhaValidationError, "Invalid level"),
    ("mcp_invalid_key_401", SekhaAuthError, "Invalid API key"),
    ("mcp_missing_header_401", SekhaAuthError, "Missing authorization header"),
    ("mcp_bad_format_400", SekhaValidationError, "Invalid authorization format"),
    ("rate_limited_429", SekhaRateLimitError, "Rate limit exceeded"),
    ("missing_field_422", SekhaValidationError, "missing field `folder`"),
    ("bad_json_400", SekhaValidationError, "Failed to parse the request body"),
    ("no_content_type_415", SekhaValidationError, "Content-Type: application/json"),
    ("bad_uuid_400", SekhaValidationError, "Invalid URL"),
    ("bad_query_string_400", SekhaValidationError, "Failed to deserialize query string"),
    ("body_too_large_413", SekhaValidationError, "length limit exceeded"),
    ("mcp_not_found_404", SekhaNotFoundError, "Not Found"),
    ("count_db_error_500", SekhaServerError, "Internal Server Error"),
]


def _response(name: str) -> httpx.Response:
    entry = controller_bodies()[name]
    raw = entry["body"]
    content = raw.encode() if isinstance(raw, str) else json.dumps(raw).encode()
    headers = {"content-type": entry["content_type"]} if entry.get("content_type") else {}
    if "content_type" not in entry:
        headers = {"content-type": "application/json"}
    request = httpx.Request(entry["method"], BASE + entry["path"])
    return httpx.Response(entry["status"], content=content, headers=headers, request=request)


@pytest.mark.parametrize(("fixture", "kind", "text"), ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_every_error_shape_maps_to_its_exception(fixture: str, kind: type[SekhaAPIError], text: str) -> None:
    response = _response(fixture)
    error = error_from_response(response)
    assert type(error) is kind
    assert isinstance(error, SekhaAPIError | SekhaError)
    assert error.status_code == response.status_code
    assert text in error.message
    assert error.request is not None and error.request.url.path == controller_bodies()[fixture]["path"]
    raw = controller_bodies()[fixture]["body"]
    assert error.body == (raw or None)
    assert str(response.status_code) in str(error)


def test_retry_after_is_read_from_seconds_and_dates() -> None:
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(" 0.5 ") == 0.5
    assert parse_retry_after("0") == 0.0
    assert parse_retry_after("86400") == 86400.0  # a day is the longest believed
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == pytest.approx(10.0)
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412490.0) == 0.0  # past: now
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480.0 - 2 * 86400) is None


@pytest.mark.parametrize(
    "junk",
    [None, "", "soon", "nan", "NaN", "inf", "-inf", "Infinity", "1e309", "-3", "-0.5", "86401", "1e12"],
)
def test_retry_after_rejects_what_no_one_should_wait_for(junk: str | None) -> None:
    assert parse_retry_after(junk) is None


def test_a_rate_limit_error_carries_retry_after() -> None:
    request = httpx.Request("GET", BASE + "/health")
    error = error_from_response(httpx.Response(429, headers={"retry-after": "12"}, request=request))
    assert isinstance(error, SekhaRateLimitError) and error.retry_after == 12.0


def test_errors_import_from_both_places() -> None:
    for name in sekha.errors.__all__:
        if name.startswith("Sekha"):
            assert getattr(sekha, name) is getattr(sekha.errors, name)
    assert issubclass(SekhaTimeoutError, SekhaConnectionError)


def test_a_200_with_an_unreadable_body_raises_decode_error_with_the_raw_text(
    run: Run, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(url=BASE + f"/api/v1/conversations/{CONV}", text='{"id": "6f1c', is_reusable=True)
    with pytest.raises(SekhaDecodeError) as caught:
        run("get_conversation", CONV)
    assert caught.value.raw == '{"id": "6f1c'
    assert caught.value.status_code == 200


def test_an_html_error_page_is_still_a_typed_error(run: Run, httpx_mock: HTTPXMock) -> None:
    html = "<html><body><h1>502 Bad Gateway</h1></body></html>"
    httpx_mock.add_response(
        status_code=502, text=html, headers={"content-type": "text/html"}, is_reusable=True
    )
    with pytest.raises(SekhaServerError) as caught:
        run("get_conversation", CONV)
    assert caught.value.status_code == 502 and "Bad Gateway" in caught.value.message


def test_a_valid_json_body_of_the_wrong_shape_is_a_decode_error(run: Run, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=BASE + "/api/v1/search/fts", json={"hits": []})
    with pytest.raises(SekhaDecodeError, match="not what the contract describes"):
        run("full_text_search", "x")


def test_connection_failures_are_typed(run: Run, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_exception(httpx.ConnectError("connection refused"), is_reusable=True)
    with pytest.raises(SekhaConnectionError, match="connection refused") as caught:
        run("get_conversation", CONV)
    assert not isinstance(caught.value, SekhaTimeoutError)


def test_timeouts_are_typed(run: Run, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_exception(httpx.ReadTimeout("slow"), is_reusable=True)
    with pytest.raises(SekhaTimeoutError):
        run("health")


def test_client_side_validation_happens_before_any_request(run: Run, httpx_mock: HTTPXMock) -> None:
    with pytest.raises(SekhaNotFoundError, match="not a UUID"):
        run("get_conversation", "invalid-id")
    with pytest.raises(SekhaValidationError):
        run("assemble_context", "q", token_budget=-5)
    with pytest.raises(SekhaValidationError):
        run("smart_query", "")
    with pytest.raises(SekhaValidationError):
        run("full_text_search", "x", limit=0)
    with pytest.raises(SekhaValidationError):
        run("generate_summary", CONV, "hourly")
    with pytest.raises(SekhaValidationError):
        run("count_conversations", label="a", folder="/b")
    with pytest.raises(SekhaValidationError):
        run("list_conversations", page=0)
    with pytest.raises(SekhaValidationError):
        run("create", [{"role": "robot", "content": "hi"}])
    with pytest.raises(SekhaValidationError):
        run("create", [])
    with pytest.raises(SekhaValidationError):
        run("execute_prune", CONV)
    with pytest.raises(SekhaValidationError):
        run("export", format="pdf")
    with pytest.raises(SekhaValidationError):
        run("update_label", CONV, 42)
    with pytest.raises(SekhaValidationError):
        run("update_folder", CONV, "  ")
    with pytest.raises(SekhaValidationError):
        run("memory_store", [{"role": "user", "content": "x"}], importance_score=11)
    assert httpx_mock.get_requests() == []


def test_the_api_key_never_shows_in_errors(run: Run, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(status_code=401, json={"error": "Invalid API key"}, is_reusable=True)
    with pytest.raises(SekhaAuthError) as caught:
        run("get_conversation", CONV)
    error = caught.value
    rendered = [str(error), repr(error), error.message, repr(error.request), repr(error.request.headers)]
    assert all(API_KEY not in text for text in rendered)


def test_a_bug_in_the_sdk_surfaces_as_itself(
    run: Run, httpx_mock: HTTPXMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only a body the generated models cannot read is a SekhaDecodeError; the SDK's own slips are not."""
    httpx_mock.add_response(url=BASE + "/health", json=body("health_200"))
    httpx_mock.add_response(url=BASE + "/api/v1/context/assemble", json=body("context_assemble_200"))

    def broken(*_: object, **__: object) -> None:
        raise TypeError("a bug in the SDK")

    monkeypatch.setattr(sekha.AssembledContext, "__init__", broken)
    with pytest.raises(TypeError, match="a bug in the SDK"):
        run("assemble_context", "rust", token_budget=100)


def test_a_success_without_its_body_is_a_decode_error(run: Run, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=BASE + f"/api/v1/conversations/{CONV}", status_code=204)
    with pytest.raises(SekhaDecodeError, match=r"204 response to GET .* has no body") as caught:
        run("get_conversation", CONV)
    assert caught.value.status_code == 204 and caught.value.raw == ""


def test_a_status_outside_the_registry_is_still_typed(run: Run, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(status_code=599, is_reusable=True)
    with pytest.raises(SekhaServerError) as caught:
        run("get_conversation", CONV)
    assert caught.value.status_code == 599 and caught.value.message == "Error"
    httpx_mock.reset()
    httpx_mock.add_response(status_code=299, text="fine?")
    with pytest.raises(SekhaDecodeError, match="299 response"):
        run("get_conversation", CONV)


# --- every failure a caller can see is a SekhaError ---------------------------------------------

DEEP = ("[" * 100_000 + "]" * 100_000).encode()  # deeper than any parser's recursion limit


def test_a_success_body_nested_too_deep_is_a_decode_error(run: Run, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=BASE + f"/api/v1/conversations/{CONV}", content=DEEP)
    with pytest.raises(SekhaDecodeError, match="not what the contract describes"):
        run("get_conversation", CONV)


def test_an_error_body_nested_too_deep_is_still_typed_and_its_message_clipped(
    run: Run, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(url=BASE + f"/api/v1/conversations/{CONV}", status_code=404, content=DEEP)
    with pytest.raises(SekhaNotFoundError) as caught:
        run("get_conversation", CONV)
    assert len(caught.value.message) < 600 and caught.value.message.endswith("(200000 characters)")
    assert caught.value.body == DEEP.decode()


def test_an_unhealthy_report_nested_too_deep_reads_as_unhealthy(run: Run, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=BASE + "/health", status_code=503, content=DEEP, is_reusable=True)
    assert run("health").status == "unhealthy"


@pytest.mark.parametrize("count", ["1e999", "-1e999", "2.5", "true", '"7"', "null"])
def test_a_count_that_is_not_a_whole_number_is_a_decode_error(
    run: Run, httpx_mock: HTTPXMock, count: str
) -> None:
    """JSON 1e999 decodes to infinity: reading it as a count must not overflow or pass it on."""
    url = BASE + "/api/v1/conversations/count"
    httpx_mock.add_response(url=url, content=b'{"count": %s}' % count.encode())
    with pytest.raises(SekhaDecodeError, match=r"count|whole number"):
        run("count_conversations")


def test_a_whole_number_sent_as_a_float_is_read(run: Run, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=BASE + "/api/v1/conversations/count", content=b'{"count": 3.0}')
    assert run("count_conversations") == 3


def test_a_page_total_of_infinity_is_a_decode_error(run: Run, httpx_mock: HTTPXMock) -> None:
    page = {**body("list_conversations_200"), "total": 1e999}
    httpx_mock.add_response(content=json.dumps(page).encode())  # json writes Infinity
    with pytest.raises(SekhaDecodeError):
        run("list_conversations")


def test_a_call_on_a_closed_client_is_a_typed_error(config: ClientConfig, httpx_mock: HTTPXMock) -> None:
    sync_client = SyncSekhaClient(config)
    sync_client.close()
    async_client = SekhaClient(config)
    asyncio.run(async_client.aclose())
    for call in (sync_client.health, lambda: asyncio.run(async_client.health())):
        with pytest.raises(SekhaClientClosedError, match="closed; make a new one") as caught:
            call()
        assert isinstance(caught.value, RuntimeError)  # as httpx's own closed-client error was
    assert httpx_mock.get_requests() == []


def test_a_client_closed_while_a_call_waits_to_retry_ends_the_call(
    config: ClientConfig, httpx_mock: HTTPXMock
) -> None:
    """A call under way when its client closes stops trying again: a typed error, no more requests."""
    url = BASE + "/metrics"
    with SyncSekhaClient(config) as client:

        def close_then_fail(request: httpx.Request) -> httpx.Response:
            client.close()
            return httpx.Response(503)

        httpx_mock.add_callback(close_then_fail, url=url)
        with pytest.raises(SekhaClientClosedError, match="closed while this call"):
            client.metrics()
    assert len(httpx_mock.get_requests()) == 1


def test_an_async_client_closed_while_a_call_waits_to_retry_ends_the_call(
    config: ClientConfig, httpx_mock: HTTPXMock
) -> None:
    url = BASE + "/metrics"

    async def scenario() -> None:
        client = SekhaClient(config)
        answered = asyncio.Event()

        async def fail(request: httpx.Request) -> httpx.Response:
            answered.set()
            await asyncio.sleep(0.05)  # the close below lands while the call waits for this answer
            return httpx.Response(503)

        httpx_mock.add_callback(fail, url=url)
        call = asyncio.create_task(client.metrics())
        await asyncio.wait_for(answered.wait(), 10)
        await client.aclose()
        with pytest.raises(SekhaClientClosedError, match="closed while this call"):
            await asyncio.wait_for(call, 10)

    asyncio.run(scenario())
    assert len(httpx_mock.get_requests()) == 1


def test_a_closed_client_cannot_make_the_second_request_of_a_call(
    config: ClientConfig, httpx_mock: HTTPXMock
) -> None:
    """update_folder reads the label, then writes: closing between the two is a typed error."""
    with SyncSekhaClient(config) as client:

        def close_after_answering(request: httpx.Request) -> httpx.Response:
            client.close()
            return httpx.Response(200, json=body("get_conversation_200"))

        httpx_mock.add_callback(close_after_answering, url=BASE + f"/api/v1/conversations/{CONV}")
        with pytest.raises(SekhaClientClosedError):
            client.update_folder(CONV, "/elsewhere")
