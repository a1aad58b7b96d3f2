"""``sekha config``: precedence (flags > environment > file), a 0600 file, and a key never shown whole."""

from __future__ import annotations

import io
import json
import os
import stat
import tomllib
from pathlib import Path

import pytest

import sekha._settings
from sekha._settings import mask
from sekha.cli import main

KEY = "sk-sekha-" + "a1b2c3d4" * 5


@pytest.fixture
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in ("SEKHA_BASE_URL", "SEKHA_API_KEY", "SEKHA_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(sekha._settings, "LOCAL_KEY_FILE", Path("~/.sekha/api_key"))  # under this HOME
    return tmp_path / "xdg" / "sekha" / "config.toml"


def show(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    assert main(["config", "show", "--json", *args]) == 0
    data: dict[str, object] = json.loads(capsys.readouterr().out)
    return data


def test_set_writes_a_private_file_and_show_masks_the_key(
    isolated: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(KEY + "\n"))
    assert main(["config", "set", "--base-url", "https://memory.example.com/", "--api-key", "-"]) == 0
    out = capsys.readouterr().out
    assert f"to {isolated} (mode 0600)" in out and KEY not in out
    assert stat.S_IMODE(os.stat(isolated).st_mode) == 0o600
    assert tomllib.loads(isolated.read_text()) == {"base_url": "https://memory.example.com", "api_key": KEY}

    assert main(["config", "show"]) == 0
    text = capsys.readouterr().out
    assert KEY not in text and mask(KEY) in text and "(from file)" in text
    assert show(capsys) == {
        "base_url": "https://memory.example.com",
        "base_url_from": "file",
        "api_key": "sk-s…c3d4",
        "api_key_from": "file",
        "config_file": str(isolated),
        "config_file_exists": True,
    }


def test_flags_beat_environment_beat_file(
    isolated: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["config", "set", "--base-url", "http://127.0.0.1:7000", "--api-key", KEY]) == 0
    capsys.readouterr()
    monkeypatch.setenv("SEKHA_BASE_URL", "http://127.0.0.1:7001")
    data = show(capsys)
    assert (data["base_url"], data["base_url_from"], data["api_key_from"]) == (
        "http://127.0.0.1:7001",
        "env",
        "file",
    )
    data = show(capsys, "--base-url", "http://127.0.0.1:7002", "--api-key", "f" * 40)
    assert (data["base_url_from"], data["api_key_from"], data["api_key"]) == ("flag", "flag", "ffff…ffff")


def test_local_controller_key_file_is_used_only_for_loopback(
    isolated: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    key_file = isolated.parents[2] / ".sekha" / "api_key"
    key_file.parent.mkdir()
    key_file.write_text(KEY)
    assert show(capsys)["api_key_from"] == "~/.sekha/api_key"
    monkeypatch.setenv("SEKHA_BASE_URL", "https://memory.example.com")
    assert show(capsys)["api_key_from"] is None


def test_set_refuses_unusable_values(isolated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "set", "--base-url", "ftp://nope"]) == 2
    assert "base_url must be an http:// or https:// URL" in capsys.readouterr().err
    assert main(["config", "set"]) == 2
    assert not isolated.exists()


def test_unreadable_config_file_is_one_line(isolated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    isolated.parent.mkdir(parents=True)
    isolated.write_text("base_url = [unclosed")
    assert main(["config", "show"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"sekha config: cannot read the config file {isolated}") and err.count("\n") == 1


def test_mask_never_reveals_a_short_key() -> None:
    assert mask(None) == "(not set)"
    assert mask("short-key") == "********"
    assert mask("0123456789abcdefXYZ") == "0123…fXYZ"
