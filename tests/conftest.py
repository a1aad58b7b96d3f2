"""Every test runs without the user's own settings: no config file, no generated local key.

``ClientConfig()`` and the ``sekha`` command read ``~/.config/sekha/config.toml`` and
``~/.sekha/api_key`` when nothing else names a controller; tests that exercise that point
``SEKHA_CONFIG`` and ``sekha._settings.LOCAL_KEY_FILE`` at files of their own.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import sekha._settings


@pytest.fixture(autouse=True)
def no_user_settings(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("no-user-settings")
    monkeypatch.setenv("SEKHA_CONFIG", str(home / "config.toml"))
    monkeypatch.setattr(sekha._settings, "LOCAL_KEY_FILE", Path(home / ".sekha" / "api_key"))
