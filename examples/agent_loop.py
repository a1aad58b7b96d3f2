"""An agent loop with memory: recall before each LLM call, remember after it.

    python3 examples/agent_loop.py

Before answering, the agent asks the memory for context relevant to the user's message and puts
it in the prompt; after answering, it stores the exchange so later turns (and later sessions)
can recall it. The LLM is a stub so the example runs offline: swap ``fake_llm`` for a real call
such as ``openai.chat.completions.create(model=..., messages=messages)``.
"""

from __future__ import annotations

import time

from sekha import SyncSekhaClient

LABEL = "Agent:travel-planner"
TURNS = [
    "I'm planning a trip to Kyoto in April. I'm vegetarian.",
    "I'd like to stay near Gion, budget around 150 euros a night.",
    "Can you suggest where to have dinner on the first evening?",
]


def fake_llm(messages: list[dict[str, str]]) -> str:
    """Stands in for a chat model: it answers from the memory it was given in the system prompt."""
    memory = messages[0]["content"]
    question = messages[-1]["content"]
    if "dinner" in question:
        veg = " vegetarian" if "vegetarian" in memory else ""
        near = " near Gion" if "Gion" in memory else ""
        return f"Try a{veg} shojin ryori restaurant{near}; book ahead in April, it is cherry-blossom season."
    return "Noted. I'll keep that in mind for the rest of the plan."


def wait_until_searchable(client: SyncSekhaClient, timeout: float = 30.0) -> None:
    """Stored messages are embedded in the background; wait until search can see them."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        indexer = client.health().checks.get("indexer")
        if indexer is None or not indexer.pending:
            return
        time.sleep(0.05)


def main() -> None:
    with SyncSekhaClient.local() as client:
        for turn, user_message in enumerate(TURNS, start=1):
            # 1. Recall: the memory that best serves this message, within a token budget.
            context = client.assemble_context(user_message, labels=[LABEL], token_budget=500)
            messages = context.as_openai_messages(user_message)
            print(f"Turn {turn}: user: {user_message}")
            print(f"  recalled {len(context.messages)} messages ({context.token_count} tokens)")

            # 2. The LLM call (stubbed).
            answer = fake_llm(messages)
            print(f"  assistant: {answer}")

            # 3. Remember: store the exchange for the next turns.
            client.create(
                messages=[
                    {"role": "user", "content": user_message},
                    {"role": "assistant", "content": answer},
                ],
                label=LABEL,
                folder="/agents",
            )
            wait_until_searchable(client)
        print(f"\nMemory now holds {client.count_conversations(label=LABEL)} exchanges labelled {LABEL!r}.")


if __name__ == "__main__":
    main()
