"""Bring a database to the newest schema, from code, at start-up.

Alembic runs on the store's own connection (no alembic.ini needed at run time): a
fresh database gets every table, an older one the missing revisions, a current one
nothing. The revision files live in `bot/store/migrations/versions/`.

Alembic's `context` is process-global, so migrate once per process (at start-up),
not from several coroutines at once. Across processes, PostgreSQL serialises start-ups
with an advisory lock; SQLite with its own write lock.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store.errors import StoreError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# Several bot instances may start at once on one PostgreSQL database (webhook mode):
# the first migrates, the others wait on this transaction-scoped lock, then find head.
_PG_MIGRATION_LOCK = 0x5A3F_2025


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", MIGRATIONS_DIR.as_posix())
    return config


def head_revision() -> str | None:
    """The newest revision this code knows."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _upgrade(connection: Connection, target: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
    known = ScriptDirectory.from_config(config)
    current = MigrationContext.configure(connection).get_current_revision()
    if current is not None:
        try:
            known.get_revision(current)
        except CommandError as exc:
            raise StoreError("数据库由更新版本的程序创建，请升级本程序后再使用。") from exc
    command.upgrade(config, target)


async def upgrade(engine: AsyncEngine, target: str = "head") -> None:
    """Apply every migration up to `target` in one transaction."""
    try:
        async with engine.begin() as conn:
            await conn.run_sync(_upgrade, target)
    except CommandError as exc:
        raise StoreError("数据库结构升级失败，请查看日志。") from exc
    except (SQLAlchemyError, OSError) as exc:
        raise StoreError(
            "无法打开数据库，请检查 DATABASE_URL、文件权限或数据库服务是否可用。"
        ) from exc


async def current_revision(engine: AsyncEngine) -> str | None:
    """The revision the database is at (None for a database never migrated)."""
    async with engine.connect() as conn:
        return await conn.run_sync(
            lambda sync: MigrationContext.configure(sync).get_current_revision()
        )
