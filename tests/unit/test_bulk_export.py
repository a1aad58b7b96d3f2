"""The bulk export: streamed line by line where announced, resumed where it broke off."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from pytest_httpx import HTTPXMock

from sekha import (
    ClientConfig,
    SekhaAuthError,
    SekhaClientClosedError,
    SekhaConnectionError,
    SekhaDecodeError,
    SekhaUnsupportedError,
    SyncSekhaClient,
)
from tests.fixtures import body
from tests.unit.conftest import BASE, Run

EXPORT = BASE + "/api/v1/export"


def announce(httpx_mock: HTTPXMock, **capabilities: bool) -> None:
    httpx_mock.add_response(url=BASE + "/health", json={**body("health_200"), "capabilities": capabilities})


def item(n: int) -> dict[str, Any]:
    exported = body("mcp_export_200")["data"]
    conversation = {**exported["conversation"], "id": str(uuid.UUID(int=n + 1)), "label": f"L{n}"}
    message = {**exported["messages"][0], "content": f"message of {n}"}
    return {"cursor": str(n + 1), "conversation": conversation, "messages": [message]}


def lines(*values: dict[str, Any]) -> bytes:
    return b"".join(json.dumps(v).encode() + b"\n" for v in values)


END = {"end": True, "exported": 0}


class Broken(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body that sends ``data`` and then loses its connection."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def __iter__(self) -> Iterator[bytes]:
        yield self.data
        raise httpx.ReadError("[Errno 104] Connection reset by peer")

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self.data
        raise httpx.ReadError("[Errno 104] Connection reset by peer")


def contents(document: str) -> list[str]:
    return [c["messages"][0]["content"] for c in json.loads(document)]


def test_the_export_is_one_streamed_request_where_announced(run: Run, httpx_mock: HTTPXMock) -> None:
    announce(httpx_mock, bulk_export=True)
    httpx_mock.add_response(url=EXPORT + "?cursor=", content=lines(item(0), item(1), item(2), END))
    assert contents(run("export", format="json")) == ["message of 0", "message of 1", "message of 2"]
    assert [r.url.path for r in httpx_mock.get_requests()] == ["/health", "/api/v1/export"]


def test_the_label_goes_to_the_server_and_markdown_renders_the_same(run: Run, httpx_mock: HTTPXMock) -> None:
    announce(httpx_mock, bulk_export=True)
    httpx_mock.add_response(url=EXPORT + "?cursor=&label=L0", content=lines(item(0), END))
    text = run("export", "L0")
    assert text.startswith("# Sekha export: label “L0”") and "message of 0" in text


def test_a_stream_that_breaks_goes_on_after_the_last_conversation_received(
    run: Run, httpx_mock: HTTPXMock
) -> None:
    announce(httpx_mock, bulk_export=True)
    httpx_mock.add_response(url=EXPORT + "?cursor=", stream=Broken(lines(item(0), item(1))))
    httpx_mock.add_response(url=EXPORT + "?cursor=2", content=lines(item(2), END))
    assert contents(run("export", format="json")) == ["message of 0", "message of 1", "message of 2"]


def test_a_stream_cut_at_a_line_break_is_not_taken_for_the_whole(run: Run, httpx_mock: HTTPXMock) -> None:
    """Only the closing line says the export is complete."""
    announce(httpx_mock, bulk_export=True)
    httpx_mock.add_response(url=EXPORT + "?cursor=", content=lines(item(0)))
    httpx_mock.add_response(url=EXPORT + "?cursor=1", content=lines(item(1), END))
    assert contents(run("export", format="json")) == ["message of 0", "message of 1"]


def test_a_stream_that_keeps_breaking_without_progress_is_a_connection_error(
    run: Run, httpx_mock: HTTPXMock
) -> None:
    announce(httpx_mock, bulk_export=True)
    httpx_mock.add_response(url=EXPORT + "?cursor=", stream=Broken(lines(item(0))))
    httpx_mock.add_response(url=EXPORT + "?cursor=1", stream=Broken(b""), is_reusable=True)
    with pytest.raises(SekhaConnectionError, match="Connection reset"):
        run("export", format="json")
    assert len(httpx_mock.get_requests(url=EXPORT + "?cursor=1")) == 3  # max_retries resumptions


def test_a_line_that_is_not_an_item_is_a_decode_error_with_that_line(run: Run, httpx_mock: HTTPXMock) -> None:
    announce(httpx_mock, bulk_export=True)
    httpx_mock.add_response(url=EXPORT + "?cursor=", content=lines(item(0)) + b'{"cursor": 7}\n')
    with pytest.raises(SekhaDecodeError, match="not a BulkExportItem") as caught:
        run("export", format="json")
    assert caught.value.raw == '{"cursor": 7}'


def test_an_error_status_is_the_usual_typed_error(run: Run, httpx_mock: HTTPXMock) -> None:
    announce(httpx_mock, bulk_export=True)
    httpx_mock.add_response(
        url=EXPORT + "?cursor=", status_code=401, json={"error": "Invalid API key", "code": 401}
    )
    with pytest.raises(SekhaAuthError, match="Invalid API key"):
        run("export", format="json")


def test_without_the_extension_the_list_cursor_is_refused_with_advice(
    run: Run, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(url=BASE + "/health", json=body("health_200"))
    with pytest.raises(SekhaUnsupportedError, match="iter_conversations"):
        run("list_conversations", cursor="")
    assert [r.url.path for r in httpx_mock.get_requests()] == ["/health"]


def test_with_the_extension_iteration_follows_the_cursor(run: Run, httpx_mock: HTTPXMock) -> None:
    announce(httpx_mock, list_cursor=True, list_filters=True)
    page = body("list_conversations_200")
    row = page["results"][0]
    second = {**row, "conversation_id": str(uuid.UUID(int=9)), "label": "Second"}
    url = BASE + "/api/v1/conversations?page_size=100&cursor="
    httpx_mock.add_response(url=url, json={**page, "next_cursor": "5"})
    httpx_mock.add_response(url=url + "5", json={**page, "results": [second], "next_cursor": None})
    assert [r.label for r in run("iter_conversations")] == ["Project Planning", "Second"]


def test_filters_are_applied_here_when_the_server_cannot(run: Run, httpx_mock: HTTPXMock) -> None:
    """The real controller answers nothing to a filter: the client asks for everything and picks."""
    httpx_mock.add_response(url=BASE + "/health", json=body("health_200"))
    page = body("list_conversations_200")
    row = page["results"][0]
    archived = {
        **row,
        "conversation_id": str(uuid.UUID(int=9)),
        "metadata": {**row["metadata"], "status": "archived"},
    }
    listing = {**page, "results": [row, archived], "total": 2, "page_size": 100}
    httpx_mock.add_response(url=BASE + "/api/v1/conversations?page=1&page_size=100", json=listing)
    httpx_mock.add_response(url=BASE + "/api/v1/conversations?page=1&page_size=1", json=listing)
    found = run("iter_conversations", archived=True)
    assert [r.id for r in found] == [uuid.UUID(int=9)]


def test_a_line_separator_inside_the_text_does_not_split_a_line(run: Run, httpx_mock: HTTPXMock) -> None:
    """The server writes JSON without escaping U+2028 or U+0085, which str.splitlines splits on."""
    announce(httpx_mock, bulk_export=True)
    awkward = {**item(0), "messages": [{**item(0)["messages"][0], "content": "a\u2028b\x85c\u2029d\x1ce"}]}
    raw = json.dumps(awkward, ensure_ascii=False).encode() + b"\n" + lines(END)
    httpx_mock.add_response(url=EXPORT + "?cursor=", content=raw)
    assert contents(run("export", format="json")) == ["a\u2028b\x85c\u2029d\x1ce"]


def test_a_stream_cut_inside_a_line_goes_on_from_the_last_whole_one(run: Run, httpx_mock: HTTPXMock) -> None:
    announce(httpx_mock, bulk_export=True)
    httpx_mock.add_response(url=EXPORT + "?cursor=", content=lines(item(0)) + b'{"cursor": "2", "conv')
    httpx_mock.add_response(url=EXPORT + "?cursor=1", content=lines(item(1), END))
    assert contents(run("export", format="json")) == ["message of 0", "message of 1"]


def test_a_client_closed_during_the_export_ends_it_typed(config: ClientConfig, httpx_mock: HTTPXMock) -> None:
    announce(httpx_mock, bulk_export=True)
    httpx_mock.add_response(url=EXPORT + "?cursor=", stream=Broken(lines(item(0))))
    with SyncSekhaClient(config) as client:
        chunks = client.export_stream(format="json")
        assert next(chunks) == "["
        assert "message of 0" in next(chunks)
        client.close()
        with pytest.raises(SekhaClientClosedError):
            next(chunks)  # the stream broke; asking again finds the client closed
