from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, parse_int

T = TypeVar("T", bound="McpMemoryPruneRequest")


@_attrs_define
class McpMemoryPruneRequest:
    """
    Attributes:
        threshold_days (int | Unset):  Default: 30.
        importance_threshold (float | Unset):  Default: 5.0.
    """

    threshold_days: int | Unset = 30
    importance_threshold: float | Unset = 5.0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        threshold_days = self.threshold_days

        importance_threshold = self.importance_threshold

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        if threshold_days is not UNSET:
            field_dict["threshold_days"] = threshold_days
        if importance_threshold is not UNSET:
            field_dict["importance_threshold"] = importance_threshold

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        _threshold_days = d.pop("threshold_days", UNSET)
        threshold_days: int | Unset
        if isinstance(_threshold_days, Unset):
            threshold_days = UNSET
        else:
            threshold_days = parse_int(_threshold_days)

        importance_threshold = d.pop("importance_threshold", UNSET)

        mcp_memory_prune_request = cls(
            threshold_days=threshold_days,
            importance_threshold=importance_threshold,
        )

        mcp_memory_prune_request.additional_properties = d
        return mcp_memory_prune_request

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
