"""The CLI covers a conversation's whole life (issue 13 item 11): list, show, delete, pin/unpin,
archive/unarchive, relabel; import restores the CLI's own export and reads unzipped export
folders; one exit status per kind of error; no client-side rate limit against this machine."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sekha._cli.options import connect
from sekha.cli import build_parser
from tests.cli.conftest import FIXTURES
from tests.cli.test_commands import sekha, sekha_json
from tests.live import unique

pytestmark = pytest.mark.usefixtures("cli_env")


def _save(capsys: pytest.CaptureFixture[str], tmp_path: Path, label: str, folder: str = "/life") -> str:
    path = tmp_path / f"{label}.json"
    messages = [
        {"role": "user", "content": "Where is the invoice?"},
        {"role": "assistant", "content": "In /billing."},
    ]
    path.write_text(json.dumps({"label": label, "folder": folder, "messages": messages}))
    return str(sekha_json(capsys, "save", str(path))["id"])


def test_list_show_relabel_and_delete(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    label, folder = unique("life"), "/" + unique("life")
    first = _save(capsys, tmp_path, label, folder)
    second = _save(capsys, tmp_path, label + "-b", folder + "/sub")
    listed = sekha_json(capsys, "list", "--folder", folder)
    assert {row["id"] for row in listed} == {first, second}  # a folder holds the ones under it
    assert [row["id"] for row in sekha_json(capsys, "list", "--label", label)] == [first]
    code, out, _ = sekha(capsys, "list", "--label", label)
    assert code == 0 and f"{first}  [{label}] {folder}" in out

    code, out, _ = sekha(capsys, "show", first)
    assert code == 0 and out.startswith(f"[{label}] {folder}  {first}\n")
    assert "2 messages" in out and "user: Where is the invoice?" in out and "assistant: In /billing." in out
    shown = sekha_json(capsys, "show", first)
    assert [m["role"] for m in shown["messages"]] == ["user", "assistant"]

    code, out, _ = sekha(capsys, "relabel", first, "Billing", "--folder", "/billing")
    assert code == 0 and out == f"Relabelled {first}: [Billing] /billing\n"
    assert sekha_json(capsys, "show", first)["label"] == "Billing"

    code, out, _ = sekha(capsys, "delete", first, second)
    assert code == 0 and out == f"Deleted {first}\nDeleted {second}\n"
    code, _, err = sekha(capsys, "show", first)
    assert code == 5 and err.startswith("sekha show: ")  # not found has its own exit status


def test_pin_unpin_archive_unarchive(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    conversation = _save(capsys, tmp_path, unique("flags"))
    assert sekha(capsys, "pin", conversation)[1] == f"Pinned {conversation}\n"
    assert sekha_json(capsys, "show", conversation)["pinned"]
    assert conversation in {row["id"] for row in sekha_json(capsys, "list", "--pinned", "--limit", "0")}
    assert sekha(capsys, "unpin", conversation)[1] == f"Unpinned {conversation}\n"
    assert not sekha_json(capsys, "show", conversation)["pinned"]
    assert sekha(capsys, "archive", conversation)[1] == f"Archived {conversation}\n"
    code, out, _ = sekha(capsys, "show", conversation)
    assert code == 0 and "archived" in out.splitlines()[1]
    assert sekha(capsys, "unarchive", conversation)[1] == f"Unarchived {conversation}\n"
    assert sekha_json(capsys, "show", conversation)["status"] == "active"


def test_bad_ids_and_input_have_their_own_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = sekha(capsys, "pin", "not-a-uuid")
    assert code == 5 and "is not a UUID" in err
    code, _, err = sekha(capsys, "context", "q", "--budget", "0")
    assert code == 6 and "token_budget" in err


def test_import_restores_the_clis_own_export(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    label = unique("restore")
    conversation = _save(capsys, tmp_path, label)
    sekha(capsys, "pin", conversation)
    backup = tmp_path / "backup.json"
    assert sekha(capsys, "export", "--label", label, "-o", str(backup))[0] == 0
    assert sekha(capsys, "delete", conversation)[0] == 0
    code, out, _ = sekha(capsys, "import", str(backup))
    assert code == 0 and "imported 1, skipped 0" in out and "(2 messages)" in out
    restored = sekha_json(capsys, "list", "--label", label)
    assert len(restored) == 1 and restored[0]["pinned"] and restored[0]["folder"] == "/life"
    again = sekha_json(capsys, "import", str(backup))["files"][0]
    assert (again["imported"], len(again["duplicates"])) == ([], 1)  # restoring twice adds nothing


def test_import_reads_an_unzipped_export_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    unzipped = tmp_path / "claude-export"
    unzipped.mkdir()
    shutil.copy(FIXTURES / "claude_conversations.json", unzipped / "conversations.json")
    (unzipped / "users.json").write_text("[]")
    # The fixture holds one corrupted entry on purpose: it fails alone, so the exit status is 1.
    report = sekha_json(capsys, "import", str(unzipped), "--folder", "/" + unique("unzipped"), expect=1)
    found = report["files"][0]
    read = len(found["imported"]) + len(found["duplicates"])  # other tests may have imported it already
    assert read >= 2 and [f["title"] for f in found["failed"]] == ["Corrupted export entry"]


def test_no_client_side_rate_limit_against_this_machine(cli_env: dict[str, str]) -> None:
    parser = build_parser()
    with connect(parser.parse_args(["list"])) as local:
        assert local.config.rate_limit_requests is None
    with connect(parser.parse_args(["list", "--rate-limit", "120"])) as limited:
        assert limited.config.rate_limit_requests == 120
    remote = parser.parse_args(["list", "--base-url", "https://memory.example.com"])
    with connect(remote) as client:
        assert client.config.rate_limit_requests == 1000
    with connect(
        parser.parse_args(["list", "--base-url", "https://memory.example.com", "--rate-limit", "0"])
    ) as off:
        assert off.config.rate_limit_requests is None
