"""The embedded mode: a server owned by this process, reached over real HTTP."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

from sekha import SekhaClient, SekhaConnectionError, SyncSekhaClient
from sekha.server import embedded as embedded_module
from sekha.server import state as state_module
from sekha.server.embedded import EmbeddedServer
from sekha.server.embedding import HashingEmbedder
from sekha.server.state import AppState


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


class GatedEmbedder(HashingEmbedder):
    """A model that is not ready until the test opens the gate (loading reads its name first)."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()

    @property  # type: ignore[override]
    def name(self) -> str:
        assert self.gate.wait(GATE_TIMEOUT), "the gate was never opened"
        return "gated"

    @name.setter
    def name(self, value: str) -> None:
        pass


GATE_TIMEOUT = 60.0


@pytest.fixture
def gated(monkeypatch: pytest.MonkeyPatch) -> GatedEmbedder:
    model = GatedEmbedder()
    monkeypatch.setattr(state_module, "build_embedder", lambda spec: model)
    return model


@pytest.mark.anyio
async def test_local_returns_before_the_model_is_loaded(gated: GatedEmbedder) -> None:
    """The gate is opened from the event loop after local() returned: a local() that waited for
    the model (on the loop) would wait for ever."""
    client = SekhaClient.local()
    try:
        counting = asyncio.ensure_future(client.count_conversations())  # queues until the model is in
        await asyncio.sleep(0)
        assert not counting.done()
        gated.gate.set()
        assert await counting == 0
    finally:
        gated.gate.set()
        await client.aclose()


@pytest.mark.anyio
async def test_aclose_stops_the_server_off_the_event_loop(
    gated: GatedEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server's shutdown waits for a release that only the event loop can give: an aclose()
    that stopped the server on the loop would keep the release from coming."""
    gated.gate.set()
    release = threading.Event()
    released: list[bool] = []
    close = AppState.close

    def close_when_released(self: AppState) -> None:
        released.append(release.wait(GATE_TIMEOUT))
        close(self)

    monkeypatch.setattr(AppState, "close", close_when_released)
    client = SekhaClient.local()
    data_dir = client._owned[0].data_dir
    assert await client.count_conversations() == 0

    async def release_from_the_loop() -> None:
        await asyncio.sleep(0)
        release.set()

    await asyncio.gather(client.aclose(), release_from_the_loop())
    assert released and all(released)
    assert not data_dir.exists()


def test_a_directory_is_not_removed_while_the_server_thread_still_uses_it(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    release = threading.Event()
    close = AppState.close

    def close_when_released(self: AppState) -> None:
        assert release.wait(GATE_TIMEOUT)
        close(self)

    monkeypatch.setattr(AppState, "close", close_when_released)
    monkeypatch.setattr(embedded_module, "STOP_TIMEOUT", 0.2)
    server = EmbeddedServer(embedder=HashingEmbedder()).start()
    data_dir = server.data_dir
    server.stop()  # the thread is still closing the database: leave the directory
    assert data_dir.exists()
    assert "did not stop within" in caplog.text
    release.set()
    monkeypatch.setattr(embedded_module, "STOP_TIMEOUT", GATE_TIMEOUT)
    server.stop()
    assert not data_dir.exists()


def test_the_embedded_server_never_reads_the_users_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SEKHA_API_KEY", "e" * 40)
    with EmbeddedServer(embedder=HashingEmbedder()) as temporary:
        assert temporary.api_key != "e" * 40
    with EmbeddedServer(tmp_path, embedder=HashingEmbedder()) as persistent:
        assert persistent.api_key == (tmp_path / "api_key").read_text().strip()


def test_a_model_that_fails_to_load_is_raised_by_start_and_fails_requests_after_local(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(spec: object) -> HashingEmbedder:
        raise ValueError("the model file is missing")

    monkeypatch.setattr(state_module, "build_embedder", broken)
    with pytest.raises(ValueError, match="the model file is missing"):
        EmbeddedServer().start()
    with SyncSekhaClient.local(max_retries=0) as client, pytest.raises(SekhaConnectionError):
        client.count_conversations()  # refused, not left waiting
    assert "the embedded Sekha server could not start: the model file is missing" in caplog.text
