from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.update_result import UpdateResult


T = TypeVar("T", bound="McpMemoryUpdateResponse")


@_attrs_define
class McpMemoryUpdateResponse:
    """
    Attributes:
        success (bool):
        data (None | UpdateResult):
        error (None | str):
    """

    success: bool
    data: None | UpdateResult
    error: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.update_result import UpdateResult

        success = self.success

        data: dict[str, Any] | None
        if isinstance(self.data, UpdateResult):
            data = self.data.to_dict()
        else:
            data = self.data

        error: None | str
        error = self.error

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "success": success,
                "data": data,
                "error": error,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.update_result import UpdateResult

        d = dict(src_dict)
        success = d.pop("success")

        def _parse_data(data: object) -> None | UpdateResult:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                data_type_0 = UpdateResult.from_dict(data)

                return data_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UpdateResult, data)

        data = _parse_data(d.pop("data"))

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))

        mcp_memory_update_response = cls(
            success=success,
            data=data,
            error=error,
        )

        mcp_memory_update_response.additional_properties = d
        return mcp_memory_update_response

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
