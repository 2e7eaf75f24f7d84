"""Replies from the dialog engine → Telegram messages, documents, drafts and edits."""

from __future__ import annotations

from aiogram import Bot
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup

from bot.dialog.events import (
    Button,
    DocumentReply,
    ProgressReply,
    Reply,
    ReportReply,
    TextReply,
)
from bot.report import parse_report, render_html_chunks
from bot.telegram.callbacks import ButtonCodec
from bot.telegram.formatting import CAPTION_LIMIT, TELEGRAM_LIMIT, escape, split_plain
from bot.telegram.progress import ProgressOptions, ProgressView

CHOOSE_PROMPT = "请选择："


def keyboard(rows: list[list[Button]], codec: ButtonCodec) -> InlineKeyboardMarkup | None:
    if not rows:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=b.label, callback_data=codec.encode(b.data)) for b in row]
            for row in rows
            if row
        ]
    )


class Presenter:
    """Presents the replies of one engine call in one chat, in order."""

    def __init__(
        self,
        bot: Bot,
        chat_id: int,
        *,
        private: bool,
        codec: ButtonCodec,
        options: ProgressOptions,
    ) -> None:
        self._bot = bot
        self._chat_id = chat_id
        self._private = private
        self._codec = codec
        self._options = options
        self._progress: ProgressView | None = None
        self.draft_ids: set[int] = set()  # drafts streamed by this call (for Stop presses)

    async def emit(self, reply: Reply) -> None:
        if isinstance(reply, ProgressReply):
            if self._progress is None:
                self._progress = ProgressView(
                    self._bot, self._chat_id, private=self._private, options=self._options
                )
                self.draft_ids.add(self._progress.draft_id)
            await self._progress.update(reply)
            return
        await self._finish_progress()
        if isinstance(reply, TextReply):
            await self._send_chunks(split_plain(reply.text), reply.buttons)
        elif isinstance(reply, ReportReply):
            chunks = render_html_chunks(parse_report(reply.text), TELEGRAM_LIMIT)
            await self._send_chunks(chunks, reply.buttons)
        elif isinstance(reply, DocumentReply):
            await self._bot.send_document(
                self._chat_id,
                BufferedInputFile(reply.data, filename=reply.filename),
                caption=escape(reply.caption[:CAPTION_LIMIT]) or None,
            )

    async def close(self) -> None:
        """Called when the engine call ends: progress is left as a real message."""
        await self._finish_progress()

    def discard_progress(self) -> None:
        """Forget the progress of a stopped call: its draft vanishes on its own."""
        self._progress = None

    async def _finish_progress(self) -> None:
        if self._progress is not None:
            view, self._progress = self._progress, None
            await view.finish()

    async def _send_chunks(self, chunks: list[str], buttons: list[list[Button]]) -> None:
        markup = keyboard(buttons, self._codec)
        if not chunks and markup is None:
            return
        if not chunks:
            chunks = [CHOOSE_PROMPT]
        for i, chunk in enumerate(chunks):
            last = i == len(chunks) - 1
            await self._bot.send_message(
                self._chat_id, chunk, reply_markup=markup if last else None
            )
