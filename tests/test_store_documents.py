"""A user's drafts: listing, owner scoping, meta, and immutable numbered versions with undo."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.store import DocumentNotFoundError, Store, User


class TickingClock:
    """Each reading is one second later, so "newest first" is well defined."""

    def __init__(self) -> None:
        self.now = datetime(2025, 7, 1, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    opened = await Store.open(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}", clock=TickingClock())
    yield opened
    await opened.close()


@pytest.fixture
async def me(store: Store) -> User:
    return await store.get_or_create_user("telegram", "100", "赵书记")


@pytest.fixture
async def someone(store: Store) -> User:
    return await store.get_or_create_user("telegram", "200", "钱书记")


async def test_create_get_and_list_newest_first(store: Store, me: User) -> None:
    older = await store.create_document(me.id, "shuzhi", "2025年度述职报告", {"brief": {"a": 1}})
    newer = await store.create_document(me.id, "zongjie_half", "2025年上半年工作总结")
    assert older.version_count == 0 and older.current_version is None

    listed = await store.list_documents(me.id)
    assert [d.id for d in listed] == [newer.id, older.id]

    await store.add_version(older.id, "正文", "初稿", "draft")  # a change moves it to the top
    listed = await store.list_documents(me.id)
    assert [d.id for d in listed] == [older.id, newer.id]
    assert (listed[0].version_count, listed[0].current_version) == (1, 1)
    assert listed[0].updated_at > listed[1].updated_at
    assert [d.id for d in await store.list_documents(me.id, limit=1)] == [older.id]

    got = await store.get_document(older.id, me.id)
    assert got is not None
    assert got.title == "2025年度述职报告"
    assert got.meta == {"brief": {"a": 1}}


async def test_rename_and_blank_title(store: Store, me: User) -> None:
    doc = await store.create_document(me.id, "shuzhi", "   ")
    assert doc.title == "未命名文稿"
    renamed = await store.rename_document(doc.id, me.id, "  民政局党组书记述职  ")
    assert renamed is not None and renamed.title == "民政局党组书记述职"
    long = await store.rename_document(doc.id, me.id, "长" * 500)
    assert long is not None and len(long.title) == 200


async def test_meta_merges_keys_or_replaces_whole(store: Store, me: User) -> None:
    doc = await store.create_document(me.id, "shuzhi", "述职", {"brief": {"period": "2025年度"}})
    merged = await store.update_meta(doc.id, me.id, {"facts": [{"id": "f1", "text": "学习12次"}]})
    assert merged is not None
    assert merged.meta == {
        "brief": {"period": "2025年度"},
        "facts": [{"id": "f1", "text": "学习12次"}],
    }
    fixed = await store.update_meta(doc.id, me.id, {"facts": [{"id": "f1", "text": "学习15次"}]})
    assert fixed is not None and fixed.meta["facts"][0]["text"] == "学习15次"
    replaced = await store.update_meta(doc.id, me.id, {"outline": []}, replace=True)
    assert replaced is not None and replaced.meta == {"outline": []}


async def test_another_user_cannot_see_change_or_delete_my_document(
    store: Store, me: User, someone: User
) -> None:
    doc = await store.create_document(me.id, "shuzhi", "我的述职")
    await store.add_version(doc.id, "我的正文", "初稿", "draft")

    assert await store.get_document(doc.id, someone.id) is None
    assert await store.list_documents(someone.id) == []
    assert await store.rename_document(doc.id, someone.id, "被改了") is None
    assert await store.update_meta(doc.id, someone.id, {"x": 1}) is None
    assert await store.delete_document(doc.id, someone.id) is False
    assert await store.list_versions(doc.id, user_id=someone.id) == []
    assert await store.get_version(doc.id, 1, user_id=someone.id) is None
    assert await store.latest_version(doc.id, user_id=someone.id) is None
    assert await store.get_current_version(doc.id, user_id=someone.id) is None
    assert await store.set_current_version(doc.id, 1, user_id=someone.id) is False
    with pytest.raises(DocumentNotFoundError):
        await store.add_version(doc.id, "篡改", "x", "revise", user_id=someone.id)

    mine = await store.get_document(doc.id, me.id)
    assert mine is not None and mine.title == "我的述职" and mine.version_count == 1
    assert (await store.latest_version(doc.id, user_id=me.id)) is not None


async def test_versions_are_numbered_per_document(store: Store, me: User) -> None:
    a = await store.create_document(me.id, "shuzhi", "甲")
    b = await store.create_document(me.id, "shuzhi", "乙")
    assert [await store.add_version(a.id, f"甲{i}", "", "draft") for i in range(3)] == [1, 2, 3]
    assert await store.add_version(b.id, "乙1", "初稿", "draft") == 1

    listed = await store.list_versions(a.id)
    assert [(v.number, v.text) for v in listed] == [(1, "甲0"), (2, "甲1"), (3, "甲2")]
    second = await store.get_version(a.id, 2)
    assert second is not None and second.text == "甲1"
    assert await store.get_version(a.id, 4) is None
    latest = await store.latest_version(b.id)
    assert latest is not None and (latest.number, latest.note, latest.source) == (
        1,
        "初稿",
        "draft",
    )


async def test_undo_moves_the_pointer_and_keeps_every_version(store: Store, me: User) -> None:
    doc = await store.create_document(me.id, "shuzhi", "述职")
    await store.add_version(doc.id, "第一稿", "初稿", "draft")
    await store.add_version(doc.id, "第二稿", "第二部分更具体", "revise")

    assert await store.set_current_version(doc.id, 1) is True
    current = await store.get_current_version(doc.id)
    assert current is not None and current.text == "第一稿"
    latest = await store.latest_version(doc.id)
    assert latest is not None and latest.text == "第二稿"
    assert await store.set_current_version(doc.id, 9) is False  # no such version: unchanged
    current = await store.get_current_version(doc.id)
    assert current is not None and current.number == 1

    # Revising after an undo appends; nothing is overwritten.
    assert await store.add_version(doc.id, "第三稿", "开头换写法", "revise") == 3
    got = await store.get_document(doc.id, me.id)
    assert got is not None and (got.current_version, got.version_count) == (3, 3)
    assert [v.text for v in await store.list_versions(doc.id)] == ["第一稿", "第二稿", "第三稿"]


async def test_delete_takes_the_versions_with_it(store: Store, me: User) -> None:
    doc = await store.create_document(me.id, "shuzhi", "述职")
    keep = await store.create_document(me.id, "shuzhi", "保留")
    await store.add_version(doc.id, "正文", "", "draft")
    await store.add_version(keep.id, "保留的正文", "", "draft")

    assert await store.delete_document(doc.id, me.id) is True
    assert await store.get_document(doc.id, me.id) is None
    assert await store.list_versions(doc.id) == []
    assert await store.delete_document(doc.id, me.id) is False
    with pytest.raises(DocumentNotFoundError) as caught:
        await store.add_version(doc.id, "迟到的修改", "", "revise")
    assert "找不到这份文稿" in caught.value.message
    assert [v.text for v in await store.list_versions(keep.id)] == ["保留的正文"]


async def test_concurrent_versions_get_distinct_numbers(store: Store, me: User) -> None:
    doc = await store.create_document(me.id, "shuzhi", "并发")
    numbers = await asyncio.gather(
        *(store.add_version(doc.id, f"稿{i}", "", "draft") for i in range(20))
    )
    assert sorted(numbers) == list(range(1, 21))
    got = await store.get_document(doc.id, me.id)
    assert got is not None and got.version_count == 20


async def test_long_text_is_kept_whole(store: Store, me: User) -> None:
    doc = await store.create_document(me.id, "shuzhi", "长文")
    text = "一、政治建设\n" + "坚持以习近平新时代中国特色社会主义思想为指导。" * 2000
    n = await store.add_version(doc.id, text, "备注" * 400, "tighten")
    version = await store.get_version(doc.id, n)
    assert version is not None and version.text == text
    assert len(version.note) == 500
