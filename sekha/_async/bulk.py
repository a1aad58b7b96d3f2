"""The streamed bulk export (extension ``bulk_export``), read line by line so memory stays flat.

The sync twin, ``sekha/_sync/bulk.py``, is derived from this file by ``scripts/unasync.py``.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

import anyio
import httpx

from sekha import errors
from sekha._async.transport import STREAM
from sekha.lowlevel import CLOSED
from sekha_api import models as api

if TYPE_CHECKING:
    from sekha_api.models import BulkExportItem

__all__ = ["EXPORT_PATH", "records"]

EXPORT_PATH = "/api/v1/export"
"""The contract's ``export_conversations`` route (tests/contract/test_spec.py holds them equal)."""


async def _lines(response: httpx.Response) -> AsyncIterator[bytes]:
    """The body's newline-terminated lines. JSON text may hold U+2028 or U+0085, which
    ``aiter_lines`` would split on; and a fragment the stream stopped in is no line at all."""
    pending = b""
    async for chunk in response.aiter_bytes():
        *complete, pending = (pending + chunk).split(b"\n")
        for line in complete:
            yield line


def _item(line: bytes, response: httpx.Response) -> BulkExportItem | None:
    """One line as an item; None for the closing line."""
    try:
        value = json.loads(line)
        if isinstance(value, dict) and value.get("end") is True:
            return None
        return api.BulkExportItem.from_dict(value)
    except (ValueError, KeyError, TypeError, AttributeError, OverflowError, RecursionError) as exc:
        problem = f"has a line that is not a BulkExportItem ({type(exc).__name__})"
        raise errors.undecodable(response, problem, raw=line.decode("utf-8", "replace")) from None


async def records(
    http: httpx.AsyncClient, label: str | None, *, attempts: int, backoff: float
) -> AsyncIterator[BulkExportItem]:
    """Every conversation the export carries, asking again after the last one received when the
    stream breaks (at most ``attempts`` times in a row without progress)."""
    cursor = ""
    failures = 0
    while True:
        if http.is_closed:  # httpx would raise its own RuntimeError
            raise errors.SekhaClientClosedError(CLOSED)
        params = {"cursor": cursor} if label is None else {"cursor": cursor, "label": label}
        try:
            async with http.stream("GET", EXPORT_PATH, params=params, extensions={STREAM: True}) as response:
                if response.is_error:
                    await response.aread()
                    raise errors.error_from_response(response)
                async for line in _lines(response):
                    if not line.strip():
                        continue
                    item = _item(line, response)
                    if item is None:
                        return
                    cursor, failures = item.cursor, 0
                    yield item
            raise httpx.RemoteProtocolError(
                "the export stopped before its last line", request=response.request
            )
        except httpx.TransportError as exc:
            failures += 1
            if failures > attempts:
                raise errors.transport_error(exc) from exc
            await anyio.sleep(backoff * failures)
