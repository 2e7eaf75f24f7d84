"""Alembic environment.

`bot.store.migrate` passes an open connection in `config.attributes["connection"]`.
When Alembic's own command line is used instead (`alembic -c bot/store/alembic.ini
revision --autogenerate -m "…"`), the URL comes from `DATABASE_URL` or the ini file.
"""

from __future__ import annotations

import asyncio
import os

from alembic import context
from sqlalchemy.engine import Connection

from bot.store.engine import async_url, make_engine
from bot.store.tables import metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _url() -> str:
    return os.environ.get("DATABASE_URL") or context.config.get_main_option(
        "sqlalchemy.url", "sqlite+aiosqlite:///data/bot.db"
    )


async def _run_own_engine() -> None:
    engine = make_engine(_url())
    try:
        async with engine.begin() as conn:
            await conn.run_sync(_run)
    finally:
        await engine.dispose()


def main() -> None:
    if context.is_offline_mode():
        context.configure(url=async_url(_url()), target_metadata=metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
    else:
        asyncio.run(_run_own_engine())


main()
