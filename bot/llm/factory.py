"""Build the LLM once at start-up from the settings."""

from __future__ import annotations

import logging

from bot.config import Settings
from bot.llm.base import LLM
from bot.llm.openai_chat import OpenAIChat
from bot.llm.presets import resolve_config
from bot.llm.templates import LLMPrompts
from bot.llm.tokens import TokenCounter

log = logging.getLogger(__name__)


def build_llm(settings: Settings, *, counter: TokenCounter | None = None) -> LLM | None:
    """The configured model, or None when no LLM is configured (the offline writer is used).

    Raises `LLMConfigError` (a Chinese message) when the settings are incomplete.
    """
    config = resolve_config(settings)
    if config is None:
        log.info("no LLM configured; the offline writer will be used")
        return None
    llm = OpenAIChat(config, prompts=LLMPrompts(settings.prompts_dir), counter=counter)
    log.info("LLM: %s at %s", llm.name, config.base_url)
    return llm
