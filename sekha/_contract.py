"""What the contract says about each route, read from the copy shipped inside ``sekha_api``.

The transport sees only a method and a URL; this maps them back to the operation: its
``x-sekha-retry`` class, and whether it takes an ``Idempotency-Key``, so the retry policy comes
from the spec instead of a hand-kept list.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

import attrs

from sekha._retry import RetryClass

__all__ = ["Route", "route_of"]

_HTTP_METHODS = frozenset({"get", "put", "post", "delete", "patch", "head", "options"})
_IDEMPOTENCY_PARAMETER = "Idempotency-Key"


@attrs.frozen
class Route:
    retry: RetryClass
    replayable: bool = False
    """It takes an ``Idempotency-Key``: a server announcing ``idempotency_keys`` replays a repeat."""


def _takes_idempotency_key(spec: dict[str, Any], operation: dict[str, Any]) -> bool:
    for parameter in operation.get("parameters", ()):
        ref = parameter.get("$ref", "")
        if ref.startswith("#/components/parameters/"):
            parameter = spec["components"]["parameters"][ref.rsplit("/", 1)[1]]
        if parameter.get("in") == "header" and parameter.get("name") == _IDEMPOTENCY_PARAMETER:
            return True
    return False


@cache
def _routes() -> dict[str, list[tuple[re.Pattern[str], Route]]]:
    from importlib import resources  # read once, on the first request: keeps it out of `import sekha`

    spec = json.loads(resources.files("sekha_api").joinpath("contract.json").read_text(encoding="utf-8"))
    routes: dict[str, list[tuple[re.Pattern[str], Route]]] = {}
    for path, item in spec["paths"].items():
        pattern = re.compile(re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")
        for method, operation in item.items():
            if method in _HTTP_METHODS:
                route = Route(RetryClass(operation["x-sekha-retry"]), _takes_idempotency_key(spec, operation))
                routes.setdefault(method.upper(), []).append((pattern, route))
    for candidates in routes.values():  # literal segments first: /conversations/count before /{id}
        candidates.sort(key=lambda entry: entry[0].pattern.count("[^/]+"))
    return routes


def route_of(method: str, path: str) -> Route:
    """The contract's facts about a request; anything it does not name is treated as unsafe."""
    for pattern, route in _routes().get(method.upper(), ()):
        if pattern.search(path):  # any base-URL prefix may stand before the route
            return route
    if method.upper() in {"GET", "HEAD", "OPTIONS"}:
        return Route(RetryClass.SAFE)
    return Route(RetryClass.UNSAFE)
