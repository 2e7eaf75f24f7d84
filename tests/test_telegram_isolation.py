"""One event at a time per user: in-process by default, through Redis when REDIS_URL is set."""

from __future__ import annotations

import pytest
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.fsm.storage.redis import RedisEventIsolation

from bot.config import load_settings
from bot.telegram.app import event_isolation


def test_single_instance_locks_in_process() -> None:
    assert isinstance(event_isolation(load_settings()), SimpleEventIsolation)


async def test_redis_url_shares_the_lock_between_instances(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6399/0")
    isolation = event_isolation(load_settings())
    try:
        assert isinstance(isolation, RedisEventIsolation)
        kwargs = isolation.redis.connection_pool.connection_kwargs
        assert (kwargs["host"], kwargs["port"], kwargs["db"]) == ("127.0.0.1", 6399, 0)
    finally:
        await isolation.close()
