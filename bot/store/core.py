"""The store's plumbing: engine, clock, one-transaction-per-call, dialect upserts."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any, Self

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.store import migrate as migrations
from bot.store.engine import make_engine
from bot.store.errors import StoreError

# Quota days follow the users' clock (China has no daylight saving time).
CHINA_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")


def utc_now() -> datetime:
    return datetime.now(UTC)


def clip(text: str | None, limit: int) -> str | None:
    if text is None:
        return None
    text = text.strip()
    return text[:limit] if text else None


def code(value: str, limit: int, what: str) -> str:
    # Channels, kinds and sources are program-chosen codes, not user text.
    if not value or len(value) > limit:
        raise ValueError(f"{what} must be 1..{limit} characters, got {value!r}")
    return value


class StoreCore:
    """Connection, clock and transactions shared by the store's method groups."""

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
    ) -> Self:
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

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    @property
    def engine(self) -> AsyncEngine:
        return self._engine

    def today(self) -> date:
        """The current usage day in the store's time zone."""
        return self._clock().astimezone(self._day_zone).date()

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
