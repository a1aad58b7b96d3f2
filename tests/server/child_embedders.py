"""Embedders that ``ProcessEmbedder`` tests run in its child process (imported there by name)."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence

from sekha.server.embedding import HashingEmbedder
from sekha.server.vectors import Vector


class Scripted(HashingEmbedder):
    """Hashing vectors, except: ``bad`` is rejected, ``crash`` kills the process, ``hold`` hangs."""

    def __init__(self) -> None:
        super().__init__(32)
        self.name = "scripted"

    def embed(self, texts: Sequence[str]) -> Vector:
        if any("crash" in t for t in texts):
            os._exit(3)
        if any("hold" in t for t in texts):
            time.sleep(600)
        if any("bad" in t for t in texts):
            raise ValueError("input rejected")
        return super().embed(texts)


class Reporting(HashingEmbedder):
    """Answers one text, ``environ``, with a vector saying whether the child can see an API key."""

    def __init__(self) -> None:
        super().__init__(32)
        self.name = "reporting"

    def embed(self, texts: Sequence[str]) -> Vector:
        leaked = any(k.endswith("KEY") and k.startswith("SEKHA_") for k in os.environ)
        return super().embed(["leaked" if leaked else "clean" for _ in texts])
