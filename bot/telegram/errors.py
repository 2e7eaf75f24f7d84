"""The one error handler: log with context, tell the user a fixed sentence + reference id."""

from __future__ import annotations

import logging
import secrets
import traceback

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import ErrorEvent, Update

from bot.errors import UserFacingError
from bot.telegram.formatting import escape

log = logging.getLogger(__name__)

FAILURE = "抱歉，处理您的请求时出了点问题，已记录在案。请稍后再试；如需反馈，请提供编号 {ref}。"


def new_reference() -> str:
    return secrets.token_hex(3).upper()


def redact(text: str, secret: str) -> str:
    if secret:
        text = text.replace(secret, "<token>")
        text = text.replace(secret.split(":", 1)[-1], "<token>")
    return text


def chat_of(update: Update) -> int | None:
    if update.message is not None:
        return update.message.chat.id
    if update.callback_query is not None and update.callback_query.message is not None:
        return update.callback_query.message.chat.id
    return None


async def on_error(event: ErrorEvent, bot: Bot) -> bool:
    """Registered on `dp.errors`. Never logs message or document text, nor the token."""
    exc = event.exception
    chat_id = chat_of(event.update)
    if isinstance(exc, UserFacingError):
        text = exc.message
        log.info("User-facing error in chat %r: %s", chat_id, type(exc).__name__)
    else:
        ref = new_reference()
        text = FAILURE.format(ref=ref)
        details = redact("".join(traceback.format_exception(exc)), bot.token)
        log.error(
            "Unhandled error ref=%s update_id=%r type=%r chat=%r: %s",
            ref,
            event.update.update_id,
            event.update.event_type,
            chat_id,
            details,
        )
    if chat_id is None:
        return True
    try:
        await bot.send_message(chat_id, escape(text))
    except TelegramAPIError as send_exc:
        log.warning("Could not tell chat %r about an error: %r", chat_id, type(send_exc).__name__)
    return True
