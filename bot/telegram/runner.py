"""Start-up modes: long polling, or an aiohttp webhook server with a secret token."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from aiogram import Bot, Dispatcher
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web

from bot.config import Settings
from bot.telegram.app import create_bot, create_dispatcher
from bot.telegram.bridge import DialogHandler

log = logging.getLogger(__name__)

MakeEngine = Callable[[], Awaitable[DialogHandler]]


async def poll(settings: Settings, make_engine: MakeEngine) -> None:
    engine = await make_engine()
    bot = create_bot(settings)
    dp = create_dispatcher(settings, engine)
    await bot.delete_webhook(drop_pending_updates=False)
    log.info("Starting long polling")
    await dp.start_polling(bot)


def webhook_secret(settings: Settings) -> str:
    """The configured secret, or a fresh random one (Telegram allows A-Z a-z 0-9 _ -)."""
    if settings.webhook_secret is not None:
        return settings.webhook_secret.get_secret_value()
    return secrets.token_urlsafe(32)


async def webhook_app(settings: Settings, make_engine: MakeEngine) -> web.Application:
    url = settings.webhook_url or ""
    path = urlsplit(url).path or "/webhook"
    secret = webhook_secret(settings)
    engine = await make_engine()
    bot = create_bot(settings)
    dp = create_dispatcher(settings, engine)

    async def set_webhook(bot: Bot, dispatcher: Dispatcher) -> None:
        await bot.set_webhook(url, secret_token=secret, drop_pending_updates=False)
        log.info("Webhook set; serving updates on %s", path)

    dp.startup.register(set_webhook)
    app = web.Application()
    # Requests without our X-Telegram-Bot-Api-Secret-Token header are rejected.
    SimpleRequestHandler(dispatcher=dp, bot=bot, secret_token=secret).register(app, path=path)
    setup_application(app, dp, bot=bot)
    return app


def serve_webhook(settings: Settings, make_engine: MakeEngine, host: str, port: int) -> None:
    log.info("Starting the webhook server on %s:%d", host, port)
    web.run_app(webhook_app(settings, make_engine), host=host, port=port, print=None)
