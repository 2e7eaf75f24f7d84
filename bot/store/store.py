"""`Store`: users, dialog state, documents and versions, daily token usage.

Every public method is one transaction, committed before it returns: once a call
has returned, killing the process loses nothing it wrote. See `bot/store/__init__.py`
for the whole API in one place.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Mapping
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, delete, exists, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.store import migrate as migrations
from bot.store.engine import make_engine
from bot.store.errors import DocumentNotFoundError, StoreError
from bot.store.models import (
    DialogState,
    Document,
    DocumentSummary,
    ForgetResult,
    UsageTotals,
    User,
    Version,
)
from bot.store.tables import dialog_states, documents, usage_daily, users, versions

# Quota days follow the users' clock (China has no daylight saving time).
CHINA_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")

TITLE_MAX = 200
NOTE_MAX = 500
NAME_MAX = 200

_SUMMARY_COLUMNS = [c for c in documents.c if c.name != "meta"]


def utc_now() -> datetime:
    return datetime.now(UTC)


def _clip(text: str | None, limit: int) -> str | None:
    if text is None:
        return None
    text = text.strip()
    return text[:limit] if text else None


def _code(value: str, limit: int, what: str) -> str:
    # Channels, kinds and sources are program-chosen codes, not user text.
    if not value or len(value) > limit:
        raise ValueError(f"{what} must be 1..{limit} characters, got {value!r}")
    return value


class Store:
    """The bot's persistence. Build one at start-up with `await Store.open(url)`."""

    def __init__(
        self,
        engine: AsyncEngine,
        *,
        clock: Callable[[], datetime] = utc_now,
        day_zone: tzinfo = CHINA_TZ,
    ) -> None:
        self._engine = engine
        self._clock = clock
        self._day_zone = day_zone
        self._dialect = engine.dialect.name
        # One SQLite file has one writer; queueing here avoids lock waits (and keeps
        # an in-memory database, which shares one connection, consistent).
        self._serial: asyncio.Lock | None = asyncio.Lock() if self._dialect == "sqlite" else None

    @classmethod
    async def open(
        cls,
        url: str,
        *,
        migrate: bool = True,
        clock: Callable[[], datetime] = utc_now,
        day_zone: tzinfo = CHINA_TZ,
    ) -> Store:
        """Connect to `url` (e.g. `settings.effective_database_url`) and migrate to head."""
        store = cls(make_engine(url), clock=clock, day_zone=day_zone)
        if migrate:
            try:
                await store.migrate()
            except BaseException:
                await store.close()
                raise
        return store

    async def migrate(self) -> None:
        """Bring the schema to the newest revision (a no-op when it is already there)."""
        async with self._locked():
            await migrations.upgrade(self._engine)

    async def close(self) -> None:
        await self._engine.dispose()

    async def __aenter__(self) -> Store:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    @property
    def engine(self) -> AsyncEngine:
        return self._engine

    def today(self) -> date:
        """The current usage day in the store's time zone."""
        return self._clock().astimezone(self._day_zone).date()

    # -- plumbing ---------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def _locked(self) -> AsyncIterator[None]:
        if self._serial is None:
            yield
        else:
            async with self._serial:
                yield

    @contextlib.asynccontextmanager
    async def _tx(self) -> AsyncIterator[AsyncConnection]:
        """One transaction, committed on exit, rolled back on error."""
        async with self._locked(), self._engine.begin() as conn:
            yield conn

    def _upsert(self, table: Any) -> Any:
        if self._dialect == "postgresql":
            return postgresql.insert(table)
        if self._dialect == "sqlite":
            return sqlite.insert(table)
        raise StoreError("暂只支持 SQLite 和 PostgreSQL 数据库。")

    # -- users ------------------------------------------------------------------

    async def get_or_create_user(
        self, channel: str, external_id: str, display_name: str | None = None
    ) -> User:
        """The user behind ("telegram", "12345"); created on first sight, name kept fresh."""
        channel = _code(channel, 32, "channel")
        external_id = _code(external_id, 128, "external_id")
        name = _clip(display_name, NAME_MAX)
        where = and_(users.c.channel == channel, users.c.external_id == external_id)
        for _attempt in range(3):
            try:
                async with self._tx() as conn:
                    row = (await conn.execute(select(users).where(where))).first()
                    if row is not None and (name is None or row.display_name == name):
                        return User.model_validate(row._asdict())
                    now = self._clock()
                    if row is not None:
                        stmt: Any = (
                            update(users)
                            .where(users.c.id == row.id)
                            .values(display_name=name, updated_at=now)
                        )
                    else:
                        stmt = users.insert().values(
                            channel=channel,
                            external_id=external_id,
                            display_name=name,
                            created_at=now,
                            updated_at=now,
                        )
                    row = (await conn.execute(stmt.returning(*users.c))).one()
                    return User.model_validate(row._asdict())
            except IntegrityError:
                continue  # another process created the same user just now; read it
        raise StoreError("无法登记用户，请稍后再试。")

    get_or_create = get_or_create_user

    async def get_user(self, user_id: int) -> User | None:
        async with self._tx() as conn:
            row = (await conn.execute(select(users).where(users.c.id == user_id))).first()
        return None if row is None else User.model_validate(row._asdict())

    # -- dialog state -----------------------------------------------------------

    async def save_state(self, user_id: int, state: Mapping[str, Any]) -> None:
        """Replace the user's dialog state (a JSON-able dict) and stamp `updated_at`."""
        now = self._clock()
        stmt = self._upsert(dialog_states).values(
            user_id=user_id, state=dict(state), updated_at=now
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=[dialog_states.c.user_id],
            set_={"state": stmt.excluded.state, "updated_at": stmt.excluded.updated_at},
        )
        async with self._tx() as conn:
            await conn.execute(stmt)

    async def load_state(self, user_id: int) -> dict[str, Any] | None:
        record = await self.get_state(user_id)
        return None if record is None else record.state

    async def get_state(self, user_id: int) -> DialogState | None:
        """The state with its `updated_at` (to tell a stale conversation from a live one)."""
        query = select(dialog_states).where(dialog_states.c.user_id == user_id)
        async with self._tx() as conn:
            row = (await conn.execute(query)).first()
        return None if row is None else DialogState.model_validate(row._asdict())

    async def clear_state(self, user_id: int) -> bool:
        async with self._tx() as conn:
            result = await conn.execute(
                delete(dialog_states).where(dialog_states.c.user_id == user_id)
            )
        return result.rowcount > 0

    # -- documents --------------------------------------------------------------

    async def create_document(
        self, user_id: int, kind: str, title: str, meta: Mapping[str, Any] | None = None
    ) -> Document:
        now = self._clock()
        stmt = (
            documents.insert()
            .values(
                user_id=user_id,
                kind=_code(kind, 64, "kind"),
                title=_clip(title, TITLE_MAX) or "未命名文稿",
                meta=dict(meta or {}),
                version_count=0,
                current_version=None,
                created_at=now,
                updated_at=now,
            )
            .returning(*documents.c)
        )
        async with self._tx() as conn:
            row = (await conn.execute(stmt)).one()
        return Document.model_validate(row._asdict())

    async def list_documents(self, user_id: int, limit: int | None = None) -> list[DocumentSummary]:
        """The user's documents, most recently changed first."""
        query = (
            select(*_SUMMARY_COLUMNS)
            .where(documents.c.user_id == user_id)
            .order_by(documents.c.updated_at.desc(), documents.c.id.desc())
            .limit(limit)
        )
        async with self._tx() as conn:
            rows = (await conn.execute(query)).all()
        return [DocumentSummary.model_validate(r._asdict()) for r in rows]

    async def get_document(self, doc_id: int, user_id: int) -> Document | None:
        """The document if it exists and belongs to `user_id`; otherwise None."""
        query = select(documents).where(documents.c.id == doc_id, documents.c.user_id == user_id)
        async with self._tx() as conn:
            row = (await conn.execute(query)).first()
        return None if row is None else Document.model_validate(row._asdict())

    async def _update_document(
        self, doc_id: int, user_id: int, values: dict[str, Any]
    ) -> Document | None:
        stmt = (
            update(documents)
            .where(documents.c.id == doc_id, documents.c.user_id == user_id)
            .values(**values, updated_at=self._clock())
            .returning(*documents.c)
        )
        async with self._tx() as conn:
            row = (await conn.execute(stmt)).first()
        return None if row is None else Document.model_validate(row._asdict())

    async def rename_document(self, doc_id: int, user_id: int, title: str) -> Document | None:
        return await self._update_document(
            doc_id, user_id, {"title": _clip(title, TITLE_MAX) or "未命名文稿"}
        )

    async def update_meta(
        self, doc_id: int, user_id: int, meta: Mapping[str, Any], *, replace: bool = False
    ) -> Document | None:
        """Merge `meta` into the document's meta (top-level keys), or replace it whole."""
        if replace:
            return await self._update_document(doc_id, user_id, {"meta": dict(meta)})
        owned = and_(documents.c.id == doc_id, documents.c.user_id == user_id)
        async with self._tx() as conn:
            # Write first, so the row is locked before we read the meta we merge into.
            touched = (
                await conn.execute(
                    update(documents)
                    .where(owned)
                    .values(updated_at=self._clock())
                    .returning(documents.c.meta)
                )
            ).first()
            if touched is None:
                return None
            merged = {**(touched.meta or {}), **meta}
            row = (
                await conn.execute(
                    update(documents).where(owned).values(meta=merged).returning(*documents.c)
                )
            ).one()
        return Document.model_validate(row._asdict())

    async def delete_document(self, doc_id: int, user_id: int) -> bool:
        """Delete the document and all its versions; False if it is not the user's."""
        owned = and_(documents.c.id == doc_id, documents.c.user_id == user_id)
        async with self._tx() as conn:
            await conn.execute(
                delete(versions).where(
                    versions.c.document_id.in_(select(documents.c.id).where(owned))
                )
            )
            result = await conn.execute(delete(documents).where(owned))
        return result.rowcount > 0

    # -- versions ---------------------------------------------------------------

    async def add_version(
        self,
        doc_id: int,
        text: str,
        note: str = "",
        source: str = "draft",
        *,
        user_id: int | None = None,
    ) -> int:
        """Store a new immutable text; it gets the next number and becomes current.

        Raises `DocumentNotFoundError` if the document is gone (or, with `user_id`,
        is not that user's).
        """
        now = self._clock()
        where: list[ColumnElement[bool]] = [documents.c.id == doc_id]
        if user_id is not None:
            where.append(documents.c.user_id == user_id)
        bump = (
            update(documents)
            .where(*where)
            .values(
                version_count=documents.c.version_count + 1,
                current_version=documents.c.version_count + 1,
                updated_at=now,
            )
            .returning(documents.c.version_count)
        )
        async with self._tx() as conn:
            number = (await conn.execute(bump)).scalar()
            if number is None:
                raise DocumentNotFoundError(doc_id)
            await conn.execute(
                versions.insert().values(
                    document_id=doc_id,
                    number=number,
                    text=text,
                    note=_clip(note, NOTE_MAX) or "",
                    source=_code(source, 32, "source"),
                    created_at=now,
                )
            )
        return int(number)

    def _versions(self, doc_id: int, user_id: int | None) -> Select[Any]:
        query = select(versions).where(versions.c.document_id == doc_id)
        if user_id is not None:
            owner = select(documents.c.id).where(
                documents.c.id == doc_id, documents.c.user_id == user_id
            )
            query = query.where(exists(owner))
        return query

    async def _one_version(self, query: Select[Any]) -> Version | None:
        async with self._tx() as conn:
            row = (await conn.execute(query.limit(1))).first()
        return None if row is None else Version.model_validate(row._asdict())

    async def list_versions(self, doc_id: int, *, user_id: int | None = None) -> list[Version]:
        """All versions, oldest first (number 1, 2, 3…)."""
        query = self._versions(doc_id, user_id).order_by(versions.c.number)
        async with self._tx() as conn:
            rows = (await conn.execute(query)).all()
        return [Version.model_validate(r._asdict()) for r in rows]

    async def get_version(
        self, doc_id: int, number: int, *, user_id: int | None = None
    ) -> Version | None:
        return await self._one_version(
            self._versions(doc_id, user_id).where(versions.c.number == number)
        )

    async def latest_version(self, doc_id: int, *, user_id: int | None = None) -> Version | None:
        """The highest-numbered version, whatever `current_version` points at."""
        return await self._one_version(
            self._versions(doc_id, user_id).order_by(versions.c.number.desc())
        )

    async def get_current_version(
        self, doc_id: int, *, user_id: int | None = None
    ) -> Version | None:
        """The version the document's `current_version` points at."""
        pointer = select(documents.c.current_version).where(documents.c.id == doc_id)
        query = self._versions(doc_id, user_id).where(
            versions.c.number == pointer.scalar_subquery()
        )
        return await self._one_version(query)

    async def set_current_version(
        self, doc_id: int, number: int, *, user_id: int | None = None
    ) -> bool:
        """Point the document at an existing version ("undo"); False if there is none."""
        has_version = exists(
            select(versions.c.id).where(
                versions.c.document_id == doc_id, versions.c.number == number
            )
        )
        where: list[ColumnElement[bool]] = [documents.c.id == doc_id, has_version]
        if user_id is not None:
            where.append(documents.c.user_id == user_id)
        stmt = (
            update(documents).where(*where).values(current_version=number, updated_at=self._clock())
        )
        async with self._tx() as conn:
            result = await conn.execute(stmt)
        return result.rowcount > 0

    # -- usage ------------------------------------------------------------------

    async def add_usage(
        self,
        user_id: int,
        prompt_tokens: int,
        completion_tokens: int,
        day: date | None = None,
    ) -> UsageTotals:
        """Add one LLM call's tokens to the user's day; returns that day's new totals."""
        if prompt_tokens < 0 or completion_tokens < 0:
            raise ValueError("token counts cannot be negative")
        day = day or self.today()
        stmt = self._upsert(usage_daily).values(
            user_id=user_id,
            day=day,
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            calls=1,
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=[usage_daily.c.user_id, usage_daily.c.day],
            set_={
                "prompt_tokens": usage_daily.c.prompt_tokens + stmt.excluded.prompt_tokens,
                "completion_tokens": usage_daily.c.completion_tokens
                + stmt.excluded.completion_tokens,
                "calls": usage_daily.c.calls + 1,
            },
        ).returning(*usage_daily.c)
        async with self._tx() as conn:
            row = (await conn.execute(stmt)).one()
        return UsageTotals.model_validate(row._asdict())

    async def usage_on(self, user_id: int, day: date | None = None) -> UsageTotals:
        """The user's totals for `day` (today by default); zeros when nothing was used."""
        day = day or self.today()
        query = select(usage_daily).where(
            usage_daily.c.user_id == user_id, usage_daily.c.day == day
        )
        async with self._tx() as conn:
            row = (await conn.execute(query)).first()
        if row is None:
            return UsageTotals(user_id=user_id, day=day)
        return UsageTotals.model_validate(row._asdict())

    # -- forgetting ---------------------------------------------------------------

    async def forget_user(self, user_id: int) -> ForgetResult:
        """Delete the user's documents, versions, dialog state and usage, in one transaction.

        The account row itself (channel + external id) stays, with its display name
        cleared, so a conversation in progress can go on saving state under the same id.
        """
        owned_docs = select(documents.c.id).where(documents.c.user_id == user_id)
        async with self._tx() as conn:
            gone_versions = await conn.execute(
                delete(versions).where(versions.c.document_id.in_(owned_docs))
            )
            gone_docs = await conn.execute(delete(documents).where(documents.c.user_id == user_id))
            gone_states = await conn.execute(
                delete(dialog_states).where(dialog_states.c.user_id == user_id)
            )
            gone_usage = await conn.execute(
                delete(usage_daily).where(usage_daily.c.user_id == user_id)
            )
            await conn.execute(
                update(users)
                .where(users.c.id == user_id)
                .values(display_name=None, updated_at=self._clock())
            )
        return ForgetResult(
            documents=gone_docs.rowcount,
            versions=gone_versions.rowcount,
            states=gone_states.rowcount,
            usage_days=gone_usage.rowcount,
        )
