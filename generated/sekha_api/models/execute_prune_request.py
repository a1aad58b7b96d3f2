from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ExecutePruneRequest")


@_attrs_define
class ExecutePruneRequest:
    """
    Attributes:
        conversation_ids (list[UUID]):
    """

    conversation_ids: list[UUID]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        conversation_ids = []
        for conversation_ids_item_data in self.conversation_ids:
            conversation_ids_item = str(conversation_ids_item_data)
            conversation_ids.append(conversation_ids_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "conversation_ids": conversation_ids,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        conversation_ids = []
        _conversation_ids = d.pop("conversation_ids")
        for conversation_ids_item_data in _conversation_ids:
            conversation_ids_item = UUID(conversation_ids_item_data)

            conversation_ids.append(conversation_ids_item)

        execute_prune_request = cls(
            conversation_ids=conversation_ids,
        )

        execute_prune_request.additional_properties = d
        return execute_prune_request

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
