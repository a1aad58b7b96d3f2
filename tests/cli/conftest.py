"""A live local controller for the CLI tests, and helpers that run ``sekha`` in and out of process.

``cli_env`` points the command at the shared server through the environment (and at a private
config file and home directory, so no user settings leak in); ``fresh_env`` does the same for a
private server, for tests that change everything they see (prune).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.live import ServerProcess

FIXTURES = Path(__file__).resolve().parents[1] / "importers" / "fixtures"


@pytest.fixture(scope="session")
def cli_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    server = ServerProcess(tmp_path_factory.mktemp("sekha-cli") / "data").start()
    yield server
    server.stop()


def _point_at(server: ServerProcess, monkeypatch: pytest.MonkeyPatch, home: Path) -> dict[str, str]:
    values = {
        "SEKHA_BASE_URL": server.base_url,
        "SEKHA_API_KEY": server.api_key,
        "SEKHA_CONFIG": str(home / "config.toml"),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return {**os.environ, **values}


@pytest.fixture
def cli_env(cli_server: ServerProcess, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, str]:
    return _point_at(cli_server, monkeypatch, tmp_path)


@pytest.fixture
def fresh_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[dict[str, str]]:
    server = ServerProcess(tmp_path / "data", embedder="hashing").start()
    yield _point_at(server, monkeypatch, tmp_path)
    server.stop()


def run_sekha(
    *args: str, env: dict[str, str], stdin: str | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """``python -m sekha ARGS`` with stdout and stderr piped (so never a terminal)."""
    return subprocess.run(
        [sys.executable, "-m", "sekha", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )
