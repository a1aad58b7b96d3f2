from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="McpMemoryExportRequest")


@_attrs_define
class McpMemoryExportRequest:
    """
    Attributes:
        conversation_id (UUID):
        format_ (None | str | Unset):  Default: 'json'.
        include_metadata (bool | Unset):  Default: True.
    """

    conversation_id: UUID
    format_: None | str | Unset = "json"
    include_metadata: bool | Unset = True
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        conversation_id = str(self.conversation_id)

        format_: None | str | Unset
        if isinstance(self.format_, Unset):
            format_ = UNSET
        else:
            format_ = self.format_

        include_metadata = self.include_metadata

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "conversation_id": conversation_id,
            }
        )
        if format_ is not UNSET:
            field_dict["format"] = format_
        if include_metadata is not UNSET:
            field_dict["include_metadata"] = include_metadata

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        conversation_id = UUID(d.pop("conversation_id"))

        def _parse_format_(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        format_ = _parse_format_(d.pop("format", UNSET))

        include_metadata = d.pop("include_metadata", UNSET)

        mcp_memory_export_request = cls(
            conversation_id=conversation_id,
            format_=format_,
            include_metadata=include_metadata,
        )

        mcp_memory_export_request.additional_properties = d
        return mcp_memory_export_request

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
