from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, parse_int

if TYPE_CHECKING:
    from ..models.message_dto import MessageDto


T = TypeVar("T", bound="McpMemoryStoreRequest")


@_attrs_define
class McpMemoryStoreRequest:
    """
    Attributes:
        label (str):
        folder (str):
        messages (list[MessageDto]):
        importance_score (int | Unset):  Default: 5.
    """

    label: str
    folder: str
    messages: list[MessageDto]
    importance_score: int | Unset = 5
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        label = self.label

        folder = self.folder

        messages = []
        for messages_item_data in self.messages:
            messages_item = messages_item_data.to_dict()
            messages.append(messages_item)

        importance_score = self.importance_score

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "label": label,
                "folder": folder,
                "messages": messages,
            }
        )
        if importance_score is not UNSET:
            field_dict["importance_score"] = importance_score

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.message_dto import MessageDto

        d = dict(src_dict)
        label = d.pop("label")

        folder = d.pop("folder")

        messages = []
        _messages = d.pop("messages")
        for messages_item_data in _messages:
            messages_item = MessageDto.from_dict(messages_item_data)

            messages.append(messages_item)

        _importance_score = d.pop("importance_score", UNSET)
        importance_score: int | Unset
        if isinstance(_importance_score, Unset):
            importance_score = UNSET
        else:
            importance_score = parse_int(_importance_score)

        mcp_memory_store_request = cls(
            label=label,
            folder=folder,
            messages=messages,
            importance_score=importance_score,
        )

        mcp_memory_store_request.additional_properties = d
        return mcp_memory_store_request

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
