from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from sekha._mixins import PruningSuggestionMixin

from ..types import parse_datetime, parse_int

T = TypeVar("T", bound="PruningSuggestion")


@_attrs_define
class PruningSuggestion(PruningSuggestionMixin):
    """
    Attributes:
        conversation_id (UUID):
        conversation_label (str):
        last_accessed (datetime.datetime): A UTC time without an offset (`2026-01-16T21:09:09.123456789`; a space
            for `T` in MCP bodies), with up to 9 fractional digits; read as an aware UTC datetime.
        message_count (int):
        token_estimate (int):
        importance_score (float):
        preview (str):
        recommendation (str): `archive` or `keep` today; kept open for new values.
    """

    conversation_id: UUID
    conversation_label: str
    last_accessed: datetime.datetime
    message_count: int
    token_estimate: int
    importance_score: float
    preview: str
    recommendation: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        conversation_id = str(self.conversation_id)

        conversation_label = self.conversation_label

        last_accessed = self.last_accessed.isoformat()

        message_count = self.message_count

        token_estimate = self.token_estimate

        importance_score = self.importance_score

        preview = self.preview

        recommendation = self.recommendation

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "conversation_id": conversation_id,
                "conversation_label": conversation_label,
                "last_accessed": last_accessed,
                "message_count": message_count,
                "token_estimate": token_estimate,
                "importance_score": importance_score,
                "preview": preview,
                "recommendation": recommendation,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        conversation_id = UUID(d.pop("conversation_id"))

        conversation_label = d.pop("conversation_label")

        last_accessed = parse_datetime(d.pop("last_accessed"))

        message_count = parse_int(d.pop("message_count"))

        token_estimate = parse_int(d.pop("token_estimate"))

        importance_score = d.pop("importance_score")

        preview = d.pop("preview")

        recommendation = d.pop("recommendation")

        pruning_suggestion = cls(
            conversation_id=conversation_id,
            conversation_label=conversation_label,
            last_accessed=last_accessed,
            message_count=message_count,
            token_estimate=token_estimate,
            importance_score=importance_score,
            preview=preview,
            recommendation=recommendation,
        )

        pruning_suggestion.additional_properties = d
        return pruning_suggestion

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
