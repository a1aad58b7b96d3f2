"""Errors the endpoint functions raise."""

import httpx


class UnexpectedStatus(Exception):
    """An error status, raised instead of answering ``None`` when ``Client.raise_on_unexpected_status`` is set."""

    def __init__(self, status_code: int, content: bytes):
        self.status_code = status_code
        self.content = content

        super().__init__(
            f"Unexpected status code: {status_code}\n\nResponse content:\n{content.decode(errors='ignore')}"
        )


class UnexpectedBody(Exception):
    """A success status whose body is not what the contract describes; ``response`` keeps it all."""

    def __init__(self, response: httpx.Response):
        self.response = response
        super().__init__(
            f"the {response.status_code} response to {response.request.method} {response.request.url.path} is not what the contract describes"
        )


__all__ = ["UnexpectedBody", "UnexpectedStatus"]
