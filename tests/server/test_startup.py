"""Starting a controller: one owner per data directory, a damaged database refused in one line
before anything is announced, private files, a warning when serving beyond this machine, keys
with stray whitespace."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from sekha import SekhaConfigError, SyncSekhaClient
from sekha.server.datadir import DataDirError
from sekha.server.embedded import EmbeddedServer
from sekha.server.embedding import HashingEmbedder
from tests.live import ServerProcess, free_port, readline_within, wait_for

V1_FILE = Path(__file__).resolve().parents[1] / "fixtures" / "schema_v1" / "sekha.db"
KEY = "sk-startup-" + "s" * 32
START_TIMEOUT = 120.0


def serve(data_dir: Path, *args: str, key: str = KEY) -> subprocess.CompletedProcess[str]:
    """Run ``sekha serve`` expecting it to stop by itself (it refuses to start)."""
    return subprocess.run(
        [sys.executable, "-m", "sekha", "serve", "--port", "0", "--data-dir", str(data_dir), *args],
        env={**os.environ, "SEKHA_API_KEY": key},
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT,
    )


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


# -- one owner per data directory ---------------------------------------------------------------


def test_a_second_controller_on_the_same_directory_is_refused(
    server_factory: Callable[..., ServerProcess], tmp_path: Path
) -> None:
    running = server_factory(data_dir=tmp_path / "shared", embedder="hashing")
    result = serve(tmp_path / "shared", "--embedder", "hashing")
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"sekha serve: the data directory {tmp_path / 'shared'} is in use")
    assert f"sekha serve on http://127.0.0.1:{running.port}" in line
    assert result.stdout == ""  # nothing announced
    with pytest.raises(DataDirError, match="is in use by another Sekha controller"):
        EmbeddedServer(tmp_path / "shared", api_key=KEY, embedder=HashingEmbedder()).start()
    with running.client() as api:
        assert api.get("/api/v1/conversations/count").status_code == 200  # the owner is unharmed


def test_the_embedded_client_refuses_a_directory_in_use(tmp_path: Path) -> None:
    in_use = r"cannot start: .* in use by another Sekha controller \(an embedded Sekha server on"
    with (
        EmbeddedServer(tmp_path, api_key=KEY, embedder=HashingEmbedder()),
        pytest.raises(SekhaConfigError, match=in_use),
    ):
        SyncSekhaClient.local(tmp_path, api_key=KEY)
    with SyncSekhaClient.local(tmp_path, api_key=KEY) as client:  # free again once it stopped
        assert client.count_conversations() == 0


# -- a damaged database --------------------------------------------------------------------------


def damage_by_garbage(db: Path) -> None:
    db.write_bytes(b"this is not a database, just text that happens to be here\n" * 100)


def damage_by_truncation(db: Path) -> None:
    shutil.copyfile(V1_FILE, db)
    with db.open("r+b") as fh:
        fh.truncate(db.stat().st_size // 3)


def damage_by_scribbling(db: Path) -> None:
    shutil.copyfile(V1_FILE, db)
    with db.open("r+b") as fh:  # page 2 onwards: the schema and table b-trees
        fh.seek(4096)
        fh.write(b"\xff" * 4096 * 6)


@pytest.mark.parametrize("damage", [damage_by_garbage, damage_by_truncation, damage_by_scribbling])
def test_a_damaged_database_is_one_line_and_no_banner(tmp_path: Path, damage: Callable[[Path], None]) -> None:
    tmp_path.chmod(0o700)
    damage(tmp_path / "sekha.db")
    result = serve(tmp_path, "--embedder", "hashing")
    assert result.returncode == 1
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"sekha serve: the database {tmp_path / 'sekha.db'} is damaged")
    assert "restore it from a backup, or move it aside" in line
    with pytest.raises(DataDirError, match="is damaged"):
        EmbeddedServer(tmp_path, api_key=KEY, embedder=HashingEmbedder()).start()


# -- private files ------------------------------------------------------------------------------


def modes(directory: Path) -> dict[str, int]:
    return {p.name: stat.S_IMODE(p.stat().st_mode) for p in directory.iterdir() if p.is_file()}


@pytest.mark.usefixtures("umask_022")
def test_every_data_file_is_private_even_in_an_existing_open_directory(
    server_factory: Callable[..., ServerProcess], tmp_path: Path
) -> None:
    data = tmp_path / "existing"
    data.mkdir(mode=0o755)
    server = server_factory(data_dir=data, embedder="hashing")
    with server.client() as api:
        body = {"label": "l", "folder": "/f", "messages": [{"role": "user", "content": "private words"}]}
        assert api.post("/api/v1/conversations", json=body).status_code == 201
    found = modes(data)
    assert {"sekha.db", "sekha.db-wal", "sekha.db-shm", "sekha.lock"} <= set(found)
    assert {name: mode for name, mode in found.items() if mode != 0o600} == {}


@pytest.mark.usefixtures("umask_022")
def test_files_an_older_version_left_readable_are_made_private(
    server_factory: Callable[..., ServerProcess], tmp_path: Path
) -> None:
    data = tmp_path / "old"
    data.mkdir()
    shutil.copyfile(V1_FILE, data / "sekha.db")
    (data / "sekha.db").chmod(0o644)
    server_factory(data_dir=data, embedder="hashing", api_key=KEY)
    assert stat.S_IMODE((data / "sekha.db").stat().st_mode) == 0o600


# -- serving beyond this machine -----------------------------------------------------------------


@contextlib.contextmanager
def serving(*args: str) -> Iterator[subprocess.Popen[str]]:
    """``sekha serve ARGS`` as a child with piped output, killed at the end whatever happened."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "sekha", "serve", *args],
        env={**os.environ, "SEKHA_API_KEY": KEY},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()


def first_lines(data_dir: Path, host: str) -> tuple[str, str]:
    """What ``sekha serve --host HOST`` prints before it is stopped: (stdout line, stderr)."""
    port = str(free_port())
    with serving(
        "--host", host, "--port", port, "--data-dir", str(data_dir), "--embedder", "hashing"
    ) as proc:
        assert proc.stdout is not None
        banner = readline_within(proc.stdout)  # printed once connections are accepted
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=START_TIMEOUT)
    return banner, err


def test_serving_on_every_interface_warns_and_says_how_to_add_tls(tmp_path: Path) -> None:
    banner, err = first_lines(tmp_path, "0.0.0.0")  # noqa: S104 - what the test is about
    assert banner.startswith("Sekha local controller on http://0.0.0.0:")
    assert "warning: serving plain HTTP on every interface" in err
    assert "TLS-terminating proxy" in err and "127.0.0.1" in err


def test_serving_on_loopback_does_not_warn(tmp_path: Path) -> None:
    banner, err = first_lines(tmp_path, "127.0.0.1")
    assert banner.startswith("Sekha local controller on http://127.0.0.1:")
    assert "warning" not in err


# -- keys ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("padding", [" ", "\t", "\n", "  \r\n"])
def test_a_key_with_surrounding_whitespace_is_the_key_without_it(
    server_factory: Callable[..., ServerProcess], padding: str
) -> None:
    server = server_factory(embedder="hashing", api_key=padding + KEY + padding)
    headers = {"Authorization": f"Bearer {KEY}"}
    assert httpx.get(f"{server.base_url}/api/v1/conversations/count", headers=headers).status_code == 200


@pytest.mark.parametrize("delay", [0.0, 0.1, 0.3, 1.0])
def test_a_stop_signal_at_any_moment_of_the_start_is_a_clean_stop(tmp_path: Path, delay: float) -> None:
    """Whatever phase the start is in once the controller's code runs (the lock, the database,
    the model, serving), SIGINT stops it quietly: no traceback, no warning, the data directory
    free again. (Before that, Python itself is still importing and reports the interrupt.)"""
    with serving("--port", "0", "--data-dir", str(tmp_path), "--embedder", "hashing") as proc:
        wait_for(lambda: (tmp_path / "sekha.lock").exists(), timeout=START_TIMEOUT)  # the lock is taken
        time.sleep(delay)  # not a wait for anything: the moment of the signal is what varies
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=START_TIMEOUT)
    assert proc.returncode in (0, 130), err  # 130: interrupted before serving began
    assert "Traceback" not in err and "never awaited" not in err
    with EmbeddedServer(tmp_path, api_key=KEY, embedder=HashingEmbedder()) as again:
        assert again.base_url
