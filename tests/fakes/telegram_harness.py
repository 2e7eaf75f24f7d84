"""The whole bot against fakes: real aiogram Bot + Dispatcher polling the fake Bot API,
the real DialogEngine (`open_engine`) over SQLite, and the LLM writer through the real
AsyncOpenAI client against the fake OpenAI server (or the offline writer).

    async with running_bot(fake, settings) as bot:
        chat = Dialogue(fake, bot, user_id=1001)
        await chat.command("/start")
        await chat.tap("新建述职报告")

`Dialogue` waits until the bot has finished answering (the engine is idle and the fake
saw no calls for a short while) and keeps a transcript of what the user saw.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiogram import Dispatcher
from aiogram.types import TelegramObject

from bot.config import Settings
from bot.dialog.events import Emit, UserRef
from bot.dialog.factory import App, open_engine
from bot.telegram.app import create_bot, create_dispatcher
from bot.telegram.bridge import DialogHandler, FrontEvent
from bot.telegram.pacing import Pacer, PacingConfig
from bot.telegram.progress import ProgressOptions
from tests.fakes.telegram_server import FakeTelegram, SentDocument, SentMessage

ROOT = Path(__file__).resolve().parents[2]
FAST_PACING = PacingConfig(private_interval=0.01, group_interval=0.02, global_interval=0)
FAST_PROGRESS = ProgressOptions(
    draft_interval=0.02, edit_interval_private=0.02, edit_interval_group=0.02
)
QUIET = 0.03  # seconds without any Bot API call once every update was handled


def bot_settings(
    fake: FakeTelegram,
    tmp_path: Path,
    *,
    llm_url: str | None = None,
    allowed: tuple[int, ...] = (),
    db_name: str = "bot.db",
) -> Settings:
    """Settings of a bot talking to the fakes; `llm_url=None` means the offline writer."""
    llm: dict[str, object] = {}
    if llm_url is not None:
        llm = {"openai_base_url": llm_url, "openai_api_key": "sk-test", "llm_model": "fake-model"}
    return Settings(
        bot_token=fake.token,
        telegram_api_base=fake.base_url,
        database_url=f"sqlite+aiosqlite:///{(tmp_path / db_name).as_posix()}",
        data_dir=tmp_path,
        prompts_dir=ROOT / "prompts",
        samples_dir=ROOT / "prompts" / "samples",
        allowed_users=list(allowed),
        **llm,  # type: ignore[arg-type]
    )


class Tracked:
    """The engine, counting the calls in flight (so tests know when the bot is done)."""

    def __init__(self, engine: DialogHandler) -> None:
        self.engine = engine
        self.active = 0
        self.calls = 0

    async def handle(self, user: UserRef, event: FrontEvent, emit: Emit) -> None:
        self.active += 1
        self.calls += 1
        try:
            await self.engine.handle(user, event, emit)
        finally:
            self.active -= 1


class UpdateCounter:
    """An outer middleware on every update: counts the updates fully handled."""

    def __init__(self) -> None:
        self.finished = 0

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        try:
            return await handler(event, data)
        finally:
            self.finished += 1


@dataclass
class RunningBot:
    app: App
    tracked: Tracked
    pacer: Pacer
    fake: FakeTelegram
    dispatcher: Dispatcher
    updates: UpdateCounter

    async def settle(self, within: float = 20.0) -> None:
        """Wait until every update was handled and the bot sent its last reply."""
        deadline = time.monotonic() + within
        while True:
            if time.monotonic() > deadline:
                raise AssertionError("the bot did not finish answering in time")
            pending = self.fake.undelivered > 0
            # every update the bot fetched has gone all the way through the dispatcher
            # (handler, engine and presenter), so no reply is still on its way
            in_flight = self.updates.finished < self.fake.delivered_count
            last = max((c.at for c in self.fake.calls if c.method != "getUpdates"), default=0.0)
            quiet = time.monotonic() - last > QUIET
            if not pending and not in_flight and self.tracked.active == 0 and quiet:
                return
            await asyncio.sleep(0.02)


@asynccontextmanager
async def running_bot(
    fake: FakeTelegram,
    settings: Settings,
    *,
    pacing: PacingConfig = FAST_PACING,
    progress: ProgressOptions = FAST_PROGRESS,
) -> AsyncIterator[RunningBot]:
    """Start the bot as `python -m bot run` does (same factory, same dispatcher)."""
    async with open_engine(settings) as app:
        tracked = Tracked(app.engine)
        pacer = Pacer(pacing)
        bot = create_bot(settings, pacer=pacer)
        dp = create_dispatcher(settings, tracked, progress=progress)
        updates = UpdateCounter()
        dp.update.outer_middleware(updates)
        polls = len(fake.calls_of("getUpdates"))
        task = asyncio.create_task(
            dp.start_polling(
                bot,
                handle_signals=False,
                polling_timeout=1,
                allowed_updates=dp.resolve_used_update_types(),
            )
        )
        await fake.wait_for(lambda: len(fake.calls_of("getUpdates")) > polls, 5.0, "polling")
        running = RunningBot(app, tracked, pacer, fake, dp, updates)
        try:
            yield running
            await running.settle()
        finally:
            await dp.stop_polling()
            await task


@dataclass
class Step:
    said: str  # what the user did ("" for the bot's start)
    seen: list[str] = field(default_factory=list)


class Dialogue:
    """One user in a private chat with the bot; every step waits for the whole answer."""

    def __init__(
        self,
        fake: FakeTelegram,
        bot: RunningBot,
        user_id: int,
        name: str = "张书记",
        chat_id: int | None = None,
    ):
        self.fake = fake
        self.bot = bot
        self.chat = user_id if chat_id is None else chat_id
        self.user = fake.user(user_id, name)
        self.steps: list[Step] = []
        self._seen_ids: set[int] = set()
        self._drafts = 0

    async def send(self, text: str) -> list[SentMessage]:
        await self.user.send_text(self.chat, text)
        return await self._after(text)

    async def command(self, text: str) -> list[SentMessage]:
        return await self.send(text)

    async def tap(self, label: str) -> list[SentMessage]:
        await self.user.click_label(self.chat, label)
        return await self._after(f"［点按钮：{label}］")

    async def upload(self, filename: str, data: bytes) -> list[SentMessage]:
        await self.user.send_document(self.chat, filename, data)
        return await self._after(f"［发送文件：{filename}］")

    async def stop(self) -> list[SentMessage]:
        await self.user.press_stop(self.chat)
        return await self._after("［点草稿下方的“停止”］")

    async def _after(self, said: str) -> list[SentMessage]:
        await self.bot.settle()
        return self.record(said)

    def record(self, said: str) -> list[SentMessage]:
        """What appeared since the last step, in chat order."""
        new = [m for m in self.fake.messages(self.chat) if m.message_id not in self._seen_ids]
        docs = [d for d in self.fake.documents(self.chat) if d.message_id not in self._seen_ids]
        drafts = self.fake.drafts(self.chat)[self._drafts :]
        self._drafts += len(drafts)
        step = Step(said)
        if drafts:
            step.seen.append(f"（草稿实时预览 {len(drafts)} 帧，末帧：{_first_line(drafts[-1])}）")
        for item in sorted([*new, *docs], key=lambda x: x.message_id):
            self._seen_ids.add(item.message_id)
            step.seen.append(_show(item))
        self.steps.append(step)
        return new

    # -- reading ---------------------------------------------------------------------
    def texts(self) -> list[str]:
        return [m.visible for m in self.fake.messages(self.chat)]

    def last(self) -> SentMessage:
        return self.fake.messages(self.chat)[-1]

    def all_text(self) -> str:
        return "\n".join(self.texts())

    def documents(self) -> list[SentDocument]:
        return self.fake.documents(self.chat)

    def transcript(self) -> str:
        out: list[str] = []
        for step in self.steps:
            if step.said:
                out.append(f"> {step.said}")
            out.extend(step.seen)
            out.append("")
        return "\n".join(out)


def _first_line(draft: dict[str, object]) -> str:
    return str(draft["text"]).splitlines()[0] if draft["text"] else "（空）"


def _show(item: SentMessage | SentDocument) -> str:
    if isinstance(item, SentDocument):
        return f"［文件：{item.filename}，{len(item.data)} 字节］{item.caption}"
    lines = [item.visible]
    for row in item.buttons:
        lines.append("  " + "　".join(f"[{label}]" for label, _ in row))
    return "\n".join(lines)
