from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from sekha._mixins import RecordMixin

from ..types import parse_datetime, parse_int

T = TypeVar("T", bound="ConversationRecord")


@_attrs_define
class ConversationRecord(RecordMixin):
    """`memory_get_context` data; timestamps use a space for `T`.

    Attributes:
        conversation_id (UUID):
        label (str):
        status (str):
        folder (str):
        importance_score (int):
        word_count (int):
        session_count (int):
        created_at (datetime.datetime): A UTC time without an offset (`2026-01-16T21:09:09.123456789`; a space for
            `T` in MCP bodies), with up to 9 fractional digits; read as an aware UTC datetime.
        updated_at (datetime.datetime): A UTC time without an offset (`2026-01-16T21:09:09.123456789`; a space for
            `T` in MCP bodies), with up to 9 fractional digits; read as an aware UTC datetime.
    """

    conversation_id: UUID
    label: str
    status: str
    folder: str
    importance_score: int
    word_count: int
    session_count: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        conversation_id = str(self.conversation_id)

        label = self.label

        status = self.status

        folder = self.folder

        importance_score = self.importance_score

        word_count = self.word_count

        session_count = self.session_count

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "conversation_id": conversation_id,
                "label": label,
                "status": status,
                "folder": folder,
                "importance_score": importance_score,
                "word_count": word_count,
                "session_count": session_count,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        conversation_id = UUID(d.pop("conversation_id"))

        label = d.pop("label")

        status = d.pop("status")

        folder = d.pop("folder")

        importance_score = parse_int(d.pop("importance_score"))

        word_count = parse_int(d.pop("word_count"))

        session_count = parse_int(d.pop("session_count"))

        created_at = parse_datetime(d.pop("created_at"))

        updated_at = parse_datetime(d.pop("updated_at"))

        conversation_record = cls(
            conversation_id=conversation_id,
            label=label,
            status=status,
            folder=folder,
            importance_score=importance_score,
            word_count=word_count,
            session_count=session_count,
            created_at=created_at,
            updated_at=updated_at,
        )

        conversation_record.additional_properties = d
        return conversation_record

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
