"""Memory an agent can trust: each user's recall stays theirs, and a session is one conversation.

    python3 examples/agent_memory.py

Two users talk to the same agent. Before each turn the agent recalls memory scoped to the user
(``labels=[...]`` is a hard limit: nothing of the other user's ever comes back), within a token
budget that the rendered memory really fits; after the turn it appends the exchange to that
user's session with ``add_messages``, so one session stays one conversation. The LLM is a stub;
replace ``fake_llm`` with ``openai.chat.completions.create(model=..., messages=messages)``, or use
``as_anthropic_messages`` for Anthropic's ``messages.create``.
"""

from __future__ import annotations

import time
from typing import Any

from sekha import SyncSekhaClient

BUDGET = 400
SESSIONS = {
    "user:alice": [
        "I'm vegetarian and I'm allergic to peanuts.",
        "What food should I order for dinner in Kyoto on Friday?",
    ],
    "user:bob": [
        "I love grilled eel and peanut sauce.",
        "What food should I order for dinner in Kyoto on Friday?",
    ],
}


def fake_llm(messages: list[dict[str, Any]]) -> str:
    """Stands in for a chat model: it answers from the memory in the system message only."""
    memory, question = messages[0]["content"], messages[-1]["content"]
    if "dinner" not in question:
        return "Noted, I'll remember that."
    if "vegetarian" in memory:
        return "Try Shigetsu at Tenryu-ji: vegetarian temple food, and no peanuts."
    if "eel" in memory:
        return "Try Kyogoku Kaneyo for grilled eel."
    return "Any restaurant near Gion will do."


def wait_until_searchable(client: SyncSekhaClient, timeout: float = 30.0) -> None:
    """Stored messages are embedded in the background; wait (bounded) until search sees them."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        indexer = client.health().checks.get("indexer")
        if indexer is None or not indexer.pending:
            return
        time.sleep(0.05)


def main() -> None:
    with SyncSekhaClient.local() as memory:
        sessions: dict[str, Any] = {}
        for turn in range(2):
            for user, said in SESSIONS.items():
                question = said[turn]
                # 1. Recall: only this user's memory, the rendered text within the budget.
                recalled = memory.assemble_context(question, labels=[user], token_budget=BUDGET)
                messages = recalled.as_openai_messages(question, system="You are a travel assistant.")
                answer = fake_llm(messages)  # 2. the LLM call (stubbed)
                print(f"{user}: {question}")
                count = f"{len(recalled)} message{'' if len(recalled) == 1 else 's'}"
                print(f"  recalled {count}, {recalled.token_count} of {BUDGET} tokens")
                print(f"  assistant: {answer}")
                # 3. Remember: the session is one conversation; each exchange is appended to it.
                exchange = [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]
                if user in sessions:
                    memory.add_messages(sessions[user], exchange)
                else:
                    sessions[user] = memory.create(exchange, label=user, folder="/agents/travel").id
            wait_until_searchable(memory)
        for user, conversation_id in sessions.items():
            stored = memory.get_conversation(conversation_id)
            print(f"\n{user}: 1 conversation, {stored.message_count} messages")
        print("\n" + memory.assemble_context("what should I eat?", labels=["user:alice"]).context)


if __name__ == "__main__":
    main()
