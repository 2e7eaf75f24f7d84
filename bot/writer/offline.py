"""The offline writer: a structured draft from the user's own statements, no model.

It never invents: every sentence of substance is a statement the user gave; a topic
that should carry figures but has none gets a visible 【待补充：…】 placeholder and a
question. The result is marked `offline=True`; the label is not part of the text
(fronts show `OFFLINE_NOTE` beside it, so it never reaches a Word export).
"""

from __future__ import annotations

from bot.errors import UserFacingError
from bot.llm.base import Usage
from bot.report.model import han_number
from bot.writer.base import WriterBase
from bot.writer.figures import merge_questions, placeholder_questions
from bot.writer.kinds import KindSpec, SectionSpec
from bot.writer.models import (
    Brief,
    DraftResult,
    Fact,
    Facts,
    Outline,
    Progress,
    ProgressCallback,
    Question,
)
from bot.writer.notes import rule_facts, statements
from bot.writer.offline_tighten import tighten_text
from bot.writer.plan import assemble, draft_units, item_block, rule_outline, spec_of

OFFLINE_NOTE = "（离线草稿：未连接大模型，由模板根据您提供的要点生成，请补充润色）"
CAUSE_INTRO = "产生以上问题的原因："


def _sentence(text: str) -> str:
    text = text.strip().rstrip("。；;，,")
    return text + "。" if text else ""


def series(points: list[str], end: str = "。") -> list[str]:
    """["a", "b"] → ["一是a。", "二是b。"], one paragraph each."""
    return [
        f"{han_number(i)}是{p.strip().rstrip('。；;，,')}{end}" for i, p in enumerate(points, 1)
    ]


class OfflineWriter(WriterBase):
    """WriterAPI without a model (`offline` is True)."""

    @property
    def offline(self) -> bool:
        return True

    async def followup(self, topic: str, question: str, answer: str) -> str | None:
        for kind in self.kinds.values():
            if kind.topic(topic) is not None:
                return self.rule_followup(kind, topic, answer)
        return None

    async def extract(self, brief: Brief, notes: dict[str, str]) -> tuple[Facts, Usage]:
        return rule_facts(self.kind_of(brief), notes), Usage()

    async def outline(self, brief: Brief, facts: Facts) -> tuple[Outline, Usage]:
        title, _, _ = self.frame(brief)
        return rule_outline(self.kind_of(brief), brief, facts, title), Usage()

    async def draft(
        self,
        brief: Brief,
        facts: Facts,
        outline: Outline,
        on_progress: ProgressCallback | None = None,
    ) -> DraftResult:
        kind = self.kind_of(brief)
        title, opening, closing = self.frame(brief)
        bodies: list[list[str]] = [[] for _ in outline.sections]
        for unit in draft_units(kind, outline):
            if on_progress:
                await on_progress(
                    Progress(index=unit.index, heading=unit.heading, status="started")
                )
            spec = spec_of(kind, unit.section)
            unit_facts = [f for fid in unit.fact_ids if (f := facts.by_id(fid)) is not None]
            if unit.item is not None:
                number = unit.section.items.index(unit.item) + 1
                text = item_block(number, unit.item.heading, self._item_body(kind, unit_facts))
            else:
                text = "\n".join(self._series_body(spec, unit_facts, facts))
            bodies[unit.section_index].append(text)
            if on_progress:
                await on_progress(
                    Progress(
                        index=unit.index,
                        heading=unit.heading,
                        status="done",
                        chars=len(text),
                        text=text,
                    )
                )
        sections = [
            (s.heading, "\n".join(b)) for s, b in zip(outline.sections, bodies, strict=True)
        ]
        if not any(body for _, body in sections):
            sections = [(sections[0][0], "【待补充：主要工作和成效】")] if sections else []
        text = assemble(outline.title or title, opening, sections, closing)
        return DraftResult(text=text, questions=self._questions(kind, facts, text), offline=True)

    def _item_body(self, kind: KindSpec, facts: list[Fact]) -> str:
        sentences = [f.text for f in facts]
        if len(sentences) >= 2:
            body = "".join(series(sentences, "；"))[:-1] + "。"
        else:
            body = "".join(_sentence(s) for s in sentences)
        topics = {f.topic for f in facts}
        for key in topics:
            topic = kind.topic(key)
            if (
                topic
                and topic.expects_figures
                and not any(f.figures for f in facts if f.topic == key)
            ):
                body += f"【待补充：{key}方面的具体数字】"
        return body or "【待补充：这方面的具体做法和成效】"

    def _series_body(self, spec: SectionSpec, own: list[Fact], facts: Facts) -> list[str]:
        points = [f.text for f in own if f.kind != "cause"]
        causes = [f.text for f in own if f.kind == "cause"]
        lines = [spec.lead] if spec.lead else []
        if points:
            lines.extend(series(points))
        else:
            lines.append(f"一是【待补充：{spec.empty_hint or spec.heading}】。")
        if spec.with_causes:
            cause_points = series(causes) if causes else ["一是【待补充：产生问题的主观原因】。"]
            lines.append(CAUSE_INTRO + cause_points[0])
            lines.extend(cause_points[1:])
        return lines

    def _questions(self, kind: KindSpec, facts: Facts, text: str) -> list[Question]:
        hinted: list[Question] = []
        for topic in kind.topics:
            placeholder = f"【待补充：{topic.key}方面的具体数字】"
            if placeholder in text and topic.hints:
                hinted.append(Question(placeholder=placeholder, question=topic.hints[0]))
        return merge_questions(hinted, placeholder_questions(text))

    async def revise(
        self, brief: Brief, facts: Facts, text: str, instruction: str, target: str | None = None
    ) -> DraftResult:
        raise UserFacingError(
            "离线模式下无法按意见改写：未连接大模型。离线时可以压缩某一部分（例如“把（一）压缩到300字”）、回答待补充的问题或撤销；配置大模型（OPENAI_API_KEY / OPENAI_BASE_URL）后即可按意见改写。"
        )

    async def tighten(self, text: str, target_chars: int, notes: str = "") -> DraftResult:
        tightened = tighten_text(text, target_chars)
        return DraftResult(text=tightened, questions=placeholder_questions(tightened), offline=True)

    async def expand(self, text: str, target_chars: int, notes: str = "") -> DraftResult:
        raise UserFacingError(
            "离线模式下无法扩写：扩写需要大模型，而且不能凭空增加事实。请补充更多材料后重新生成，"
            "或配置大模型后再试。"
        )

    async def problems(self, brief: Brief, notes: str, with_causes: bool = False) -> DraftResult:
        kind = self.kind_of(brief)
        spec = next(s for s in kind.sections if s.role.value == "problems")
        problems, causes = split_problem_notes(notes)
        lines = [spec.lead] if spec.lead else []
        lines.extend(series(problems) or [f"一是【待补充：{spec.empty_hint}】。"])
        if with_causes:
            cause_points = series(causes) or ["一是【待补充：产生问题的主观原因】。"]
            lines.append(CAUSE_INTRO + cause_points[0])
            lines.extend(cause_points[1:])
        heading = spec.heading if with_causes else spec.heading.replace("及原因分析", "")
        text = heading + "\n" + "\n".join(lines) + "\n"
        return DraftResult(text=text, questions=placeholder_questions(text), offline=True)


def split_problem_notes(notes: str) -> tuple[list[str], list[str]]:
    """Problem points and cause points; causes follow a line mentioning 原因."""
    problems: list[str] = []
    causes: list[str] = []
    in_causes = False
    for line in notes.replace("\r\n", "\n").split("\n"):
        stripped = line.strip()
        if not stripped:
            continue
        if "原因" in stripped[:8]:
            in_causes = True
            stripped = stripped.split("：", 1)[1] if "：" in stripped[:10] else ""
        target = causes if in_causes else problems
        target.extend(statements(stripped))
    return problems, causes
