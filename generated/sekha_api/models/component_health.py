from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from sekha._mixins import ComponentHealthMixin

from ..types import UNSET, Unset, parse_int

T = TypeVar("T", bound="ComponentHealth")


@_attrs_define
class ComponentHealth(ComponentHealthMixin):
    """One component's state; the local controller adds its embedding backlog.

    Attributes:
        status (str): `ok`, `error`, or `degraded` (local controller); kept open for new values.
        error (str | Unset):
        pending (int | Unset): Messages stored but not yet embedded (local controller).
        embedded (int | Unset): Messages embedded and searchable by meaning (local controller).
        model (str | Unset): The embedding model in use (local controller).
    """

    status: str
    error: str | Unset = UNSET
    pending: int | Unset = UNSET
    embedded: int | Unset = UNSET
    model: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        error = self.error

        pending = self.pending

        embedded = self.embedded

        model = self.model

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
            }
        )
        if error is not UNSET:
            field_dict["error"] = error
        if pending is not UNSET:
            field_dict["pending"] = pending
        if embedded is not UNSET:
            field_dict["embedded"] = embedded
        if model is not UNSET:
            field_dict["model"] = model

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        status = d.pop("status")

        error = d.pop("error", UNSET)

        _pending = d.pop("pending", UNSET)
        pending: int | Unset
        if isinstance(_pending, Unset):
            pending = UNSET
        else:
            pending = parse_int(_pending)

        _embedded = d.pop("embedded", UNSET)
        embedded: int | Unset
        if isinstance(_embedded, Unset):
            embedded = UNSET
        else:
            embedded = parse_int(_embedded)

        model = d.pop("model", UNSET)

        component_health = cls(
            status=status,
            error=error,
            pending=pending,
            embedded=embedded,
            model=model,
        )

        component_health.additional_properties = d
        return component_health

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
