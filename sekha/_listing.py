"""What iterating the conversation list needs that is the same for both clients: the filters,
applied here when the server cannot, and what tells a shifted pass from a stable one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from sekha import _checks as check

if TYPE_CHECKING:
    import datetime as dt
    from uuid import UUID

    from sekha_api.models import ConversationPage, ConversationSummary

__all__ = ["ListFilter", "PassMark"]


def _label(value: object) -> str | None:
    return check.optional_text("label", value, allow_empty=True)


def _folder(value: object) -> str | None:
    return check.optional_text("folder", value, allow_empty=True)


def _flag(value: object) -> bool | None:
    return None if value is None else bool(value)


@attrs.frozen
class ListFilter:
    """The list route's filters: exact label, exact folder, pinned, archived (checked when made)."""

    label: str | None = attrs.field(default=None, converter=_label)
    folder: str | None = attrs.field(default=None, converter=_folder)
    pinned: bool | None = attrs.field(default=None, converter=_flag)
    archived: bool | None = attrs.field(default=None, converter=_flag)

    def params(self) -> dict[str, Any]:
        """Keyword arguments for ``list_conversations``."""
        return attrs.asdict(self)

    def matches(self, row: ConversationSummary) -> bool:
        """The server's rule, applied to a row (pinned means importance 10 or more and active)."""
        return (
            (self.label is None or row.label == self.label)
            and (self.folder is None or row.folder == self.folder)
            and (self.pinned is None or (row.pinned and not row.archived) == self.pinned)
            and (self.archived is None or row.archived == self.archived)
        )


@attrs.frozen
class PassMark:
    """How the list looked from its first page: its size and the most recently updated row.

    Against an offset-paged list ordered by last update, a change that can hide a conversation
    from a pass (an update moves a row to the front; a delete shifts the rest forward) also
    changes this mark, so a pass whose mark is the same at its end missed nothing.
    """

    total: int
    top: tuple[UUID, dt.datetime] | None

    @classmethod
    def of(cls, page: ConversationPage) -> PassMark:
        first = page.results[0] if page.results else None
        return cls(page.total, None if first is None else (first.id, first.updated_at))
