"""MemoryController: the synchronous facade the second seed README describes."""

from __future__ import annotations

from sekha._async.client import SekhaClient
from sekha._sync.client import SyncSekhaClient

__all__ = ["MemoryController"]


class MemoryController(SyncSekhaClient):
    """Everything :class:`SyncSekhaClient` does, under the name and config of the second README.

    ``MemoryController(MemoryConfig(...))`` works without a ``with`` block: the connection pool
    opens on first use; call :meth:`close` (or use ``with``) when done.
    """

    def async_client(self) -> SekhaClient:
        """An asynchronous client with the same configuration: ``async with memory.async_client() as c``."""
        return SekhaClient(self.config)

    def __repr__(self) -> str:
        return f"<MemoryController base_url={self.config.base_url!r}>"
