from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from sekha._mixins import MemorySearchResultsMixin

from ..types import parse_int

if TYPE_CHECKING:
    from ..models.search_hit import SearchHit


T = TypeVar("T", bound="MemorySearchResults")


@_attrs_define
class MemorySearchResults(MemorySearchResultsMixin):
    """
    Attributes:
        query (str):
        total_results (int):
        limit (int):
        results (list[SearchHit]):
    """

    query: str
    total_results: int
    limit: int
    results: list[SearchHit]
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
        from ..models.search_hit import SearchHit

        d = dict(src_dict)
        query = d.pop("query")

        total_results = parse_int(d.pop("total_results"))

        limit = parse_int(d.pop("limit"))

        results = []
        _results = d.pop("results")
        for results_item_data in _results:
            results_item = SearchHit.from_dict(results_item_data)

            results.append(results_item)

        memory_search_results = cls(
            query=query,
            total_results=total_results,
            limit=limit,
            results=results,
        )

        memory_search_results.additional_properties = d
        return memory_search_results

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
