from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from sekha._mixins import ConversationMixin

from ..types import parse_datetime, parse_int

T = TypeVar("T", bound="Conversation")


@_attrs_define
class Conversation(ConversationMixin):
    """A stored conversation, without its messages.

    Attributes:
        id (UUID):
        label (str):
        folder (str):
        status (str): `active` or `archived` today; kept open for new values.
        message_count (int):
        created_at (datetime.datetime): A UTC time without an offset (`2026-01-16T21:09:09.123456789`; a space for
            `T` in MCP bodies), with up to 9 fractional digits; read as an aware UTC datetime.
    """

    id: UUID
    label: str
    folder: str
    status: str
    message_count: int
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        label = self.label

        folder = self.folder

        status = self.status

        message_count = self.message_count

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "label": label,
                "folder": folder,
                "status": status,
                "message_count": message_count,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        label = d.pop("label")

        folder = d.pop("folder")

        status = d.pop("status")

        message_count = parse_int(d.pop("message_count"))

        created_at = parse_datetime(d.pop("created_at"))

        conversation = cls(
            id=id,
            label=label,
            folder=folder,
            status=status,
            message_count=message_count,
            created_at=created_at,
        )

        conversation.additional_properties = d
        return conversation

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
