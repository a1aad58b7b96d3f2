"""Request decoding and field validation that turn every malformed input into a clear 4xx."""

from __future__ import annotations

import asyncio
import json
import math
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from starlette.requests import Request

from .errors import ApiError
from .store import NewMessage
from .timefmt import to_db, utcnow

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
FUTURE_TOLERANCE = timedelta(days=1)
EARLIEST = datetime(1970, 1, 1)  # no conversation was written before; and it keeps 4-digit years

JsonObject = dict[str, Any]


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


class ClientGoneError(Exception):
    """The client hung up before its request was complete: nobody is left to answer."""


async def read_body(request: Request, limit: int, seconds: float) -> bytes:
    """Read the body, refusing (413) anything over ``limit`` bytes without buffering it all, and
    (408) a body that has not fully arrived ``seconds`` after the headers."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise ApiError(400, "Content-Length must be a non-negative integer")
        if int(declared) > limit:
            raise ApiError(413, f"request body is larger than the {limit}-byte limit")
    chunks: list[bytes] = []
    size = 0
    try:
        async with asyncio.timeout(seconds):
            while True:
                message = await request.receive()
                if message["type"] == "http.disconnect":
                    raise ClientGoneError
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > limit:
                    raise ApiError(413, f"request body is larger than the {limit}-byte limit")
                chunks.append(chunk)
                if not message.get("more_body", False):
                    return b"".join(chunks)
    except TimeoutError:
        raise ApiError(
            408, f"the request body did not arrive within {seconds:g} s", {"Connection": "close"}
        ) from None


async def read_json_object(request: Request, limit: int, seconds: float) -> JsonObject:
    """The body as a JSON object: 415 without a JSON content type, 400 for bad JSON, 422 otherwise."""
    ctype = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if ctype != "application/json" and not (ctype.startswith("application/") and ctype.endswith("+json")):
        raise ApiError(415, "Expected request with `Content-Type: application/json`")
    raw = await read_body(request, limit, seconds)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(422, f"request body is not valid UTF-8 (byte {exc.start})") from None
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:
        raise ApiError(400, f"Failed to parse the request body as JSON: {exc}") from None
    if not isinstance(value, dict):
        raise ApiError(422, f"the request body must be a JSON object, not {json_type(value)}")
    try:  # JSON may escape lone surrogates, which no UTF-8 store can hold
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise ApiError(422, "the request body contains an unpaired UTF-16 surrogate escape") from None
    return value


def json_type(value: object) -> str:
    """The JSON name of a decoded value's type, for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _wrong(name: str, expected: str, value: object) -> ApiError:
    return ApiError(422, f"field `{name}` must be {expected}, not {json_type(value)}")


def req_str(obj: Mapping[str, Any], name: str) -> str:
    if name not in obj:
        raise ApiError(422, f"missing field `{name}`")
    value = obj[name]
    if not isinstance(value, str):
        raise _wrong(name, "a string", value)
    return value


def opt_str(obj: Mapping[str, Any], name: str) -> str | None:
    value = obj.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _wrong(name, "a string or null", value)
    return value


def opt_int(
    obj: Mapping[str, Any],
    name: str,
    default: int,
    *,
    minimum: int = INT64_MIN,
    maximum: int = INT64_MAX,
    null_ok: bool = False,
) -> int:
    """An optional integer field; JSON floats such as ``8.0`` are refused like the real server does."""
    if name not in obj or (null_ok and obj[name] is None):
        return default
    return check_int(name, obj[name], minimum=minimum, maximum=maximum)


def req_int(obj: Mapping[str, Any], name: str, *, minimum: int = INT64_MIN, maximum: int = INT64_MAX) -> int:
    if name not in obj:
        raise ApiError(422, f"missing field `{name}`")
    return check_int(name, obj[name], minimum=minimum, maximum=maximum)


def check_int(name: str, value: object, *, minimum: int = INT64_MIN, maximum: int = INT64_MAX) -> int:
    """An integer within ``[minimum, maximum]`` (by default what SQLite can store), else 422."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise _wrong(name, "an integer", value)
    if value < minimum:
        raise ApiError(422, f"field `{name}` must be at least {minimum}, got {_short(value)}")
    if value > maximum:
        raise ApiError(422, f"field `{name}` must be at most {maximum}, got {_short(value)}")
    return value


def _short(value: float) -> str:
    """A number for an error message: a 400-digit integer is shown by its size, not in full."""
    text = repr(value)
    return text if len(text) <= 30 else f"a number of {len(text.lstrip('-'))} digits"


def opt_number(obj: Mapping[str, Any], name: str, default: float, *, minimum: float, maximum: float) -> float:
    """An optional finite number within ``[minimum, maximum]`` (``1e400`` parses as infinity)."""
    if name not in obj:
        return default
    value = obj[name]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _wrong(name, "a number", value)
    if not (isinstance(value, int) or math.isfinite(value)) or not minimum <= value <= maximum:
        raise ApiError(
            422, f"field `{name}` must be a number from {minimum:g} to {maximum:g}, got {_short(value)}"
        )
    return float(value)


def opt_bool(obj: Mapping[str, Any], name: str, default: bool) -> bool:
    if name not in obj:
        return default
    value = obj[name]
    if not isinstance(value, bool):
        raise _wrong(name, "a boolean", value)
    return value


def str_list(obj: Mapping[str, Any], name: str, *, required: bool) -> list[str]:
    if name not in obj:
        if required:
            raise ApiError(422, f"missing field `{name}`")
        return []
    value = obj[name]
    if not isinstance(value, list):
        raise _wrong(name, "an array of strings", value)
    for i, item in enumerate(value):
        if not isinstance(item, str):
            raise _wrong(f"{name}[{i}]", "a string", item)
    return list(value)


def parse_uuid(value: str, what: str = "id") -> str:
    """Canonical lowercase hyphenated form; 400 for anything that is not a UUID."""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise ApiError(400, f"Invalid URL: {what} {value!r} is not a UUID") from None


def req_uuid(obj: Mapping[str, Any], name: str) -> str:
    text = req_str(obj, name)
    try:
        return str(uuid.UUID(text))
    except ValueError:
        raise ApiError(422, f"field `{name}` must be a UUID, got {text!r}") from None


def messages_field(obj: Mapping[str, Any], *, min_items: int = 0) -> list[NewMessage]:
    """``messages``: an array of ``{role, content}`` strings with an optional original ``created_at``;
    other keys are ignored."""
    if "messages" not in obj:
        raise ApiError(422, "missing field `messages`")
    value = obj["messages"]
    if not isinstance(value, list):
        raise _wrong("messages", "an array", value)
    if len(value) < min_items:
        raise ApiError(422, f"field `messages` needs at least {min_items} message")
    out: list[NewMessage] = []
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            raise _wrong(f"messages[{i}]", "an object", item)
        when = opt_timestamp(item, "created_at", where=f"messages[{i}].")
        out.append(NewMessage(_item_str(item, i, "role"), _item_str(item, i, "content"), when))
    return out


def opt_timestamp(obj: Mapping[str, Any], name: str, *, where: str = "") -> str | None:
    """An optional original time (ISO 8601; no offset means UTC) in stored form; 422 when it is
    not one, or lies more than a day ahead (a unit mistake, not a time anything was written)."""
    value = obj.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _wrong(where + name, "an ISO 8601 time", value)
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ApiError(422, f"field `{where}{name}` must be an ISO 8601 time, got {value!r:.40}") from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    if moment > utcnow() + FUTURE_TOLERANCE:
        raise ApiError(422, f"field `{where}{name}` is in the future: {value}")
    if moment < EARLIEST:
        raise ApiError(422, f"field `{where}{name}` is before 1970: {value}")
    return to_db(moment)


def _item_str(item: Mapping[str, Any], index: int, name: str) -> str:
    if name not in item:
        raise ApiError(422, f"missing field `{name}` in messages[{index}]")
    value = item[name]
    if not isinstance(value, str):
        raise _wrong(f"messages[{index}].{name}", "a string", value)
    return value


def query_int(params: Mapping[str, str], name: str, default: int, *, minimum: int, maximum: int) -> int:
    """An integer query parameter: 400 when it does not parse, 422 when out of range."""
    raw = params.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(400, f"Failed to deserialize query string: `{name}` must be an integer") from None
    if value < minimum or value > maximum:
        raise ApiError(422, f"query parameter `{name}` must be between {minimum} and {maximum}")
    return value


def query_bool(params: Mapping[str, str], name: str) -> bool | None:
    raw = params.get(name)
    if raw is None:
        return None
    if raw in ("true", "false"):
        return raw == "true"
    raise ApiError(400, f"Failed to deserialize query string: `{name}` must be true or false")
