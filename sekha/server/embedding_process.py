"""The indexer's embedder: the default model in a child process at a lower CPU priority.

Background embedding keeps a core busy, and on a busy machine the threads that acknowledge
writes must win the CPU whenever a request arrives. The OS scheduler does that at once for a
task of lower priority (``nice``), but only safely across processes: a lower-priority *thread*
of the server takes the GIL after every text, and when the scheduler parks it there every
request waits for it. In a child process the model shares no GIL with the server: the indexer's
thread sends a batch of texts and waits, the GIL released, for the vectors.

Queries still embed in the server process, at normal priority, with the same model; since each
text runs through the model alone on one thread, both processes give a text the same vector.

The child lives as long as its stdin: it ignores SIGINT and SIGTERM (Ctrl-C reaches the whole
process group while the server still flushes embeddings through it) and exits when the server
closes the pipe or dies. It also exits after :data:`IDLE_EXIT` seconds without work, to give
its memory back; the next batch starts another. A child that dies during a batch fails that
batch (:class:`~sekha.server.embedding.EmbedderError`, so the indexer's retry and quarantine
rules apply) and the next batch starts a new one. If a child cannot start at all, the model
runs in the server process as before, and the log says why.

Frames on the pipes are a 4-byte length and a body. A request body is a count, then each text
as length and UTF-8; the child answers ``R`` once loaded, then per request ``V`` and the
float32 matrix, or ``E`` and a reason.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import signal
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from .embedding import Embedder, EmbedderError, MiniLMEmbedder
from .vectors import Vector

log = logging.getLogger("sekha.server.embedding")

NICE = 10  # added to the server's niceness; measured, +5 left more of the stalls and +19 gained nothing
IDLE_EXIT = 60.0  # seconds without a batch after which the child exits
_U32 = struct.Struct("<I")
# The child's own code: the server's import path (so it runs the same sekha), nothing from its cwd.
_BOOTSTRAP = (
    "import json, sys; args = json.loads(sys.argv[1]); sys.path[:] = args['path']; "
    "from sekha.server.embedding_process import child_main; child_main(args)"
)


def for_background(model: Embedder) -> Embedder:
    """The embedder the indexer should use: the default model moves to a child process."""
    if isinstance(model, MiniLMEmbedder) and os.name == "posix":
        return ProcessEmbedder("sekha.server.embedding:MiniLMEmbedder", {"threads": model.threads}, model)
    return model


class ProcessEmbedder:
    """Runs ``factory(**kwargs)`` in a child process at lower priority and embeds through it.

    ``fallback`` (an embedder of the same vector space, normally the server's own model) takes
    over for good if a child cannot be started.
    """

    def __init__(
        self,
        factory: str,
        kwargs: dict[str, Any],
        fallback: Embedder,
        *,
        nice: int = NICE,
        idle_exit: float = IDLE_EXIT,
    ) -> None:
        self.name = fallback.name
        self._args = {"factory": factory, "kwargs": kwargs, "nice": nice}
        self._fallback = fallback
        self._fallen_back = False
        self._idle_exit = idle_exit
        self._lock = threading.Lock()  # one batch at a time through the pipes
        self._child: _Child | None = None
        self._last_used = 0.0
        self._closed = False

    @property
    def replaces(self) -> tuple[str, ...]:
        return tuple(getattr(self._fallback, "replaces", ()))

    @property
    def pid(self) -> int | None:
        """The running child's process id, if there is one."""
        child = self._child
        return child.proc.pid if child is not None and child.proc.poll() is None else None

    def embed(self, texts: Sequence[str]) -> Vector:
        if not texts:
            return self._fallback.embed(texts)
        with self._lock:
            if self._closed:
                raise EmbedderError("the embedder is closed (the server is stopping)")
            child = self._child or self._start()
            if child is None:
                return self._fallback.embed(texts)
            self._last_used = time.monotonic()
            try:
                return child.embed(texts)
            except _ChildGoneError as exc:
                self._child = None
                child.close()
                raise EmbedderError(f"the embedding process stopped ({exc})") from None
            finally:
                self._last_used = time.monotonic()

    def close(self) -> None:
        """Stop the child (it exits on end of input) and start no other.

        A batch still running (its thread outlived the server's stop) is cut short instead:
        the child is killed, and that batch's thread fails it and tidies up.
        """
        self._closed = True
        if not self._lock.acquire(blocking=False):
            running = self._child
            if running is not None:
                running.proc.kill()
            return
        try:
            child, self._child = self._child, None
        finally:
            self._lock.release()
        if child is not None:
            child.close()

    def _start(self) -> _Child | None:
        if self._fallen_back:
            return None
        try:
            child = _Child.spawn({**self._args, "path": sys.path})
        except (OSError, _ChildGoneError) as exc:
            self._fallen_back = True
            reason = str(exc) if isinstance(exc, _ChildGoneError) else f"{type(exc).__name__}: {exc}"
            log.warning("the embedding process could not start (%s); embedding in the server process", reason)
            return None
        if self._closed:  # closed while the child was loading
            child.close()
            raise EmbedderError("the embedder is closed (the server is stopping)")
        self._child = child
        self._last_used = time.monotonic()
        threading.Thread(
            target=self._exit_when_idle, args=(child,), name="sekha-embed-idle", daemon=True
        ).start()
        return child

    def _exit_when_idle(self, child: _Child) -> None:
        """Close ``child`` once it has had no batch for ``idle_exit`` seconds (or is replaced)."""
        while self._child is child:
            idle = time.monotonic() - self._last_used
            if idle < self._idle_exit:
                time.sleep(self._idle_exit - idle)
                continue
            with self._lock:  # not during a batch
                if self._child is child and time.monotonic() - self._last_used >= self._idle_exit:
                    self._child = None
                    child.close()


class _ChildGoneError(Exception):
    """The child process ended, or never got as far as loading its model."""


class _Child:
    """One child process and its two pipes."""

    def __init__(self, proc: subprocess.Popen[bytes]) -> None:
        self.proc = proc
        assert proc.stdin is not None
        assert proc.stdout is not None
        self._out = proc.stdin.fileno()
        self._in = proc.stdout.fileno()

    @classmethod
    def spawn(cls, args: dict[str, Any]) -> _Child:
        env = {k: v for k, v in os.environ.items() if not (k.startswith("SEKHA_") and k.endswith("KEY"))}
        # -I ignores PYTHON* variables, so the server's choice about .pyc files is passed on.
        flags = ["-I", "-B"] if sys.dont_write_bytecode else ["-I"]
        proc = subprocess.Popen(  # noqa: S603 - our own interpreter and code
            [sys.executable, *flags, "-c", _BOOTSTRAP, json.dumps(args)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
        child = cls(proc)
        ready = child._frame()
        if ready[:1] != b"R":
            child.close()
            raise _ChildGoneError(ready[1:].decode("utf-8", "replace") or "it sent no greeting")
        return child

    def embed(self, texts: Sequence[str]) -> Vector:
        _send(self._out, _encode_texts(texts))
        answer = self._frame()
        if answer[:1] == b"E":
            raise EmbedderError(answer[1:].decode("utf-8", "replace"))
        return np.frombuffer(answer, dtype=np.float32, offset=1).reshape(len(texts), -1).copy()

    def _frame(self) -> bytes:
        try:
            return _receive(self._in)
        except EOFError:
            code = self.proc.wait()
            raise _ChildGoneError(f"exit status {code}") from None

    def close(self) -> None:
        """End of input tells the child to exit; one that does not is killed."""
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None:
                pipe.close()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _encode_texts(texts: Sequence[str]) -> bytes:
    parts = [_U32.pack(len(texts))]
    for text in texts:
        data = text.encode()
        parts += [_U32.pack(len(data)), data]
    return b"".join(parts)


def _decode_texts(body: bytes) -> list[str]:
    (count,) = _U32.unpack_from(body)
    at, texts = _U32.size, []
    for _ in range(count):
        (size,) = _U32.unpack_from(body, at)
        at += _U32.size
        texts.append(body[at : at + size].decode())
        at += size
    return texts


def _send(fd: int, body: bytes) -> None:
    data = memoryview(_U32.pack(len(body)) + body)
    try:
        while data:
            data = data[os.write(fd, data) :]
    except OSError as exc:  # the other end is gone
        raise _ChildGoneError(type(exc).__name__) from None


def _receive(fd: int) -> bytes:
    (size,) = _U32.unpack(_read_exactly(fd, _U32.size))
    return _read_exactly(fd, size)


def _read_exactly(fd: int, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


# -- the child ------------------------------------------------------------------------------------


def child_main(args: dict[str, Any]) -> None:
    """Load the model, greet, then embed every request read from stdin until it ends."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    os.nice(int(args["nice"]))
    requests, answers = 0, os.dup(1)
    os.dup2(2, 1)  # anything a library prints goes to stderr, not into the answers
    try:
        module, _, name = str(args["factory"]).partition(":")
        model = getattr(importlib.import_module(module), name)(**args["kwargs"])
        if hasattr(model, "wait_ready") and not model.wait_ready():
            model.embed(["load"])  # raises the reason it failed to load
    except Exception as exc:
        _send_quietly(answers, b"E" + f"{type(exc).__name__}: {exc}".encode()[:500])
        return
    if not _send_quietly(answers, b"R"):
        return
    while True:
        try:
            texts = _decode_texts(_receive(requests))
        except EOFError:
            return
        try:
            vectors = np.ascontiguousarray(model.embed(texts), dtype=np.float32)
            answer = b"V" + vectors.tobytes()
        except Exception as exc:  # a text the model rejects: the server strikes it
            answer = b"E" + f"{type(exc).__name__}: {exc}".encode()[:500]
        if not _send_quietly(answers, answer):
            return


def _send_quietly(fd: int, body: bytes) -> bool:
    try:
        _send(fd, body)
    except _ChildGoneError:  # the server is gone
        return False
    return True
