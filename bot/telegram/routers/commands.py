"""Slash commands → `CommandEvent` (the engine decides what each one does).

/new, /tighten and /problems (in the command menu) start the same flows as the main
menu's buttons, so they are sent as those buttons' taps.
"""

from __future__ import annotations

import re

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from bot.dialog.events import ButtonEvent, CommandEvent
from bot.telegram.bridge import Bridge, FrontEvent

_ANY_COMMAND = re.compile(r"[A-Za-z0-9_]{1,32}")
MENU_SHORTCUTS = {"new": "menu:shuzhi", "tighten": "menu:tighten", "problems": "menu:problems"}
SUMMARY_SHORTCUT = "menu:zongjie"  # /new 工作总结


def create_router() -> Router:
    router = Router(name="commands")
    router.message.register(on_command, Command(_ANY_COMMAND))
    return router


def command_event(name: str, args: str) -> FrontEvent:
    name = name.lower()
    if name == "new" and "总结" in args:
        return ButtonEvent(data=SUMMARY_SHORTCUT)
    if name in MENU_SHORTCUTS:
        return ButtonEvent(data=MENU_SHORTCUTS[name])
    return CommandEvent(name=name, args=args)


async def on_command(message: Message, command: CommandObject, bot: Bot, bridge: Bridge) -> None:
    if message.from_user is None:
        return
    event = command_event(command.command, (command.args or "").strip())
    await bridge.forward(bot, message.chat, message.from_user, event)
