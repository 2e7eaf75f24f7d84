"""Users, dialog state, daily usage and /forget, as the dialog engine and fronts use them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.store import Store


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2025, 12, 31, 16, 30, tzinfo=UTC))  # 00:30 on 1 January in Beijing


@pytest.fixture
async def store(tmp_path: Path, clock: FakeClock) -> AsyncIterator[Store]:
    opened = await Store.open(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}", clock=clock)
    yield opened
    await opened.close()


async def test_same_channel_and_id_is_the_same_user(store: Store) -> None:
    first = await store.get_or_create_user("telegram", "12345", "李书记")
    again = await store.get_or_create_user("telegram", "12345")
    other_channel = await store.get_or_create_user("terminal", "12345")
    assert again.id == first.id
    assert again.display_name == "李书记"
    assert other_channel.id != first.id
    assert (await store.get_user(first.id)) == again


async def test_new_display_name_replaces_the_old_one(store: Store) -> None:
    user = await store.get_or_create("telegram", "7", "老张")
    renamed = await store.get_or_create("telegram", "7", "张支书")
    assert renamed.id == user.id
    assert renamed.display_name == "张支书"


async def test_state_round_trips_and_is_replaced(store: Store, clock: FakeClock) -> None:
    user = await store.get_or_create_user("terminal", "local")
    assert await store.load_state(user.id) is None

    await store.save_state(user.id, {"step": "interview", "answers": {"理论学习": "集体学习12次"}})
    clock.now += timedelta(minutes=5)
    await store.save_state(user.id, {"step": "outline", "answers": {"理论学习": "集体学习15次"}})

    record = await store.get_state(user.id)
    assert record is not None
    assert record.state == {"step": "outline", "answers": {"理论学习": "集体学习15次"}}
    assert record.updated_at == clock.now
    assert await store.clear_state(user.id) is True
    assert await store.load_state(user.id) is None


async def test_usage_accumulates_per_user_per_day(store: Store, clock: FakeClock) -> None:
    me = await store.get_or_create_user("telegram", "1")
    other = await store.get_or_create_user("telegram", "2")

    await store.add_usage(me.id, 1000, 200)
    totals = await store.add_usage(me.id, 500, 300)
    await store.add_usage(other.id, 9, 9)
    assert (totals.prompt_tokens, totals.completion_tokens, totals.calls) == (1500, 500, 2)
    assert totals.total_tokens == 2000
    # 16:30 UTC is already 1 January in Beijing: the quota day follows the users' clock.
    assert totals.day == date(2026, 1, 1) == store.today()

    clock.now += timedelta(days=1)
    assert (await store.usage_on(me.id)).total_tokens == 0
    await store.add_usage(me.id, 10, 5)
    assert (await store.usage_on(me.id)).total_tokens == 15
    assert (await store.usage_on(me.id, date(2026, 1, 1))).total_tokens == 2000
    assert (await store.usage_on(other.id, date(2026, 1, 1))).total_tokens == 18


async def test_usage_for_an_explicit_day(store: Store) -> None:
    user = await store.get_or_create_user("telegram", "1")
    await store.add_usage(user.id, 10, 1, day=date(2025, 6, 30))
    assert (await store.usage_on(user.id, date(2025, 6, 30))).calls == 1
    assert (await store.usage_on(user.id)).calls == 0


async def test_negative_tokens_are_rejected(store: Store) -> None:
    user = await store.get_or_create_user("telegram", "1")
    with pytest.raises(ValueError):
        await store.add_usage(user.id, -1, 0)


async def test_forget_removes_everything_of_that_user_and_nothing_of_another(
    store: Store,
) -> None:
    me = await store.get_or_create_user("telegram", "1", "我")
    other = await store.get_or_create_user("telegram", "2", "别人")
    for user in (me, other):
        for n in range(2):
            doc = await store.create_document(user.id, "shuzhi", f"述职报告{n}", {"facts": [n]})
            await store.add_version(doc.id, "一、政治建设", "初稿", "draft")
            await store.add_version(doc.id, "一、政治建设（修改）", "修改", "revise")
        await store.save_state(user.id, {"step": "drafting"})
        await store.add_usage(user.id, 100, 50)

    result = await store.forget_user(me.id)

    assert (result.documents, result.versions, result.states, result.usage_days) == (2, 4, 1, 1)
    assert await store.list_documents(me.id) == []
    assert await store.load_state(me.id) is None
    assert (await store.usage_on(me.id)).total_tokens == 0
    kept = await store.get_user(me.id)
    assert kept is not None and kept.display_name is None  # the id stays valid, the name goes

    assert len(await store.list_documents(other.id)) == 2
    for doc in await store.list_documents(other.id):
        assert [v.number for v in await store.list_versions(doc.id)] == [1, 2]
    assert await store.load_state(other.id) == {"step": "drafting"}
    assert (await store.usage_on(other.id)).total_tokens == 150
    assert (await store.get_user(other.id)) == other

    # The conversation may go on after /forget under the same id.
    await store.save_state(me.id, {"step": "start"})
    assert (await store.forget_user(me.id)).states == 1
    assert (await store.forget_user(me.id)).nothing


async def test_user_ids_must_be_program_codes(store: Store) -> None:
    with pytest.raises(ValueError):
        await store.get_or_create_user("", "1")
