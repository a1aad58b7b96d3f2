from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from sekha._mixins import NewConversationMixin

from ..types import UNSET, Unset, parse_datetime

if TYPE_CHECKING:
    from ..models.message_dto import MessageDto


T = TypeVar("T", bound="NewConversation")


@_attrs_define
class NewConversation(NewConversationMixin):
    """A conversation to store. Both controllers require `label` and `folder` on the wire (422 without them); clients
    fill in their configured defaults for whichever is left out.

    Attributes:
        messages (list[MessageDto]):
        label (str | Unset):
        folder (str | Unset):
        created_at (datetime.datetime | Unset): A UTC time without an offset (`2026-01-16T21:09:09.123456789`; a
            space for `T` in MCP bodies), with up to 9 fractional digits; read as an aware UTC datetime.
    """

    messages: list[MessageDto]
    label: str | Unset = UNSET
    folder: str | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        messages = []
        for messages_item_data in self.messages:
            messages_item = messages_item_data.to_dict()
            messages.append(messages_item)

        label = self.label

        folder = self.folder

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "messages": messages,
            }
        )
        if label is not UNSET:
            field_dict["label"] = label
        if folder is not UNSET:
            field_dict["folder"] = folder
        if created_at is not UNSET:
            field_dict["created_at"] = created_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.message_dto import MessageDto

        d = dict(src_dict)
        messages = []
        _messages = d.pop("messages")
        for messages_item_data in _messages:
            messages_item = MessageDto.from_dict(messages_item_data)

            messages.append(messages_item)

        label = d.pop("label", UNSET)

        folder = d.pop("folder", UNSET)

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = parse_datetime(_created_at)

        new_conversation = cls(
            messages=messages,
            label=label,
            folder=folder,
            created_at=created_at,
        )

        new_conversation.additional_properties = d
        return new_conversation

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
