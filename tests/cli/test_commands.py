"""Every client subcommand, run in process through ``sekha.cli.main`` against a live controller."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path
from typing import Any

import pytest

from sekha.cli import main
from tests.cli.conftest import FIXTURES
from tests.live import unique, wait_for


def sekha(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def sekha_json(capsys: pytest.CaptureFixture[str], *args: str, expect: int = 0) -> Any:
    code, out, err = sekha(capsys, *args, "--json")
    assert code == expect, err
    return json.loads(out)


def save(capsys: pytest.CaptureFixture[str], tmp_path: Path, label: str, *pairs: tuple[str, str]) -> str:
    path = tmp_path / f"{label}.json"
    path.write_text(json.dumps({"label": label, "messages": [{"role": r, "content": c} for r, c in pairs]}))
    return str(sekha_json(capsys, "save", str(path))["id"])


@pytest.mark.usefixtures("cli_env")
def test_save_from_a_file_and_from_stdin(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    label = unique("save")
    conversation_id = save(capsys, tmp_path, label, ("user", "Remember my locker code"), ("assistant", "OK"))
    assert {"label": label, "conversations": 1} in sekha_json(capsys, "labels", "list")

    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps([{"role": "user", "content": "from stdin"}])))
    code, out, _ = sekha(capsys, "save", "--label", label, "--folder", "/cli")
    assert code == 0
    assert out.startswith("Saved ") and f"[{label}] /cli  (1 message)" in out
    assert conversation_id not in out


@pytest.mark.usefixtures("cli_env")
def test_save_rejects_bad_input_in_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    code, out, err = sekha(capsys, "save", str(bad))
    assert (code, out) == (2, "")
    assert err.startswith(f"sekha save: {bad} is not valid JSON") and err.count("\n") == 1
    bad.write_text(json.dumps({"messages": [{"role": "narrator", "content": "x"}]}))
    code, _, err = sekha(capsys, "save", str(bad))
    assert code == 6 and err.startswith("sekha save: role must be one of")  # refused input


@pytest.mark.usefixtures("cli_env")
def test_search_semantic_and_full_text(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    label = unique("search")
    save(
        capsys,
        tmp_path,
        label,
        ("user", "Which database engine should the billing service use?"),
        ("assistant", "PostgreSQL, with logical replication to the reporting replica."),
    )
    wait_for(lambda: len(sekha_json(capsys, "search", "billing database", "--label", label)) == 2)
    hits = sekha_json(capsys, "search", "what storage did we pick for invoices?", "--label", label)
    assert hits[0]["label"] == label and 0 < hits[0]["similarity"] <= 1
    code, out, _ = sekha(capsys, "search", "billing database", "--label", label, "--limit", "1")
    assert code == 0 and f"[{label}] /" in out and len(out.splitlines()) == 2

    found = sekha_json(capsys, "search", "--fts", "replication", "--limit", "50")
    assert any("logical replication" in m["content"] for m in found)
    code, out, _ = sekha(capsys, "search", "--fts", unique("nothingmatches"))
    assert (code, out) == (0, "No matches.\n")
    code, _, err = sekha(capsys, "search", "--fts", "x", "--label", label)
    assert code == 2 and "--label works with semantic search only" in err


@pytest.mark.usefixtures("cli_env")
def test_context_as_text_and_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    label = unique("context")
    save(capsys, tmp_path, label, ("user", "Our deploy window is Tuesdays 14:00 to 16:00 UTC."))
    wait_for(lambda: bool(sekha_json(capsys, "search", "deploy window", "--label", label)))
    data = sekha_json(capsys, "context", "when can we deploy?", "--label", label, "--budget", "500")
    assert data["messages"][0]["label"] == label and data["token_count"] > 0
    assert "Tuesdays" in data["context"] and data["conversations_used"]
    code, out, err = sekha(capsys, "context", "when can we deploy?", "--label", label)
    assert code == 0 and f"[{label} · /" in out and "Tuesdays 14:00" in out
    assert "tokens" in err  # the summary goes to stderr, never into the context itself


@pytest.mark.usefixtures("cli_env")
def test_export_markdown_to_stdout_and_json_to_a_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    label = unique("export")
    for n in range(3):
        save(capsys, tmp_path, label, ("user", f"backup note number {n}"))
    code, out, err = sekha(capsys, "export", "--label", label)
    assert code == 0 and err == ""
    assert out.startswith(f"# Sekha export: label “{label}”") and out.count(f"## {label}") == 3

    target = tmp_path / "backup.json"
    report = sekha_json(capsys, "export", "--label", label, "-o", str(target))
    assert report == {"path": str(target), "format": "json", "conversations": 3}
    document = json.loads(target.read_text())
    assert sorted(m["content"] for c in document for m in c["messages"]) == [
        f"backup note number {n}" for n in range(3)
    ]
    assert not (tmp_path / "backup.json.partial").exists()
    assert [c["label"] for c in sekha_json(capsys, "export", "--label", label)] == [label] * 3
    code, _, err = sekha(capsys, "export", "--json", "--format", "markdown")
    assert code == 2 and "--json prints JSON" in err


@pytest.mark.usefixtures("cli_env")
def test_import_reports_and_never_duplicates(capsys: pytest.CaptureFixture[str]) -> None:
    folder = "/" + unique("imported")
    claude = str(FIXTURES / "claude_conversations.json")
    dry = sekha_json(capsys, "import", claude, "--folder", folder, "--dry-run", expect=1)
    assert dry["dry_run"] and [c["id"] for c in dry["files"][0]["imported"]] == [None, None]
    code, out, _ = sekha(capsys, "import", claude, "--folder", folder)
    assert code == 1  # one conversation in the file is corrupt
    assert "imported 2, skipped 0 already imported, 1 empty, 1 failed" in out
    assert "! 'Corrupted export entry': not a Claude conversation" in out
    # another label is another destination: new copies, as a controller that ignores keys stores
    again = sekha_json(capsys, "import", claude, "--folder", folder, "--label", "other", expect=1)["files"][0]
    assert ([c["label"] for c in again["imported"]], again["duplicates"]) == (["other", "other"], [])
    third = sekha_json(capsys, "import", claude, "--folder", folder, expect=1)["files"][0]
    assert (len(third["imported"]), len(third["duplicates"])) == (0, 2)


@pytest.mark.usefixtures("cli_env")
def test_import_of_an_unreadable_file_names_it_and_goes_on(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    junk = tmp_path / "junk.json"
    junk.write_text('{"hello": "world"}')
    code, out, err = sekha(
        capsys, "import", str(junk), str(FIXTURES / "transcript.md"), "--folder", "/" + unique("t")
    )
    assert code == 1
    assert f"sekha import: {junk}: not a ChatGPT or Claude conversations.json" in err
    assert "transcript.md: imported 1" in out or "transcript.md: imported 0, skipped 1" in out


@pytest.mark.usefixtures("cli_env")
def test_labels_suggest(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    label = unique("suggest")
    conversation_id = save(
        capsys, tmp_path, label, ("user", "Kubernetes pods keep restarting with OOMKilled in the cluster")
    )
    data = sekha_json(capsys, "labels", "suggest", conversation_id)
    assert data["applied"] is None
    assert all(0 <= s["confidence"] <= 1 and s["label"] for s in data["suggestions"])
    applied = sekha_json(capsys, "labels", "suggest", conversation_id, "--apply", "--threshold", "0")
    best = max(data["suggestions"], key=lambda s: s["confidence"])["label"] if data["suggestions"] else None
    assert applied["applied"] == best


@pytest.mark.usefixtures("fresh_env")
def test_prune_is_a_dry_run_unless_executed(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for n in range(3):
        save(capsys, tmp_path, f"old-{n}", ("user", f"throwaway chat {n}"))
    time.sleep(0.01)
    code, out, _ = sekha(capsys, "prune", "--days", "0")
    assert code == 0 and "3 conversations would be archived; run with --execute" in out
    assert sekha_json(capsys, "prune", "--days", "0")["archived"] == []
    done = sekha_json(capsys, "prune", "--days", "0", "--execute")
    assert not done["dry_run"] and len(done["archived"]) == 3
    code, out, _ = sekha(capsys, "prune", "--days", "0")
    assert out == "Nothing to archive (untouched for 0 days).\n"


@pytest.mark.usefixtures("cli_env")
def test_health(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = sekha(capsys, "health")
    assert code == 0 and out.startswith("healthy at http://127.0.0.1:")
    data = sekha_json(capsys, "health")
    assert data["healthy"] and data["checks"]["database"]["status"] == "ok"


def test_unreachable_controller_names_the_url_and_suggests_serve(
    capsys: pytest.CaptureFixture[str], cli_env: dict[str, str]
) -> None:
    code, out, err = sekha(capsys, "health", "--base-url", "http://127.0.0.1:9", "--timeout", "2")
    assert (code, out) == (3, "")
    assert err.startswith("sekha health: cannot reach the controller at http://127.0.0.1:9 (")
    assert "Start a local one with `sekha serve`" in err and "`sekha health`" not in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_wrong_key_is_one_line(capsys: pytest.CaptureFixture[str], cli_env: dict[str, str]) -> None:
    code, _, err = sekha(capsys, "labels", "--api-key", "wrong-key-" + "x" * 30)
    assert code == 4 and err.count("\n") == 1 and "401" in err
    assert "wrong-key" not in err


def test_health_checks_the_key(capsys: pytest.CaptureFixture[str], cli_env: dict[str, str]) -> None:
    code, out, err = sekha(capsys, "health", "--api-key", "wrong-key-" + "x" * 30)
    assert (code, out) == (4, "") and "Invalid API key" in err  # not "healthy"


def test_no_key_anywhere_says_how_to_set_one(
    capsys: pytest.CaptureFixture[str], cli_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SEKHA_API_KEY")
    code, _, err = sekha(capsys, "search", "anything")
    assert code == 4 and "no API key" in err and "sekha config set --api-key -" in err
