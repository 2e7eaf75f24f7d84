"""The one path from a Telegram update to the dialog engine and back."""

from __future__ import annotations

from typing import Protocol

from aiogram import Bot
from aiogram.types import Chat, User
from aiogram.utils.chat_action import ChatActionSender

from bot.dialog.events import ButtonEvent, CommandEvent, Emit, FileEvent, TextEvent, UserRef
from bot.telegram.callbacks import ButtonCodec
from bot.telegram.presenter import Presenter
from bot.telegram.progress import ProgressOptions

FrontEvent = TextEvent | ButtonEvent | FileEvent | CommandEvent


class DialogHandler(Protocol):
    """What the Telegram front needs from the dialog engine."""

    async def handle(self, user: UserRef, event: FrontEvent, emit: Emit) -> None: ...


def user_ref(user: User) -> UserRef:
    name = " ".join(p for p in (user.first_name, user.last_name) if p)
    return UserRef(channel="telegram", external_id=str(user.id), display_name=name)


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

    async def forward(self, bot: Bot, chat: Chat, user: User, event: FrontEvent) -> None:
        """Hand `event` to the engine with a typing action; present every reply."""
        presenter = Presenter(
            bot, chat.id, private=chat.type == "private", codec=self.codec, options=self.progress
        )
        async with ChatActionSender.typing(bot=bot, chat_id=chat.id, interval=self.typing_interval):
            try:
                await self.engine.handle(user_ref(user), event, presenter.emit)
            finally:
                await presenter.close()
