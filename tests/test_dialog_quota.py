"""The daily token quota: usage recorded per call, a clear stop, and continuing later."""

from __future__ import annotations

from bot.dialog.ports import MemoryStore
from tests.test_dialog_support import Chat, make_engine, through_basics, through_interview


async def test_usage_is_recorded_and_shown_against_the_quota() -> None:
    engine, store, _ = make_engine(limits={"daily_token_quota": 10_000})
    chat = Chat(engine)
    await through_basics(chat)
    await through_interview(chat)  # extract: 150 tokens
    await chat.tap("确认，生成提纲")
    await chat.tap("确认，开始起草")  # draft: 1800 tokens
    used = await store.usage_today(1)
    assert used.total_tokens == 1950 and used.calls == 2
    await chat.cmd("usage")
    shown = chat.all_text(chat.replies[-2:])
    assert "今日已用1950个词元" in shown and "每日上限10000个" in shown and "还剩8050个" in shown
    assert chat.last_report().version == 1  # /usage re-shows where the user was


async def test_quota_reached_stops_before_the_call_and_keeps_the_state() -> None:
    store = MemoryStore()
    engine, _, writer = make_engine(store, limits={"daily_token_quota": 100})
    chat = Chat(engine)
    await through_basics(chat)
    await through_interview(chat)  # extract spends 150 tokens: the quota is now used up
    calls = len(writer.calls)
    await chat.tap("确认，生成提纲")
    assert "今日用量已达上限" in chat.last_text() and "明天再试" in chat.last_text()
    assert "内容都已保存" in chat.last_text()
    assert len(writer.calls) == calls  # no LLM call was made
    await chat.cmd("usage")
    assert "已达上限" in chat.all_text(chat.replies[-3:])
    # the next day: the usage is reset, 继续 picks up the outline where the user stopped
    store._usage.clear()
    await chat.tap("继续")
    assert "提纲如下" in chat.last_text()
    await chat.tap("确认，开始起草")
    assert chat.last_report().version == 1
    assert writer.calls[-1] == ("draft", None)


async def test_zero_quota_means_unlimited() -> None:
    engine, _, _ = make_engine(limits={"daily_token_quota": 0})
    chat = Chat(engine)
    await through_basics(chat)
    await through_interview(chat)
    await chat.tap("确认，生成提纲")
    await chat.tap("确认，开始起草")
    assert chat.last_report().version == 1
    await chat.cmd("usage")
    assert "每日用量不限" in chat.all_text(chat.replies[-3:])
