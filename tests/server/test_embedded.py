"""The embedded mode: a server owned by this process, reached over real HTTP."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from sekha.server.embedded import EmbeddedServer
from sekha.server.embedding import HashingEmbedder


def test_temporary_server_serves_and_cleans_up() -> None:
    with EmbeddedServer(embedder=HashingEmbedder()) as server:
        data_dir = server.data_dir
        assert server.base_url.startswith("http://127.0.0.1:")
        headers = {"Authorization": f"Bearer {server.api_key}"}
        body = {"label": "embedded", "folder": "/e", "messages": [{"role": "user", "content": "hello"}]}
        created = httpx.post(f"{server.base_url}/api/v1/conversations", json=body, headers=headers)
        assert created.status_code == 201
        assert (data_dir / "sekha.db").exists()
    assert not data_dir.exists()


def test_data_persists_across_restarts(tmp_path: Path) -> None:
    key = "sk-embedded-" + "k" * 32
    server = EmbeddedServer(tmp_path, api_key=key, embedder=HashingEmbedder()).start()
    try:
        headers = {"Authorization": f"Bearer {key}"}
        body = {"label": "persist", "folder": "/p", "messages": [{"role": "user", "content": "kept"}]}
        cid = httpx.post(f"{server.base_url}/api/v1/conversations", json=body, headers=headers).json()["id"]
    finally:
        server.stop()
    assert (tmp_path / "sekha.db").exists()
    with EmbeddedServer(tmp_path, api_key=key, embedder=HashingEmbedder()) as again:
        response = httpx.get(f"{again.base_url}/api/v1/conversations/{cid}", headers=headers)
        assert response.json()["message_count"] == 1


def test_key_file_used_when_no_key_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SEKHA_API_KEY", raising=False)
    with EmbeddedServer(tmp_path, embedder=HashingEmbedder()) as server:
        assert (tmp_path / "api_key").read_text().strip() == server.api_key


def test_importing_sekha_stays_light() -> None:
    code = (
        "import sys, sekha, sekha.cli; "
        "mods = ('starlette', 'numpy', 'onnxruntime', 'uvicorn', 'sekha.server'); "
        "heavy = [m for m in mods if m in sys.modules]; "
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
