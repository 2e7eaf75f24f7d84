"""The model's outline proposal, checked against the kind and the facts."""

from __future__ import annotations

from pydantic import BaseModel, Field

from bot.writer.kinds import KindSpec
from bot.writer.models import Brief, Facts, Outline, OutlineItem, OutlineSection
from bot.writer.plan import assign_targets


class PlanItem(BaseModel):
    heading: str
    fact_ids: list[str] = Field(default_factory=list)


class PlanSection(BaseModel):
    id: str
    items: list[PlanItem] = Field(default_factory=list)


class OutlinePlan(BaseModel):
    title: str = ""
    sections: list[PlanSection] = Field(default_factory=list)


def merge_plan(
    kind: KindSpec, brief: Brief, facts: Facts, plan: OutlinePlan, base: Outline
) -> Outline:
    """The model's headings and grouping, checked: known sections only, each fact in
    exactly one place (duplicates dropped, forgotten ones added where the rule put them)."""
    placed: set[str] = set()
    known = {f.id for f in facts.items}
    sections: list[OutlineSection] = []
    by_id = {p.id: p for p in plan.sections}
    for spec, fallback in zip(kind.sections, base.sections, strict=True):
        proposed = by_id.get(spec.id)
        items: list[OutlineItem] = []
        for p in proposed.items if proposed else []:
            heading = p.heading.strip().strip("（）()一二三四五六七八九十、。 ")
            ids = [i for i in p.fact_ids if i in known and i not in placed]
            placed.update(ids)
            if heading:
                items.append(OutlineItem(heading=heading[:24], fact_ids=ids))
        items = items[: spec.max_items] or [i.model_copy() for i in fallback.items]
        sections.append(
            OutlineSection(heading=spec.heading, role=spec.role, section_id=spec.id, items=items)
        )
    for spec, fallback, section in zip(kind.sections, base.sections, sections, strict=True):
        for f_item in fallback.items:
            for fid in f_item.fact_ids:
                if fid in placed:
                    continue
                placed.add(fid)
                if section.items:
                    section.items[-1].fact_ids.append(fid)
                else:
                    section.items.append(OutlineItem(heading=f_item.heading, fact_ids=[fid]))
        del spec
    outline = Outline(title=plan.title.strip() or base.title, sections=sections)
    return assign_targets(kind, brief, outline)
