"""Free text → `TextEvent`. Registered last: it takes any text the others did not."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.types import Message

from bot.dialog.events import TextEvent
from bot.telegram.bridge import Bridge


def create_router() -> Router:
    router = Router(name="text")
    router.message.register(on_text, F.text)
    return router


async def on_text(message: Message, bot: Bot, bridge: Bridge) -> None:
    if message.from_user is None or message.text is None:
        return
    await bridge.forward(bot, message.chat, message.from_user, TextEvent(text=message.text))
