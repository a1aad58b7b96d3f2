"""Embedders that ``ProcessEmbedder`` tests run in its child process (imported there by name)."""

from __future__ import annotations

import os
import sys
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


class Bytecode(HashingEmbedder):
    """Embeds every text as ``writes`` or ``skips``: whether this process writes ``.pyc`` files."""

    def __init__(self) -> None:
        super().__init__(32)
        self.name = "bytecode"

    def embed(self, texts: Sequence[str]) -> Vector:
        return super().embed(["skips" if sys.dont_write_bytecode else "writes" for _ in texts])
