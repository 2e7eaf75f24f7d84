"""What both writers share: the kinds, the prompt store, the year's formulations,
the report frame (title, opening, closing) and the rule-based follow-up question."""

from __future__ import annotations

import re

from bot.writer.kinds import Formulations, KindSpec, YearFormulations
from bot.writer.models import Brief, Facts
from bot.writer.prompts import PromptStore

_DIGIT = re.compile(r"\d|[一二两三四五六七八九十百]+(?:次|名|个|项|场|期|人)")
_NOTHING = re.compile(r"^(?:没有|无|暂无|没|不清楚|跳过|略)[。！!]?$")
_YEAR = re.compile(r"(20\d\d)")
MIN_DETAILED_ANSWER = 15


def year_of(brief: Brief) -> int | None:
    if brief.year:
        return brief.year
    m = _YEAR.search(brief.period)
    return int(m.group(1)) if m else None


class WriterBase:
    def __init__(
        self, prompts: PromptStore, kinds: dict[str, KindSpec], formulations: Formulations
    ) -> None:
        self.prompts = prompts
        self.kinds = kinds
        self.formulations = formulations

    def kind_of(self, brief: Brief) -> KindSpec:
        return self.kinds.get(brief.kind_id) or self.kinds["shuzhi"]

    def forms_of(self, brief: Brief) -> YearFormulations:
        return self.formulations.for_year(year_of(brief))

    def frame(self, brief: Brief) -> tuple[str, str, str]:
        """Title, opening and closing of the report, from the kind's forms."""
        kind = self.kind_of(brief)
        variables = {
            "period": brief.period or "本年度",
            "unit_role": brief.unit_role,
            "speaker": brief.speaker,
            "guiding": self.forms_of(brief).guiding,
            "year": year_of(brief) or "",
        }
        title = self.prompts.render_string(kind.title, **variables)
        opening = self.prompts.render_string(kind.opening, **variables)
        closing = self.prompts.render_string(kind.closing, **variables)
        return title, opening, closing

    @staticmethod
    def source_text(brief: Brief, facts: Facts, *extra: str) -> str:
        """Everything the user told us: figures in a draft must be found here."""
        parts = [brief.period, str(brief.year or ""), brief.unit_role, *extra]
        for fact in facts.items:
            parts.append(fact.text)
            parts.extend(f"{g.value}{g.unit}" for g in fact.figures)
        return "\n".join(p for p in parts if p)

    def rule_followup(self, kind: KindSpec, topic: str, answer: str) -> str | None:
        """A follow-up when an answer that should hold figures has none, or is too thin."""
        spec = kind.topic(topic)
        text = answer.strip()
        if spec is None or _NOTHING.match(text):
            return None
        if spec.expects_figures and not _DIGIT.search(text):
            return spec.hints[0] if spec.hints else "能补充一下具体的数字吗？"
        if len(text) < MIN_DETAILED_ANSWER and spec.hints:
            return spec.hints[-1]
        return None
