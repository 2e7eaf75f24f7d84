"""Inline-button taps → `ButtonEvent` with the engine's original `Button.data`."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.types import CallbackQuery

from bot.dialog.events import ButtonEvent
from bot.telegram.bridge import Bridge
from bot.telegram.callbacks import ButtonCallback

STALE = "这个按钮已失效，请重新发送指令或点击最新消息中的按钮。"


def create_router() -> Router:
    router = Router(name="buttons")
    router.callback_query.register(on_button, ButtonCallback.filter())
    router.callback_query.register(on_stale)  # anything else: an old or foreign button
    return router


async def on_button(
    query: CallbackQuery, callback_data: ButtonCallback, bot: Bot, bridge: Bridge
) -> None:
    data = bridge.codec.decode(callback_data)
    if data is None or query.message is None:
        await on_stale(query)
        return
    await query.answer()
    await bridge.forward(bot, query.message.chat, query.from_user, ButtonEvent(data=data))


async def on_stale(query: CallbackQuery) -> None:
    await query.answer(STALE, show_alert=True)
