from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.exported_conversation import ExportedConversation
    from ..models.exported_message import ExportedMessage


T = TypeVar("T", bound="BulkExportItem")


@_attrs_define
class BulkExportItem:
    """One line of the bulk export; timestamps as in the REST bodies (`T`, no offset).

    Attributes:
        cursor (str): Pass it as `cursor` to go on after this conversation.
        conversation (ExportedConversation):
        messages (list[ExportedMessage]):
    """

    cursor: str
    conversation: ExportedConversation
    messages: list[ExportedMessage]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cursor = self.cursor

        conversation = self.conversation.to_dict()

        messages = []
        for messages_item_data in self.messages:
            messages_item = messages_item_data.to_dict()
            messages.append(messages_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "cursor": cursor,
                "conversation": conversation,
                "messages": messages,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.exported_conversation import ExportedConversation
        from ..models.exported_message import ExportedMessage

        d = dict(src_dict)
        cursor = d.pop("cursor")

        conversation = ExportedConversation.from_dict(d.pop("conversation"))

        messages = []
        _messages = d.pop("messages")
        for messages_item_data in _messages:
            messages_item = ExportedMessage.from_dict(messages_item_data)

            messages.append(messages_item)

        bulk_export_item = cls(
            cursor=cursor,
            conversation=conversation,
            messages=messages,
        )

        bulk_export_item.additional_properties = d
        return bulk_export_item

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
