"""Data passed between the interview, the writer and the dialog.

These are the contracts the dialog engine and the writer share; the writer
implements `WriterAPI` twice (LLM-backed and offline).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Literal, Protocol

from pydantic import BaseModel, Field

from bot.llm.base import Usage
from bot.report.model import ReportKind, Role

FactKind = Literal["activity", "figure", "problem", "cause", "plan", "highlight", "other"]


class Brief(BaseModel):
    """What the user told us about the report itself (the interview's basics)."""

    kind: ReportKind = "述职报告"
    kind_id: str = "shuzhi"  # file name under prompts/kinds/ (shuzhi, zongjie_half, zongjie_year)
    period: str = ""  # "2025年度", "2025年上半年"
    unit_role: str = ""  # "XX区民政局党组书记"
    speaker: str = "本人"  # 本人 for 述职, the branch name for 总结
    target_chars: int = Field(default=3000, ge=300, le=20000)
    year: int | None = None


class Figure(BaseModel):
    value: str  # as the user wrote it: "12", "95%", "1.6亿"
    unit: str = ""  # 次, 名, 人, 个, 元, 万元, %
    label: str = ""  # what is counted: "集体学习"


class Fact(BaseModel):
    id: str  # stable within one Facts: "f1", "f2", …
    topic: str  # interview topic key from the kind, e.g. "理论学习"
    kind: FactKind = "activity"
    text: str  # the statement, in the user's own words, lightly cleaned
    figures: list[Figure] = Field(default_factory=list)


class Facts(BaseModel):
    items: list[Fact] = Field(default_factory=list)

    def by_id(self, fact_id: str) -> Fact | None:
        return next((f for f in self.items if f.id == fact_id), None)


class OutlineItem(BaseModel):
    heading: str  # "（一）" content without the number: "强化政治担当，压实主体责任"
    fact_ids: list[str] = Field(default_factory=list)
    target_chars: int = 0


class OutlineSection(BaseModel):
    heading: str  # "履职情况" (number added when rendered)
    role: Role
    section_id: str = ""  # the kind's SectionSpec.id ("work", "problems", …)
    items: list[OutlineItem] = Field(default_factory=list)
    target_chars: int = 0


class Outline(BaseModel):
    title: str
    sections: list[OutlineSection] = Field(default_factory=list)


class Question(BaseModel):
    """A placeholder the user must fill: 【待补充：集体学习次数】."""

    placeholder: str  # the exact text in the draft, e.g. "【待补充：集体学习次数】"
    question: str  # what to ask: "集体学习一共组织了多少次？"


class DraftResult(BaseModel):
    text: str  # the whole report as plain text (parse with bot.report.parse_report)
    questions: list[Question] = Field(default_factory=list)
    usage: Usage = Field(default_factory=Usage)
    offline: bool = False  # composed by the offline writer (no LLM)


ProgressStatus = Literal["started", "writing", "done", "failed"]


class Progress(BaseModel):
    index: int  # 0-based section/unit index
    heading: str
    status: ProgressStatus
    chars: int = 0
    text: str = ""  # text so far (for streaming fronts)


ProgressCallback = Callable[[Progress], Awaitable[None]]


class WriterAPI(Protocol):
    """Everything the dialog engine asks of the writer."""

    @property
    def offline(self) -> bool: ...

    async def followup(self, topic: str, question: str, answer: str) -> str | None:
        """One targeted follow-up question when a figure or detail is missing, else None."""
        ...

    async def extract(self, brief: Brief, notes: dict[str, str]) -> tuple[Facts, Usage]:
        """notes: interview answers keyed by topic."""
        ...

    async def outline(self, brief: Brief, facts: Facts) -> tuple[Outline, Usage]: ...

    async def draft(
        self,
        brief: Brief,
        facts: Facts,
        outline: Outline,
        on_progress: ProgressCallback | None = None,
    ) -> DraftResult: ...

    async def revise(
        self, brief: Brief, facts: Facts, text: str, instruction: str, target: str | None = None
    ) -> DraftResult:
        """target: None for the whole report, or a section/item number such as "二" or "（三）"."""
        ...

    async def tighten(self, text: str, target_chars: int, notes: str = "") -> DraftResult: ...

    async def expand(self, text: str, target_chars: int, notes: str = "") -> DraftResult: ...

    async def problems(
        self, brief: Brief, notes: str, with_causes: bool = False
    ) -> DraftResult: ...
