from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from sekha._mixins import ConversationPageMixin

from ..types import UNSET, Unset, parse_int

if TYPE_CHECKING:
    from ..models.conversation_summary import ConversationSummary


T = TypeVar("T", bound="ConversationPage")


@_attrs_define
class ConversationPage(ConversationPageMixin):
    """One page of the conversation list; pages are numbered from 1.

    Attributes:
        results (list[ConversationSummary]):
        total (int):
        page (int):
        page_size (int):
        next_cursor (None | str | Unset): With `cursor`: the cursor of the next page, or null after the last one.
            Absent without `cursor`.
    """

    results: list[ConversationSummary]
    total: int
    page: int
    page_size: int
    next_cursor: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        results = []
        for results_item_data in self.results:
            results_item = results_item_data.to_dict()
            results.append(results_item)

        total = self.total

        page = self.page

        page_size = self.page_size

        next_cursor: None | str | Unset
        if isinstance(self.next_cursor, Unset):
            next_cursor = UNSET
        else:
            next_cursor = self.next_cursor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "results": results,
                "total": total,
                "page": page,
                "page_size": page_size,
            }
        )
        if next_cursor is not UNSET:
            field_dict["next_cursor"] = next_cursor

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.conversation_summary import ConversationSummary

        d = dict(src_dict)
        results = []
        _results = d.pop("results")
        for results_item_data in _results:
            results_item = ConversationSummary.from_dict(results_item_data)

            results.append(results_item)

        total = parse_int(d.pop("total"))

        page = parse_int(d.pop("page"))

        page_size = parse_int(d.pop("page_size"))

        def _parse_next_cursor(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor", UNSET))

        conversation_page = cls(
            results=results,
            total=total,
            page=page,
            page_size=page_size,
            next_cursor=next_cursor,
        )

        conversation_page.additional_properties = d
        return conversation_page

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
