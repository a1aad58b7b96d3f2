from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import parse_int

T = TypeVar("T", bound="RebuildProgress")


@_attrs_define
class RebuildProgress:
    """A rebuild in progress; search answers from the previous index until it completes (local controller).

    Attributes:
        reembedded (int):
        of (int):
    """

    reembedded: int
    of: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        reembedded = self.reembedded

        of = self.of

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "reembedded": reembedded,
                "of": of,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        reembedded = parse_int(d.pop("reembedded"))

        of = parse_int(d.pop("of"))

        rebuild_progress = cls(
            reembedded=reembedded,
            of=of,
        )

        rebuild_progress.additional_properties = d
        return rebuild_progress

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
