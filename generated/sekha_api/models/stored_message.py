from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from sekha._mixins import StoredMessageMixin

from ..types import UNSET, Unset, parse_datetime

if TYPE_CHECKING:
    from ..models.message_metadata import MessageMetadata


T = TypeVar("T", bound="StoredMessage")


@_attrs_define
class StoredMessage(StoredMessageMixin):
    """A stored message as full-text search and context assembly return it.

    Attributes:
        id (UUID):
        conversation_id (UUID):
        role (str):
        content (str):
        timestamp (datetime.datetime): A UTC time without an offset (`2026-01-16T21:09:09.123456789`; a space for
            `T` in MCP bodies), with up to 9 fractional digits; read as an aware UTC datetime.
        embedding_id (None | str | Unset):
        metadata (MessageMetadata | None | Unset):
    """

    id: UUID
    conversation_id: UUID
    role: str
    content: str
    timestamp: datetime.datetime
    embedding_id: None | str | Unset = UNSET
    metadata: MessageMetadata | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.message_metadata import MessageMetadata

        id = str(self.id)

        conversation_id = str(self.conversation_id)

        role = self.role

        content = self.content

        timestamp = self.timestamp.isoformat()

        embedding_id: None | str | Unset
        if isinstance(self.embedding_id, Unset):
            embedding_id = UNSET
        else:
            embedding_id = self.embedding_id

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
                "conversation_id": conversation_id,
                "role": role,
                "content": content,
                "timestamp": timestamp,
            }
        )
        if embedding_id is not UNSET:
            field_dict["embedding_id"] = embedding_id
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.message_metadata import MessageMetadata

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        conversation_id = UUID(d.pop("conversation_id"))

        role = d.pop("role")

        content = d.pop("content")

        timestamp = parse_datetime(d.pop("timestamp"))

        def _parse_embedding_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        embedding_id = _parse_embedding_id(d.pop("embedding_id", UNSET))

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

        stored_message = cls(
            id=id,
            conversation_id=conversation_id,
            role=role,
            content=content,
            timestamp=timestamp,
            embedding_id=embedding_id,
            metadata=metadata,
        )

        stored_message.additional_properties = d
        return stored_message

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
