"""Small helpers shared by the server tests."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Sequence
from typing import Any

import httpx

from sekha.server.store import Created, NewMessage, Store

ISO_NAIVE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3}|\.\d{6}|\.\d{9})?$")
DISPLAY_NAIVE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{3}|\.\d{6}|\.\d{9})?$")
NIL_UUID = "00000000-0000-0000-0000-000000000000"


def unique(prefix: str) -> str:
    """A label or folder no other test uses, so assertions on a shared server stay exact."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def create(
    api: httpx.Client,
    label: str,
    folder: str,
    contents: list[str] | None = None,
    *,
    roles: list[str] | None = None,
) -> dict[str, Any]:
    contents = contents or []
    roles = roles or ["user" if i % 2 == 0 else "assistant" for i in range(len(contents))]
    body = {
        "label": label,
        "folder": folder,
        "messages": [{"role": r, "content": c} for r, c in zip(roles, contents, strict=True)],
    }
    response = api.post("/api/v1/conversations", json=body)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()
    return data


def wait_indexed(api: httpx.Client, timeout: float = 30.0) -> None:
    """Wait until the background indexer has embedded everything committed so far."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        checks = api.get("/health").json()["checks"]
        if checks["indexer"]["pending"] == 0:
            return
        time.sleep(0.05)
    raise AssertionError("embeddings still pending")


def assert_error(response: httpx.Response, status: int) -> str:
    """The response is a shape-A JSON error with this status; returns its message."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["code"] == status
    assert isinstance(body["error"], str)
    assert body["error"]
    return str(body["error"])


def mcp(api: httpx.Client, tool: str, body: dict[str, Any]) -> Any:
    response = api.post(f"/mcp/tools/{tool}", json=body)
    assert response.status_code == 200, response.text
    envelope = response.json()
    assert set(envelope) == {"success", "data", "error"}
    assert envelope["success"] is True
    assert envelope["error"] is None
    return envelope["data"]


def store_conversation(
    store: Store, label: str, folder: str, messages: Sequence[NewMessage | tuple[str, str]], **options: Any
) -> Created:
    """Store a conversation straight into a ``Store``, as the create route's writer does.

    A message may be a ``(role, content)`` pair, stored at the time of the write.
    """
    stored = [m if isinstance(m, NewMessage) else NewMessage(*m) for m in messages]
    return store.write(store.create_work(label, folder, stored, **options))
