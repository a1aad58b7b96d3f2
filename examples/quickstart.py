"""Quickstart: give an app a memory, with a local controller embedded in this process.

    python3 -m pip install -e ".[local]" && python3 examples/quickstart.py

It stores two conversations, then shows what semantic search, full-text search and context
assembly find for a question, and exports everything as markdown. Against a real controller,
replace ``SyncSekhaClient.local()`` with ``SyncSekhaClient(ClientConfig(api_key=..., base_url=...))``.
"""

from __future__ import annotations

import time

from sekha import MessageDto, NewConversation, SyncSekhaClient


def main() -> None:
    with SyncSekhaClient.local() as client:  # a throwaway local controller in a temporary directory
        print(f"Local controller at {client.config.base_url}: {client.health().status}\n")

        stored = [
            client.create_conversation(
                NewConversation(
                    label="Project:AI",
                    folder="/work",
                    messages=[
                        MessageDto(role="user", content="What is the context window of Claude?"),
                        MessageDto(
                            role="assistant", content="Claude models accept up to 200K tokens of context."
                        ),
                    ],
                )
            ),
            client.create(
                messages=[
                    {"role": "user", "content": "How should our API authenticate requests?"},
                    {
                        "role": "assistant",
                        "content": "Use short-lived JWT bearer tokens, rotated every hour.",
                    },
                ],
                label="Project:Security",
                folder="/work",
            ),
        ]
        for conversation in stored:
            count = conversation.message_count
            print(f"Stored {conversation.id}  {conversation.label!r}  ({count} messages)")

        _wait_until_embedded(client, len(stored) * 2)

        question = "how long can a prompt be?"
        print(f"\nSemantic search for {question!r} (paraphrase, no shared keywords needed):")
        for hit in client.smart_query(question, limit=3).results:
            print(f"  {hit.similarity:.2f}  [{hit.label}] {hit.content}")

        print("\nFull-text search for 'JWT':")
        for message in client.full_text_search("JWT"):
            print(f"  {message.role}: {message.content}")

        context = client.assemble_context(question, labels=["Project:AI"], token_budget=200)
        print(f"\nContext for the prompt ({context.token_count} tokens, {len(context.messages)} messages):")
        print("  " + context.as_system_prompt().replace("\n", "\n  "))

        print("\nExport (markdown):\n")
        print(client.export(format="markdown"))


def _wait_until_embedded(client: SyncSekhaClient, messages: int, timeout: float = 30.0) -> None:
    """Writes are acknowledged before they are embedded; wait until search can see them."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(client.smart_query("anything", limit=messages).results) >= messages:
            return
        time.sleep(0.05)


if __name__ == "__main__":
    main()
