from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.summarize_request_level import (
    SummarizeRequestLevel,
    check_summarize_request_level,
)

T = TypeVar("T", bound="SummarizeRequest")


@_attrs_define
class SummarizeRequest:
    """
    Attributes:
        conversation_id (UUID):
        level (SummarizeRequestLevel):
    """

    conversation_id: UUID
    level: SummarizeRequestLevel
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        conversation_id = str(self.conversation_id)

        level: str = self.level

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "conversation_id": conversation_id,
                "level": level,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        conversation_id = UUID(d.pop("conversation_id"))

        level = check_summarize_request_level(d.pop("level"))

        summarize_request = cls(
            conversation_id=conversation_id,
            level=level,
        )

        summarize_request.additional_properties = d
        return summarize_request

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
