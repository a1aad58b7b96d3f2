from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.mcp_search_hit import McpSearchHit


T = TypeVar("T", bound="McpMemorySearchData")


@_attrs_define
class McpMemorySearchData:
    """
    Attributes:
        query (str):
        total_results (int):
        limit (int):
        results (list[McpSearchHit]):
    """

    query: str
    total_results: int
    limit: int
    results: list[McpSearchHit]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        query = self.query

        total_results = self.total_results

        limit = self.limit

        results = []
        for results_item_data in self.results:
            results_item = results_item_data.to_dict()
            results.append(results_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "query": query,
                "total_results": total_results,
                "limit": limit,
                "results": results,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.mcp_search_hit import McpSearchHit

        d = dict(src_dict)
        query = d.pop("query")

        total_results = d.pop("total_results")

        limit = d.pop("limit")

        results = []
        _results = d.pop("results")
        for results_item_data in _results:
            results_item = McpSearchHit.from_dict(results_item_data)

            results.append(results_item)

        mcp_memory_search_data = cls(
            query=query,
            total_results=total_results,
            limit=limit,
            results=results,
        )

        mcp_memory_search_data.additional_properties = d
        return mcp_memory_search_data

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
