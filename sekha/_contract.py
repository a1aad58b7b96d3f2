"""What the contract says about each route, read from the copy shipped inside ``sekha_api``.

The transport sees only a method and a URL; this maps them back to the operation and its
``x-sekha-retry`` class, so the retry policy comes from the spec instead of a hand-kept list.
"""

from __future__ import annotations

import json
import re
from functools import cache

from sekha._retry import RetryClass

__all__ = ["retry_class_of"]

_HTTP_METHODS = frozenset({"get", "put", "post", "delete", "patch", "head", "options"})


@cache
def _routes() -> dict[str, list[tuple[re.Pattern[str], RetryClass]]]:
    from importlib import resources  # read once, on the first request: keeps it out of `import sekha`

    spec = json.loads(resources.files("sekha_api").joinpath("contract.json").read_text(encoding="utf-8"))
    routes: dict[str, list[tuple[re.Pattern[str], RetryClass]]] = {}
    for path, item in spec["paths"].items():
        pattern = re.compile(re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")
        for method, operation in item.items():
            if method in _HTTP_METHODS:
                routes.setdefault(method.upper(), []).append(
                    (pattern, RetryClass(operation["x-sekha-retry"]))
                )
    for candidates in routes.values():  # literal segments first: /conversations/count before /{id}
        candidates.sort(key=lambda entry: entry[0].pattern.count("[^/]+"))
    return routes


def retry_class_of(method: str, path: str) -> RetryClass:
    """The retry class of a request; anything the contract does not name is treated as unsafe."""
    for pattern, retry_class in _routes().get(method.upper(), ()):
        if pattern.search(path):  # any base-URL prefix may stand before the route
            return retry_class
    if method.upper() in {"GET", "HEAD", "OPTIONS"}:
        return RetryClass.SAFE
    return RetryClass.UNSAFE
