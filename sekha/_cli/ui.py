"""Terminal output: readable text or ``--json``, and a progress bar only when stderr is a terminal."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
import time
from collections.abc import Iterable
from typing import Any, TextIO
from uuid import UUID

__all__ = ["Console", "ProgressBar", "clip", "iso", "json_default", "plural"]

BAR_WIDTH = 28
REDRAW_SECONDS = 0.05


def json_default(value: Any) -> Any:
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.isoformat().replace("+00:00", "Z")
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def iso(value: dt.datetime | None) -> str:
    return "" if value is None else value.strftime("%Y-%m-%d %H:%M")


def plural(count: int, noun: str) -> str:
    """``1 message``, ``2 messages``: a count with its noun agreeing."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def clip(text: str, width: int | None = None) -> str:
    """One line of at most ``width`` characters (the terminal's width by default)."""
    width = width or shutil.get_terminal_size((100, 24)).columns
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: max(width - 1, 1)] + "…"


class Console:
    """Where a command's results go: text lines, or one JSON document with ``--json``."""

    def __init__(self, json_mode: bool, out: TextIO | None = None, err: TextIO | None = None) -> None:
        self.json_mode = json_mode
        self.out = out or sys.stdout
        self.err = err or sys.stderr

    def result(self, data: Any, lines: Iterable[str]) -> None:
        """Print ``data`` as JSON in ``--json`` mode, else the text ``lines``."""
        if self.json_mode:
            json.dump(data, self.out, indent=2, ensure_ascii=False, default=json_default)
            self.out.write("\n")
        else:
            for line in lines:
                self.out.write(line + "\n")
        self.out.flush()

    def note(self, message: str) -> None:
        """A remark for the person at the terminal, on stderr so it never mixes with results."""
        self.err.write(message + "\n")
        self.err.flush()

    def progress(self, label: str, total: int | None = None) -> ProgressBar:
        return ProgressBar(label, total, self.err)


class ProgressBar:
    """A one-line bar redrawn in place on a terminal; silent when the stream is not a terminal."""

    def __init__(self, label: str, total: int | None, stream: TextIO) -> None:
        self.label = label
        self.total = total
        self.stream = stream
        self.enabled = stream.isatty()
        self._done = 0
        self._drawn_at = 0.0

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def update(self, done: int, total: int | None = None) -> None:
        self._done = done
        if total is not None:
            self.total = total
        now = time.monotonic()
        if self.enabled and (now - self._drawn_at >= REDRAW_SECONDS or done == self.total):
            self._drawn_at = now
            self.stream.write("\r" + self.render())
            self.stream.flush()

    def render(self) -> str:
        if not self.total:
            return f"{self.label} {self._done}"
        done = min(self._done, self.total)
        filled = BAR_WIDTH * done // self.total
        return f"{self.label} [{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {done}/{self.total}"

    def close(self) -> None:
        if self.enabled and self._drawn_at:
            self.stream.write("\r" + self.render() + "\n")
            self.stream.flush()
            self._drawn_at = 0.0
