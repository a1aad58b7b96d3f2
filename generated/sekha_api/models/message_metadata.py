from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.citation import Citation


T = TypeVar("T", bound="MessageMetadata")


@_attrs_define
class MessageMetadata:
    """A message's metadata, any JSON object; context assembly adds `citation`.

    Attributes:
        citation (Citation | Unset): Where a message chosen by context assembly comes from (a space for `T` in
            `timestamp`).
    """

    citation: Citation | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        citation: dict[str, Any] | Unset = UNSET
        if not isinstance(self.citation, Unset):
            citation = self.citation.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        if citation is not UNSET:
            field_dict["citation"] = citation

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.citation import Citation

        d = dict(src_dict)
        _citation = d.pop("citation", UNSET)
        citation: Citation | Unset
        if isinstance(_citation, Unset):
            citation = UNSET
        else:
            citation = Citation.from_dict(_citation)

        message_metadata = cls(
            citation=citation,
        )

        message_metadata.additional_properties = d
        return message_metadata

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
