"""The one path from a Telegram update to the dialog engine and back.

Each engine call runs as its own task, remembered per chat, so that the Stop button
of a streamed draft (`stopped_message_generation`) can cancel it. The engine saves the
user's state before every writer call, so a cancelled call leaves the state as it was
when the call started (with the call kept as `pending`, which 重新生成 replays).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Protocol

from aiogram import Bot
from aiogram.types import Chat, User
from aiogram.utils.chat_action import ChatActionSender

from bot.dialog.events import (
    Button,
    ButtonEvent,
    CommandEvent,
    Emit,
    FileEvent,
    TextEvent,
    TextReply,
    UserRef,
)
from bot.dialog.ui import MENU, RETRY
from bot.telegram.callbacks import ButtonCodec
from bot.telegram.presenter import Presenter
from bot.telegram.progress import ProgressOptions

log = logging.getLogger(__name__)

FrontEvent = TextEvent | ButtonEvent | FileEvent | CommandEvent

STOPPED = (
    "已停止生成。已填写的内容和之前的版本都保留着，没有任何改动。\n"
    "可以点“重新生成”再写一遍，或点“返回菜单”做别的事。"
)
# The engine's own buttons: RETRY replays the interrupted writer call, MENU opens the menu.
STOPPED_BUTTONS = [[Button(label="重新生成", data=RETRY), Button(label="返回菜单", data=MENU)]]


class DialogHandler(Protocol):
    """What the Telegram front needs from the dialog engine."""

    async def handle(self, user: UserRef, event: FrontEvent, emit: Emit) -> None: ...


def user_ref(user: User) -> UserRef:
    name = " ".join(p for p in (user.first_name, user.last_name) if p)
    return UserRef(channel="telegram", external_id=str(user.id), display_name=name)


@dataclass
class _Running:
    task: asyncio.Task[None]
    presenter: Presenter
    stopped: bool = field(default=False)


class Bridge:
    def __init__(
        self,
        engine: DialogHandler,
        *,
        codec: ButtonCodec | None = None,
        progress: ProgressOptions | None = None,
        typing_interval: float = 4.5,
    ) -> None:
        self.engine = engine
        self.codec = codec or ButtonCodec()
        self.progress = progress or ProgressOptions()
        self.typing_interval = typing_interval
        self._running: dict[int, _Running] = {}

    async def forward(self, bot: Bot, chat: Chat, user: User, event: FrontEvent) -> None:
        """Hand `event` to the engine with a typing action; present every reply."""
        presenter = Presenter(
            bot, chat.id, private=chat.type == "private", codec=self.codec, options=self.progress
        )
        task = asyncio.ensure_future(self.engine.handle(user_ref(user), event, presenter.emit))
        running = _Running(task, presenter)
        self._running[chat.id] = running
        stopped = False
        try:
            async with ChatActionSender.typing(
                bot=bot, chat_id=chat.id, interval=self.typing_interval
            ):
                try:
                    await task
                except asyncio.CancelledError:
                    current = asyncio.current_task()
                    if not running.stopped or (current is not None and current.cancelling()):
                        raise  # the bot is shutting down, not a Stop press
                    stopped = True
        finally:
            if self._running.get(chat.id) is running:
                del self._running[chat.id]
            if not task.done():
                task.cancel()
            if not stopped:
                await presenter.close()
        if stopped:
            presenter.discard_progress()
            await presenter.emit(TextReply(text=STOPPED, buttons=STOPPED_BUTTONS))

    def stop(self, chat_id: int, draft_id: int) -> bool:
        """The user pressed Stop on draft `draft_id`: cancel the call that streams it."""
        running = self._running.get(chat_id)
        if running is None or running.task.done():
            return False
        if draft_id not in running.presenter.draft_ids:
            return False  # a stale Stop from an earlier run
        running.stopped = True
        running.task.cancel()
        log.info("Generation stopped by the user in chat %r", chat_id)
        return True
