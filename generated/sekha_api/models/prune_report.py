from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import parse_int

if TYPE_CHECKING:
    from ..models.pruning_suggestion import PruningSuggestion


T = TypeVar("T", bound="PruneReport")


@_attrs_define
class PruneReport:
    """
    Attributes:
        threshold_days (int):
        importance_threshold (float):
        total_suggestions (int):
        estimated_token_savings (int):
        suggestions (list[PruningSuggestion]):
    """

    threshold_days: int
    importance_threshold: float
    total_suggestions: int
    estimated_token_savings: int
    suggestions: list[PruningSuggestion]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        threshold_days = self.threshold_days

        importance_threshold = self.importance_threshold

        total_suggestions = self.total_suggestions

        estimated_token_savings = self.estimated_token_savings

        suggestions = []
        for suggestions_item_data in self.suggestions:
            suggestions_item = suggestions_item_data.to_dict()
            suggestions.append(suggestions_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "threshold_days": threshold_days,
                "importance_threshold": importance_threshold,
                "total_suggestions": total_suggestions,
                "estimated_token_savings": estimated_token_savings,
                "suggestions": suggestions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.pruning_suggestion import PruningSuggestion

        d = dict(src_dict)
        threshold_days = parse_int(d.pop("threshold_days"))

        importance_threshold = d.pop("importance_threshold")

        total_suggestions = parse_int(d.pop("total_suggestions"))

        estimated_token_savings = parse_int(d.pop("estimated_token_savings"))

        suggestions = []
        _suggestions = d.pop("suggestions")
        for suggestions_item_data in _suggestions:
            suggestions_item = PruningSuggestion.from_dict(suggestions_item_data)

            suggestions.append(suggestions_item)

        prune_report = cls(
            threshold_days=threshold_days,
            importance_threshold=importance_threshold,
            total_suggestions=total_suggestions,
            estimated_token_savings=estimated_token_savings,
            suggestions=suggestions,
        )

        prune_report.additional_properties = d
        return prune_report

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
