"""`python -m bot run` — start the Telegram bot (long polling, or a webhook server)."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import inspect
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from bot.config import Settings
from bot.errors import UserFacingError

if TYPE_CHECKING:
    from bot.telegram.bridge import DialogHandler

ENGINE_MODULE = "bot.dialog.engine"
NO_TOKEN = "未设置 BOT_TOKEN：请先在 @BotFather 创建机器人，并把令牌写入环境变量 BOT_TOKEN。"
NO_ENGINE = (
    "对话引擎（bot.dialog.engine）尚未就绪，暂时无法启动 Telegram 机器人；"
    "可以先用 python -m bot chat 在终端里对话。"
)

EngineFactory = Callable[[Settings], object]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("run", help="启动 Telegram 机器人（需要 BOT_TOKEN）")
    p.add_argument("--host", default="0.0.0.0", help="Webhook 模式下监听的地址（默认 0.0.0.0）")
    p.add_argument("--port", type=int, default=8080, help="Webhook 模式下监听的端口（默认 8080）")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    if settings.bot_token is None:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    try:
        build = engine_factory()
    except UserFacingError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    from bot.telegram.runner import poll, serve_webhook

    async def make_engine() -> DialogHandler:
        engine = build(settings)
        if inspect.isawaitable(engine):
            engine = await engine
        return cast("DialogHandler", engine)

    if settings.webhook_url:
        serve_webhook(settings, make_engine, args.host, args.port)
    else:
        asyncio.run(poll(settings, make_engine))
    return 0


def engine_factory() -> EngineFactory:
    """`bot.dialog.engine.build_engine(settings)` (sync or async), or a clear refusal."""
    try:
        module = importlib.import_module(ENGINE_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name in (ENGINE_MODULE, "bot.dialog"):
            raise UserFacingError(NO_ENGINE) from None
        raise
    build = getattr(module, "build_engine", None)
    if not callable(build):
        raise UserFacingError(NO_ENGINE)
    return cast(EngineFactory, build)
