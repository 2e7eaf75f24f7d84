"""Outgoing-request pacing: Telegram's flood limits, and `retry_after` honoured.

A `Pacer` spaces sends per chat (≈1/s in private chats, 20/min in groups) and
overall (30/s). When Telegram still answers 429, the chat is paused for
`retry_after` seconds and the request is retried, a bounded number of times.
`PacingMiddleware` applies it to every paced Bot API method as a session middleware,
so the presenter, the error handler and the access refusals all share one budget.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods.base import TelegramType
from pydantic import BaseModel, Field

if TYPE_CHECKING:
    from aiogram import Bot
    from aiogram.methods import Response, TelegramMethod

log = logging.getLogger(__name__)

T = TypeVar("T")

PACED_METHODS = frozenset(
    {
        "sendMessage",
        "editMessageText",
        "editMessageReplyMarkup",
        "sendDocument",
        "sendMessageDraft",
    }
)


class PacingConfig(BaseModel):
    private_interval: float = Field(default=1.0, ge=0)  # seconds between sends, private chat
    group_interval: float = Field(default=3.0, ge=0)  # 20 per minute per group
    global_interval: float = Field(default=1 / 30, ge=0)  # 30 per second overall
    max_retries: int = Field(default=3, ge=0)
    max_retry_after: float = Field(default=600.0, gt=0)  # wait no longer than this


class Pacer:
    def __init__(
        self,
        config: PacingConfig | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.config = config or PacingConfig()
        self._clock = clock
        self._sleep = sleep
        self._next: dict[int, float] = {}
        self._paused: dict[int, float] = {}
        self._global_next = 0.0
        self.retries = 0  # how many 429s were absorbed (for logs and benchmarks)

    def interval(self, chat_id: int) -> float:
        # Private chats have positive ids; groups, supergroups and channels negative.
        return self.config.private_interval if chat_id > 0 else self.config.group_interval

    async def acquire(self, chat_id: int) -> None:
        """Wait for this chat's next slot (and a global one), reserving it."""
        while True:
            now = self._clock()
            slot = max(now, self._next.get(chat_id, 0.0), self._paused.get(chat_id, 0.0))
            self._next[chat_id] = slot + self.interval(chat_id)
            if slot > now:
                await self._sleep(slot - now)
            if self._clock() >= self._paused.get(chat_id, 0.0):
                break
        now = self._clock()
        slot = max(now, self._global_next)
        self._global_next = slot + self.config.global_interval
        if slot > now:
            await self._sleep(slot - now)
        self._prune(now)

    def pause(self, chat_id: int, seconds: float) -> None:
        until = self._clock() + seconds
        self._paused[chat_id] = max(self._paused.get(chat_id, 0.0), until)

    async def run(self, chat_id: int, call: Callable[[], Awaitable[T]]) -> T:
        attempt = 0
        while True:
            await self.acquire(chat_id)
            try:
                return await call()
            except TelegramRetryAfter as exc:
                attempt += 1
                if attempt > self.config.max_retries or exc.retry_after > (
                    self.config.max_retry_after
                ):
                    raise
                self.retries += 1
                log.warning(
                    "Telegram flood limit in chat %r: waiting %ss (attempt %d)",
                    chat_id,
                    exc.retry_after,
                    attempt,
                )
                self.pause(chat_id, exc.retry_after)

    def _prune(self, now: float) -> None:
        if len(self._next) > 10_000:
            self._next = {k: v for k, v in self._next.items() if v > now}
            self._paused = {k: v for k, v in self._paused.items() if v > now}


class PacingMiddleware(BaseRequestMiddleware):
    """Session middleware: every paced method goes through the `Pacer`."""

    def __init__(self, pacer: Pacer) -> None:
        self.pacer = pacer

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        chat_id = getattr(method, "chat_id", None)
        if method.__api_method__ not in PACED_METHODS or not isinstance(chat_id, int):
            return await make_request(bot, method)
        return await self.pacer.run(chat_id, lambda: make_request(bot, method))
