"""Messages as LLM APIs shape them (OpenAI, Anthropic, LangChain), reduced to what a controller stores.

A controller stores a role and one text per message. Apps hold richer shapes: OpenAI content as a
list of parts, an assistant turn with ``tool_calls`` and ``content: None``, the ``developer`` role,
Anthropic content blocks with ``tool_use`` and ``tool_result``. They are kept, not refused:

* text parts and text blocks are joined with blank lines, in order;
* a tool call becomes ``[tool call: name({"arg": …})]`` and a tool result ``[tool result: …]``
  (``[tool error: …]`` when it reports an error), so the memory says what the agent did;
* an image, audio clip or file becomes a marker (``[image]``, ``[audio]``, ``[file: name]``): its
  bytes cannot be stored, the fact that it was there can;
* reasoning blocks (``thinking``, ``redacted_thinking``) are left out: they are not the conversation;
* roles map onto the four a controller knows: ``developer`` → ``system``, ``human`` → ``user``,
  ``ai`` and ``model`` → ``assistant``, ``function`` → ``tool``.

Only a message with nothing to store at all (no text, no tool call, no attachment) is refused.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from sekha.errors import SekhaValidationError

__all__ = ["ROLES", "ROLE_ALIASES", "as_mapping", "role_of", "text_of"]

ROLES = frozenset({"user", "assistant", "system", "tool"})
ROLE_ALIASES = {
    "developer": "system",
    "human": "user",
    "ai": "assistant",
    "model": "assistant",
    "function": "tool",
}
LEFT_OUT = frozenset({"thinking", "redacted_thinking"})
MARKERS = {
    "image": "image",
    "image_url": "image",
    "input_image": "image",
    "audio": "audio",
    "input_audio": "audio",
    "document": "document",
    "file": "file",
    "input_file": "file",
}


def as_mapping(value: Any) -> Any:
    """A plain dict for a pydantic model (the openai and anthropic packages' types); else the value."""
    dump = getattr(value, "model_dump", None)
    if callable(dump) and not isinstance(value, Mapping):
        return dump(exclude_none=True)
    return value


def role_of(value: object) -> str:
    """One of user, assistant, system or tool, from any role name an LLM API uses."""
    if not isinstance(value, str):
        raise SekhaValidationError(f"role must be a string, got {type(value).__name__}")
    role = ROLE_ALIASES.get(value.strip().lower(), value.strip().lower())
    if role not in ROLES:
        known = sorted(ROLES | ROLE_ALIASES.keys())
        raise SekhaValidationError(f"role must be one of {known}, got {value!r}")
    return role


def text_of(content: object, *, tool_calls: object = None, function_call: object = None) -> str:
    """The text to store for a message's content, with its tool calls recorded after it.

    Raises SekhaValidationError when there is nothing to store, or the content is not text, a
    list of parts/blocks, or None.
    """
    pieces = _pieces(content)
    calls = [tool_calls] if isinstance(tool_calls, Mapping) else tool_calls
    for call in calls if isinstance(calls, Sequence) and not isinstance(calls, str) else ():
        pieces.append(_openai_call(as_mapping(call)))
    if function_call is not None:
        pieces.append(_openai_call({"function": as_mapping(function_call)}))
    text = "\n\n".join(p for p in pieces if p)
    if not text.strip():
        raise SekhaValidationError("the message has no text, tool call or attachment to store")
    return text


def _pieces(content: object) -> list[str]:
    content = as_mapping(content)
    if content is None:
        return []
    if isinstance(content, str):
        return [content]
    if isinstance(content, Mapping):
        return [_part(content)]
    if isinstance(content, Sequence) and not isinstance(content, bytes | bytearray):
        return [_part(as_mapping(item)) for item in content]
    raise SekhaValidationError(
        f"content must be text or a list of content parts, got {type(content).__name__}"
    )


def _part(part: object) -> str:
    """One content part (OpenAI) or block (Anthropic) as text; "" for one that is left out."""
    if isinstance(part, str):
        return part
    if not isinstance(part, Mapping):
        raise SekhaValidationError(f"a content part must be an object or text, got {type(part).__name__}")
    kind = part.get("type")
    if kind in LEFT_OUT:
        return ""
    if isinstance(kind, str) and kind.endswith("tool_use"):  # tool_use, server_tool_use, mcp_tool_use …
        return f"[tool call: {part.get('name', 'tool')}({_compact(part.get('input', {}))})]"
    if isinstance(kind, str) and kind.endswith("tool_result"):
        verdict = "tool error" if part.get("is_error") else "tool result"
        return f"[{verdict}: {chr(10).join(p for p in _pieces(part.get('content')) if p)}]"
    for key in ("text", "refusal"):
        if isinstance(part.get(key), str):
            return str(part[key])
    if kind in MARKERS:
        name = _file_name(part)
        return f"[{MARKERS[str(kind)]}{': ' + name if name else ''}]"
    raise SekhaValidationError(f"a content part of type {kind!r} has no text that can be stored")


def _file_name(part: Mapping[str, Any]) -> str:
    inner = part.get("file")
    for source in (part, inner if isinstance(inner, Mapping) else {}):
        for key in ("filename", "title", "name"):
            if isinstance(source.get(key), str) and source[key].strip():
                return str(source[key]).strip()
    return ""


def _openai_call(call: Any) -> str:
    function = call.get("function") if isinstance(call, Mapping) else None
    if not isinstance(function, Mapping):
        raise SekhaValidationError("a tool call must have a function with a name and arguments")
    arguments = function.get("arguments", "")
    if not isinstance(arguments, str):
        arguments = _compact(arguments)
    return f"[tool call: {function.get('name', 'tool')}({arguments})]"


def _compact(value: object) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "), default=str)
    except (TypeError, ValueError):
        return str(value)
