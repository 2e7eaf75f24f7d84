"""Pieces of the Telegram front a user notices without a whole conversation:
pacing under Telegram's limits, buttons whose data is too long, message splitting,
the webhook's secret token, and `python -m bot run` refusing clearly."""

from __future__ import annotations

import argparse
import json
import logging
from collections.abc import AsyncIterator
from typing import Literal

import aiohttp
import pytest
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import SendMessage
from aiohttp import web
from pydantic import SecretStr

from bot.cli import run_cmd
from bot.config import Settings
from bot.dialog.events import Emit, ProgressReply, TextEvent, TextReply, UserRef
from bot.telegram.app import create_bot
from bot.telegram.bridge import FrontEvent
from bot.telegram.callbacks import ButtonCallback, ButtonCodec
from bot.telegram.formatting import split_plain
from bot.telegram.pacing import Pacer, PacingConfig
from bot.telegram.progress import ProgressOptions, ProgressView
from bot.telegram.runner import webhook_app
from tests.fakes.telegram_server import EntityError, FakeTelegram, parse_html


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.now += seconds


def retry_after(seconds: int) -> TelegramRetryAfter:
    method = SendMessage(chat_id=1, text="x")
    return TelegramRetryAfter(method=method, message="Too Many Requests", retry_after=seconds)


async def test_the_pacer_spaces_sends_per_chat_and_slower_in_groups() -> None:
    clock = FakeClock()
    pacer = Pacer(PacingConfig(global_interval=0), clock=clock, sleep=clock.sleep)
    for _ in range(3):
        await pacer.acquire(7)
    for _ in range(3):
        await pacer.acquire(-7)
    assert clock.sleeps == [1.0, 1.0, 3.0, 3.0]  # 1/s in private, 20/min in a group


async def test_the_pacer_waits_retry_after_then_retries() -> None:
    clock = FakeClock()
    pacer = Pacer(PacingConfig(global_interval=0), clock=clock, sleep=clock.sleep)
    answers: list[BaseException | str] = [retry_after(5), "ok"]

    async def call() -> str:
        answer = answers.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        return answer

    assert await pacer.run(7, call) == "ok"
    assert pacer.retries == 1
    assert sum(clock.sleeps) >= 5


async def test_the_pacer_gives_up_after_a_bounded_number_of_429s() -> None:
    clock = FakeClock()
    pacer = Pacer(PacingConfig(max_retries=2), clock=clock, sleep=clock.sleep)
    calls = 0

    async def call() -> str:
        nonlocal calls
        calls += 1
        raise retry_after(1)

    with pytest.raises(TelegramRetryAfter):
        await pacer.run(7, call)
    assert calls == 3


def test_button_data_of_any_length_fits_telegrams_64_bytes_and_comes_back() -> None:
    codec = ButtonCodec()
    for data in ("kind:述职报告", "a|b", "修改：" + "第二部分再具体些" * 10):
        packed = codec.encode(data)
        assert len(packed.encode()) <= 64
        assert codec.decode(ButtonCallback.unpack(packed)) == data


def test_forgotten_long_button_data_reads_as_expired() -> None:
    codec = ButtonCodec(max_tokens=1)
    first = codec.encode("x" * 100)
    codec.encode("y" * 100)
    assert codec.decode(ButtonCallback.unpack(first)) is None


def test_long_plain_text_is_split_escaped_and_nothing_is_lost() -> None:
    text = "\n".join(f"第{i}条：<注意>&“规范表述”" + "字" * 300 for i in range(40))
    text += "\n" + "长" * 9000
    chunks = split_plain(text)
    assert len(chunks) > 3
    assert all(len(c) <= 4096 for c in chunks)
    visible = [parse_html(c) for c in chunks]  # the fake's Telegram-like parser accepts them
    assert "".join(visible).replace("\n", "") == text.replace("\n", "")


@pytest.mark.parametrize("bad", ["<foo>x</foo>", "<b>x", "a < b", "<b><i>x</b></i>", "&nbsp;"])
def test_the_fake_rejects_html_that_telegram_rejects(bad: str) -> None:
    with pytest.raises(EntityError):
        parse_html(bad)


class Echo:
    def __init__(self) -> None:
        self.events: list[FrontEvent] = []

    async def handle(self, user: UserRef, event: FrontEvent, emit: Emit) -> None:
        self.events.append(event)
        await emit(TextReply(text="收到"))


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    server = FakeTelegram()
    await server.start()
    yield server
    await server.stop()


async def test_the_webhook_accepts_only_requests_with_the_secret_token(
    fake: FakeTelegram,
) -> None:
    engine = Echo()
    settings = Settings(
        bot_token=fake.token,
        telegram_api_base=fake.base_url,
        webhook_url="https://bot.example.org/tg/hook",
        webhook_secret=SecretStr("s3cret-token"),
    )

    runner = web.AppRunner(await webhook_app(settings, engine))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/tg/hook"
    update = {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": 5, "type": "private"},
            "from": {"id": 5, "is_bot": False, "first_name": "王"},
            "text": "你好",
        },
    }
    try:
        assert fake.webhooks[0]["url"] == settings.webhook_url
        assert fake.webhooks[0]["secret_token"] == "s3cret-token"
        async with aiohttp.ClientSession() as http:
            headers = {"X-Telegram-Bot-Api-Secret-Token": "wrong"}
            async with http.post(url, data=json.dumps(update), headers=headers) as resp:
                assert resp.status == 401
            headers = {"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"}
            async with http.post(url, json=update, headers=headers) as resp:
                assert resp.status == 200
        [reply] = await fake.wait_messages(5, 1)
    finally:
        await runner.cleanup()
    assert reply.visible == "收到"
    assert engine.events == [TextEvent(text="你好")]


def test_run_without_a_token_refuses_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code = run_cmd.run(argparse.Namespace(host="127.0.0.1", port=0), Settings())
    assert code == 2
    assert "未设置 BOT_TOKEN" in capsys.readouterr().err


def _progress(status: Literal["started", "writing", "done", "failed"]) -> ProgressReply:
    return ProgressReply(index=0, total=1, heading="一、履职情况", status=status, text="正文")


FAST = ProgressOptions(draft_interval=0, edit_interval_private=0, edit_interval_group=0)


async def test_an_edit_telegram_calls_not_modified_is_not_an_error(
    fake: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(bot_token=fake.token, telegram_api_base=fake.base_url)
    bot = create_bot(settings, pacer=Pacer(PacingConfig(group_interval=0, global_interval=0)))
    view = ProgressView(bot, -5, private=False, options=FAST)
    try:
        await view.update(_progress("writing"))
        [message] = fake.messages(-5)
        # An earlier edit landed although its answer was lost: Telegram already shows it.
        message.text = "撰写完成：已完成 1/1 部分\n✅ 一、履职情况"
        await view.update(_progress("done"))
        await view.finish()
    finally:
        await bot.session.close()
    [error] = fake.errors
    assert error.description.startswith("Bad Request: message is not modified")
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert fake.messages(-5)[0].visible.startswith("撰写完成")


async def test_when_drafts_fail_progress_falls_back_to_one_edited_message(
    fake: FakeTelegram,
) -> None:
    fake.drafts_supported = False
    settings = Settings(bot_token=fake.token, telegram_api_base=fake.base_url)
    bot = create_bot(settings, pacer=Pacer(PacingConfig(private_interval=0, global_interval=0)))
    view = ProgressView(bot, 5, private=True, options=FAST)
    try:
        await view.update(_progress("started"))
        await view.update(_progress("writing"))
        await view.update(_progress("done"))
        await view.finish()
    finally:
        await bot.session.close()
    [message] = fake.messages(5)
    assert message.visible == "撰写完成：已完成 1/1 部分\n✅ 一、履职情况"
    assert len(message.history) == 2  # edited in place, not re-sent
