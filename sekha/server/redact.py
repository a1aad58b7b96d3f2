"""Credentials out of text: URLs' user info and secret-looking query values become ``***``.

Embedder and chat URLs may carry credentials (``https://user:pass@host/…?api-key=…``); every
text derived from them (the embedder's name in ``/health`` and the database, error messages) goes
through :func:`redact` first.
"""

from __future__ import annotations

import re

_USERINFO = re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://)[^/?#\s@]+@")
_SECRET_NAME = r"[^=&?#\s]*(?:key|token|secret|passw|pwd|sig|auth|credential|session|code)[^=&?#\s]*"  # noqa: S105 - a pattern for secret names, not a secret
# A value ends at ``:`` too, so the ``<url>:<model>`` form of an embedder name keeps its model.
_SECRET_VALUE = re.compile(rf"(?i)([?&;]{_SECRET_NAME}=)[^&#\s:'\"]+")

MASK = "***"


def redact(text: str) -> str:
    """``text`` with URL user info and the values of secret-named query parameters masked."""
    return _SECRET_VALUE.sub(rf"\g<1>{MASK}", _USERINFO.sub(rf"\g<1>{MASK}@", text))
