"""Exemplar paragraphs for a section to draft: BM25 over jieba tokens, same role, in budget.

Paragraphs whose figures were blanked by the original author (X次, **名) are not
dropped — some roles have few examples — but scored lower and neutralised: the
blank becomes 【待补充】, which is what the writer must do with a missing figure.
Long paragraphs are cut at a sentence end: an exemplar shows style, not content.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence

import bm25s
import numpy as np
from pydantic import BaseModel

from bot.corpus.clean import FIGURE_PLACEHOLDER
from bot.corpus.samples import Sample, SampleParagraph
from bot.corpus.tokenize import WordTokenizer
from bot.report.model import ReportKind, Role

CountTokens = Callable[[str], int]

MAX_EXEMPLAR_CHARS = 160
MIN_EXEMPLAR_CHARS = 40
PLACEHOLDER_PENALTY = 0.6
SAME_KIND_BONUS = 1.15
_SENTENCE_END = re.compile(r"(?<=[。；！？])")


class Exemplar(BaseModel):
    sample_id: str
    role: Role
    section: str
    text: str
    score: float
    tokens: int


class IndexedParagraph(BaseModel):
    paragraph: SampleParagraph
    kind: ReportKind
    text: str  # neutralised and shortened


def neutralise(text: str) -> str:
    """X次 → 【待补充】次: never teach a blanked figure as if it were a style."""
    return FIGURE_PLACEHOLDER.sub("【待补充】", text)


def shorten(text: str, limit: int = MAX_EXEMPLAR_CHARS) -> str:
    """Cut at the last sentence end before `limit` characters (whole text if short)."""
    if len(text) <= limit:
        return text
    out = ""
    for sentence in _SENTENCE_END.split(text):
        if len(out) + len(sentence) > limit:
            break
        out += sentence
    return out or text[:limit]


class ExemplarIndex:
    """BM25 index over every sample paragraph; build once at start-up."""

    def __init__(self, samples: Sequence[Sample], tokenizer: WordTokenizer) -> None:
        self._tokenizer = tokenizer
        self._entries: list[IndexedParagraph] = []
        for sample in samples:
            for p in sample.paragraphs():
                if len(p.text) < MIN_EXEMPLAR_CHARS or p.role in (Role.OPENING, Role.CLOSING):
                    continue
                text = shorten(neutralise(p.text))
                self._entries.append(
                    IndexedParagraph(paragraph=p, kind=sample.meta.kind, text=text)
                )
        self._retriever: bm25s.BM25 | None = None
        if self._entries:
            corpus = [tokenizer.tokens(e.paragraph.text) or [""] for e in self._entries]
            self._retriever = bm25s.BM25()
            self._retriever.index(corpus, show_progress=False)

    def __len__(self) -> int:
        return len(self._entries)

    def pick(
        self,
        query: str,
        roles: Collection[Role],
        budget: int,
        count_tokens: CountTokens,
        *,
        kind: ReportKind | None = None,
        limit: int = 4,
    ) -> list[Exemplar]:
        """The best paragraphs of `roles` for `query` whose total tokens fit `budget`."""
        if self._retriever is None or budget <= 0:
            return []
        query_tokens = self._tokenizer.tokens(query)
        scores = (
            np.asarray(self._retriever.get_scores(query_tokens), dtype=float)
            if query_tokens
            else np.zeros(len(self._entries))
        )
        ranked: list[tuple[float, int]] = []
        for i, entry in enumerate(self._entries):
            if entry.paragraph.role not in roles:
                continue
            score = float(scores[i]) + 1e-3  # ties: keep corpus order, still eligible
            if entry.paragraph.placeholders:
                score *= PLACEHOLDER_PENALTY
            if kind is not None and entry.kind == kind:
                score *= SAME_KIND_BONUS
            ranked.append((score, i))
        ranked.sort(key=lambda pair: (-pair[0], pair[1]))
        chosen: list[Exemplar] = []
        used = 0
        seen: set[str] = set()
        for score, i in ranked:
            entry = self._entries[i]
            if entry.text in seen:
                continue
            cost = count_tokens(entry.text)
            if used + cost > budget:
                continue
            used += cost
            seen.add(entry.text)
            p = entry.paragraph
            chosen.append(
                Exemplar(
                    sample_id=p.sample_id,
                    role=p.role,
                    section=p.section,
                    text=entry.text,
                    score=score,
                    tokens=cost,
                )
            )
            if len(chosen) >= limit:
                break
        return chosen

    def texts_of(self, roles: Collection[Role]) -> set[str]:
        """Every indexed exemplar text of `roles` (what `pick` may return for them)."""
        return {e.text for e in self._entries if e.paragraph.role in roles}

    def all_texts(self) -> list[str]:
        """Every indexed exemplar text (for the naive-prompt comparison in bench/)."""
        return [e.text for e in self._entries]
