"""One configuration for Python and the CLI (issue 13 item 12): ``ClientConfig()`` reads the same
sources as the ``sekha`` command, in the same order, so after ``sekha serve`` it needs no arguments."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import sekha._settings
from sekha import ClientConfig, SekhaError, SyncSekhaClient
from sekha._settings import SettingsError
from sekha.cli import main
from tests.live import free_port, wait_until_healthy

FILE_KEY = "sk-sekha-" + "f" * 40
ENV_KEY = "sk-sekha-" + "e" * 40
ARG_KEY = "sk-sekha-" + "a" * 40
LOCAL_KEY = "sk-sekha-" + "l" * 40


@pytest.fixture
def home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A user with no settings yet: HOME and the config file are empty places of their own."""
    for name in ("SEKHA_BASE_URL", "SEKHA_API_KEY", "SEKHA_CONFIG", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(sekha._settings, "LOCAL_KEY_FILE", Path("~/.sekha/api_key"))
    return tmp_path


def _config_file(home: Path, **values: str) -> None:
    path = home / ".config" / "sekha" / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_text("".join(f'{k} = "{v}"\n' for k, v in values.items()))


def _local_key(home: Path) -> None:
    (home / ".sekha").mkdir()
    (home / ".sekha" / "api_key").write_text(LOCAL_KEY + "\n")


def cli_sees(capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    assert main(["config", "show", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    return shown["base_url"], shown["api_key_from"]


def test_after_sekha_serve_no_arguments_are_needed(home: Path) -> None:
    _local_key(home)
    config = ClientConfig()
    assert (config.base_url, config.api_key) == ("http://localhost:8080", LOCAL_KEY)


def test_the_config_file_is_read(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _config_file(home, base_url="https://memory.example.com/", api_key=FILE_KEY)
    config = ClientConfig()
    assert (config.base_url, config.api_key) == ("https://memory.example.com", FILE_KEY)
    assert cli_sees(capsys) == ("https://memory.example.com", "file")


def test_arguments_then_environment_then_file_then_defaults(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _config_file(home, base_url="https://file.example.com", api_key=FILE_KEY)
    _local_key(home)
    monkeypatch.setenv("SEKHA_API_KEY", ENV_KEY)
    assert ClientConfig().api_key == ENV_KEY
    assert cli_sees(capsys)[1] == "env"
    assert ClientConfig(api_key=ARG_KEY).api_key == ARG_KEY
    monkeypatch.setenv("SEKHA_BASE_URL", "https://env.example.com")
    assert ClientConfig().base_url == "https://env.example.com"
    assert ClientConfig(base_url="https://arg.example.com").base_url == "https://arg.example.com"


def test_the_generated_key_is_only_sent_to_this_machine(home: Path) -> None:
    _local_key(home)
    assert ClientConfig(base_url="http://127.0.0.1:9000").api_key == LOCAL_KEY
    with pytest.raises(ValueError, match="api_key"):
        ClientConfig(base_url="https://memory.example.com")


def test_a_broken_config_file_is_a_typed_error_naming_it(home: Path) -> None:
    _config_file(home, base_url="x")
    (home / ".config" / "sekha" / "config.toml").write_text("base_url = [unclosed")
    with pytest.raises(SettingsError, match="cannot read the config file") as caught:
        ClientConfig()
    assert isinstance(caught.value, SekhaError) and isinstance(caught.value, ValueError)


def test_sekha_serve_prints_how_to_connect_and_python_connects_with_nothing_else(home: Path) -> None:
    """The default data directory (~/.sekha) is where ClientConfig() looks for the key."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEKHA_")}
    env["HOME"] = str(home)
    server = subprocess.Popen(
        [sys.executable, "-m", "sekha", "serve", "--port", str(port), "--embedder", "hashing"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert server.stdout is not None
        banner = [server.stdout.readline().decode().strip() for _ in range(3)]
        assert banner[1] == f"export SEKHA_BASE_URL=http://127.0.0.1:{port}"
        assert banner[2] == f'export SEKHA_API_KEY="$(cat {home / ".sekha" / "api_key"})"'
        wait_until_healthy(f"http://127.0.0.1:{port}", server)
        script = (
            "from sekha import SyncSekhaClient\nwith SyncSekhaClient() as c: print(c.count_conversations())"
        )
        connected = subprocess.run(
            [sys.executable, "-c", script],
            env={**env, "SEKHA_BASE_URL": banner[1].split("=", 1)[1]},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert (connected.returncode, connected.stdout.strip()) == (0, "0"), connected.stderr
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_config_set_then_python(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(FILE_KEY + "\n"))
    assert main(["config", "set", "--base-url", "https://memory.example.com", "--api-key", "-"]) == 0
    with SyncSekhaClient() as client:
        assert (client.config.base_url, client.config.api_key) == ("https://memory.example.com", FILE_KEY)
