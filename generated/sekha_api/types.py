"""Types shared by the generated models and endpoint functions.

An optional field the server left out reads as ``None``, exactly like one it sent as ``null``:
``Unset`` is ``NoneType`` and ``UNSET`` is ``None``, so callers test ``value is None`` and never
meet a sentinel. Serialising a model leaves ``None`` optional fields out of the JSON.
"""

import datetime
from collections.abc import MutableMapping
from typing import TYPE_CHECKING, Generic, TypeAlias, TypeVar

import httpx
from attrs import define

if TYPE_CHECKING:
    Unset: TypeAlias = None
else:
    Unset = type(None)

UNSET: Unset = None


def parse_datetime(value: str) -> datetime.datetime:
    """A timestamp as a timezone-aware UTC datetime.

    The controller sends UTC without saying so: no offset, ``T`` or a space between date and
    time, and up to nine fractional digits (digits past microseconds are dropped). Parsed by
    python-dateutil's strict ISO 8601 parser, imported on first use to keep imports light.
    """
    from dateutil.parser import isoparse

    parsed = isoparse(value)
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=datetime.UTC)
    return parsed.astimezone(datetime.UTC)


def parse_int(value: object) -> int:
    """A whole number, as the contract promises: JSON ``1e999`` (infinity), ``2.5`` or ``true`` is not one.

    An integral float such as ``3.0`` is read as ``3``. Anything else raises ValueError, which
    the endpoint reports as :class:`~sekha_api.errors.UnexpectedBody`.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise ValueError(f"expected a whole number, got {value!r:.40}")


T = TypeVar("T", covariant=True)


@define(frozen=True)
class Response(Generic[T]):
    """A response from an endpoint, whatever its status.

    ``parsed`` is the success body as a model; it is ``None`` for an error status (read
    ``content``) and for routes that answer without a body. ``status_code`` is a plain integer,
    so a status outside the HTTP registry is kept as it came.
    """

    status_code: int
    content: bytes
    headers: MutableMapping[str, str]
    parsed: T | None
    request: httpx.Request

    @property
    def text(self) -> str:
        """The body as text (UTF-8, undecodable bytes replaced)."""
        return self.content.decode("utf-8", errors="replace")


__all__ = ["UNSET", "Response", "Unset", "parse_datetime", "parse_int"]
