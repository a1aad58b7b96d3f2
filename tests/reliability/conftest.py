"""One live local controller for the reliability tests, with its rate limit out of the way."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from tests.live import LiveServer


@pytest.fixture(scope="package")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(
        tmp_path_factory.mktemp("reliability"), "rel-" + uuid.uuid4().hex * 2, "--rate-limit", "100000"
    )
    yield live.start()
    live.stop()
