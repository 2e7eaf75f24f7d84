"""Build the async engine for a database URL: SQLite (default) or PostgreSQL, same code.

SQLite connections get WAL, foreign keys, a busy timeout and `synchronous=FULL`, so a
committed write survives the process being killed (and a power cut) and `ON DELETE
CASCADE` really cascades; every transaction is `BEGIN IMMEDIATE`, so schema changes
are all-or-nothing and concurrent processes queue instead of failing. JSON is written as UTF-8 text, Chinese left readable.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.store.errors import StoreError

# Plain URLs people copy from docs, mapped to the async driver we ship with.
_ASYNC_DRIVERS = {
    "sqlite": "sqlite+aiosqlite",
    "sqlite+pysqlite": "sqlite+aiosqlite",
    "postgres": "postgresql+asyncpg",
    "postgresql": "postgresql+asyncpg",
    "postgresql+psycopg2": "postgresql+asyncpg",
}
_SUPPORTED = {"sqlite", "postgresql"}

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=10000",
)


def async_url(url: str) -> URL:
    """Parse `url` and switch a sync driver to its async twin; reject other databases."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError("数据库地址（DATABASE_URL）格式不正确，请检查。") from exc
    driver = _ASYNC_DRIVERS.get(parsed.drivername)
    if driver is not None:
        parsed = parsed.set(drivername=driver)
    if parsed.get_backend_name() not in _SUPPORTED:
        raise StoreError("暂只支持 SQLite 和 PostgreSQL 数据库，请检查 DATABASE_URL。")
    return parsed


def sqlite_file(url: URL) -> Path | None:
    """The database file of a SQLite URL, or None for an in-memory database."""
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return None
    return Path(database)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Take transaction control from the driver, which would not BEGIN before DDL
    # (a migration killed half-way would leave half a schema) nor before SELECTs.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()


def _begin_immediate(conn: Connection) -> None:
    # Every transaction takes the write lock up front: DDL is atomic, and a transaction
    # never fails half-way upgrading a read lock while another process writes.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str, **engine_options: Any) -> AsyncEngine:
    """Create the engine; for a SQLite file, create its directory first."""
    parsed = async_url(url)
    path = sqlite_file(parsed)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"无法创建数据目录“{path.parent}”，请检查路径和权限。") from exc
    options: dict[str, Any] = {"json_serializer": _dumps}
    if parsed.get_backend_name() == "postgresql":
        options["pool_pre_ping"] = True
    options.update(engine_options)
    try:
        engine = create_async_engine(parsed, **options)
    except ModuleNotFoundError as exc:
        raise StoreError(
            "缺少数据库驱动：使用 PostgreSQL 请先安装 asyncpg（pip install asyncpg）。"
        ) from exc
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine.sync_engine, "connect", _set_sqlite_pragmas)
        event.listen(engine.sync_engine, "begin", _begin_immediate)
    return engine
