"""The one place that builds the app: store, writer, reviewer, exporter → `DialogEngine`.

Both fronts (terminal chat, Telegram) open the engine here, so they run the same
configuration:

    async with open_engine(settings) as app:
        await app.engine.handle(user, event, emit)

Everything opened is closed when the block ends (the store's connections, the LLM's
HTTP client).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from bot.config import Settings
from bot.dialog.context import DialogDeps
from bot.dialog.engine import DialogEngine
from bot.dialog.wiring import StoreAdapter, docx_exporter, kinds_loader, review_findings
from bot.llm.base import LLM
from bot.llm.factory import build_llm
from bot.llm.openai_chat import OpenAIChat
from bot.store import Store
from bot.writer.factory import build_writer
from bot.writer.models import WriterAPI

log = logging.getLogger(__name__)

OFFLINE_LABEL = "离线写作"


@dataclass(frozen=True)
class App:
    """The engine and what it was built from (for start-up messages and tests)."""

    engine: DialogEngine
    store: Store
    writer: WriterAPI
    llm: LLM | None

    @property
    def writer_label(self) -> str:
        """Which writer answers: the model's name, or 离线写作. Never a secret."""
        return OFFLINE_LABEL if self.llm is None else self.llm.name


def build_deps(settings: Settings, store: Store, writer: WriterAPI) -> DialogDeps:
    return DialogDeps(
        store=StoreAdapter(store),
        writer=writer,
        kinds=kinds_loader(settings.prompts_dir),
        settings=settings,
        reviewer=review_findings,
        exporter=docx_exporter(settings.export),
    )


@asynccontextmanager
async def open_engine(settings: Settings) -> AsyncIterator[App]:
    """Open the store and the LLM, build the writer and the engine; close them after.

    Raises `UserFacingError` subclasses (Chinese messages) for unusable settings.
    """
    llm = build_llm(settings)
    try:
        store = await Store.open(settings.effective_database_url)
        try:
            writer = build_writer(settings, llm)
            engine = DialogEngine(build_deps(settings, store, writer))
            app = App(engine=engine, store=store, writer=writer, llm=llm)
            log.debug("Writer: %s", app.writer_label)
            yield app
        finally:
            await store.close()
    finally:
        if isinstance(llm, OpenAIChat):
            await llm.aclose()
