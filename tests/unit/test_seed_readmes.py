"""The seed READMEs' examples run as written against a mocked real controller."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pytest
from pytest_httpx import HTTPXMock

from tests import seed_examples
from tests.fixtures import body
from tests.unit.conftest import API_KEY, BASE

ID = r"[0-9a-f-]{36}"
pytestmark = pytest.mark.httpx_mock(assert_all_responses_were_requested=False)


def mock_controller(httpx_mock: HTTPXMock) -> None:
    """Answer every route the examples use with the reference's bodies, as often as asked."""
    created = body("create_conversation_201")
    routes = [
        ("POST", BASE + "/api/v1/conversations", 201, created),
        ("POST", BASE + "/api/v1/query", 200, body("semantic_query_200")),
        ("GET", re.compile(BASE + f"/api/v1/conversations/{ID}$"), 200, body("get_conversation_200")),
        ("GET", re.compile(BASE + r"/api/v1/conversations\?.*"), 200, body("list_conversations_200")),
        ("PUT", re.compile(BASE + f"/api/v1/conversations/{ID}/(pin|archive|label)"), 200, None),
        ("POST", BASE + "/api/v1/context/assemble", 200, body("context_assemble_200")),
        ("POST", BASE + "/api/v1/prune/dry-run", 200, body("prune_dry_run_200")),
        ("POST", BASE + "/mcp/tools/memory_export", 200, body("mcp_export_200")),
        ("GET", BASE + "/health", 200, body("health_200")),
    ]
    for method, url, status, payload in routes:
        content = b"" if payload is None else json.dumps(payload).encode()
        httpx_mock.add_response(method=method, url=url, status_code=status, content=content, is_reusable=True)


def test_readme1_quickstart(httpx_mock: HTTPXMock) -> None:
    mock_controller(httpx_mock)
    printed = seed_examples.readme1_quickstart(API_KEY, BASE)
    assert printed.splitlines() == [
        "Created: 6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f",
        "- Rust is a systems language (from Learning)",
    ]


def test_readme1_sync_errors_pins_and_exports(httpx_mock: HTTPXMock, tmp_path: Path) -> None:
    mock_controller(httpx_mock)
    printed, all_markdown = seed_examples.readme1_sync_pin_archive_errors_export(API_KEY, BASE, tmp_path)
    assert "Conversation not found" in printed
    assert (tmp_path / "backup.md").read_text().startswith("# Sekha export: label “Project:AI”")
    assert json.loads((tmp_path / "backup.json").read_text())[0]["label"] == "Learning"
    assert "Rust is a systems language" in all_markdown


def test_readme2_memory_controller(httpx_mock: HTTPXMock) -> None:
    mock_controller(httpx_mock)
    printed = seed_examples.readme2_memory_controller(API_KEY, BASE)
    assert "Consider archiving: 6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f - keep: Nothing important" in printed
    assert "async: Project Planning 1" in printed
    label_update = [r for r in httpx_mock.get_requests() if r.url.path.endswith("/label")]
    assert json.loads(label_update[0].content) == {"label": "Project:AI-Archive", "folder": "/projects/x"}


def test_readme2_error_handling(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(status_code=401, json={"error": "Invalid API key"})
    assert seed_examples.readme2_error_handling(API_KEY, BASE) == "Invalid API key\n"
    httpx_mock.add_exception(httpx.ConnectError("refused"))
    assert seed_examples.readme2_error_handling(API_KEY, BASE) == "Cannot connect to Sekha controller\n"
    httpx_mock.add_response(status_code=422, text="Failed to deserialize the JSON body")
    assert seed_examples.readme2_error_handling(API_KEY, BASE).startswith("API error: Failed to deserialize")
