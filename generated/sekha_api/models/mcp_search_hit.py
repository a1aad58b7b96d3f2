from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="McpSearchHit")


@_attrs_define
class McpSearchHit:
    """
    Attributes:
        conversation_id (UUID):
        message_id (UUID):
        score (float):
        content (str):
        label (str):
        folder (str):
        timestamp (datetime.datetime): UTC without an offset (`2026-01-16T21:09:09.123456789`, or with a space for `T`
            in MCP
            bodies); up to 9 fractional digits.
        metadata (Any): Any JSON value.
    """

    conversation_id: UUID
    message_id: UUID
    score: float
    content: str
    label: str
    folder: str
    timestamp: datetime.datetime
    metadata: Any
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        conversation_id = str(self.conversation_id)

        message_id = str(self.message_id)

        score = self.score

        content = self.content

        label = self.label

        folder = self.folder

        timestamp = self.timestamp.isoformat()

        metadata = self.metadata

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "conversation_id": conversation_id,
                "message_id": message_id,
                "score": score,
                "content": content,
                "label": label,
                "folder": folder,
                "timestamp": timestamp,
                "metadata": metadata,
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

        label = d.pop("label")

        folder = d.pop("folder")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        metadata = d.pop("metadata")

        mcp_search_hit = cls(
            conversation_id=conversation_id,
            message_id=message_id,
            score=score,
            content=content,
            label=label,
            folder=folder,
            timestamp=timestamp,
            metadata=metadata,
        )

        mcp_search_hit.additional_properties = d
        return mcp_search_hit

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
