from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, parse_datetime

if TYPE_CHECKING:
    from ..models.message_metadata import MessageMetadata


T = TypeVar("T", bound="ExportedMessage")


@_attrs_define
class ExportedMessage:
    """
    Attributes:
        id (UUID):
        role (str):
        content (str):
        timestamp (datetime.datetime): A UTC time without an offset (`2026-01-16T21:09:09.123456789`; a space for
            `T` in MCP bodies), with up to 9 fractional digits; read as an aware UTC datetime.
        metadata (MessageMetadata | None | Unset):
    """

    id: UUID
    role: str
    content: str
    timestamp: datetime.datetime
    metadata: MessageMetadata | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.message_metadata import MessageMetadata

        id = str(self.id)

        role = self.role

        content = self.content

        timestamp = self.timestamp.isoformat()

        metadata: dict[str, Any] | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        elif isinstance(self.metadata, MessageMetadata):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "role": role,
                "content": content,
                "timestamp": timestamp,
            }
        )
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.message_metadata import MessageMetadata

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        role = d.pop("role")

        content = d.pop("content")

        timestamp = parse_datetime(d.pop("timestamp"))

        def _parse_metadata(data: object) -> MessageMetadata | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                metadata_type_0 = MessageMetadata.from_dict(data)

                return metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MessageMetadata | None | Unset, data)

        metadata = _parse_metadata(d.pop("metadata", UNSET))

        exported_message = cls(
            id=id,
            role=role,
            content=content,
            timestamp=timestamp,
            metadata=metadata,
        )

        exported_message.additional_properties = d
        return exported_message

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
