"""``import_file`` against a live local controller: what gets stored, and that re-imports add nothing."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from sekha import ClientConfig, SyncSekhaClient
from sekha.importers import (
    ExistingConversations,
    ImportFileError,
    import_conversations,
    import_file,
    read_file,
)
from tests.live import ServerProcess, unique

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    process = ServerProcess(tmp_path_factory.mktemp("importers") / "data", embedder="hashing").start()
    yield process
    process.stop()


@pytest.fixture
def client(server: ServerProcess) -> Iterator[SyncSekhaClient]:
    with SyncSekhaClient(ClientConfig(api_key=server.api_key, base_url=server.base_url)) as client:
        yield client


def test_chatgpt_export_is_stored_with_default_folder_and_title_labels(client: SyncSekhaClient) -> None:
    label = unique("Sourdough")
    seen: list[tuple[int, int]] = []
    report = import_file(
        client, FIXTURES / "chatgpt_conversations.json", progress=lambda d, t: seen.append((d, t))
    )
    assert [c.label for c in report.imported] == [
        "Sourdough starter while travelling",
        "Plotting a parabola",
        "Japanese greetings",
    ]
    assert {c.folder for c in report.imported} == {"/imports/chatgpt"}
    assert report.empty == ["Untouched chat"] and [f.title for f in report.failed] == ["Broken conversation"]
    assert not report.ok and seen[-1] == (4, 4)
    stored = client.get_messages(report.imported[0].id or "")
    assert [m.content[:12] for m in stored] == [
        "What's a goo",
        "Feed it, let",
        "Should I use",
        "Yes: a stiff",
    ]

    again = import_file(client, FIXTURES / "chatgpt_conversations.json")
    assert again.imported == [] and len(again.duplicates) == 3
    relabelled = import_file(client, FIXTURES / "chatgpt_conversations.json", label=label, folder="/mine")
    assert len(relabelled.imported) == 3  # another destination: new copies, as the real controller stores
    assert {c.folder for c in relabelled.imported} == {"/mine"}


def test_reimport_against_a_controller_that_ignores_idempotency_keys(client: SyncSekhaClient) -> None:
    """The real controller ignores the header; the content check alone must catch the duplicate."""
    folder = "/" + unique("no-keys")
    (conversation,) = read_file(FIXTURES / "transcript.md").conversations
    stored = client.create_conversation(
        conversation.to_new_conversation(label=conversation.title, folder=folder)
    )
    report = import_file(client, FIXTURES / "transcript.md", folder=folder)
    assert report.imported == [] and [d.existing_id for d in report.duplicates] == [stored.id]


def test_reimport_after_a_delete_stores_the_conversation_again(client: SyncSekhaClient) -> None:
    """The key's record went with the deleted conversation: the re-import really stores it."""
    folder = "/" + unique("deleted")
    (first,) = import_file(client, FIXTURES / "transcript.md", folder=folder).imported
    assert first.id is not None
    client.delete_conversation(first.id)
    (again,) = import_file(client, FIXTURES / "transcript.md", folder=folder).imported
    assert again.id is not None and again.id != first.id
    assert len(client.get_messages(again.id)) == first.message_count


def test_dry_run_stores_nothing(client: SyncSekhaClient) -> None:
    folder = "/" + unique("dry")
    report = import_file(client, FIXTURES / "claude_conversations.json", folder=folder, dry_run=True)
    assert [(c.label, c.id) for c in report.imported] == [
        ("Rust lifetimes explained", None),
        ("Suggest a name for a grey cat.", None),
    ]
    assert client.count_conversations(folder=folder) == 0


def test_a_conversation_the_server_rejects_is_reported_and_the_rest_import(
    client: SyncSekhaClient, tmp_path: Path
) -> None:
    raw = json.loads((FIXTURES / "claude_conversations.json").read_text())[:2]
    raw[0]["name"] = "Too big " + unique("x")
    raw[0]["chat_messages"][0]["content"] = [{"type": "text", "text": "word " * 3_000_000}]
    path = tmp_path / "conversations.json"
    path.write_text(json.dumps(raw))
    report = import_file(client, path, folder="/" + unique("big"))
    assert [f.title for f in report.failed] == [raw[0]["name"]]
    assert "413" in report.failed[0].reason or "larger" in report.failed[0].reason
    assert [c.title for c in report.imported] == ["Suggest a name for a grey cat."]


def test_one_index_of_existing_conversations_serves_many_files(client: SyncSekhaClient) -> None:
    folder = "/" + unique("shared")
    existing = ExistingConversations(client)
    conversations = read_file(FIXTURES / "transcript.txt").conversations
    first = import_conversations(client, conversations, folder=folder, existing=existing)
    second = import_conversations(client, conversations, folder=folder, existing=existing)
    assert len(first.imported) == 1 and second.duplicates[0].existing_id == first.imported[0].id
    assert client.count_conversations(folder=folder) == 1
    assert first.as_dict()["imported"][0]["folder"] == folder


# --- issue 13: original times, restores of the SDK's own export, unzipped export folders ---------


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[SyncSekhaClient]:
    """A client of an empty controller of its own (imports replay by content on a shared one)."""
    process = ServerProcess(tmp_path / "fresh", embedder="hashing").start()
    try:
        with SyncSekhaClient(process.config()) as client:
            yield client
    finally:
        process.stop()


def test_imports_keep_the_exports_own_times(fresh: SyncSekhaClient) -> None:
    client = fresh
    folder = "/" + unique("dated")
    report = import_file(client, FIXTURES / "chatgpt_conversations.json", folder=folder)
    first = report.imported[0]
    conversation = client.get_conversation(first.id or "")
    assert conversation.created_at == dt.datetime.fromtimestamp(
        1717236000, dt.UTC
    )  # the export's create_time
    assert all(m.timestamp.year == 2024 for m in client.get_messages(first.id or ""))
    claude = import_file(client, FIXTURES / "claude_conversations.json", folder=folder)
    created = json.loads((FIXTURES / "claude_conversations.json").read_text())[0]["created_at"]
    stored = client.get_conversation(claude.imported[0].id or "").created_at
    assert stored == dt.datetime.fromisoformat(created.replace("Z", "+00:00"))
    stale = {s.conversation_id for s in client.get_pruning_suggestions(30)}
    assert first.id in stale  # untouched since 2024: pruning sees it right after the import


def test_an_export_restores_as_it_was(
    client: SyncSekhaClient, fresh: SyncSekhaClient, tmp_path: Path
) -> None:
    label = unique("Work:backup")
    kept = client.create(
        [{"role": "user", "content": "Invoice 42 is paid."}, {"role": "assistant", "content": "Noted."}],
        label=label,
        folder="/work",
    )
    archived = client.create([{"role": "user", "content": "Old roadmap"}], label=label, folder="/work/old")
    client.pin(kept.id)
    client.archive(archived.id)
    backup = tmp_path / "backup.json"
    backup.write_text(client.export(label=label, format="json"), encoding="utf-8")
    report = import_file(fresh, backup)
    assert (len(report.imported), report.failed) == (2, [])
    again = import_file(fresh, backup)
    assert (again.imported, len(again.duplicates)) == ([], 2)
    restored = {row.folder: row for row in fresh.iter_conversations()}
    times = [fresh.get_conversation(row.id).created_at for row in restored.values()]
    assert set(restored) == {"/work", "/work/old"}
    assert restored["/work"].pinned and not restored["/work"].archived
    assert restored["/work/old"].archived and {r.label for r in restored.values()} == {label}
    originals = [client.get_conversation(c.id).created_at for c in (kept, archived)]
    assert sorted(times) == sorted(originals)  # restored with their own times, not the restore's


def test_an_unzipped_export_folder_imports(client: SyncSekhaClient, tmp_path: Path) -> None:
    export = tmp_path / "chatgpt-export" / "inner"
    export.mkdir(parents=True)
    (export / "conversations.json").write_bytes((FIXTURES / "claude_conversations.json").read_bytes())
    (tmp_path / "chatgpt-export" / "user.json").write_text("{}")
    parsed = read_file(tmp_path / "chatgpt-export")
    assert parsed.format == "claude" and parsed.conversations
    (tmp_path / "empty").mkdir()
    with pytest.raises(ImportFileError, match=r"a folder without conversations\.json"):
        read_file(tmp_path / "empty")
