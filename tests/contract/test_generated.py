"""The generated client: every operation exists in both flavours, every documented body parses,
any status is kept, timestamps are aware UTC, and every module imports in any order."""

from __future__ import annotations

import datetime
import importlib
import inspect
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

import sekha_api
from sekha_api import models
from sekha_api.api.conversations import count_conversations
from sekha_api.client import Client
from sekha_api.errors import UnexpectedBody
from tests.fixtures import controller_bodies

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = json.loads((ROOT / "generated" / "sekha_api" / "contract.json").read_text(encoding="utf-8"))


def endpoint_modules() -> dict[tuple[str, str], ModuleType]:
    found = {}
    for path, item in CONTRACT["paths"].items():
        for method, op in item.items():
            if method == "parameters":
                continue
            module = importlib.import_module(f"sekha_api.api.{op['tags'][0]}.{op['operationId']}")
            found[(method.upper(), path)] = module
    return found


ENDPOINTS = endpoint_modules()


def test_import_and_typed_marker() -> None:
    assert Path(sekha_api.__file__).with_name("py.typed").exists()


@pytest.mark.parametrize("route", sorted(ENDPOINTS), ids=lambda r: f"{r[0]} {r[1]}")
def test_each_operation_has_sync_and_asyncio_functions(route: tuple[str, str]) -> None:
    module = ENDPOINTS[route]
    for name in ("sync_detailed", "asyncio_detailed"):
        assert callable(getattr(module, name))
    assert inspect.iscoroutinefunction(module.asyncio_detailed)
    if hasattr(module, "sync"):  # operations with a parsed body also get the short forms
        assert inspect.iscoroutinefunction(module.asyncio)


def _response(entry: dict[str, Any]) -> httpx.Response:
    content_type = entry.get("content_type", "application/json")
    raw = entry["body"]
    content = raw.encode() if isinstance(raw, str) else json.dumps(raw).encode()
    headers = {"content-type": content_type} if content_type else {}
    request = httpx.Request(entry["method"], "http://controller" + entry["path"])
    return httpx.Response(entry["status"], content=content, headers=headers, request=request)


@pytest.mark.parametrize("name", sorted(controller_bodies()))
def test_reference_body_parses_into_its_model(name: str) -> None:
    entry = controller_bodies()[name]
    model_name: str = entry["model"]
    if model_name == "text":
        assert isinstance(entry["body"], str)
        return
    if model_name == "list[StoredMessage]":
        parsed = [models.StoredMessage.from_dict(item) for item in entry["body"]]
        assert all(isinstance(m.id, type(parsed[0].id)) for m in parsed)
        return
    model = getattr(models, model_name)
    parsed = model.from_dict(entry["body"])
    assert parsed.to_dict().keys() <= {*entry["body"].keys(), *parsed.additional_properties.keys()}


@pytest.mark.parametrize("name", sorted(controller_bodies()))
def test_generated_endpoint_never_crashes_on_reference_body(name: str) -> None:
    """Each body, answered for its own route, comes out parsed (2xx) or raw (errors), with its request."""
    entry = controller_bodies()[name]
    module = ENDPOINTS[(entry["method"], entry["path"])]
    answer = _response(entry)
    response = module._build_response(client=Client(base_url="http://controller"), response=answer)
    assert (response.status_code, response.content, response.request) == (
        entry["status"],
        answer.content,
        answer.request,
    )
    if entry["status"] >= 400:
        assert response.parsed is None
    elif entry["model"] == "text":
        assert response.parsed == entry["body"]
    elif entry["model"] == "list[StoredMessage]":
        assert [m.content for m in response.parsed] == [m["content"] for m in entry["body"]]
    else:
        assert type(response.parsed).__name__ == entry["model"]


@pytest.mark.parametrize("status", [103, 209, 299, 420, 499, 599, 999])
def test_any_status_is_kept_as_it_came(status: int) -> None:
    """Statuses outside the HTTP registry used to crash the generated code (``HTTPStatus(code)``)."""
    request = httpx.Request("GET", "http://controller/api/v1/conversations/count")
    answer = httpx.Response(status, content=b"odd", request=request)
    response = count_conversations._build_response(
        client=Client(base_url="http://controller"), response=answer
    )
    assert (response.status_code, response.parsed, response.text, response.request) == (
        status,
        None,
        "odd",
        request,
    )


@pytest.mark.parametrize("content", [b"", b"{", b"[]", b'{"label": "x"}', b"\xff\xfe"])
def test_a_success_body_that_does_not_parse_raises_unexpected_body(content: bytes) -> None:
    request = httpx.Request("GET", "http://controller/api/v1/conversations/count")
    answer = httpx.Response(200, content=content, request=request)
    with pytest.raises(UnexpectedBody) as caught:
        count_conversations._build_response(client=Client(base_url="http://controller"), response=answer)
    assert caught.value.response is answer and caught.value.__cause__ is not None


def test_timestamps_with_nine_fraction_digits_parse_as_aware_utc() -> None:
    hit = models.StoredMessage.from_dict(controller_bodies()["fts_200"]["body"]["results"][0])
    assert hit.timestamp.tzinfo is datetime.UTC
    assert (hit.timestamp.second, hit.timestamp.microsecond) == (9, 123456)
    spaced = models.ConversationRecord.from_dict(controller_bodies()["mcp_get_context_200"]["body"]["data"])
    assert spaced.created_at.microsecond == 123456 and spaced.created_at.tzinfo is datetime.UTC
    assert spaced.updated_at.microsecond == 123000


def test_every_generated_module_can_be_imported_first() -> None:
    """Models import sekha's mixins while they load: no import order may find a half-made module."""
    script = """
import importlib, pkgutil, sys
import sekha_api
names = [m.name for m in pkgutil.walk_packages(sekha_api.__path__, "sekha_api.")]
for name in names:
    for loaded in [m for m in sys.modules if m.split(".")[0] in ("sekha", "sekha_api")]:
        del sys.modules[loaded]
    importlib.import_module(name)
    importlib.import_module("sekha").SekhaClient
print(len(names))
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) >= len(ENDPOINTS) + len(models.__all__)


def test_models_and_endpoints_load_on_first_use() -> None:
    """``import sekha`` stays light: no model class or endpoint module until one is used."""
    script = "import sys, sekha; print(' '.join(sorted(m for m in sys.modules if m.startswith('sekha_api'))))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    tags = {
        f"sekha_api.api.{tag}"
        for tag in ("context", "conversations", "intelligence", "mcp", "search", "system")
    }
    plumbing = {"sekha_api", "sekha_api.api", "sekha_api.client", "sekha_api.errors", "sekha_api.types"}
    level = "sekha_api.models.summarize_request_level"  # a Literal and its values, which the client checks
    assert set(result.stdout.split()) == {*plumbing, *tags, "sekha_api.models", level}, result.stderr


@pytest.mark.slow
def test_regen_check_passes() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "regen.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
