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
        labels (list[str] | Unset): Only messages of conversations with one of these labels (exact); empty is any.
        folders (list[str] | Unset): Only messages of conversations in one of these folders or a folder under one
            (`/team` holds `/team/projects`, not `/teamwork`); empty is any.
        min_relevance (float | Unset): The relevance to the query (cosine similarity, 0 to 1) a message needs to be
            chosen; the local controller's default is 0.2.
    """

    query: str
    preferred_labels: list[str]
    context_budget: int
    excluded_folders: list[str] | Unset = UNSET
    labels: list[str] | Unset = UNSET
    folders: list[str] | Unset = UNSET
    min_relevance: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        query = self.query

        preferred_labels = self.preferred_labels

        context_budget = self.context_budget

        excluded_folders: list[str] | Unset = UNSET
        if not isinstance(self.excluded_folders, Unset):
            excluded_folders = self.excluded_folders

        labels: list[str] | Unset = UNSET
        if not isinstance(self.labels, Unset):
            labels = self.labels

        folders: list[str] | Unset = UNSET
        if not isinstance(self.folders, Unset):
            folders = self.folders

        min_relevance = self.min_relevance

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
        if labels is not UNSET:
            field_dict["labels"] = labels
        if folders is not UNSET:
            field_dict["folders"] = folders
        if min_relevance is not UNSET:
            field_dict["min_relevance"] = min_relevance

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        query = d.pop("query")

        preferred_labels = cast(list[str], d.pop("preferred_labels"))

        context_budget = parse_int(d.pop("context_budget"))

        excluded_folders = cast(list[str], d.pop("excluded_folders", UNSET))

        labels = cast(list[str], d.pop("labels", UNSET))

        folders = cast(list[str], d.pop("folders", UNSET))

        min_relevance = d.pop("min_relevance", UNSET)

        context_request = cls(
            query=query,
            preferred_labels=preferred_labels,
            context_budget=context_budget,
            excluded_folders=excluded_folders,
            labels=labels,
            folders=folders,
            min_relevance=min_relevance,
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
