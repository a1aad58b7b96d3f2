"""Prometheus counters in the text exposition format (no client library needed)."""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable

Labels = tuple[tuple[str, str], ...]

_HELP = {
    "sekha_http_requests_total": ("counter", "HTTP requests answered, by method, route and status."),
    "sekha_http_request_duration_seconds_sum": ("counter", "Total seconds spent answering requests."),
    "sekha_rate_limited_total": ("counter", "Requests refused by the rate limiter."),
    "sekha_conversations_created_total": ("counter", "Conversations stored since start."),
    "sekha_embeddings_total": ("counter", "Messages embedded since start."),
    "sekha_embedding_seconds_total": ("counter", "Seconds spent computing embeddings."),
    "sekha_embedding_errors_total": ("counter", "Embedding attempts that failed (retried later)."),
    "sekha_embeddings_quarantined_total": ("counter", "Messages quarantined since start (never embedded)."),
}


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


class Metrics:
    """Thread-safe counters plus gauges read at scrape time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counters: dict[str, dict[Labels, float]] = defaultdict(dict)

    def inc(self, name: str, amount: float = 1.0, **labels: str) -> None:
        key = tuple(sorted(labels.items()))
        with self._lock:
            series = self._counters[name]
            series[key] = series.get(key, 0.0) + amount

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        self.inc("sekha_http_requests_total", method=method, route=route, status=str(status))
        self.inc("sekha_http_request_duration_seconds_sum", seconds)

    def observe_embedding(self, count: int, seconds: float) -> None:
        self.inc("sekha_embeddings_total", count)
        self.inc("sekha_embedding_seconds_total", seconds)

    def render(self, gauges: Callable[[], dict[str, tuple[str, float]]]) -> str:
        """The exposition text: counters, then the gauges ``{name: (help, value)}``."""
        lines: list[str] = []
        with self._lock:
            snapshot = {name: dict(series) for name, series in self._counters.items()}
        for name, (kind, text) in _HELP.items():
            lines += [f"# HELP {name} {text}", f"# TYPE {name} {kind}"]
            series = snapshot.get(name) or {(): 0.0}
            for labels, value in sorted(series.items()):
                rendered = ",".join(f'{k}="{_escape(v)}"' for k, v in labels)
                lines.append(f"{name}{{{rendered}}} {_fmt(value)}" if rendered else f"{name} {_fmt(value)}")
        for name, (text, value) in gauges().items():
            lines += [f"# HELP {name} {text}", f"# TYPE {name} gauge", f"{name} {_fmt(value)}"]
        return "\n".join(lines) + "\n"
