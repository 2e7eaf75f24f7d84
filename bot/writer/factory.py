"""Build the writer once at start-up: the LLM-backed one, or the offline one."""

from __future__ import annotations

from bot.config import Settings
from bot.corpus.index import ExemplarIndex
from bot.corpus.tokenize import WordTokenizer
from bot.corpus.user_samples import load_all_samples
from bot.llm.base import LLM
from bot.llm.tokens import TokenCounter
from bot.writer.kinds import load_formulations, load_kinds
from bot.writer.llm_writer import LLMWriter
from bot.writer.models import WriterAPI
from bot.writer.offline import OfflineWriter
from bot.writer.prompts import PromptStore


def build_index(settings: Settings) -> ExemplarIndex:
    samples = load_all_samples(settings.samples_dir, settings.data_dir)
    return ExemplarIndex(samples, WordTokenizer())


def build_writer(
    settings: Settings,
    llm: LLM | None,
    *,
    counter: TokenCounter | None = None,
    index: ExemplarIndex | None = None,
) -> WriterAPI:
    """LLMWriter when `llm` is given, else OfflineWriter (no key needed)."""
    prompts = PromptStore(settings.prompts_dir)
    kinds = load_kinds(settings.prompts_dir)
    formulations = load_formulations(settings.prompts_dir)
    if llm is None:
        return OfflineWriter(prompts, kinds, formulations)
    return LLMWriter(
        llm,
        prompts,
        kinds,
        formulations,
        index if index is not None else build_index(settings),
        counter if counter is not None else TokenCounter.load(),
        settings.llm,
    )
