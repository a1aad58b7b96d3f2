from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from sekha._mixins import CapabilitiesMixin

from ..types import UNSET, Unset

T = TypeVar("T", bound="Capabilities")


@_attrs_define
class Capabilities(CapabilitiesMixin):
    """The extensions a server implements beyond the real controller 0.1.0, each by name, sent in `/health` by the
    local controller. `true` means the server does what the contract says for that name; absent or `false` means it
    does not. The real controller sends no `capabilities` at all: read that as every extension absent. Unknown names
    are kept.

    Attributes:
        list_cursor (bool | Unset): The conversation list takes `cursor` and answers `next_cursor`: pages in
            creation order, keyed on an immutable order, so paging never skips or repeats a conversation whatever is
            created, updated or deleted meanwhile.
        idempotency_keys (bool | Unset): Creates honour `Idempotency-Key`: a repeat with the same key stores nothing
            new and answers what the first attempt stored, so a create may be retried after any failure.
        list_filters (bool | Unset): The list route applies `label`, `folder`, `pinned` and `archived` exactly.
        bulk_export (bool | Unset): `GET /api/v1/export` streams every conversation with its messages in one answer.
        context_scope (bool | Unset): Context assembly takes `labels` and `folders` and returns nothing outside
            them.
        context_relevance (bool | Unset): Context assembly takes `min_relevance` and chooses only messages relevant
            to the query: pinned conversations and preferred labels rank higher but never enter on their own.
        context_order (bool | Unset): Context assembly answers its messages grouped by conversation (the best
            first), each conversation's messages in their stored order, and its rendering (one citation line per
            conversation) fits `context_budget` in cl100k tokens.
        original_timestamps (bool | Unset): Creates and appends store the `created_at` of conversations and messages
            (an import's original times) instead of now.
        append_messages (bool | Unset): `POST /api/v1/conversations/{id}/messages` adds messages to a stored
            conversation.
    """

    list_cursor: bool | Unset = UNSET
    idempotency_keys: bool | Unset = UNSET
    list_filters: bool | Unset = UNSET
    bulk_export: bool | Unset = UNSET
    context_scope: bool | Unset = UNSET
    context_relevance: bool | Unset = UNSET
    context_order: bool | Unset = UNSET
    original_timestamps: bool | Unset = UNSET
    append_messages: bool | Unset = UNSET
    additional_properties: dict[str, bool] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        list_cursor = self.list_cursor

        idempotency_keys = self.idempotency_keys

        list_filters = self.list_filters

        bulk_export = self.bulk_export

        context_scope = self.context_scope

        context_relevance = self.context_relevance

        context_order = self.context_order

        original_timestamps = self.original_timestamps

        append_messages = self.append_messages

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        if list_cursor is not UNSET:
            field_dict["list_cursor"] = list_cursor
        if idempotency_keys is not UNSET:
            field_dict["idempotency_keys"] = idempotency_keys
        if list_filters is not UNSET:
            field_dict["list_filters"] = list_filters
        if bulk_export is not UNSET:
            field_dict["bulk_export"] = bulk_export
        if context_scope is not UNSET:
            field_dict["context_scope"] = context_scope
        if context_relevance is not UNSET:
            field_dict["context_relevance"] = context_relevance
        if context_order is not UNSET:
            field_dict["context_order"] = context_order
        if original_timestamps is not UNSET:
            field_dict["original_timestamps"] = original_timestamps
        if append_messages is not UNSET:
            field_dict["append_messages"] = append_messages

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        list_cursor = d.pop("list_cursor", UNSET)

        idempotency_keys = d.pop("idempotency_keys", UNSET)

        list_filters = d.pop("list_filters", UNSET)

        bulk_export = d.pop("bulk_export", UNSET)

        context_scope = d.pop("context_scope", UNSET)

        context_relevance = d.pop("context_relevance", UNSET)

        context_order = d.pop("context_order", UNSET)

        original_timestamps = d.pop("original_timestamps", UNSET)

        append_messages = d.pop("append_messages", UNSET)

        capabilities = cls(
            list_cursor=list_cursor,
            idempotency_keys=idempotency_keys,
            list_filters=list_filters,
            bulk_export=bulk_export,
            context_scope=context_scope,
            context_relevance=context_relevance,
            context_order=context_order,
            original_timestamps=original_timestamps,
            append_messages=append_messages,
        )

        capabilities.additional_properties = d
        return capabilities

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> bool:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: bool) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
