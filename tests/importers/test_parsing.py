"""Reading exports: which messages each format keeps, and how bad input is reported."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import pytest

from sekha.importers import ImportFileError, SourceConversation, read_file
from sekha.importers.transcript import parse as parse_transcript

FIXTURES = Path(__file__).parent / "fixtures"


def by_title(path: Path) -> dict[str, SourceConversation]:
    return {c.title: c for c in read_file(path).conversations}


def test_chatgpt_follows_the_current_branch_and_drops_noise() -> None:
    parsed = read_file(FIXTURES / "chatgpt_conversations.json")
    assert parsed.format == "chatgpt"
    conversations = {c.title: c for c in parsed.conversations}
    sourdough = conversations["Sourdough starter while travelling"]
    assert [m.role for m in sourdough.messages] == ["user", "assistant", "user", "assistant"]
    assert sourdough.messages[2].content == "Should I use more flour than usual for that last feeding?"
    assert not any("Freezing" in m.content for m in sourdough.messages)  # the abandoned edit
    assert sourdough.created_at == dt.datetime(2024, 6, 1, 10, 0, tzinfo=dt.UTC)
    assert sourdough.messages[1].timestamp == dt.datetime(2024, 6, 1, 10, 0, 12, tzinfo=dt.UTC)
    assert sourdough.source_id == "6a3f0e1c-1111-4c2b-9d51-0c6e2f3b8a01"

    parabola = conversations["Plotting a parabola"]  # code call, tool output and empty reply dropped
    assert [(m.role, m.content[:20]) for m in parabola.messages] == [
        ("user", "Plot y = x^2 for x f"),
        ("assistant", "Here is the parabola"),
    ]
    assert conversations["Untouched chat"].messages == ()
    assert conversations["Japanese greetings"].messages[1].content == "おはようございます (ohayō gozaimasu)."


def test_chatgpt_bad_conversation_is_named_and_the_rest_still_parse() -> None:
    parsed = read_file(FIXTURES / "chatgpt_conversations.json")
    assert [(f.title, f.reason) for f in parsed.failures] == [
        (
            "Broken conversation",
            "not a ChatGPT conversation (ValueError: node 'gone' is referenced but missing)",
        )
    ]
    assert len(parsed.conversations) == 4


def test_chatgpt_without_current_node_uses_the_newest_leaf_and_untitled_gets_a_title(tmp_path: Path) -> None:
    raw = json.loads((FIXTURES / "chatgpt_conversations.json").read_text())[0]
    del raw["current_node"], raw["title"]
    raw["mapping"]["a-2a"]["message"]["create_time"] = 1.0  # the edit branch is now the older one
    path = tmp_path / "one.json"
    path.write_text(json.dumps(raw))  # a single conversation, not a list
    (conversation,) = read_file(path).conversations
    assert conversation.messages[-1].content.startswith("Yes: a stiffer starter")
    assert conversation.title == "What's a good way to keep sourdough starter…"


def test_chatgpt_cycle_is_a_failure_not_a_hang(tmp_path: Path) -> None:
    mapping = {
        "a": {"id": "a", "message": None, "parent": "b", "children": ["b"]},
        "b": {"id": "b", "message": None, "parent": "a", "children": ["a"]},
    }
    path = tmp_path / "conversations.json"
    path.write_text(json.dumps([{"title": "Loop", "mapping": mapping, "current_node": "a"}]))
    assert [f.title for f in read_file(path).failures] == ["Loop"]


def test_claude_keeps_text_blocks_and_maps_human_to_user() -> None:
    parsed = read_file(FIXTURES / "claude_conversations.json")
    assert parsed.format == "claude"
    conversations = {c.title: c for c in parsed.conversations}
    rust = conversations["Rust lifetimes explained"]
    assert [m.role for m in rust.messages] == ["user", "assistant", "user"]
    assert rust.messages[1].content == (
        "Because the local is dropped when the function returns, so the reference would dangle.\n\n"
        "Return an owned value such as String instead."
    )
    assert rust.messages[2].content == "Thanks, that makes sense."  # no content blocks: flat text
    assert rust.created_at == dt.datetime(2024, 7, 2, 8, 15, 11, 512345, tzinfo=dt.UTC)
    assert "Suggest a name for a grey cat." in conversations  # untitled: named by its first message
    assert conversations["Empty chat"].messages == ()
    assert [f.title for f in parsed.failures] == ["Corrupted export entry"]
    assert "chat_messages is not a list" in parsed.failures[0].reason


def test_markdown_transcript_with_headings() -> None:
    (conversation,) = read_file(FIXTURES / "transcript.md").conversations
    assert conversation.title == "Planning the team offsite"
    assert [m.role for m in conversation.messages] == ["user", "assistant", "user", "assistant"]
    assert conversation.messages[1].content.endswith(
        "- a meeting room with a projector\n- shared meals included"
    )
    assert "Exported from a notes app" not in " ".join(m.content for m in conversation.messages)


def test_text_transcript_with_inline_speakers_skips_system_lines() -> None:
    (conversation,) = read_file(FIXTURES / "transcript.txt").conversations
    assert conversation.title == "transcript"
    assert [m.role for m in conversation.messages] == ["user", "assistant", "user", "assistant"]
    assert conversation.messages[3].content == (
        "Then prefer `git revert HEAD`, which adds a new commit undoing it,\n"
        "so nobody else's history is rewritten."
    )


@pytest.mark.parametrize(
    ("line", "role", "text"),
    [
        ("Human: hi", "user", "hi"),
        ("**User:** hi", "user", "hi"),
        ("**Assistant**: hi", "assistant", "hi"),
        ("ChatGPT: hi", "assistant", "hi"),
        ("### Claude", "assistant", "more"),
    ],
)
def test_speaker_line_forms(line: str, role: str, text: str) -> None:
    conversation = parse_transcript(f"{line}\nmore" if line.startswith("#") else line, name="t")
    assert [(m.role, m.content) for m in conversation.messages] == [(role, text)]


def test_transcript_ids_follow_content_so_edits_import_again() -> None:
    first = parse_transcript("User: a\nAssistant: b", name="chat").idempotency_key(label="l", folder="/f")
    same = parse_transcript("User: a\nAssistant: b", name="chat")
    edited = parse_transcript("User: a\nAssistant: c", name="chat")
    assert first == same.idempotency_key(label="l", folder="/f")
    assert first != edited.idempotency_key(label="l", folder="/f")
    assert first != same.idempotency_key(label="other", folder="/f")
    assert first != same.idempotency_key(label="l", folder="/other")


def test_zip_export_is_read_directly(tmp_path: Path) -> None:
    archive = tmp_path / "chatgpt-export.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.write(FIXTURES / "chatgpt_conversations.json", "conversations.json")
        out.writestr("chat.html", "<html></html>")
    assert len(read_file(archive).conversations) == 4


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.md", "just some notes\nwith no speakers", "no line names a speaker"),
        ("data.json", "{oops", "not valid JSON"),
        ("data.json", '"a string"', "expected a list of conversations, found str"),
        ("data.json", '[{"foo": 1}]', "not a ChatGPT or Claude conversations.json"),
        ("export.zip", "not a zip", "not valid JSON"),
    ],
)
def test_unreadable_files_raise_naming_the_file(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(ImportFileError, match=message) as raised:
        read_file(path)
    assert str(path) in str(raised.value)


def test_missing_file_and_archive_without_export(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="cannot read it"):
        read_file(tmp_path / "absent.json")
    archive = tmp_path / "other.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("readme.txt", "hi")
    with pytest.raises(ImportFileError, match=r"the archive has no conversations\.json"):
        read_file(archive)


def test_forced_format_overrides_detection(tmp_path: Path) -> None:
    path = tmp_path / "chat.log"
    path.write_text("User: is this parsed?\nAssistant: yes")
    assert read_file(path, "text").conversations[0].messages[1].content == "yes"
    assert read_file(FIXTURES / "claude_conversations.json", "chatgpt").conversations == ()
