"""Documents sent to the bot: .docx/.txt → `FileEvent`; anything else gets a clear answer."""

from __future__ import annotations

import logging
from pathlib import PurePath

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import Message

from bot.config import Settings
from bot.dialog.events import FileEvent
from bot.telegram.bridge import Bridge

log = logging.getLogger(__name__)

TELEGRAM_DOWNLOAD_MB = 20.0  # getFile refuses bigger files
ACCEPTED = frozenset({".docx", ".txt"})
OLD_DOC = "暂不支持旧版 .doc 格式，请在 Word 中“另存为” .docx 后再发送。"
UNSUPPORTED = "目前只能读取 .docx 或 .txt 文件，请以文件形式发送，或直接把文字粘贴过来。"
TOO_BIG = "文件太大了：目前最多能读取 {mb:g} MB 的文件，请精简后再发送，或直接把文字粘贴过来。"
NOT_A_FILE = "暂时只能处理文字和 .docx、.txt 文件，请直接发送文字或以文件形式发送文稿。"


def create_router() -> Router:
    router = Router(name="files")
    router.message.register(on_document, F.document)
    router.message.register(on_other_content, ~F.text)
    return router


def size_limit_mb(settings: Settings) -> float:
    return min(settings.limits.max_upload_mb, TELEGRAM_DOWNLOAD_MB)


async def on_document(message: Message, bot: Bot, bridge: Bridge, settings: Settings) -> None:
    document = message.document
    if document is None or message.from_user is None:
        return
    name = document.file_name or "未命名文件"
    suffix = PurePath(name).suffix.lower()
    if suffix == ".doc":
        await message.answer(OLD_DOC)
        return
    if suffix not in ACCEPTED:
        await message.answer(UNSUPPORTED)
        return
    limit_mb = size_limit_mb(settings)
    limit = int(limit_mb * 1024 * 1024)
    too_big = TOO_BIG.format(mb=limit_mb)
    if document.file_size is not None and document.file_size > limit:
        await message.answer(too_big)
        return
    try:
        file = await bot.get_file(document.file_id)
    except TelegramBadRequest as exc:
        if "too big" in exc.message:
            await message.answer(too_big)
            return
        raise
    if file.file_path is None:
        raise RuntimeError("getFile returned no file_path")
    buffer = await bot.download_file(file.file_path)
    data = buffer.read() if buffer is not None else b""
    if len(data) > limit:
        await message.answer(too_big)
        return
    log.info("Received a %s file of %d bytes in chat %r", suffix, len(data), message.chat.id)
    await bridge.forward(bot, message.chat, message.from_user, FileEvent(filename=name, data=data))


async def on_other_content(message: Message) -> None:
    await message.answer(NOT_A_FILE)
