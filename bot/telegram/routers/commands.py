"""Slash commands → `CommandEvent` (the engine decides what each one does)."""

from __future__ import annotations

import re

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from bot.dialog.events import CommandEvent
from bot.telegram.bridge import Bridge

_ANY_COMMAND = re.compile(r"[A-Za-z0-9_]{1,32}")


def create_router() -> Router:
    router = Router(name="commands")
    router.message.register(on_command, Command(_ANY_COMMAND))
    return router


async def on_command(message: Message, command: CommandObject, bot: Bot, bridge: Bridge) -> None:
    if message.from_user is None:
        return
    event = CommandEvent(name=command.command.lower(), args=(command.args or "").strip())
    await bridge.forward(bot, message.chat, message.from_user, event)
