"""Wiring factories: the same Bot and Dispatcher in production and in tests."""

from __future__ import annotations

import logging

from aiogram import Bot, Dispatcher, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseEventIsolation
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.types import BotCommand

from bot.config import Settings
from bot.errors import UserFacingError
from bot.telegram.access import AccessMiddleware
from bot.telegram.bridge import Bridge, DialogHandler
from bot.telegram.callbacks import ButtonCodec
from bot.telegram.errors import on_error
from bot.telegram.pacing import Pacer, PacingMiddleware
from bot.telegram.progress import ProgressOptions
from bot.telegram.routers import buttons, commands, files, stop, text

log = logging.getLogger(__name__)

COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "开始使用，了解我能做什么"),
    ("new", "新写一份述职报告或工作总结"),
    ("problems", "根据要点撰写“存在的问题”"),
    ("tighten", "精简压缩一篇已有文稿"),
    ("drafts", "查看我的草稿"),
    ("export", "导出 Word 文档"),
    ("undo", "撤销上一次修改"),
    ("cancel", "取消当前操作"),
    ("usage", "查看今日用量和剩余额度"),
    ("help", "查看使用说明"),
    ("forget", "删除我的全部数据"),
)
NO_TOKEN = "未设置 BOT_TOKEN：请先在 @BotFather 创建机器人，并把令牌写入环境变量 BOT_TOKEN。"


def create_bot(settings: Settings, *, pacer: Pacer | None = None) -> Bot:
    """A Bot with HTML as default parse mode, paced sends, and `TELEGRAM_API_BASE` honoured."""
    if settings.bot_token is None:
        raise UserFacingError(NO_TOKEN)
    if settings.telegram_api_base:
        session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_base))
    else:
        session = AiohttpSession()
    session.middleware(PacingMiddleware(pacer or Pacer()))
    return Bot(
        settings.bot_token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML),
    )


def get_routers() -> list[Router]:
    """Fresh routers, in order; `text` takes any text and must stay last."""
    return [
        stop.create_router(),
        commands.create_router(),
        buttons.create_router(),
        files.create_router(),
        text.create_router(),
    ]


def create_dispatcher(
    settings: Settings,
    engine: DialogHandler,
    *,
    progress: ProgressOptions | None = None,
    codec: ButtonCodec | None = None,
) -> Dispatcher:
    bridge = Bridge(engine, codec=codec, progress=progress)
    dp = Dispatcher(events_isolation=event_isolation(settings), bridge=bridge, settings=settings)
    access = AccessMiddleware(settings.allowed_users, settings.admin_users)
    dp.message.outer_middleware(access)
    dp.callback_query.outer_middleware(access)
    dp.errors.register(on_error)
    dp.startup.register(on_startup)
    dp.include_routers(*get_routers())
    return dp


def event_isolation(settings: Settings) -> BaseEventIsolation:
    """One event at a time per user: in-process, or across instances through Redis."""
    if not settings.redis_url:
        return SimpleEventIsolation()
    try:
        from aiogram.fsm.storage.redis import RedisEventIsolation
    except ImportError as exc:
        raise UserFacingError(
            "已设置 REDIS_URL，但没有安装 Redis 组件。请运行 pip install '.[redis]' 后再启动。"
        ) from exc
    return RedisEventIsolation.from_url(settings.redis_url)


def bot_commands() -> list[BotCommand]:
    return [BotCommand(command=name, description=text) for name, text in COMMANDS]


async def on_startup(bot: Bot, settings: Settings) -> None:
    await bot.set_my_commands(bot_commands())
    if not settings.allowed_users:
        log.warning(
            "ALLOWED_USERS is empty: anyone who finds the bot can use it "
            "(set ALLOWED_USERS to a comma-separated list of Telegram user ids)"
        )
    log.info(
        "Telegram bot ready: %d allowed users, %d admins",
        len(settings.allowed_users),
        len(settings.admin_users),
    )
