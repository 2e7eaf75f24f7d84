"""The Stop button of a streamed draft → cancel the engine call that streams it."""

from __future__ import annotations

import logging

from aiogram import Router
from aiogram.types import MessageGenerationStopped

from bot.telegram.bridge import Bridge

log = logging.getLogger(__name__)


def create_router() -> Router:
    router = Router(name="stop")
    router.stopped_message_generation.register(on_stopped)
    return router


async def on_stopped(event: MessageGenerationStopped, bridge: Bridge) -> None:
    if not bridge.stop(event.chat.id, event.draft_id):
        log.info("A Stop press in chat %r found nothing running", event.chat.id)
