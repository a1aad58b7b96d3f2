"""Pluggable embedders: offline MiniLM (default), OpenAI-compatible or Ollama URLs, hashing for tests."""

from __future__ import annotations

import hashlib
import importlib.resources
import os
import re
import threading
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import httpx
import numpy as np

from .config import EmbedderSpec
from .redact import redact
from .urls import with_path_suffix
from .vectors import Vector

MODEL_DIR = "models/all-MiniLM-L6-v2"
MAX_TOKENS = 256  # all-MiniLM-L6-v2 was trained with 256 word pieces (its max_seq_length)
# Text beyond this never reaches the tokenizer: 256 word pieces are rarely more than ~1,500
# characters of prose, so 4,096 keeps every piece the model reads while bounding the memory.
MAX_CHARS = 4096


class EmbedderError(Exception):
    """A remote embedder failed or answered something unusable; the cause is chained."""


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors of a fixed dimension."""

    @property
    def name(self) -> str:
        """Identifies the vector space; stored vectors of another name are re-embedded."""
        ...

    def embed(self, texts: Sequence[str]) -> Vector:
        """A ``(len(texts), dim)`` float32 matrix of unit rows."""
        ...


def normalise(matrix: Any) -> Vector:
    mat: Vector = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(mat, axis=1, keepdims=True)
    out: Vector = (mat / np.clip(norms, 1e-12, None)).astype(np.float32)
    return out


class MiniLMEmbedder:
    """all-MiniLM-L6-v2, quantized to int8 on this machine (see ``model_file``), with its tokenizer; offline.

    The model loads on a background thread started by the constructor, so a server can answer
    before it is ready; :meth:`embed` waits for it. Each text is cut to :data:`MAX_CHARS` before
    tokenizing (the model reads 256 word pieces at most; tokenizing a whole 2 MB message only to
    drop all but its start cost hundreds of MB). Each text runs through the model alone: nothing
    is spent on padding, and since dynamic quantization scales activations per run, a text's
    vector does not depend on which texts shared its batch (in batches it varied by up to 3 %).
    """

    name = "all-MiniLM-L6-v2-qint8"
    dim = 384
    # Vectors of the float model it was quantized from are at cosine ≥ 0.98 to its own: they stay
    # searchable while a rebuild replaces them, instead of leaving semantic search empty.
    replaces = ("all-MiniLM-L6-v2-int8",)

    def __init__(self, threads: int = 1) -> None:
        # One thread per run: the caller's. Short texts gain little from more, and a second
        # (spinning) pool thread on a two-core machine takes the core that answers requests.
        self.threads = threads
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._tok: Any = None
        self._session: Any = None
        threading.Thread(target=self._load, name="sekha-model-load", daemon=True).start()

    def _load(self) -> None:
        try:
            import onnxruntime as ort  # type: ignore[import-untyped]
            from tokenizers import Tokenizer

            from .model_file import quantized_model

            tok_file = importlib.resources.files("sekha.server") / MODEL_DIR / "tokenizer.json"
            tok = Tokenizer.from_str(tok_file.read_text(encoding="utf-8"))
            # The shipped tokenizer.json truncates and pads to a fixed 128: use 256, never pad.
            tok.enable_truncation(max_length=MAX_TOKENS)
            tok.no_padding()
            options = ort.SessionOptions()
            options.intra_op_num_threads = self.threads
            options.inter_op_num_threads = 1
            model = str(quantized_model())
            self._session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
            self._tok = tok
        except BaseException as exc:  # reported by every embed() call, and by /health
            self._error = exc
        finally:
            self._ready.set()

    @property
    def ready(self) -> bool:
        return self._ready.is_set() and self._error is None

    def wait_ready(self, timeout: float | None = None) -> bool:
        return self._ready.wait(timeout) and self._error is None

    def embed(self, texts: Sequence[str]) -> Vector:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        self._ready.wait()
        if self._error is not None:
            raise EmbedderError(f"the embedding model failed to load: {type(self._error).__name__}")
        encodings = self._tok.encode_batch([text[:MAX_CHARS] for text in texts])
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, encoding in enumerate(encodings):
            ids = np.array([encoding.ids], dtype=np.int64)
            mask, types = np.ones_like(ids), np.zeros_like(ids)
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
            out[row] = self._session.run(None, feeds)[0][0].mean(axis=0)
        return normalise(out)


class _RemoteEmbedder:
    """Shared plumbing of the URL-based embedders: one pooled HTTP client and the response checks.

    Every failure, of the connection or of the answer's shape, is an :class:`EmbedderError`.
    """

    path = ""

    def __init__(self, url: str, model: str, timeout: float = 60.0) -> None:
        self.url = with_path_suffix(url, self.path)
        self.model = model
        self._client = httpx.Client(timeout=timeout)

    @property
    def name(self) -> str:
        return f"{type(self).__name__}:{redact(self.url)}:{self.model}"

    def _post(self, payload: dict[str, Any]) -> Any:
        headers = {}
        key = os.environ.get("SEKHA_EMBEDDER_API_KEY")
        if key:
            headers["Authorization"] = f"Bearer {key}"
        try:
            response = self._client.post(self.url, json=payload, headers=headers)
            response.raise_for_status()
            return response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise EmbedderError(redact(f"{type(exc).__name__}: {exc}")) from exc

    def _check(self, vectors: list[list[float]], count: int) -> Vector:
        if len(vectors) != count:
            raise EmbedderError(f"embedder returned {len(vectors)} vectors for {count} texts")
        return normalise(vectors)

    def _rows(self, body: Any, read: Callable[[Any], list[list[float]]]) -> list[list[float]]:
        try:
            return read(body)
        except (KeyError, TypeError, IndexError, AttributeError) as exc:
            raise EmbedderError(
                f"the embedder's answer has an unexpected shape ({type(exc).__name__})"
            ) from exc


class OpenAIEmbedder(_RemoteEmbedder):
    """Any OpenAI-compatible ``/v1/embeddings`` endpoint (key from ``SEKHA_EMBEDDER_API_KEY``)."""

    path = "/embeddings"

    def embed(self, texts: Sequence[str]) -> Vector:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        body = self._post({"model": self.model, "input": list(texts)})
        rows = self._rows(
            body, lambda b: [r["embedding"] for r in sorted(b["data"], key=lambda r: r.get("index", 0))]
        )
        return self._check(rows, len(texts))


class OllamaEmbedder(_RemoteEmbedder):
    """Ollama's ``/api/embed`` (the real controller uses ``nomic-embed-text``)."""

    path = "/api/embed"

    def embed(self, texts: Sequence[str]) -> Vector:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        body = self._post({"model": self.model, "input": list(texts)})
        return self._check(self._rows(body, lambda b: list(b["embeddings"])), len(texts))


class HashingEmbedder:
    """Deterministic bag-of-words hashing: for tests that must not load a model. Not semantic."""

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim
        self.name = f"hashing-{dim}"

    def embed(self, texts: Sequence[str]) -> Vector:
        mat = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                digest = hashlib.blake2b(word.encode(), digest_size=8).digest()
                value = int.from_bytes(digest, "little")
                mat[row, value % self.dim] += 1.0 if (value >> 63) else -1.0
            if not mat[row].any():
                mat[row, 0] = 1.0
        return normalise(mat)


def build_embedder(spec: EmbedderSpec) -> Embedder:
    """The embedder a :class:`~sekha.server.config.EmbedderSpec` names."""
    if spec.kind == "minilm":
        return MiniLMEmbedder()
    if spec.kind == "hashing":
        return HashingEmbedder()
    if spec.kind in ("openai", "ollama"):
        if not spec.url:
            raise ValueError(f"the {spec.kind} embedder needs a URL (--embedder-url)")
        if spec.kind == "openai":
            return OpenAIEmbedder(spec.url, spec.model or "text-embedding-3-small")
        return OllamaEmbedder(spec.url, spec.model or "nomic-embed-text")
    raise ValueError(f"unknown embedder {spec.kind!r}: use minilm, openai, ollama or hashing")
