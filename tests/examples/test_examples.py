"""Every script in examples/ runs, against its own embedded local controller, and says what it should."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run_example(name: str, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / name), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def test_every_example_is_tested() -> None:
    tested = {"quickstart.py", "agent_loop.py", "agent_memory.py", "bulk_import.py", "backup.py"}
    assert {p.name for p in EXAMPLES.glob("*.py")} == tested


def test_quickstart() -> None:
    out = run_example("quickstart.py")
    assert "Semantic search for 'how long can a prompt be?'" in out
    first_hit = out.split("(paraphrase, no shared keywords needed):\n")[1].splitlines()[0]
    assert "[Project:AI]" in first_hit
    assert "assistant: Use short-lived JWT bearer tokens" in out
    assert "# Sekha export: all conversations" in out


def test_agent_loop_recalls_what_earlier_turns_stored() -> None:
    out = run_example("agent_loop.py")
    assert (
        "Turn 1: user: I'm planning a trip to Kyoto in April. I'm vegetarian.\n  recalled 0 messages" in out
    )
    assert "assistant: Try a vegetarian shojin ryori restaurant near Gion" in out
    assert "Memory now holds 3 exchanges labelled 'Agent:travel-planner'." in out


def test_agent_memory_keeps_each_users_recall_to_themselves_and_appends() -> None:
    out = run_example("agent_memory.py")
    alice, bob = (
        out.split("user:bob: What food")[0].split("user:alice: What food")[1],
        out.split("user:bob: What food")[1],
    )
    assert "vegetarian temple food, and no peanuts" in alice and "eel" not in alice
    assert "grilled eel" in bob.splitlines()[2]
    assert "user:alice: 1 conversation, 4 messages" in out and "user:bob: 1 conversation, 4 messages" in out
    recalled = out.rsplit("\n\n", 1)[1]
    assert recalled.startswith("[user:alice · /agents/travel · ") and "peanut sauce" not in recalled
    for line in out.splitlines():
        if "tokens" in line and " of 400 tokens" in line:
            used = int(line.split(", ")[1].split(" of ")[0])
            assert used <= 400


def test_bulk_import_adds_nothing_the_second_time_and_finds_by_meaning() -> None:
    out = run_example("bulk_import.py")
    assert "chatgpt-conversations.json: 3 imported, 0 already there, 0 failed" in out
    assert "claude-conversations.json: 0 imported, 2 already there, 0 failed" in out
    assert "Imported 6 conversations; the second run added 0 and skipped 6." in out
    first_hit = out.split("Search: 'which broker did we choose for order events?'\n")[1].splitlines()[0]
    assert "[Choosing a message queue]" in first_hit


def test_bulk_import_reads_a_folder_given_on_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "chat.txt").write_text("User: what's the capital of Australia?\nAssistant: Canberra.")
    (tmp_path / "broken.json").write_text("[]")
    out = run_example("bulk_import.py", str(tmp_path))
    assert "chat.txt: 1 imported" in out and "broken.json: not a ChatGPT or Claude" in out


@pytest.mark.parametrize("explicit_target", [False, True])
def test_backup_round_trips_and_restores_once(tmp_path: Path, explicit_target: bool) -> None:
    target = tmp_path / "backup.json"
    out = run_example("backup.py", *([str(target)] if explicit_target else []))
    assert "Backed up 3 conversations" in out and "## Work:roadmap" in out
    assert "After restoring twice: 3 conversations: Work:invoices, Work:onboarding, Work:roadmap" in out
    assert target.exists() == explicit_target
