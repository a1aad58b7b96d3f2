from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import parse_datetime

T = TypeVar("T", bound="Summary")


@_attrs_define
class Summary:
    """
    Attributes:
        conversation_id (UUID):
        level (str):
        summary (str):
        generated_at (datetime.datetime): A UTC time without an offset (`2026-01-16T21:09:09.123456789`; a space for
            `T` in MCP bodies), with up to 9 fractional digits; read as an aware UTC datetime.
    """

    conversation_id: UUID
    level: str
    summary: str
    generated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        conversation_id = str(self.conversation_id)

        level = self.level

        summary = self.summary

        generated_at = self.generated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "conversation_id": conversation_id,
                "level": level,
                "summary": summary,
                "generated_at": generated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        conversation_id = UUID(d.pop("conversation_id"))

        level = d.pop("level")

        summary = d.pop("summary")

        generated_at = parse_datetime(d.pop("generated_at"))

        summary = cls(
            conversation_id=conversation_id,
            level=level,
            summary=summary,
            generated_at=generated_at,
        )

        summary.additional_properties = d
        return summary

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
