from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from sekha._mixins import SearchHitMixin

from ..types import parse_datetime

T = TypeVar("T", bound="SearchHit")


@_attrs_define
class SearchHit(SearchHitMixin):
    """A semantic search hit. `score` is a cosine distance, from 0 (same meaning) to 2, lower is closer; MCP hits use a
    space for `T` in `timestamp`.

    Attributes:
        conversation_id (UUID):
        message_id (UUID):
        score (float):
        content (str):
        metadata (Any): Any JSON value.
        label (str):
        folder (str):
        timestamp (datetime.datetime): A UTC time without an offset (`2026-01-16T21:09:09.123456789`; a space for
            `T` in MCP bodies), with up to 9 fractional digits; read as an aware UTC datetime.
    """

    conversation_id: UUID
    message_id: UUID
    score: float
    content: str
    metadata: Any
    label: str
    folder: str
    timestamp: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        conversation_id = str(self.conversation_id)

        message_id = str(self.message_id)

        score = self.score

        content = self.content

        metadata = self.metadata

        label = self.label

        folder = self.folder

        timestamp = self.timestamp.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "conversation_id": conversation_id,
                "message_id": message_id,
                "score": score,
                "content": content,
                "metadata": metadata,
                "label": label,
                "folder": folder,
                "timestamp": timestamp,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        conversation_id = UUID(d.pop("conversation_id"))

        message_id = UUID(d.pop("message_id"))

        score = d.pop("score")

        content = d.pop("content")

        metadata = d.pop("metadata")

        label = d.pop("label")

        folder = d.pop("folder")

        timestamp = parse_datetime(d.pop("timestamp"))

        search_hit = cls(
            conversation_id=conversation_id,
            message_id=message_id,
            score=score,
            content=content,
            metadata=metadata,
            label=label,
            folder=folder,
            timestamp=timestamp,
        )

        search_hit.additional_properties = d
        return search_hit

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
