"""The LLM-backed writer: extract → outline → concurrent streamed sections → clean.

Every dependency is passed in (model, prompts, kinds, exemplar index, token counter,
settings). Sections are drafted concurrently, bounded by `settings.llm.concurrency`;
each prompt holds the whole outline, the unit's own facts and same-role exemplars
within the exemplar token budget.
"""

from __future__ import annotations

import asyncio
import logging

from bot.config import LLMSettings
from bot.corpus.index import ExemplarIndex
from bot.errors import UserFacingError
from bot.llm.base import LLM, ChatMessage, LLMError, Task, Usage
from bot.llm.tokens import TokenCounter
from bot.report import count_chars
from bot.report.model import Role
from bot.writer.base import WriterBase
from bot.writer.figures import merge_questions, placeholder_questions, replace_untraceable
from bot.writer.kinds import Formulations, KindSpec
from bot.writer.models import (
    Brief,
    DraftResult,
    Facts,
    Outline,
    ProgressCallback,
    Question,
)
from bot.writer.outline_plan import OutlinePlan, merge_plan
from bot.writer.plan import (
    Unit,
    assemble,
    assign_targets,
    draft_units,
    item_block,
    outline_text,
    rule_outline,
    spec_of,
)
from bot.writer.postprocess import check_usable, clean_output
from bot.writer.progress import DeltaSink, UnitProgress
from bot.writer.prompts import PromptStore
from bot.writer.revise import replace_part, select_part

log = logging.getLogger(__name__)

LENGTH_TOLERANCE = 0.15
MIN_UNIT_EXEMPLAR_TOKENS = 200


class LLMWriter(WriterBase):
    def __init__(
        self,
        llm: LLM,
        prompts: PromptStore,
        kinds: dict[str, KindSpec],
        formulations: Formulations,
        index: ExemplarIndex,
        counter: TokenCounter,
        settings: LLMSettings,
    ) -> None:
        super().__init__(prompts, kinds, formulations)
        self.llm = llm
        self.index = index
        self.counter = counter
        self.settings = settings

    @property
    def offline(self) -> bool:
        return False

    # -- messages --------------------------------------------------------------

    def system(self, brief: Brief, *, prose: bool = True) -> ChatMessage:
        """The shared rules; `prose=False` (extraction, outline) leaves out the rules
        that only matter when writing running text."""
        content = self.prompts.render(
            "system",
            kind=self.kind_of(brief),
            brief=brief,
            forms=self.forms_of(brief),
            core=self.formulations.core,
            prose=prose,
        )
        return ChatMessage(role="system", content=content)

    def _messages(self, for_brief: Brief, template: str, **variables: object) -> list[ChatMessage]:
        user = self.prompts.render(template, **variables)
        prose = template not in ("extract", "outline")
        return [self.system(for_brief, prose=prose), ChatMessage(role="user", content=user)]

    def _max_tokens(self, chars: int) -> int:
        return min(self.settings.max_output_tokens, max(512, chars * 2 + 300))

    # -- interview ---------------------------------------------------------------

    async def followup(self, topic: str, question: str, answer: str) -> str | None:
        for kind in self.kinds.values():
            if kind.topic(topic) is not None:
                return self.rule_followup(kind, topic, answer)
        return None

    async def extract(self, brief: Brief, notes: dict[str, str]) -> tuple[Facts, Usage]:
        kind = self.kind_of(brief)
        items = [{"topic": k, "text": v} for k, v in notes.items() if v.strip()]
        messages = self._messages(brief, "extract", brief=brief, kind=kind, notes=items)
        facts, usage = await self.llm.complete_json(messages, Facts, task="extract")
        source = "\n".join(notes.values())
        for i, fact in enumerate(facts.items, 1):  # the extractor may not invent either
            fact.id = f"f{i}"
            fact.text, _ = replace_untraceable(fact.text, source)
            fact.figures = [g for g in fact.figures if g.value in source]
        return facts, usage

    async def outline(self, brief: Brief, facts: Facts) -> tuple[Outline, Usage]:
        kind = self.kind_of(brief)
        title, _, _ = self.frame(brief)
        base = rule_outline(kind, brief, facts, title)
        sections = [
            {
                "id": s.id,
                "heading": s.heading,
                "style": s.style,
                "min_items": s.min_items,
                "max_items": s.max_items,
                "target_chars": o.target_chars,
            }
            for s, o in zip(kind.sections, base.sections, strict=True)
        ]
        examples = [t.headings[0] for t in kind.topics_of("work") if t.headings][:4]
        messages = self._messages(
            brief,
            "outline",
            kind=kind,
            facts=facts.items,
            sections=sections,
            heading_examples=examples,
        )
        try:
            plan, usage = await self.llm.complete_json(messages, OutlinePlan, task="outline")
        except LLMError as exc:
            log.warning("outline by model failed, using the rule outline: %r", exc)
            return base, Usage()
        return merge_plan(kind, brief, facts, plan, base), usage

    # -- drafting ----------------------------------------------------------------

    async def draft(
        self,
        brief: Brief,
        facts: Facts,
        outline: Outline,
        on_progress: ProgressCallback | None = None,
    ) -> DraftResult:
        kind = self.kind_of(brief)
        outline = assign_targets(kind, brief, outline)
        units = draft_units(kind, outline)
        source = self.source_text(brief, facts)
        gate = asyncio.Semaphore(self.settings.concurrency)
        text_of_outline = outline_text(outline)
        budget = self.unit_budget(len(units))

        async def run(unit: Unit) -> tuple[str, list[Question], Usage]:
            async with gate:
                return await self._draft_unit(
                    brief, kind, facts, unit, text_of_outline, source, budget, on_progress
                )

        results = await asyncio.gather(*(run(u) for u in units))
        bodies: list[list[str]] = [[] for _ in outline.sections]
        usage = Usage()
        questions: list[Question] = []
        for unit, (text, qs, used) in zip(units, results, strict=True):
            bodies[unit.section_index].append(text)
            usage = usage + used
            questions.extend(qs)
        title, opening, closing = self.frame(brief)
        sections = [
            (s.heading, "\n".join(b)) for s, b in zip(outline.sections, bodies, strict=True)
        ]
        text = assemble(outline.title or title, opening, sections, closing)
        return DraftResult(
            text=text,
            questions=merge_questions(questions, placeholder_questions(text)),
            usage=usage,
        )

    def unit_budget(self, units: int) -> int:
        """Exemplar tokens for one unit: the report's budget shared by its units,
        but never less than one short exemplar."""
        budget = self.settings.exemplar_token_budget
        return max(min(budget, MIN_UNIT_EXEMPLAR_TOKENS), budget // max(1, units))

    def unit_messages(
        self, brief: Brief, kind: KindSpec, facts: Facts, unit: Unit, outline: str, budget: int
    ) -> list[ChatMessage]:
        spec = spec_of(kind, unit.section)
        own = [f for fid in unit.fact_ids if (f := facts.by_id(fid)) is not None]
        roles = {spec.role, Role.CAUSES} if spec.with_causes else {spec.role}
        query = unit.heading + " " + " ".join(f.text for f in own)
        exemplars = self.index.pick(query, roles, budget, self.counter.count, kind=kind.kind)
        points = unit.section.items if unit.item is None else []
        while True:
            messages = self._messages(
                brief,
                "section",
                outline_text=outline,
                section=spec,
                unit_heading=unit.item.heading if unit.item else None,
                points=points,
                facts=own,
                exemplars=exemplars,
                target_chars=unit.target_chars,
                with_causes=spec.with_causes,
            )
            room = self.settings.context_tokens - self._max_tokens(unit.target_chars)
            if not exemplars or self.counter.count_messages(messages) <= room:
                return messages
            exemplars = exemplars[:-1]

    async def _draft_unit(
        self,
        brief: Brief,
        kind: KindSpec,
        facts: Facts,
        unit: Unit,
        outline: str,
        source: str,
        budget: int,
        on_progress: ProgressCallback | None,
    ) -> tuple[str, list[Question], Usage]:
        spec = spec_of(kind, unit.section)
        messages = self.unit_messages(brief, kind, facts, unit, outline, budget)
        progress = UnitProgress(unit, on_progress)
        await progress.emit("started")
        try:
            body, usage = await self._complete_usable(
                messages,
                task="draft",
                series=spec.style == "series",
                max_tokens=self._max_tokens(unit.target_chars),
                on_delta=progress.delta,
                label=unit.heading,
            )
            body, fix_usage = await self._fit_length(brief, body, unit.target_chars)
            usage = usage + fix_usage
        except UserFacingError:
            await progress.emit("failed")
            raise
        body, questions = clean_output(body, source)
        if unit.item is not None:
            number = unit.section.items.index(unit.item) + 1
            text = item_block(number, unit.item.heading, body)
        else:
            text = body
        await progress.emit("done", text)
        return text, questions, usage

    async def _complete_usable(
        self,
        messages: list[ChatMessage],
        *,
        task: Task,
        series: bool = False,
        max_tokens: int | None = None,
        on_delta: DeltaSink | None = None,
        label: str = "",
    ) -> tuple[str, Usage]:
        """One call; an unusable answer (empty, not Chinese, wrong structure) is retried
        once with the reason, then becomes a clear Chinese error."""
        usage = Usage()
        history = list(messages)
        for attempt in range(2):
            if on_delta is not None:
                on_delta.reset()
            try:
                done = await self.llm.complete(
                    history,
                    task=task,
                    max_tokens=max_tokens,
                    on_delta=on_delta.feed if on_delta is not None else None,
                )
            except LLMError as exc:
                raise UserFacingError(exc.message) from exc
            usage = usage + done.usage
            reason = check_usable(done.text, series=series)
            if reason is None:
                return done.text, usage
            log.warning("unusable model output (%s), attempt %d", reason, attempt + 1)
            history = [
                *messages,
                ChatMessage(role="assistant", content=done.text),
                ChatMessage(role="user", content=self.prompts.render("retry", reason=reason)),
            ]
        where = f"“{label}”部分" if label else "这部分内容"
        raise UserFacingError(f"大模型两次都没有给出可用的{where}（{reason}），请稍后重试。")

    async def _fit_length(self, brief: Brief, text: str, target: int) -> tuple[str, Usage]:
        """One corrective pass when the 字数 is off by more than 15%."""
        actual = count_chars(text)
        if target <= 0 or abs(actual - target) <= target * LENGTH_TOLERANCE:
            return text, Usage()
        messages = self._messages(
            brief, "fix_length", text=text, target_chars=target, actual_chars=actual
        )
        fixed, usage = await self._complete_usable(
            messages, task="draft", series="一是" in text, max_tokens=self._max_tokens(target)
        )
        return fixed, usage

    # -- revision ----------------------------------------------------------------

    async def revise(
        self, brief: Brief, facts: Facts, text: str, instruction: str, target: str | None = None
    ) -> DraftResult:
        part = select_part(text, target)
        scope = "全文" if target is None else f"“{target}”部分"
        messages = self._messages(
            brief, "revise", text=part.text, instruction=instruction, scope=scope, facts=facts.items
        )
        new, usage = await self._complete_usable(
            messages, task="revise", max_tokens=self.settings.max_output_tokens
        )
        new, questions = clean_output(new, self.source_text(brief, facts, text))
        result = replace_part(text, part, new)
        return DraftResult(
            text=result,
            questions=merge_questions(questions, placeholder_questions(result)),
            usage=usage,
        )

    async def tighten(self, text: str, target_chars: int, notes: str = "") -> DraftResult:
        return await self._resize("tighten", "tighten", text, target_chars, notes)

    async def expand(self, text: str, target_chars: int, notes: str = "") -> DraftResult:
        return await self._resize("expand", "revise", text, target_chars, notes)

    async def _resize(
        self, template: str, task: Task, text: str, target: int, notes: str
    ) -> DraftResult:
        brief = Brief()
        messages = self._messages(
            brief,
            template,
            text=text,
            target_chars=target,
            actual_chars=count_chars(text),
            notes=notes,
        )
        new, usage = await self._complete_usable(
            messages, task=task, max_tokens=self.settings.max_output_tokens
        )
        new, questions = clean_output(new, text + "\n" + notes)
        new, more = await self._fit_length(brief, new, target)
        new, more_q = clean_output(new, text + "\n" + notes)
        return DraftResult(
            text=new + "\n",
            questions=merge_questions(questions, more_q, placeholder_questions(new)),
            usage=usage + more,
        )

    async def problems(self, brief: Brief, notes: str, with_causes: bool = False) -> DraftResult:
        kind = self.kind_of(brief)
        spec = next(s for s in kind.sections if s.role is Role.PROBLEMS)
        heading = spec.heading if with_causes else spec.heading.replace("及原因分析", "")
        target = max(300, round(brief.target_chars * spec.share))
        roles = {Role.PROBLEMS, Role.CAUSES} if with_causes else {Role.PROBLEMS}
        exemplars = self.index.pick(
            notes, roles, self.settings.exemplar_token_budget, self.counter.count, kind=kind.kind
        )
        messages = self._messages(
            brief,
            "problems",
            kind=kind,
            heading=heading,
            notes=notes,
            with_causes=with_causes,
            exemplars=exemplars,
            target_chars=target,
        )
        body, usage = await self._complete_usable(
            messages, task="problems", series=True, max_tokens=self._max_tokens(target)
        )
        body, questions = clean_output(body, notes + "\n" + brief.period)
        text = heading + "\n" + body + "\n"
        return DraftResult(
            text=text,
            questions=merge_questions(questions, placeholder_questions(text)),
            usage=usage,
        )
