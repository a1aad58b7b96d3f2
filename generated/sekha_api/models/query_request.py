from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, parse_int

T = TypeVar("T", bound="QueryRequest")


@_attrs_define
class QueryRequest:
    """
    Attributes:
        query (str):
        filters (Any | Unset): Any JSON value; ignored by the real controller.
        limit (int | Unset):  Default: 10.
        offset (int | Unset):  Default: 0.
    """

    query: str
    filters: Any | Unset = UNSET
    limit: int | Unset = 10
    offset: int | Unset = 0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        query = self.query

        filters = self.filters

        limit = self.limit

        offset = self.offset

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "query": query,
            }
        )
        if filters is not UNSET:
            field_dict["filters"] = filters
        if limit is not UNSET:
            field_dict["limit"] = limit
        if offset is not UNSET:
            field_dict["offset"] = offset

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        query = d.pop("query")

        filters = d.pop("filters", UNSET)

        _limit = d.pop("limit", UNSET)
        limit: int | Unset
        if isinstance(_limit, Unset):
            limit = UNSET
        else:
            limit = parse_int(_limit)

        _offset = d.pop("offset", UNSET)
        offset: int | Unset
        if isinstance(_offset, Unset):
            offset = UNSET
        else:
            offset = parse_int(_offset)

        query_request = cls(
            query=query,
            filters=filters,
            limit=limit,
            offset=offset,
        )

        query_request.additional_properties = d
        return query_request

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
