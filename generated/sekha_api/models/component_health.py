from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from sekha._mixins import ComponentHealthMixin

from ..types import UNSET, Unset, parse_int

if TYPE_CHECKING:
    from ..models.rebuild_progress import RebuildProgress


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
        schema_version (int | Unset): The database's schema version (local controller, `database` check).
        ready (bool | Unset): The embedding model has loaded; it loads after the server starts (local controller,
            `embedder` check).
        loaded (bool | Unset): The stored vectors are in the search index (local controller, `indexer` check).
        retrying (int | Unset): Messages the embedder rejected that wait to be tried alone again (local controller).
        quarantined (int | Unset): Messages the embedder kept rejecting, no longer tried; found by full-text search
            only (local controller).
        texts_per_second (float | Unset): Recent embedding rate; with `pending` it says how far behind the indexer
            is (local controller).
        rebuild (RebuildProgress | Unset): A rebuild in progress; search answers from the previous index until it
            completes (local controller).
    """

    status: str
    error: str | Unset = UNSET
    pending: int | Unset = UNSET
    embedded: int | Unset = UNSET
    model: str | Unset = UNSET
    schema_version: int | Unset = UNSET
    ready: bool | Unset = UNSET
    loaded: bool | Unset = UNSET
    retrying: int | Unset = UNSET
    quarantined: int | Unset = UNSET
    texts_per_second: float | Unset = UNSET
    rebuild: RebuildProgress | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        error = self.error

        pending = self.pending

        embedded = self.embedded

        model = self.model

        schema_version = self.schema_version

        ready = self.ready

        loaded = self.loaded

        retrying = self.retrying

        quarantined = self.quarantined

        texts_per_second = self.texts_per_second

        rebuild: dict[str, Any] | Unset = UNSET
        if not isinstance(self.rebuild, Unset):
            rebuild = self.rebuild.to_dict()

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
        if schema_version is not UNSET:
            field_dict["schema_version"] = schema_version
        if ready is not UNSET:
            field_dict["ready"] = ready
        if loaded is not UNSET:
            field_dict["loaded"] = loaded
        if retrying is not UNSET:
            field_dict["retrying"] = retrying
        if quarantined is not UNSET:
            field_dict["quarantined"] = quarantined
        if texts_per_second is not UNSET:
            field_dict["texts_per_second"] = texts_per_second
        if rebuild is not UNSET:
            field_dict["rebuild"] = rebuild

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.rebuild_progress import RebuildProgress

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

        _schema_version = d.pop("schema_version", UNSET)
        schema_version: int | Unset
        if isinstance(_schema_version, Unset):
            schema_version = UNSET
        else:
            schema_version = parse_int(_schema_version)

        ready = d.pop("ready", UNSET)

        loaded = d.pop("loaded", UNSET)

        _retrying = d.pop("retrying", UNSET)
        retrying: int | Unset
        if isinstance(_retrying, Unset):
            retrying = UNSET
        else:
            retrying = parse_int(_retrying)

        _quarantined = d.pop("quarantined", UNSET)
        quarantined: int | Unset
        if isinstance(_quarantined, Unset):
            quarantined = UNSET
        else:
            quarantined = parse_int(_quarantined)

        texts_per_second = d.pop("texts_per_second", UNSET)

        _rebuild = d.pop("rebuild", UNSET)
        rebuild: RebuildProgress | Unset
        if isinstance(_rebuild, Unset):
            rebuild = UNSET
        else:
            rebuild = RebuildProgress.from_dict(_rebuild)

        component_health = cls(
            status=status,
            error=error,
            pending=pending,
            embedded=embedded,
            model=model,
            schema_version=schema_version,
            ready=ready,
            loaded=loaded,
            retrying=retrying,
            quarantined=quarantined,
            texts_per_second=texts_per_second,
            rebuild=rebuild,
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
