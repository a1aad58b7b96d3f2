from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import parse_int

T = TypeVar("T", bound="ConversationSummaryMetadata")


@_attrs_define
class ConversationSummaryMetadata:
    """
    Attributes:
        folder (str):
        status (str): `active` or `archived` today; kept open for new values.
        importance_score (int):
    """

    folder: str
    status: str
    importance_score: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        folder = self.folder

        status = self.status

        importance_score = self.importance_score

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "folder": folder,
                "status": status,
                "importance_score": importance_score,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        folder = d.pop("folder")

        status = d.pop("status")

        importance_score = parse_int(d.pop("importance_score"))

        conversation_summary_metadata = cls(
            folder=folder,
            status=status,
            importance_score=importance_score,
        )

        conversation_summary_metadata.additional_properties = d
        return conversation_summary_metadata

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
