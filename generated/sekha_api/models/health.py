from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from sekha._mixins import HealthMixin

from ..types import UNSET, Unset, parse_datetime

if TYPE_CHECKING:
    from ..models.capabilities import Capabilities
    from ..models.health_checks import HealthChecks


T = TypeVar("T", bound="Health")


@_attrs_define
class Health(HealthMixin):
    """
    Attributes:
        status (str):
        timestamp (datetime.datetime): A UTC time without an offset (`2026-01-16T21:09:09.123456789`; a space for
            `T` in MCP bodies), with up to 9 fractional digits; read as an aware UTC datetime.
        checks (HealthChecks):
        capabilities (Capabilities | Unset): The extensions a server implements beyond the real controller 0.1.0,
            each by name, sent in `/health` by the local controller. `true` means the server does what the contract says
            for that name; absent or `false` means it does not. The real controller sends no `capabilities` at all: read
            that as every extension absent. Unknown names are kept.
    """

    status: str
    timestamp: datetime.datetime
    checks: HealthChecks
    capabilities: Capabilities | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        timestamp = self.timestamp.isoformat()

        checks = self.checks.to_dict()

        capabilities: dict[str, Any] | Unset = UNSET
        if not isinstance(self.capabilities, Unset):
            capabilities = self.capabilities.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "timestamp": timestamp,
                "checks": checks,
            }
        )
        if capabilities is not UNSET:
            field_dict["capabilities"] = capabilities

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.capabilities import Capabilities
        from ..models.health_checks import HealthChecks

        d = dict(src_dict)
        status = d.pop("status")

        timestamp = parse_datetime(d.pop("timestamp"))

        checks = HealthChecks.from_dict(d.pop("checks"))

        _capabilities = d.pop("capabilities", UNSET)
        capabilities: Capabilities | Unset
        if isinstance(_capabilities, Unset):
            capabilities = UNSET
        else:
            capabilities = Capabilities.from_dict(_capabilities)

        health = cls(
            status=status,
            timestamp=timestamp,
            checks=checks,
            capabilities=capabilities,
        )

        health.additional_properties = d
        return health

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
