"""Start-up modes: long polling, or an aiohttp webhook server with a secret token.

Production opens the real dialog engine (`bot.dialog.factory.open_engine`) and keeps it
open for the bot's lifetime; tests pass their own engine to `run_polling` / `webhook_app`.
"""

from __future__ import annotations

import logging
import secrets
from contextlib import AsyncExitStack
from urllib.parse import urlsplit

from aiogram import Bot, Dispatcher
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web

from bot.config import Settings
from bot.dialog.factory import App, open_engine
from bot.telegram.app import create_bot, create_dispatcher
from bot.telegram.bridge import DialogHandler

log = logging.getLogger(__name__)


def announce(settings: Settings, app: App) -> None:
    """Start-up line for the operator: which writer answers (the allow-list warning
    comes from the dispatcher's start-up hook, in every mode)."""
    mode = "webhook" if settings.webhook_url else "long polling"
    log.info("Telegram bot over the dialog engine (%s); writer: %s", mode, app.writer_label)


async def run_polling(settings: Settings, engine: DialogHandler, bot: Bot | None = None) -> None:
    bot = bot or create_bot(settings)
    dp = create_dispatcher(settings, engine)
    await bot.delete_webhook(drop_pending_updates=False)
    allowed = dp.resolve_used_update_types()
    log.info("Starting long polling for %s", ", ".join(allowed))
    await dp.start_polling(bot, allowed_updates=allowed)


async def poll(settings: Settings) -> None:
    """`python -m bot run` without WEBHOOK_URL: the real engine, long polling."""
    async with open_engine(settings) as app:
        announce(settings, app)
        await run_polling(settings, app.engine)


def webhook_secret(settings: Settings) -> str:
    """The configured secret, or a fresh random one (Telegram allows A-Z a-z 0-9 _ -)."""
    if settings.webhook_secret is not None:
        return settings.webhook_secret.get_secret_value()
    return secrets.token_urlsafe(32)


async def webhook_app(settings: Settings, engine: DialogHandler) -> web.Application:
    url = settings.webhook_url or ""
    path = urlsplit(url).path or "/webhook"
    secret = webhook_secret(settings)
    bot = create_bot(settings)
    dp = create_dispatcher(settings, engine)
    allowed = dp.resolve_used_update_types()

    async def set_webhook(bot: Bot, dispatcher: Dispatcher) -> None:
        await bot.set_webhook(
            url, secret_token=secret, allowed_updates=allowed, drop_pending_updates=False
        )
        log.info("Webhook set; serving updates on %s", path)

    dp.startup.register(set_webhook)
    app = web.Application()
    # Requests without our X-Telegram-Bot-Api-Secret-Token header are rejected.
    SimpleRequestHandler(dispatcher=dp, bot=bot, secret_token=secret).register(app, path=path)
    setup_application(app, dp, bot=bot)
    return app


async def production_webhook_app(settings: Settings) -> web.Application:
    """The webhook server over the real engine, closed when the server stops."""
    stack = AsyncExitStack()
    opened = await stack.enter_async_context(open_engine(settings))
    announce(settings, opened)
    try:
        app = await webhook_app(settings, opened.engine)
    except BaseException:
        await stack.aclose()
        raise

    async def close_engine(_: web.Application) -> None:
        await stack.aclose()

    app.on_cleanup.append(close_engine)
    return app


def serve_webhook(settings: Settings, host: str, port: int) -> None:
    log.info("Starting the webhook server on %s:%d", host, port)
    web.run_app(production_webhook_app(settings), host=host, port=port, print=None)
