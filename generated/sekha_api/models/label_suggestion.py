from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LabelSuggestion")


@_attrs_define
class LabelSuggestion:
    """
    Attributes:
        label (str):
        confidence (float):
        is_existing (bool):
        reason (str):
    """

    label: str
    confidence: float
    is_existing: bool
    reason: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        label = self.label

        confidence = self.confidence

        is_existing = self.is_existing

        reason = self.reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "label": label,
                "confidence": confidence,
                "is_existing": is_existing,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        label = d.pop("label")

        confidence = d.pop("confidence")

        is_existing = d.pop("is_existing")

        reason = d.pop("reason")

        label_suggestion = cls(
            label=label,
            confidence=confidence,
            is_existing=is_existing,
            reason=reason,
        )

        label_suggestion.additional_properties = d
        return label_suggestion

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
