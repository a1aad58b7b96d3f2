"""The installed command as users run it: ``python -m sekha`` in a subprocess, piped or on a terminal."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys

from tests.cli.conftest import FIXTURES, run_sekha
from tests.live import unique


def test_piped_import_shows_no_progress_bar_and_reimport_adds_nothing(cli_env: dict[str, str]) -> None:
    folder = "/" + unique("piped")
    first = run_sekha("import", str(FIXTURES / "chatgpt_conversations.json"), "--folder", folder, env=cli_env)
    assert first.returncode == 1  # "Broken conversation" fails; the other four still import
    assert "imported 3, skipped 0 already imported, 1 empty, 1 failed" in first.stdout
    assert "'Broken conversation': not a ChatGPT conversation" in first.stdout
    assert first.stderr == ""  # no progress bar when stderr is not a terminal

    again = run_sekha(
        "import", str(FIXTURES / "chatgpt_conversations.json"), "--folder", folder, "--json", env=cli_env
    )
    report = json.loads(again.stdout)["files"][0]
    assert (report["imported"], len(report["duplicates"])) == ([], 3)
    exported = run_sekha("export", "--json", env=cli_env)
    assert exported.returncode == 0 and exported.stderr == ""
    ours = [c for c in json.loads(exported.stdout) if c["folder"] == folder]
    assert sorted(c["label"] for c in ours) == [
        "Japanese greetings",
        "Plotting a parabola",
        "Sourdough starter while travelling",
    ]
    sourdough = next(c for c in ours if c["label"].startswith("Sourdough"))
    assert [m["role"] for m in sourdough["messages"]] == ["user", "assistant", "user", "assistant"]
    assert "Freezing" not in json.dumps(sourdough)  # the abandoned branch stays out


def test_progress_bar_on_a_terminal(cli_env: dict[str, str]) -> None:
    """With stderr on a pseudo-terminal the import draws its bar there, never on stdout."""
    leader, follower = pty.openpty()
    try:
        process = subprocess.run(
            [sys.executable, "-m", "sekha", "import", str(FIXTURES / "transcript.md"), "--folder", "/tty"],
            stdout=subprocess.PIPE,
            stderr=follower,
            env=cli_env,
            timeout=60,
            check=False,
        )
        os.close(follower)
        follower = -1
        drawn = b""
        while chunk := _read(leader):
            drawn += chunk
    finally:
        if follower >= 0:
            os.close(follower)
        os.close(leader)
    assert process.returncode == 0
    assert b"\rimporting transcript.md [" in drawn and b"] 1/1" in drawn
    assert b"importing" not in process.stdout


def _read(fd: int) -> bytes:
    try:
        return os.read(fd, 4096)
    except OSError:  # the terminal closed: everything written has been read
        return b""


def test_save_from_stdin_then_search(cli_env: dict[str, str]) -> None:
    label = unique("stdin")
    body = json.dumps(
        {"label": label, "messages": [{"role": "user", "content": "The wifi password is hunter2"}]}
    )
    saved = run_sekha("save", env=cli_env, stdin=body)
    assert saved.returncode == 0 and saved.stdout.startswith("Saved ")
    found = run_sekha("search", "--fts", "hunter2", "--json", env=cli_env)
    assert any(m["content"] == "The wifi password is hunter2" for m in json.loads(found.stdout))


def test_errors_are_one_line_unless_debug(cli_env: dict[str, str]) -> None:
    plain = run_sekha("health", "--base-url", "http://127.0.0.1:9", "--timeout", "1", env=cli_env)
    assert plain.returncode == 3 and plain.stdout == ""
    assert plain.stderr.startswith("sekha health: ") and plain.stderr.count("\n") == 1
    debug = run_sekha("health", "--base-url", "http://127.0.0.1:9", "--timeout", "1", "--debug", env=cli_env)
    assert debug.returncode == 1 and "Traceback (most recent call last)" in debug.stderr


def test_usage_errors_exit_2(cli_env: dict[str, str]) -> None:
    assert run_sekha("frobnicate", env=cli_env).returncode == 2
    result = run_sekha("search", env=cli_env)
    assert result.returncode == 2 and "the following arguments are required: query" in result.stderr
    assert run_sekha("--version", env=cli_env).stdout.startswith("sekha 0.1")
