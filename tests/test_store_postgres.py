"""The same store on PostgreSQL. Runs only when TEST_POSTGRES_URL names a disposable database.

Example: TEST_POSTGRES_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/storetest
The test drops the store's tables before and after, so never point it at real data.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.engine import Connection

from bot.store import Store
from bot.store.engine import make_engine
from bot.store.tables import metadata

URL = os.environ.get("TEST_POSTGRES_URL", "")

pytestmark = pytest.mark.skipif(
    not URL, reason="TEST_POSTGRES_URL is not set (a throwaway PostgreSQL database)"
)


async def _drop_everything() -> None:
    engine = make_engine(URL)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(metadata.drop_all)
            await conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    finally:
        await engine.dispose()


@pytest.fixture
async def store() -> AsyncIterator[Store]:
    pytest.importorskip("asyncpg", reason="install the postgres extra: pip install asyncpg")
    await _drop_everything()
    opened = await Store.open(URL)
    yield opened
    await opened.close()
    await _drop_everything()


async def test_round_trip_on_postgres(store: Store) -> None:
    me = await store.get_or_create_user("telegram", "1", "孙书记")
    other = await store.get_or_create_user("telegram", "2")
    assert (await store.get_or_create_user("telegram", "1")).id == me.id

    doc = await store.create_document(me.id, "shuzhi", "述职", {"facts": ["学习12次"]})
    numbers = await asyncio.gather(
        *(store.add_version(doc.id, f"稿{i}", "", "draft") for i in range(10))
    )
    assert sorted(numbers) == list(range(1, 11))
    assert await store.set_current_version(doc.id, 3)
    current = await store.get_current_version(doc.id)
    assert current is not None and current.number == 3
    merged = await store.update_meta(doc.id, me.id, {"outline": ["一、"]})
    assert merged is not None and merged.meta == {"facts": ["学习12次"], "outline": ["一、"]}
    assert await store.get_document(doc.id, other.id) is None

    await store.save_state(me.id, {"step": "a"})
    await store.save_state(me.id, {"step": "b"})
    assert await store.load_state(me.id) == {"step": "b"}

    await store.add_usage(me.id, 10, 5, day=date(2025, 1, 1))
    totals = await store.add_usage(me.id, 10, 5, day=date(2025, 1, 1))
    assert (totals.total_tokens, totals.calls) == (30, 2)

    result = await store.forget_user(me.id)
    assert (result.documents, result.versions, result.states, result.usage_days) == (1, 10, 1, 1)


async def test_postgres_schema_matches_the_models(store: Store) -> None:
    def diff(conn: Connection) -> list[object]:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, metadata))

    async with store.engine.connect() as conn:
        assert await conn.run_sync(diff) == []


async def test_several_instances_starting_at_once_migrate_once() -> None:
    pytest.importorskip("asyncpg", reason="install the postgres extra: pip install asyncpg")
    await _drop_everything()
    # Without the migration lock this deadlocks, hence the bound.
    stores = await asyncio.wait_for(
        asyncio.gather(*(Store.open(URL) for _ in range(4))), timeout=60
    )
    try:
        users = [await s.get_or_create_user("telegram", "9") for s in stores]
        assert len({u.id for u in users}) == 1
    finally:
        for s in stores:
            await s.close()
        await _drop_everything()
