from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, parse_int

T = TypeVar("T", bound="MemoryStats")


@_attrs_define
class MemoryStats:
    """`folders` without a filter or with `folder`; `labels` with `label`.

    Attributes:
        total_conversations (int):
        average_importance (float):
        folders (list[str] | Unset):
        labels (list[str] | Unset):
    """

    total_conversations: int
    average_importance: float
    folders: list[str] | Unset = UNSET
    labels: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total_conversations = self.total_conversations

        average_importance = self.average_importance

        folders: list[str] | Unset = UNSET
        if not isinstance(self.folders, Unset):
            folders = self.folders

        labels: list[str] | Unset = UNSET
        if not isinstance(self.labels, Unset):
            labels = self.labels

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "total_conversations": total_conversations,
                "average_importance": average_importance,
            }
        )
        if folders is not UNSET:
            field_dict["folders"] = folders
        if labels is not UNSET:
            field_dict["labels"] = labels

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        total_conversations = parse_int(d.pop("total_conversations"))

        average_importance = d.pop("average_importance")

        folders = cast(list[str], d.pop("folders", UNSET))

        labels = cast(list[str], d.pop("labels", UNSET))

        memory_stats = cls(
            total_conversations=total_conversations,
            average_importance=average_importance,
            folders=folders,
            labels=labels,
        )

        memory_stats.additional_properties = d
        return memory_stats

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
