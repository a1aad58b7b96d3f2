from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, parse_int

T = TypeVar("T", bound="McpMemoryUpdateRequest")


@_attrs_define
class McpMemoryUpdateRequest:
    """
    Attributes:
        conversation_id (UUID):
        label (None | str | Unset):
        folder (None | str | Unset):
        status (None | str | Unset):
        importance_score (int | None | Unset):
    """

    conversation_id: UUID
    label: None | str | Unset = UNSET
    folder: None | str | Unset = UNSET
    status: None | str | Unset = UNSET
    importance_score: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        conversation_id = str(self.conversation_id)

        label: None | str | Unset
        if isinstance(self.label, Unset):
            label = UNSET
        else:
            label = self.label

        folder: None | str | Unset
        if isinstance(self.folder, Unset):
            folder = UNSET
        else:
            folder = self.folder

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        else:
            status = self.status

        importance_score: int | None | Unset
        if isinstance(self.importance_score, Unset):
            importance_score = UNSET
        else:
            importance_score = self.importance_score

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "conversation_id": conversation_id,
            }
        )
        if label is not UNSET:
            field_dict["label"] = label
        if folder is not UNSET:
            field_dict["folder"] = folder
        if status is not UNSET:
            field_dict["status"] = status
        if importance_score is not UNSET:
            field_dict["importance_score"] = importance_score

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        conversation_id = UUID(d.pop("conversation_id"))

        def _parse_label(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        label = _parse_label(d.pop("label", UNSET))

        def _parse_folder(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        folder = _parse_folder(d.pop("folder", UNSET))

        def _parse_status(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

        def _parse_importance_score(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, int | float):
                    raise TypeError()
                importance_score_type_0 = parse_int(data)

                return importance_score_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(int | None | Unset, data)

        importance_score = _parse_importance_score(d.pop("importance_score", UNSET))

        mcp_memory_update_request = cls(
            conversation_id=conversation_id,
            label=label,
            folder=folder,
            status=status,
            importance_score=importance_score,
        )

        mcp_memory_update_request.additional_properties = d
        return mcp_memory_update_request

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
