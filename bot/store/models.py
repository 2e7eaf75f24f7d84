"""What the store hands back: plain, immutable pydantic records (never ORM objects)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, computed_field


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True)


def _as_utc(value: datetime) -> datetime:
    # SQLite keeps no offset: every timestamp is written in UTC, so a naive one is UTC.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


UtcDatetime = Annotated[datetime, AfterValidator(_as_utc)]


class User(_Record):
    id: int
    channel: str
    external_id: str
    display_name: str | None = None
    created_at: UtcDatetime


class DialogState(_Record):
    """The dialog engine's own state (JSON), as last saved."""

    user_id: int
    state: dict[str, Any]
    updated_at: UtcDatetime


class DocumentSummary(_Record):
    """One line of "我的文稿": no meta, so listing stays cheap."""

    id: int
    user_id: int
    kind: str
    title: str
    version_count: int
    current_version: int | None
    created_at: UtcDatetime
    updated_at: UtcDatetime


class Document(DocumentSummary):
    """A draft with its metadata (brief, facts, outline, answers — whatever the dialog keeps)."""

    meta: dict[str, Any] = Field(default_factory=dict)


class Version(_Record):
    """One immutable text of a document; `number` counts 1, 2, 3… within the document."""

    document_id: int
    number: int
    text: str
    note: str
    source: str
    created_at: UtcDatetime


class UsageTotals(_Record):
    """Tokens one user spent on one day (the day in the store's time zone)."""

    user_id: int
    day: date
    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


class ForgetResult(_Record):
    """How many rows `forget_user` removed."""

    documents: int = 0
    versions: int = 0
    states: int = 0
    usage_days: int = 0

    @property
    def nothing(self) -> bool:
        return not (self.documents or self.versions or self.states or self.usage_days)
