"""结构: the parts a 述职报告 needs, their balance, and problems that read as praise."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.report import Role, Section, count_chars
from bot.report.model import Marker
from bot.report.parse import classify_line
from bot.review.context import ReviewContext
from bot.review.models import Finding

_PRAISE = re.compile(
    r"工作标准(?:太|过)高|(?:要求|标准)(?:太|过)高|对自己要求(?:太|过于)严格?|"
    r"加班(?:太|过)多|经常加班(?:加点)?|牺牲(?:了)?(?:休息|节假日|个人)|顾不上(?:家庭|家人|休息|照顾)|"
    r"(?:过于|太)(?:认真|执着|追求完美|较真)|工作(?:太|过于)投入|休息(?:太|过)少|"
    r"一心扑在工作上|只顾工作"
)
_CAUSE_WORDS = re.compile(r"原因|根源|究其|根子|剖析")
_REQUIRED: tuple[tuple[Role, str], ...] = (
    (Role.WORK, "履职情况（抓基层党建的主要工作和成效）"),
    (Role.PROBLEMS, "存在的问题"),
    (Role.PLANS, "下一步工作打算"),
)
MAX_PLANS_SHARE = 1 / 3


def _anchor(ctx: ReviewContext) -> tuple[int, str]:
    """Where a whole-document finding points: the title line, else the first line."""
    line = ctx.lines[0]
    return line.start, line.text


def _heading_span(ctx: ReviewContext, section: Section) -> tuple[int, str]:
    for line in ctx.lines:
        if line.text.startswith(section.number) and section.heading in line.text:
            return line.start, line.text[: len(section.number) + 1 + len(section.heading)]
    return _anchor(ctx)


def check_structure(ctx: ReviewContext) -> Iterator[Finding]:
    if not ctx.lines:
        return
    report = ctx.report
    if ctx.kind == "述职报告" and report.sections:
        yield from _missing_parts(ctx)
        yield from _missing_causes(ctx)
    plans = report.section_by_role(Role.PLANS)
    total = count_chars(ctx.text)
    if plans is not None and total > 0 and plans.chars > total * MAX_PLANS_SHARE:
        start, text = _heading_span(ctx, plans)
        yield Finding(
            category="结构",
            rule="结构.plans-too-long",
            start=start,
            end=start + len(text),
            text=text,
            message=(
                f"“下一步”部分有{plans.chars}字，占全文{plans.chars * 100 // total}%，超过三分之一；"
                "述职应以履职情况为主。"
            ),
            suggestion="压缩下一步打算，写清措施、时限和目标即可",
            severity="warning",
        )
    yield from _praise(ctx)


def _missing_parts(ctx: ReviewContext) -> Iterator[Finding]:
    roles = {s.role for s in ctx.report.sections}
    start, text = _anchor(ctx)
    for role, name in _REQUIRED:
        if role in roles or (role is Role.PROBLEMS and Role.CAUSES in roles):
            continue
        yield Finding(
            category="结构",
            rule=f"结构.missing-{role.value}",
            start=start,
            end=start + len(text),
            text=text,
            message=f"述职报告缺少“{name}”部分。",
            suggestion=f"增加一部分：{name}",
            severity="warning",
        )


def _missing_causes(ctx: ReviewContext) -> Iterator[Finding]:
    report = ctx.report
    problems = report.section_by_role(Role.PROBLEMS)
    if problems is None:
        return
    has_causes = (
        any(p.role is Role.CAUSES for p in report.all_paragraphs())
        or any(s.role is Role.CAUSES for s in report.sections)
        or any(_CAUSE_WORDS.search(p.text) for p in problems.all_paragraphs())
    )
    if has_causes:
        return
    start, text = _heading_span(ctx, problems)
    yield Finding(
        category="结构",
        rule="结构.missing-causes",
        start=start,
        end=start + len(text),
        text=text,
        message="列出了问题，但没有剖析原因。述职报告要求对问题作原因分析，特别是主观原因。",
        suggestion="增加“原因分析”：从思想认识、能力素质、工作作风等方面剖析",
        severity="warning",
    )


def _praise(ctx: ReviewContext) -> Iterator[Finding]:
    """Scan the lines of the 存在的问题 section (headings included) for praise."""
    problems = ctx.report.section_by_role(Role.PROBLEMS)
    if problems is None:
        return
    first = _heading_span(ctx, problems)[0]
    inside = False
    for line in ctx.lines:
        if line.start == first:
            inside = True
            continue
        if not inside:
            continue
        n = classify_line(line.text)
        if n is not None and n.marker is Marker.SECTION:
            break
        for m in _PRAISE.finditer(line.text):
            yield Finding(
                category="结构",
                rule="结构.praise-as-problem",
                start=line.start + m.start(),
                end=line.start + m.end(),
                text=m.group(),
                message="这是把成绩当问题写（“问题写成成绩”），评议时会被认为查摆不实。",
                suggestion="写本人在思想、能力、作风上的具体不足",
                severity="warning",
            )
