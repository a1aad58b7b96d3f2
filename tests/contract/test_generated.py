"""The generated client: every operation exists in both flavours, and every documented body parses."""

from __future__ import annotations

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
from sekha_api.client import Client
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
    """Each body, sent for its own route, comes out parsed (2xx) or as the raw text (errors)."""
    entry = controller_bodies()[name]
    module = ENDPOINTS[(entry["method"], entry["path"])]
    parsed = module._parse_response(client=Client(base_url="http://controller"), response=_response(entry))
    if entry["status"] >= 400 or entry["model"] == "text":
        raw = entry["body"] if isinstance(entry["body"], str) else json.dumps(entry["body"])
        assert parsed == raw
    elif entry["model"] == "list[StoredMessage]":
        assert [m.content for m in parsed] == [m["content"] for m in entry["body"]]
    else:
        assert type(parsed).__name__ == entry["model"]


def test_timestamps_with_nine_fraction_digits_parse_naive() -> None:
    hit = models.StoredMessage.from_dict(controller_bodies()["fts_200"]["body"]["results"][0])
    assert hit.timestamp.tzinfo is None
    assert (hit.timestamp.second, hit.timestamp.microsecond) == (9, 123456)
    spaced = models.ConversationRecord.from_dict(controller_bodies()["mcp_get_context_200"]["body"]["data"])
    assert spaced.created_at.microsecond == 123456
    assert spaced.updated_at.microsecond == 123000


@pytest.mark.slow
def test_regen_check_passes() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "regen.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
