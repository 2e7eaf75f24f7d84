"""The Telegram front end to end: the real aiogram Bot + Dispatcher polling a fake Bot API,
with a small scripted engine standing in for the dialog engine."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest

from bot.config import Settings
from bot.dialog.events import (
    Button,
    ButtonEvent,
    CommandEvent,
    DocumentReply,
    Emit,
    FileEvent,
    ProgressReply,
    ReportReply,
    TextEvent,
    TextReply,
    UserRef,
)
from bot.telegram.access import REFUSAL
from bot.telegram.app import COMMANDS, create_bot, create_dispatcher
from bot.telegram.bridge import FrontEvent
from bot.telegram.pacing import Pacer, PacingConfig
from bot.telegram.progress import ProgressOptions
from bot.telegram.routers.files import NOT_A_FILE, UNSUPPORTED
from tests.fakes.telegram_server import FakeTelegram, FloodRule

USER = 1001
GROUP = -100200300
FAST_PACING = PacingConfig(private_interval=0, group_interval=0, global_interval=0)
FAST_PROGRESS = ProgressOptions(draft_interval=0, edit_interval_private=0, edit_interval_group=0)
LONG_DATA = "revise:" + "第二部分再具体些" * 6  # > 64 bytes once encoded
DOCX_BYTES = b"PK\x03\x04" + bytes(range(256)) * 40


def long_report() -> str:
    """About 10,000 字 with characters that must be escaped in HTML."""
    parts = ["2026年度抓基层党建工作述职报告", ""]
    numbers = "一二三四五六"
    for s, number in enumerate(numbers):
        parts.append(f"{number}、第{s + 1}部分<要点>&落实")
        for p in range(6):
            parts.append(
                f"（{'一二三四五六'[p]}）段落{s}-{p}。"
                + "支部坚持“三会一课”制度，<学习>&讨论&amp;交流，推动工作落地见效。" * 9
            )
    return "\n".join(parts) + "\n"


class ScriptedEngine:
    """Echoes text and answers a few keywords with the kinds of replies the engine sends."""

    def __init__(self) -> None:
        self.events: list[tuple[UserRef, FrontEvent]] = []
        self.active = 0
        self.max_active = 0
        self.report = long_report()

    async def handle(self, user: UserRef, event: FrontEvent, emit: Emit) -> None:
        self.events.append((user, event))
        self.active += 1
        self.max_active = max(self.max_active, self.active)
        try:
            await self._answer(event, emit)
        finally:
            self.active -= 1

    async def _answer(self, event: FrontEvent, emit: Emit) -> None:
        if isinstance(event, ButtonEvent):
            await emit(TextReply(text=f"已选择：{event.data}"))
        elif isinstance(event, FileEvent):
            await emit(TextReply(text=f"已收到《{event.filename}》，共 {len(event.data)} 字节。"))
        elif isinstance(event, CommandEvent):
            await emit(TextReply(text=f"命令：{event.name} {event.args}".strip()))
        elif event.text == "按钮":
            buttons = [
                [Button(label="述职报告", data="kind:述职报告")],
                [Button(label="党支部工作总结", data="kind:党支部工作总结")],
                [Button(label="再具体些", data=LONG_DATA)],
            ]
            await emit(TextReply(text="请选择要写的材料：", buttons=buttons))
        elif event.text == "报告":
            buttons = [[Button(label="导出 Word", data="export")]]
            await emit(ReportReply(text=self.report, version=1, buttons=buttons))
        elif event.text == "文档":
            await emit(DocumentReply(filename="述职报告.docx", data=DOCX_BYTES, caption="第1版"))
        elif event.text == "进度":
            await self._progress(emit, sections=10)
        elif event.text == "重复":
            same = ProgressReply(index=0, total=2, heading="一、履职情况", status="writing")
            await emit(same)
            await emit(same)
        elif event.text == "出错":
            raise RuntimeError("engine exploded")
        elif event.text == "慢":
            await asyncio.sleep(0.2)
            await emit(TextReply(text="慢慢来"))
        else:
            await emit(TextReply(text=f"收到：{event.text}"))

    async def _progress(self, emit: Emit, sections: int) -> None:
        for i in range(sections):
            heading = f"{'一二三四五六七八九十'[i]}、第{i + 1}部分"
            body = f"第{i + 1}部分正文<{i}>&。" * 400
            await emit(ProgressReply(index=i, total=sections, heading=heading, status="started"))
            await emit(
                ProgressReply(
                    index=i, total=sections, heading=heading, status="writing", text=body[:3000]
                )
            )
            await emit(
                ProgressReply(
                    index=i,
                    total=sections,
                    heading=heading,
                    status="done",
                    chars=len(body),
                    text=body,
                )
            )


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    server = FakeTelegram()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def engine() -> ScriptedEngine:
    return ScriptedEngine()


@asynccontextmanager
async def running(
    fake: FakeTelegram,
    engine: ScriptedEngine,
    *,
    allowed: tuple[int, ...] = (),
    pacing: PacingConfig = FAST_PACING,
    progress: ProgressOptions = FAST_PROGRESS,
) -> AsyncIterator[Pacer]:
    settings = Settings(
        bot_token=fake.token, telegram_api_base=fake.base_url, allowed_users=list(allowed)
    )
    pacer = Pacer(pacing)
    bot = create_bot(settings, pacer=pacer)
    dp = create_dispatcher(settings, engine, progress=progress)
    task = asyncio.create_task(dp.start_polling(bot, handle_signals=False, polling_timeout=1))
    await fake.wait_polling()
    try:
        yield pacer
    finally:
        await dp.stop_polling()
        await task


async def test_user_sends_text_and_reads_the_reply(
    fake: FakeTelegram, engine: ScriptedEngine
) -> None:
    async with running(fake, engine):
        await fake.user(USER, "张书记").send_text(USER, "你好，<b>党建</b> & 述职")
        [reply] = await fake.wait_messages(USER, 1)
    assert reply.visible == "收到：你好，<b>党建</b> & 述职"
    user, event = engine.events[0]
    assert (user.external_id, user.display_name) == (str(USER), "张书记")
    assert event == TextEvent(text="你好，<b>党建</b> & 述职")
    assert "typing" in fake.actions(USER)
    assert [c["command"] for c in fake.commands] == [name for name, _ in COMMANDS]
    assert fake.errors == []


async def test_commands_reach_the_engine_with_their_arguments(
    fake: FakeTelegram, engine: ScriptedEngine
) -> None:
    async with running(fake, engine):
        await fake.user(USER).send_text(USER, "/versions 3")
        [reply] = await fake.wait_messages(USER, 1)
        await fake.user(USER).send_text(USER, "/new 工作总结")
        await fake.user(USER).send_text(USER, "/problems")
        await fake.wait_messages(USER, 3)
    assert engine.events[0][1] == CommandEvent(name="versions", args="3")
    assert reply.visible == "命令：versions 3"
    # the command-menu shortcuts start the same flows as the main menu's buttons
    assert [e for _, e in engine.events[1:]] == [
        ButtonEvent(data="menu:zongjie"),
        ButtonEvent(data="menu:problems"),
    ]


async def test_tapping_a_button_sends_its_data_to_the_engine(
    fake: FakeTelegram, engine: ScriptedEngine
) -> None:
    user = fake.user(USER)
    async with running(fake, engine):
        await user.send_text(USER, "按钮")
        [menu] = await fake.wait_messages(USER, 1)
        assert menu.labels == ["述职报告", "党支部工作总结", "再具体些"]
        assert all(len(data.encode()) <= 64 for row in menu.buttons for _, data in row)
        await user.click_label(USER, "党支部工作总结")
        await fake.wait_messages(USER, 2)
        await user.click_label(USER, "再具体些")
        messages = await fake.wait_messages(USER, 3)
    assert [e for _, e in engine.events[1:]] == [
        ButtonEvent(data="kind:党支部工作总结"),
        ButtonEvent(data=LONG_DATA),
    ]
    assert messages[1].visible == "已选择：kind:党支部工作总结"
    assert len(fake.answered) == 2  # the spinner stops on every tap


async def test_a_long_report_arrives_whole_in_messages_within_the_limit(
    fake: FakeTelegram, engine: ScriptedEngine
) -> None:
    async with running(fake, engine):
        await fake.user(USER).send_text(USER, "报告")
        await fake.wait_for(lambda: any(m.buttons for m in fake.messages(USER)), what="report")
    messages = fake.messages(USER)
    assert len(engine.report) > 10_000
    assert len(messages) >= 3
    assert all(len(m.text) <= 4096 and len(m.visible) <= 4096 for m in messages)
    shown = re.sub(r"\s", "", "".join(m.visible for m in messages))
    assert shown == re.sub(r"\s", "", engine.report)
    assert [bool(m.buttons) for m in messages] == [False] * (len(messages) - 1) + [True]
    assert fake.errors == []


async def test_a_document_reply_is_uploaded_with_its_bytes(
    fake: FakeTelegram, engine: ScriptedEngine
) -> None:
    async with running(fake, engine):
        await fake.user(USER).send_text(USER, "文档")
        await fake.wait_for(lambda: bool(fake.documents(USER)), what="a document")
    [doc] = fake.documents(USER)
    assert (doc.filename, doc.data, doc.caption) == ("述职报告.docx", DOCX_BYTES, "第1版")


async def test_an_uploaded_docx_reaches_the_engine_with_the_same_bytes(
    fake: FakeTelegram, engine: ScriptedEngine
) -> None:
    async with running(fake, engine):
        await fake.user(USER).send_document(USER, "2025年述职报告.docx", DOCX_BYTES)
        [reply] = await fake.wait_messages(USER, 1)
    assert engine.events[0][1] == FileEvent(filename="2025年述职报告.docx", data=DOCX_BYTES)
    assert reply.visible == f"已收到《2025年述职报告.docx》，共 {len(DOCX_BYTES)} 字节。"


async def test_an_oversized_file_is_refused_before_downloading(
    fake: FakeTelegram, engine: ScriptedEngine
) -> None:
    async with running(fake, engine):
        await fake.user(USER).send_document(USER, "大文件.docx", b"PK", size=21 * 1024 * 1024)
        [reply] = await fake.wait_messages(USER, 1)
    assert "文件太大" in reply.visible and "20 MB" in reply.visible
    assert fake.calls_of("getFile") == []
    assert engine.events == []


async def test_other_file_types_and_media_get_a_clear_answer(
    fake: FakeTelegram, engine: ScriptedEngine
) -> None:
    user = fake.user(USER)
    async with running(fake, engine):
        await user.send_document(USER, "照片.jpg", b"\xff\xd8\xff")
        await fake.wait_messages(USER, 1)
        await user.send_message(
            USER,
            sticker={
                "file_id": "s1",
                "file_unique_id": "us1",
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
            },
        )
        messages = await fake.wait_messages(USER, 2)
    assert [m.visible for m in messages] == [UNSUPPORTED, NOT_A_FILE]
    assert engine.events == []


async def test_a_user_not_on_the_allow_list_is_refused(
    fake: FakeTelegram, engine: ScriptedEngine
) -> None:
    async with running(fake, engine, allowed=(42,)):
        await fake.user(USER).send_text(USER, "你好")
        [refusal] = await fake.wait_messages(USER, 1)
        await fake.user(42).send_text(42, "你好")
        [welcome] = await fake.wait_messages(42, 1)
    assert refusal.visible == REFUSAL
    assert welcome.visible == "收到：你好"
    assert [u.external_id for u, _ in engine.events] == ["42"]


async def test_a_flood_of_progress_edits_in_a_group_is_paced_through_429(
    fake: FakeTelegram, engine: ScriptedEngine
) -> None:
    fake.flood = FloodRule(limit=20, window=1.0, retry_after=1)
    async with running(fake, engine) as pacer:
        await fake.user(USER).send_text(GROUP, "进度")
        await fake.wait_for(
            lambda: any("撰写完成" in m.visible for m in fake.messages(GROUP)),
            within=10,
            what="the final progress board",
        )
    [board] = fake.messages(GROUP)  # one message, edited
    assert board.visible.startswith("撰写完成：已完成 10/10 部分")
    assert board.visible.count("✅") == 10
    assert [c.status for c in fake.errors] == [429]  # Telegram said wait once …
    assert pacer.retries == 1  # … and the pacer waited and retried
    assert fake.calls_of("sendMessageDraft") == []  # no drafts in groups


async def test_progress_in_a_private_chat_streams_drafts_then_sends_a_real_message(
    fake: FakeTelegram, engine: ScriptedEngine
) -> None:
    async with running(fake, engine):
        await fake.user(USER).send_text(USER, "进度")
        [final] = await fake.wait_messages(USER, 1)
    drafts = fake.drafts(USER)
    assert len(drafts) == 30
    assert len({d["draft_id"] for d in drafts}) == 1 and drafts[0]["draft_id"] != 0
    assert all(0 < len(d["text"]) <= 4096 for d in drafts)
    assert "第10部分正文<9>&。" in drafts[-1]["text"]  # the tail of the section being written
    assert final.visible.startswith("撰写完成：已完成 10/10 部分")
    assert fake.errors == []


async def test_identical_progress_edits_are_skipped(
    fake: FakeTelegram, engine: ScriptedEngine
) -> None:
    async with running(fake, engine):
        await fake.user(USER).send_text(GROUP, "重复")
        await fake.wait_messages(GROUP, 1)
        await fake.user(USER).send_text(GROUP, "你好")  # the first call has ended by now
        await fake.wait_messages(GROUP, 2)
    assert fake.calls_of("editMessageText") == []
    assert fake.errors == []


async def test_an_engine_failure_gets_a_fixed_sentence_with_a_reference(
    fake: FakeTelegram, engine: ScriptedEngine, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with running(fake, engine):
        await fake.user(USER).send_text(USER, "出错")
        [apology] = await fake.wait_messages(USER, 1)
        await fake.user(USER).send_text(USER, "还在吗")
        await fake.wait_messages(USER, 2)
    match = re.search(r"编号 ([0-9A-F]{6})", apology.visible)
    assert match and apology.visible.startswith("抱歉，处理您的请求时出了点问题")
    assert "engine exploded" not in apology.visible
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert any(match.group(1) in r.getMessage() for r in errors)
    assert all(fake.token.split(":")[1] not in r.getMessage() for r in caplog.records)
    assert fake.messages(USER)[1].visible == "收到：还在吗"


async def test_one_users_events_are_handled_one_at_a_time(
    fake: FakeTelegram, engine: ScriptedEngine
) -> None:
    user = fake.user(USER)
    async with running(fake, engine):
        await user.send_text(USER, "慢")
        await user.send_text(USER, "慢")
        await fake.wait_messages(USER, 2)
    assert engine.max_active == 1
