"""Pure helpers both writers share: 字数 targets, the rule-based outline, drafting
units, and the assembly of the final text with 一、（一） numbering."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.report.model import han_number
from bot.writer.kinds import KindSpec, SectionSpec
from bot.writer.models import Brief, Fact, Facts, Outline, OutlineItem, OutlineSection

FRAME_CHARS = 120  # title, opening and closing, roughly
MIN_UNIT_CHARS = 120


def section_targets(kind: KindSpec, target_chars: int) -> dict[str, int]:
    body = max(target_chars - FRAME_CHARS, len(kind.sections) * MIN_UNIT_CHARS)
    return {s.id: round(body * s.share) for s in kind.sections}


def spread(total: int, weights: list[int]) -> list[int]:
    """Split `total` over items in proportion to `weights` (each at least 1)."""
    if not weights:
        return []
    w = [max(1, x) for x in weights]
    return [round(total * x / sum(w)) for x in w]


def facts_of_section(kind: KindSpec, facts: Facts, section: SectionSpec) -> list[Fact]:
    return [f for f in facts.items if kind.section_for_topic(f.topic).id == section.id]


def _weight(facts: list[Fact]) -> int:
    return 2 + sum(1 + len(f.figures) for f in facts)


def rule_outline(kind: KindSpec, brief: Brief, facts: Facts, title: str) -> Outline:
    """An outline without a model: one （一） item per topic that has facts, headed
    with the kind's default heading; series sections get one point per fact."""
    targets = section_targets(kind, brief.target_chars)
    sections: list[OutlineSection] = []
    for spec in kind.sections:
        own = facts_of_section(kind, facts, spec)
        items: list[OutlineItem] = []
        if spec.style == "items":
            used: set[str] = set()
            for topic in kind.topics_of(spec.id):
                ids = [f.id for f in own if f.topic == topic.key]
                if ids:
                    heading = next((h for h in topic.headings if h not in used), topic.key)
                    used.add(heading)
                    items.append(OutlineItem(heading=heading, fact_ids=ids))
            stray = [f.id for f in own if kind.topic(f.topic) is None]
            if stray:
                if items:
                    items[-1].fact_ids.extend(stray)
                else:
                    items.append(OutlineItem(heading="扎实开展工作，推动取得实效", fact_ids=stray))
        else:
            points = [f for f in own if f.kind != "cause"] or own
            items = [OutlineItem(heading=_short(f.text), fact_ids=[f.id]) for f in points]
            causes = [f.id for f in own if f not in points]
            if items and causes:
                items[-1].fact_ids.extend(causes)
        weights = [_weight([f for f in own if f.id in it.fact_ids]) for it in items]
        for item, chars in zip(items, spread(targets[spec.id], weights), strict=True):
            item.target_chars = chars
        sections.append(
            OutlineSection(
                heading=spec.heading,
                role=spec.role,
                section_id=spec.id,
                items=items,
                target_chars=targets[spec.id],
            )
        )
    return Outline(title=title, sections=sections)


def _short(text: str, limit: int = 16) -> str:
    first = re.split(r"[，。；,;]", text, maxsplit=1)[0]
    return first[:limit]


def assign_targets(kind: KindSpec, brief: Brief, outline: Outline) -> Outline:
    """Fill missing 字数 targets from the kind's shares (keeps ones already set)."""
    targets = section_targets(kind, brief.target_chars)
    for section in outline.sections:
        if not section.target_chars:
            section.target_chars = targets.get(section.section_id, MIN_UNIT_CHARS * 2)
        missing = [i for i in section.items if not i.target_chars]
        if missing:
            shares = spread(section.target_chars, [2 + len(i.fact_ids) for i in section.items])
            for item, chars in zip(section.items, shares, strict=True):
                item.target_chars = item.target_chars or chars
    return outline


def outline_text(outline: Outline) -> str:
    lines = [outline.title] if outline.title else []
    for i, section in enumerate(outline.sections, 1):
        lines.append(f"{han_number(i)}、{section.heading}")
        for j, item in enumerate(section.items, 1):
            lines.append(f"　（{han_number(j)}）{item.heading}")
    return "\n".join(lines)


@dataclass
class Unit:
    """One piece drafted by one model call: a （一） item, or a whole series section."""

    index: int
    section_index: int
    section: OutlineSection
    item: OutlineItem | None
    fact_ids: list[str]
    target_chars: int

    @property
    def heading(self) -> str:
        return self.item.heading if self.item is not None else self.section.heading


def draft_units(kind: KindSpec, outline: Outline) -> list[Unit]:
    units: list[Unit] = []
    for s_index, section in enumerate(outline.sections):
        spec = _spec(kind, section)
        if spec.style == "items" and section.items:
            for item in section.items:
                units.append(
                    Unit(len(units), s_index, section, item, item.fact_ids, item.target_chars)
                )
        else:
            ids = [fid for item in section.items for fid in item.fact_ids]
            units.append(Unit(len(units), s_index, section, None, ids, section.target_chars))
    return units


def _spec(kind: KindSpec, section: OutlineSection) -> SectionSpec:
    for spec in kind.sections:
        if spec.id == section.section_id or spec.heading == section.heading:
            return spec
    return SectionSpec(
        id=section.section_id or "other",
        heading=section.heading,
        role=section.role,
        share=1.0,
        style="series",
    )


def spec_of(kind: KindSpec, section: OutlineSection) -> SectionSpec:
    return _spec(kind, section)


_LEADING_NUMBER = re.compile(
    r"^(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、|\d+[.．、])"
)


def item_block(number: int, heading: str, body: str) -> str:
    """ "（一）heading。body" with further paragraphs on their own lines."""
    lines = [line for line in body.split("\n") if line.strip()]
    if lines:
        first = _LEADING_NUMBER.sub("", lines[0]).strip()
        bare = heading.rstrip("。")
        if first.startswith(bare):
            first = first[len(bare) :].lstrip("。，：")
        lines[0] = first
    head = f"（{han_number(number)}）{heading.rstrip('。')}。"
    if not lines or not lines[0]:
        return head + "\n".join(lines[1:])
    return "\n".join([head + lines[0], *lines[1:]])


def assemble(title: str, opening: str, sections: list[tuple[str, str]], closing: str) -> str:
    """The report text: title, blank line, opening, "一、heading" + body…, closing."""
    out = [title, "", opening] if title else [opening]
    for i, (heading, body) in enumerate(sections, 1):
        out.append(f"{han_number(i)}、{heading}")
        out.extend(line for line in body.split("\n") if line.strip())
    if closing:
        out.append(closing)
    return "\n".join(line for line in out if line is not None) + "\n"
