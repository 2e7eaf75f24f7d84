"""Who may use the bot: `ALLOWED_USERS` (empty = everyone) plus the admins."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import CallbackQuery, Message, TelegramObject, User

log = logging.getLogger(__name__)

REFUSAL = "抱歉，您暂无使用本助手的权限，如需开通请联系管理员。"


class AccessMiddleware(BaseMiddleware):
    """Outer middleware for messages and callback queries.

    Sets `is_admin` for handlers; refuses users outside the allow-list with one
    Chinese sentence and never calls the handler for them.
    """

    def __init__(self, allowed: Iterable[int], admins: Iterable[int]) -> None:
        self.allowed = frozenset(allowed)
        self.admins = frozenset(admins)

    @property
    def open(self) -> bool:
        return not self.allowed

    def permits(self, user_id: int) -> bool:
        return self.open or user_id in self.allowed or user_id in self.admins

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user: User | None = data.get("event_from_user")
        if user is not None and self.permits(user.id):
            data["is_admin"] = user.id in self.admins
            return await handler(event, data)
        log.info("Refused a user not on the allow-list: %r", user.id if user else None)
        if isinstance(event, Message):
            await event.answer(REFUSAL)
        elif isinstance(event, CallbackQuery):
            await event.answer(REFUSAL, show_alert=True)
        return None
