"""What a server announced it can do beyond the real controller, learnt once per client.

The local controller names its extensions in the ``capabilities`` object of ``/health``; the real
controller sends none, which reads as "none". A client learns them from the first ``/health``
answer that is a health report, and keeps them for its life. An answer that is not one (an
empty 503, a proxy's error page, a failed request) teaches nothing, so the next need asks again.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sekha_api.models import Capabilities

__all__ = ["Announced"]


class Announced:
    """One client's memory of its server's capabilities, shared by all of the client's pools."""

    def __init__(self) -> None:
        self._known: Capabilities | None = None

    @property
    def known(self) -> Capabilities | None:
        """The capabilities learnt so far, or None while no health report has been read."""
        return self._known

    def learn(self, content: bytes) -> Capabilities | None:
        """Remember what a ``/health`` body announces; None when the body is not a health report."""
        from sekha_api.models import Capabilities

        try:
            report = json.loads(content)
        except (ValueError, RecursionError):
            return None
        if not isinstance(report, dict) or not isinstance(report.get("status"), str):
            return None
        announced = report.get("capabilities")
        self._known = Capabilities.from_dict(announced if isinstance(announced, dict) else {})
        return self._known
