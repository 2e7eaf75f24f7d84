"""The schema comes from migrations, reaches head on start-up and matches the models."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from bot.config import Settings
from bot.store import Store, StoreError
from bot.store.migrate import alembic_config, current_revision, head_revision
from bot.store.tables import metadata

TABLES = {"users", "dialog_states", "documents", "versions", "usage_daily"}


def _url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path.as_posix()}"


def _table_names(conn: Connection) -> set[str]:
    return set(inspect(conn).get_table_names())


async def test_fresh_database_gets_every_table_at_head(tmp_path: Path) -> None:
    store = await Store.open(_url(tmp_path / "fresh.db"))
    try:
        async with store.engine.connect() as conn:
            names = await conn.run_sync(_table_names)
        assert names >= TABLES
        assert await current_revision(store.engine) == head_revision() is not None
    finally:
        await store.close()


async def test_migrating_twice_changes_nothing_and_keeps_data(tmp_path: Path) -> None:
    url = _url(tmp_path / "twice.db")
    store = await Store.open(url)
    user = await store.get_or_create_user("terminal", "local", "王书记")
    await store.migrate()
    await store.close()

    again = await Store.open(url)
    try:
        await again.migrate()
        assert await current_revision(again.engine) == head_revision()
        same = await again.get_or_create_user("terminal", "local")
        assert same.id == user.id
        assert same.display_name == "王书记"
    finally:
        await again.close()


async def test_head_matches_the_models(tmp_path: Path) -> None:
    store = await Store.open(_url(tmp_path / "diff.db"))

    def diff(conn: Connection) -> list[object]:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, metadata))

    try:
        async with store.engine.connect() as conn:
            assert await conn.run_sync(diff) == []
    finally:
        await store.close()


async def test_downgrade_to_base_then_upgrade_again(tmp_path: Path) -> None:
    store = await Store.open(_url(tmp_path / "down.db"))

    def downgrade(conn: Connection) -> set[str]:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, "base")
        return _table_names(conn)

    try:
        async with store.engine.begin() as conn:
            assert not (await conn.run_sync(downgrade)) & TABLES
        await store.migrate()
        user = await store.get_or_create_user("telegram", "1")
        assert user.id >= 1
    finally:
        await store.close()


async def test_database_from_a_newer_program_is_refused_clearly(tmp_path: Path) -> None:
    url = _url(tmp_path / "newer.db")
    store = await Store.open(url)
    async with store.engine.begin() as conn:
        await conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    await store.close()

    with pytest.raises(StoreError) as caught:
        await Store.open(url)
    assert "更新版本" in caught.value.message


async def test_data_directory_is_created(tmp_path: Path) -> None:
    target = tmp_path / "nested" / "data" / "bot.db"
    store = await Store.open(f"sqlite:///{target.as_posix()}")  # plain URL, async driver chosen
    await store.close()
    assert target.is_file()


async def test_default_settings_url_opens_under_the_data_directory(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "数据", database_url=None)
    store = await Store.open(settings.effective_database_url)
    await store.close()
    assert (tmp_path / "数据" / "bot.db").is_file()


@pytest.mark.parametrize(
    "url",
    ["mysql://root@localhost/bot", "not a url at all", "oracle+cx_oracle://u:p@h/db"],
)
async def test_unsupported_or_malformed_url_gets_a_chinese_message(url: str) -> None:
    with pytest.raises(StoreError) as caught:
        await Store.open(url)
    assert "DATABASE_URL" in caught.value.message


async def test_a_file_that_is_not_a_database_is_refused_clearly(tmp_path: Path) -> None:
    bogus = tmp_path / "bot.db"
    bogus.write_bytes(b"PK\x03\x04 this is a zip, not SQLite " * 100)
    with pytest.raises(StoreError) as caught:
        await Store.open(_url(bogus))
    assert "无法打开数据库" in caught.value.message
