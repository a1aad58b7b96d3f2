from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.label_suggestion import LabelSuggestion


T = TypeVar("T", bound="LabelSuggestResponse")


@_attrs_define
class LabelSuggestResponse:
    """
    Attributes:
        conversation_id (UUID):
        suggestions (list[LabelSuggestion]):
    """

    conversation_id: UUID
    suggestions: list[LabelSuggestion]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        conversation_id = str(self.conversation_id)

        suggestions = []
        for suggestions_item_data in self.suggestions:
            suggestions_item = suggestions_item_data.to_dict()
            suggestions.append(suggestions_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "conversation_id": conversation_id,
                "suggestions": suggestions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.label_suggestion import LabelSuggestion

        d = dict(src_dict)
        conversation_id = UUID(d.pop("conversation_id"))

        suggestions = []
        _suggestions = d.pop("suggestions")
        for suggestions_item_data in _suggestions:
            suggestions_item = LabelSuggestion.from_dict(suggestions_item_data)

            suggestions.append(suggestions_item)

        label_suggest_response = cls(
            conversation_id=conversation_id,
            suggestions=suggestions,
        )

        label_suggest_response.additional_properties = d
        return label_suggest_response

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
