"""Endpoint URLs from the base URLs users give (``--embedder-url``, ``--chat-url``)."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def with_path_suffix(url: str, suffix: str) -> str:
    """``url`` with its path ending in ``suffix``; the query string and fragment are kept.

    ``https://x.openai.azure.com/openai/deployments/d?api-version=2024-02-01`` with
    ``/embeddings`` becomes ``…/deployments/d/embeddings?api-version=2024-02-01``.
    """
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    if not path.endswith(suffix):
        path += suffix
    return urlunsplit(parts._replace(path=path))
