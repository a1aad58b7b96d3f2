from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, parse_int

T = TypeVar("T", bound="ContextRequest")


@_attrs_define
class ContextRequest:
    """
    Attributes:
        query (str):
        preferred_labels (list[str]):
        context_budget (int):
        excluded_folders (list[str] | Unset):
    """

    query: str
    preferred_labels: list[str]
    context_budget: int
    excluded_folders: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        query = self.query

        preferred_labels = self.preferred_labels

        context_budget = self.context_budget

        excluded_folders: list[str] | Unset = UNSET
        if not isinstance(self.excluded_folders, Unset):
            excluded_folders = self.excluded_folders

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "query": query,
                "preferred_labels": preferred_labels,
                "context_budget": context_budget,
            }
        )
        if excluded_folders is not UNSET:
            field_dict["excluded_folders"] = excluded_folders

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        query = d.pop("query")

        preferred_labels = cast(list[str], d.pop("preferred_labels"))

        context_budget = parse_int(d.pop("context_budget"))

        excluded_folders = cast(list[str], d.pop("excluded_folders", UNSET))

        context_request = cls(
            query=query,
            preferred_labels=preferred_labels,
            context_budget=context_budget,
            excluded_folders=excluded_folders,
        )

        context_request.additional_properties = d
        return context_request

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
