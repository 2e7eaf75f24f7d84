"""What the dialog engine needs from the outside world, as small protocols.

`DialogStore` is the slice of `bot.store` the engine uses (an adapter maps the real
store onto it); `MemoryStore` implements it in memory for unit tests. Kinds,
the reviewer and the exporter are plain callables so that fronts can wire whatever
exists (the reviewer and exporter are optional).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Protocol

from pydantic import BaseModel, Field

from bot.report import Report


class DocInfo(BaseModel):
    id: int
    kind: str
    title: str
    version_count: int
    current_version: int | None
    updated_at: datetime
    meta: dict[str, Any] = Field(default_factory=dict)


class VersionInfo(BaseModel):
    number: int
    text: str
    note: str
    source: str
    created_at: datetime


class UsageInfo(BaseModel):
    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


class DialogStore(Protocol):
    """Persistence used by the engine. Every method commits before it returns."""

    async def user_id(self, channel: str, external_id: str, display_name: str) -> int: ...
    async def load_state(self, user_id: int) -> dict[str, Any] | None: ...
    async def save_state(self, user_id: int, state: dict[str, Any]) -> None: ...
    async def create_document(
        self, user_id: int, kind: str, title: str, meta: dict[str, Any]
    ) -> int: ...
    async def update_meta(self, user_id: int, doc_id: int, meta: dict[str, Any]) -> None: ...
    async def get_document(self, user_id: int, doc_id: int) -> DocInfo | None: ...
    async def list_documents(self, user_id: int) -> list[DocInfo]: ...
    async def delete_document(self, user_id: int, doc_id: int) -> bool: ...
    async def add_version(
        self, user_id: int, doc_id: int, text: str, note: str, source: str
    ) -> int: ...
    async def get_version(
        self, user_id: int, doc_id: int, number: int | None = None
    ) -> VersionInfo | None:
        """number None: the current version."""
        ...

    async def list_versions(self, user_id: int, doc_id: int) -> list[VersionInfo]: ...
    async def set_current(self, user_id: int, doc_id: int, number: int) -> None: ...
    async def add_usage(self, user_id: int, prompt_tokens: int, completion_tokens: int) -> None: ...
    async def usage_today(self, user_id: int) -> UsageInfo: ...
    async def forget_user(self, user_id: int) -> None: ...


class Topic(BaseModel):
    """One interview topic of a report kind."""

    key: str  # "理论学习"
    question: str  # what to ask
    hint: str = ""  # what a good answer contains (used for the follow-up)
    role: str = "work"  # work / problems / causes / plans / highlight
    examples: list[str] = Field(default_factory=list)  # suggested answers (problems)


class KindPlan(BaseModel):
    id: str  # "shuzhi"
    name: str  # "述职报告"
    topics: list[Topic]
    default_chars: int = 3000


KindsLoader = Callable[[str], KindPlan]
"""kind_id → its interview plan."""

Reviewer = Callable[[Report, str], list[str]]
"""(report, the user's notes) → 审校 findings as short Chinese sentences."""

Exporter = Callable[[Report], bytes]
"""report → .docx bytes."""


@dataclass
class _MemDoc:
    id: int
    user_id: int
    kind: str
    title: str
    meta: dict[str, Any]
    versions: list[VersionInfo] = field(default_factory=list)
    current: int | None = None
    updated_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def info(self) -> DocInfo:
        return DocInfo(
            id=self.id,
            kind=self.kind,
            title=self.title,
            version_count=len(self.versions),
            current_version=self.current,
            updated_at=self.updated_at,
            meta=dict(self.meta),
        )


class MemoryStore:
    """An in-memory `DialogStore` for tests (state is copied in and out like JSON)."""

    def __init__(self) -> None:
        self._users: dict[tuple[str, str], int] = {}
        self._states: dict[int, dict[str, Any]] = {}
        self._docs: dict[int, _MemDoc] = {}
        self._usage: dict[tuple[int, date], UsageInfo] = {}
        self.saves = 0

    async def user_id(self, channel: str, external_id: str, display_name: str) -> int:
        return self._users.setdefault((channel, external_id), len(self._users) + 1)

    async def load_state(self, user_id: int) -> dict[str, Any] | None:
        state = self._states.get(user_id)
        return None if state is None else _copy(state)

    async def save_state(self, user_id: int, state: dict[str, Any]) -> None:
        self.saves += 1
        self._states[user_id] = _copy(state)

    async def create_document(
        self, user_id: int, kind: str, title: str, meta: dict[str, Any]
    ) -> int:
        doc_id = max(self._docs, default=0) + 1
        self._docs[doc_id] = _MemDoc(doc_id, user_id, kind, title, _copy(meta))
        return doc_id

    def _doc(self, user_id: int, doc_id: int) -> _MemDoc | None:
        doc = self._docs.get(doc_id)
        return doc if doc is not None and doc.user_id == user_id else None

    async def update_meta(self, user_id: int, doc_id: int, meta: dict[str, Any]) -> None:
        doc = self._doc(user_id, doc_id)
        if doc is not None:
            doc.meta = _copy(meta)

    async def get_document(self, user_id: int, doc_id: int) -> DocInfo | None:
        doc = self._doc(user_id, doc_id)
        return None if doc is None else doc.info()

    async def list_documents(self, user_id: int) -> list[DocInfo]:
        docs = [d.info() for d in self._docs.values() if d.user_id == user_id]
        return sorted(docs, key=lambda d: d.updated_at, reverse=True)

    async def delete_document(self, user_id: int, doc_id: int) -> bool:
        if self._doc(user_id, doc_id) is None:
            return False
        del self._docs[doc_id]
        return True

    async def add_version(
        self, user_id: int, doc_id: int, text: str, note: str, source: str
    ) -> int:
        doc = self._doc(user_id, doc_id)
        if doc is None:
            raise KeyError(doc_id)
        number = len(doc.versions) + 1
        now = datetime.now(UTC)
        doc.versions.append(
            VersionInfo(number=number, text=text, note=note, source=source, created_at=now)
        )
        doc.current = number
        doc.updated_at = now
        return number

    async def get_version(
        self, user_id: int, doc_id: int, number: int | None = None
    ) -> VersionInfo | None:
        doc = self._doc(user_id, doc_id)
        if doc is None:
            return None
        wanted = doc.current if number is None else number
        return next((v for v in doc.versions if v.number == wanted), None)

    async def list_versions(self, user_id: int, doc_id: int) -> list[VersionInfo]:
        doc = self._doc(user_id, doc_id)
        return [] if doc is None else list(doc.versions)

    async def set_current(self, user_id: int, doc_id: int, number: int) -> None:
        doc = self._doc(user_id, doc_id)
        if doc is not None and any(v.number == number for v in doc.versions):
            doc.current = number

    async def add_usage(self, user_id: int, prompt_tokens: int, completion_tokens: int) -> None:
        key = (user_id, datetime.now(UTC).date())
        old = self._usage.get(key, UsageInfo())
        self._usage[key] = UsageInfo(
            prompt_tokens=old.prompt_tokens + prompt_tokens,
            completion_tokens=old.completion_tokens + completion_tokens,
            calls=old.calls + 1,
        )

    async def usage_today(self, user_id: int) -> UsageInfo:
        return self._usage.get((user_id, datetime.now(UTC).date()), UsageInfo())

    async def forget_user(self, user_id: int) -> None:
        self._states.pop(user_id, None)
        for doc_id in [d.id for d in self._docs.values() if d.user_id == user_id]:
            del self._docs[doc_id]
        for key in [k for k in self._usage if k[0] == user_id]:
            del self._usage[key]


def _copy(data: dict[str, Any]) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(json.dumps(data, ensure_ascii=False))
    return loaded
