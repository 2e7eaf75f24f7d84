"""Drafting progress in a chat: streamed drafts in private chats, one edited message elsewhere.

In a private chat every update becomes a `sendMessageDraft` frame (a stable non-zero
draft id per drafting run, the progress board plus the tail of the section being
written, ≤ 4096 characters); when the run ends the board is sent as a real message,
since drafts are ephemeral. In groups, or when drafts fail, one progress message is
sent and then edited. Frames and edits are coalesced to a paced rate, identical edits
are skipped, and "message is not modified" is not an error.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections.abc import Callable

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramRetryAfter
from pydantic import BaseModel, Field

from bot.dialog.events import ProgressReply
from bot.telegram.formatting import escape, tail

log = logging.getLogger(__name__)

_MARKS = {"started": "⏳", "writing": "✍️", "done": "✅", "failed": "⚠️"}


class ProgressOptions(BaseModel):
    use_drafts: bool = True
    can_stop: bool = True  # drafts show Telegram's Stop button (→ stopped_message_generation)
    draft_interval: float = Field(default=1.0, ge=0)  # seconds between draft frames
    edit_interval_private: float = Field(default=1.5, ge=0)
    edit_interval_group: float = Field(default=3.0, ge=0)
    frame_limit: int = Field(default=4000, ge=200, le=4096)


class _Section(BaseModel):
    heading: str
    status: str
    chars: int


class ProgressView:
    def __init__(
        self,
        bot: Bot,
        chat_id: int,
        *,
        private: bool,
        options: ProgressOptions,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._bot = bot
        self._chat_id = chat_id
        self._options = options
        self._clock = clock
        self._drafting = private and options.use_drafts
        self._interval = (
            options.draft_interval
            if self._drafting
            else (options.edit_interval_private if private else options.edit_interval_group)
        )
        self.draft_id = secrets.randbelow(2**31 - 2) + 1  # stable, non-zero, per run
        self._sections: dict[int, _Section] = {}
        self._total = 0
        self._current_text = ""
        self._last_sent_at: float | None = None
        self._last_text = ""  # what the chat shows now (escaped HTML)
        self._message_id: int | None = None
        self._lock = asyncio.Lock()  # sections may report concurrently

    def board(self) -> str:
        """Plain-text progress board: one line per section."""
        done = sum(1 for s in self._sections.values() if s.status == "done")
        ended = sum(1 for s in self._sections.values() if s.status in ("done", "failed"))
        head = "撰写完成" if ended >= self._total else "正在撰写"
        lines = [f"{head}：已完成 {done}/{self._total} 部分"]
        for index in sorted(self._sections):
            s = self._sections[index]
            chars = f"（{s.chars}字）" if s.chars else ""
            lines.append(f"{_MARKS.get(s.status, '·')} {s.heading}{chars}")
        return "\n".join(lines)

    async def update(self, reply: ProgressReply) -> None:
        self._total = max(self._total, reply.total, reply.index + 1)
        self._sections[reply.index] = _Section(
            heading=reply.heading, status=reply.status, chars=reply.chars
        )
        if reply.text:
            self._current_text = reply.text
        now = self._clock()
        recent = self._last_sent_at is not None and now - self._last_sent_at < self._interval
        if recent or self._lock.locked():
            return  # coalesced: the next update or `finish` shows the latest state
        async with self._lock:
            await self._show()

    async def finish(self) -> None:
        """Leave the final state in the chat as a real message."""
        if not self._sections:
            return
        async with self._lock:
            await self._finish()

    async def _finish(self) -> None:
        final = escape(self.board())
        if self._drafting or self._message_id is None:
            await self._bot.send_message(self._chat_id, final)
        elif final != self._last_text:
            await self._edit(final)

    async def _show(self) -> None:
        self._last_sent_at = self._clock()
        if self._drafting:
            try:
                await self._bot.send_message_draft(
                    chat_id=self._chat_id,
                    draft_id=self.draft_id,
                    text=self._frame(),
                    can_stop=self._options.can_stop,
                )
                return
            except TelegramRetryAfter:
                return  # a skipped frame; the next one (or `finish`) catches up
            except TelegramBadRequest as exc:
                log.info("Drafts unavailable in chat %r (%s); editing instead", self._chat_id, exc)
                self._drafting = False
                self._interval = self._options.edit_interval_private
        text = escape(self.board())
        if self._message_id is None:
            sent = await self._bot.send_message(self._chat_id, text)
            self._message_id, self._last_text = sent.message_id, text
        elif text != self._last_text:
            await self._edit(text)

    async def _edit(self, text: str) -> None:
        assert self._message_id is not None
        try:
            await self._bot.edit_message_text(
                text=text, chat_id=self._chat_id, message_id=self._message_id
            )
        except TelegramBadRequest as exc:
            if "message is not modified" not in exc.message:
                raise
            log.debug("Progress edit skipped in chat %r: not modified", self._chat_id)
        self._last_text = text

    def _frame(self) -> str:
        board = self.board()
        budget = self._options.frame_limit - len(board) - 2
        if budget < 100 or not self._current_text:
            return escape(board[: self._options.frame_limit])
        return escape(board + "\n\n" + tail(self._current_text, budget))
