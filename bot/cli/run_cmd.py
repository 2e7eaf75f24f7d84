"""`python -m bot run` — start the Telegram bot (long polling, or a webhook server)."""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.config import Settings
from bot.errors import UserFacingError

NO_TOKEN = "未设置 BOT_TOKEN：请先在 @BotFather 创建机器人，并把令牌写入环境变量 BOT_TOKEN。"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("run", help="启动 Telegram 机器人（需要 BOT_TOKEN）")
    p.add_argument("--host", default="0.0.0.0", help="Webhook 模式下监听的地址（默认 0.0.0.0）")
    p.add_argument("--port", type=int, default=8080, help="Webhook 模式下监听的端口（默认 8080）")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    if settings.bot_token is None:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    from bot.telegram.runner import poll, serve_webhook

    try:
        if settings.webhook_url:
            serve_webhook(settings, args.host, args.port)
        else:
            asyncio.run(poll(settings))
    except UserFacingError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    return 0
