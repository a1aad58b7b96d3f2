from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from sekha._mixins import MessageDtoMixin

from ..types import UNSET, Unset, parse_datetime

T = TypeVar("T", bound="MessageDto")


@_attrs_define
class MessageDto(MessageDtoMixin):
    """A message to store. `role` is any string to the controller; extra keys are ignored.

    Attributes:
        role (str):
        content (str):
        created_at (datetime.datetime | Unset): A UTC time without an offset (`2026-01-16T21:09:09.123456789`; a
            space for `T` in MCP bodies), with up to 9 fractional digits; read as an aware UTC datetime.
    """

    role: str
    content: str
    created_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        role = self.role

        content = self.content

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "role": role,
                "content": content,
            }
        )
        if created_at is not UNSET:
            field_dict["created_at"] = created_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        role = d.pop("role")

        content = d.pop("content")

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = parse_datetime(_created_at)

        message_dto = cls(
            role=role,
            content=content,
            created_at=created_at,
        )

        message_dto.additional_properties = d
        return message_dto

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
