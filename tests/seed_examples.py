"""The code examples of the seed READMEs, as written, wrapped in functions so tests can run them.

Only the connection settings are parameters, and two placeholders are filled in: the literal
string "conversation-uuid-here" becomes a real id, and ``messages=[...]`` becomes real messages.
Each function returns what it printed so tests can check it.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
from pathlib import Path

PLACEHOLDER_MESSAGES = [{"role": "user", "content": "What did we decide about retries?"}]


def readme1_quickstart(api_key: str, base_url: str) -> str:
    from sekha import ClientConfig, MessageDto, NewConversation, SekhaClient

    out = io.StringIO()
    with contextlib.redirect_stdout(out):

        async def main():  # type: ignore[no-untyped-def]
            # Configure client
            config = ClientConfig(api_key=api_key, base_url=base_url)

            async with SekhaClient(config) as client:
                # Create a conversation
                conv = NewConversation(
                    label="Project:AI",
                    folder="/work",
                    messages=[
                        MessageDto(role="user", content="What is token limit for Claude?"),
                        MessageDto(role="assistant", content="200K tokens"),
                    ],
                )

                result = await client.create_conversation(conv)
                print(f"Created: {result.id}")

                # Smart query
                response = await client.smart_query("token limits")
                for msg in response.results:
                    print(f"- {msg.content} (from {msg.label})")

        # Run
        asyncio.run(main())
    return out.getvalue()


def readme1_sync_pin_archive_errors_export(api_key: str, base_url: str, workdir: Path) -> tuple[str, str]:
    """Configuration, synchronous usage, error handling, pinning/archiving and exporting."""
    from sekha import (
        ClientConfig,
        MessageDto,
        NewConversation,
        SekhaAPIError,
        SekhaClient,
        SekhaError,
        SekhaNotFoundError,
        SyncSekhaClient,
    )

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        config = ClientConfig(
            api_key=api_key,  # Required
            base_url=base_url,  # Default
            timeout=30.0,  # Request timeout (seconds)
            max_retries=3,  # Retry attempts
            rate_limit_requests=1000,  # Per minute
        )
        conv = NewConversation(
            label="Project:AI",
            folder="/work",
            messages=[MessageDto(role="user", content="What is token limit for Claude?")],
        )

        with SyncSekhaClient(config) as client:
            # All async methods available synchronously
            result = client.create_conversation(conv)
            response = client.smart_query("token limits")
        print(f"sync: {result.id} {len(response.results)}")

        async def errors_pins_exports() -> str:
            async with SekhaClient(config) as client:
                try:
                    conv = await client.get_conversation("invalid-id")  # noqa: F841
                except SekhaNotFoundError:
                    print("Conversation not found")
                except SekhaAPIError as e:
                    print(f"API Error {e.status_code}: {e.message}")
                except SekhaError as e:
                    print(f"Unexpected error: {e}")

                # Pin an important conversation
                await client.pin(str(result.id))
                # Archive an old conversation
                await client.archive(str(result.id))

                # Export all conversations with a specific label as markdown
                markdown = await client.export(label="Project:AI", format="markdown")
                with open(workdir / "backup.md", "w") as f:
                    f.write(markdown)

                # Export all conversations as JSON
                json_data = await client.export(format="json")
                with open(workdir / "backup.json", "w") as f:
                    f.write(json_data)

                # Export without label filter (includes all conversations)
                all_markdown = await client.export(format="markdown")
                return all_markdown  # noqa: RET504 (the README's own lines)

        all_markdown = asyncio.run(errors_pins_exports())
    return out.getvalue(), all_markdown


def readme2_memory_controller(api_key: str, base_url: str) -> str:
    from sekha import MemoryConfig, MemoryController

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        config = MemoryConfig(base_url=base_url, api_key=api_key, default_label="Work")

        memory = MemoryController(config)

        # Create conversation
        conversation = memory.create(
            messages=[
                {"role": "user", "content": "How do we handle authentication?"},
                {"role": "assistant", "content": "We use JWT tokens..."},
            ],
            label="Project:AI",
            folder="Work/2025",
        )

        # Assemble context
        context = memory.assemble_context(
            query="authentication patterns", labels=["Project:AI", "Security"], token_budget=8000
        )

        # Search
        results = memory.search("JWT implementation", limit=10)

        # Memory management
        memory.pin(conversation.id)
        memory.update_label(conversation.id, "Project:AI-Archive")
        memory.archive(conversation.id)

        # Pruning
        suggestions = memory.get_pruning_suggestions()
        for suggestion in suggestions:
            print(f"Consider archiving: {suggestion.id} - {suggestion.reason}")

        # Export
        markdown = memory.export("Project:AI", format="markdown")
        print(f"context={context.token_count} results={len(results)} export={len(markdown)}")

        async def async_support() -> None:
            async with memory.async_client() as client:
                conversation = await client.create(messages=PLACEHOLDER_MESSAGES, label="Test")
                context = await client.assemble_context(query="test", token_budget=5000)
                print(f"async: {conversation.label} {len(context.messages)}")

        asyncio.run(async_support())
        memory.close()
    return out.getvalue()


def readme2_error_handling(api_key: str, base_url: str) -> str:
    from sekha import MemoryConfig, MemoryController
    from sekha.errors import SekhaAPIError, SekhaAuthError, SekhaConnectionError

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        memory = MemoryController(MemoryConfig(base_url=base_url, api_key=api_key, max_retries=0))
        try:
            memory.create(messages=PLACEHOLDER_MESSAGES)
        except SekhaAuthError:
            print("Invalid API key")
        except SekhaConnectionError:
            print("Cannot connect to Sekha controller")
        except SekhaAPIError as e:
            print(f"API error: {e.message}")
        memory.close()
    return out.getvalue()
