"""One live local controller for the reliability tests, with its rate limit out of the way."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.live import ServerProcess


@pytest.fixture(scope="package")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    live = ServerProcess(tmp_path_factory.mktemp("reliability"))
    yield live.start()
    live.stop()
