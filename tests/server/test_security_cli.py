"""Auth, rate limiting, the API key file, and ``sekha serve`` start/stop behaviour."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
import yaml

from sekha.cli import build_parser
from sekha.server.config import ConfigError, resolve_api_key
from tests.live import ServerProcess, free_port, readline_within
from tests.server.helpers import assert_error, create, unique

SPEC = Path(__file__).resolve().parents[2] / "openapi" / "sekha.yaml"


def protected_operations() -> list[tuple[str, str]]:
    paths = yaml.safe_load(SPEC.read_text())["paths"]
    out = []
    for path, item in paths.items():
        for method in item:
            if method in ("get", "post", "put", "delete") and path not in ("/health", "/metrics"):
                out.append((method.upper(), path.replace("{id}", "6f1c3d2e-0000-4000-8000-000000000000")))
    return out


@pytest.mark.parametrize(("method", "path"), protected_operations())
def test_every_api_and_mcp_route_needs_the_key(sekha_server: ServerProcess, method: str, path: str) -> None:
    url = sekha_server.base_url + path
    assert_error(httpx.request(method, url, json={}), 401)
    assert_error(httpx.request(method, url, json={}, headers={"Authorization": "Bearer wrong-key"}), 401)
    assert_error(httpx.request(method, url, json={}, headers={"Authorization": sekha_server.api_key}), 401)
    response = httpx.request(method, url, json={}, headers={"Authorization": f"Basic {sekha_server.api_key}"})
    assert_error(response, 401)
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_health_and_metrics_are_open(sekha_server: ServerProcess) -> None:
    assert httpx.get(sekha_server.base_url + "/health").status_code == 200
    assert httpx.get(sekha_server.base_url + "/metrics").status_code == 200


def test_rate_limit_answers_429_with_retry_after(server_factory: Callable[..., ServerProcess]) -> None:
    server = server_factory(rate_limit=5, embedder="hashing")
    with server.client() as api:
        statuses = [api.get("/api/v1/conversations/count").status_code for _ in range(12)]
        assert statuses.count(429) >= 5
        response = api.get("/api/v1/conversations/count")
        assert_error(response, 429)
        assert int(response.headers["retry-after"]) >= 1
        spoofed = api.get("/api/v1/conversations/count", headers={"X-Forwarded-For": "10.9.9.9"})
        assert spoofed.status_code == 429


def test_key_file_is_created_private_and_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SEKHA_API_KEY", raising=False)
    key, path = resolve_api_key(tmp_path)
    assert path == tmp_path / "api_key"
    assert len(key) >= 32
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert resolve_api_key(tmp_path) == (key, path)
    monkeypatch.setenv("SEKHA_API_KEY", "x" * 40)
    assert resolve_api_key(tmp_path) == ("x" * 40, None)
    monkeypatch.setenv("SEKHA_API_KEY", "short")
    with pytest.raises(ConfigError):
        resolve_api_key(tmp_path)


def test_serve_prints_the_key_location_never_the_key(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SEKHA_API_KEY"}
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sekha.server",
            "--port",
            str(port),
            "--data-dir",
            str(tmp_path),
            "--embedder",
            "hashing",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        assert proc.stdout is not None
        first = readline_within(proc.stdout).decode()
        proc.send_signal(signal.SIGINT)
        rest = proc.communicate(timeout=30)[0].decode()
    finally:
        if proc.poll() is None:  # never leave a server behind, whatever failed
            proc.kill()
            proc.communicate()
    key = (tmp_path / "api_key").read_text().strip()
    assert str(tmp_path / "api_key") in first
    assert f"127.0.0.1:{port}" in first
    assert key not in first + rest
    assert proc.returncode == 0


def test_serve_refuses_a_short_key(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sekha.server", "--data-dir", str(tmp_path)],
        env={**os.environ, "SEKHA_API_KEY": "too-short"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "at least 32" in result.stderr


def test_serve_defaults() -> None:
    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.data_dir, args.embedder) == ("127.0.0.1", 8080, "~/.sekha", "minilm")


def test_sigterm_stops_cleanly_and_flushes(server_factory: Callable[..., ServerProcess]) -> None:
    server = server_factory()
    with server.client() as api:
        label = unique("flush")
        for i in range(10):
            create(api, label, "/f", [f"message number {i} about flushing the indexer"] * 5)
    assert server.stop(signal.SIGTERM) == 0
    with sqlite3.connect(server.data_dir / "sekha.db") as db:
        assert db.execute("SELECT COUNT(*) FROM messages WHERE embedding_id IS NULL").fetchone() == (0,)
        assert db.execute("SELECT COUNT(*) FROM embeddings").fetchone() == (50,)
    server.start()
    with server.client() as api:
        assert api.get("/health").json()["checks"]["indexer"]["embedded"] == 50  # loaded, not re-embedded


def test_requests_without_the_key_cannot_use_up_the_budget_of_those_with_it(
    server_factory: Callable[..., ServerProcess],
) -> None:
    server = server_factory(rate_limit=5, embedder="hashing")
    url = server.base_url + "/api/v1/conversations/count"
    anonymous = [httpx.get(url).status_code for _ in range(12)]
    # 401s, then 429s once the budget of unauthenticated requests (health polls included) is spent
    assert anonymous == sorted(anonymous) and anonymous[-1] == 429 and anonymous.count(401) <= 5
    wrong = httpx.get(url, headers={"Authorization": "Bearer " + "w" * 40})
    assert_error(wrong, 429)
    with server.client() as api:
        assert [api.get("/api/v1/conversations/count").status_code for _ in range(5)] == [200] * 5


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("127.0.0.1:{port}", 200),
        ("localhost:{port}", 200),
        ("LOCALHOST.", 200),
        ("127.0.0.1", 200),
        ("memory.example.com", 200),  # allowed with --allow-host
        ("attacker.example:{port}", 421),
        ("127.0.0.1.attacker.example", 421),
        ("[::1]:{port}", 421),  # another address than the one served
        ("10.0.0.7:{port}", 421),
    ],
)
def test_only_names_of_this_server_are_answered(
    server_factory: Callable[..., ServerProcess], host: str, status: int
) -> None:
    server = server_factory(embedder="hashing", extra_args=("--allow-host", "memory.example.com"))
    with server.client() as api:
        response = api.get("/api/v1/conversations/count", headers={"Host": host.format(port=server.port)})
    if status == 421:
        assert "--allow-host" in assert_error(response, 421)
    else:
        assert response.status_code == 200


def test_the_key_file_ignores_surrounding_whitespace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SEKHA_API_KEY", raising=False)
    (tmp_path / "api_key").write_text("\n  " + "k" * 40 + "  \n\n")
    assert resolve_api_key(tmp_path) == ("k" * 40, tmp_path / "api_key")
    with pytest.raises(ConfigError, match="printable ASCII"):
        resolve_api_key(tmp_path, "k" * 40 + "\x00" + "k")
    with pytest.raises(ConfigError, match="at least 32"):
        resolve_api_key(tmp_path, " " * 40)
