"""Outline approval: show the headings, let the user rename one, then draft."""

from __future__ import annotations

import re

from bot.dialog import drafting
from bot.dialog.context import Ctx
from bot.dialog.llmcall import guarded
from bot.dialog.state import OutlineStep, Pending
from bot.dialog.ui import btn
from bot.report.model import han_number, number_value
from bot.writer.models import Facts, Outline

_EDIT = re.compile(
    r"^(?:把)?(?:第?(?P<sec>[一二三四五六七八九十\d]+)(?:部分|、)?)?\s*"
    r"(?:[（(](?P<item>[一二三四五六七八九十\d]+)[）)])?\s*(?:的)?(?:标题|小标题)?\s*"
    r"(?:改为|改成|换成|改|=)\s*[：:“\"]?(?P<new>[^”\"]+)[”\"]?$"
)


async def start(ctx: Ctx) -> None:
    await ctx.goto(OutlineStep())
    await generate(ctx)


async def generate(ctx: Ctx) -> None:
    work = ctx.work
    facts = work.facts or Facts()
    await ctx.say("正在拟提纲……")
    result = await guarded(
        ctx, Pending(action="outline"), lambda: ctx.deps.writer.outline(work.brief, facts)
    )
    if result is None:
        return
    work.outline, usage = result
    await ctx.record_usage(usage)
    await ctx.save()
    await prompt(ctx)


def render(outline: Outline) -> str:
    lines = [outline.title]
    for i, section in enumerate(outline.sections, start=1):
        lines.append(f"{han_number(i)}、{section.heading}")
        for j, item in enumerate(section.items, start=1):
            lines.append(f"　（{han_number(j)}）{item.heading}")
    return "\n".join(lines)


async def prompt(ctx: Ctx) -> None:
    outline = ctx.work.outline
    if outline is None:
        await generate(ctx)
        return
    await ctx.say(
        "提纲如下，请确认：\n"
        f"{render(outline)}\n"
        "如需改标题，直接说，例如“第二部分改为：存在的问题及原因”“一（二）改为：严格落实三会一课”。",
        [[btn("确认，开始起草", "outline:ok"), btn("重拟提纲", "outline:again")]],
    )


async def on_button(ctx: Ctx, data: str) -> bool:
    if data == "outline:ok":
        if ctx.work.outline is None:
            await generate(ctx)
        else:
            await drafting.start(ctx)
        return True
    if data == "outline:again":
        await generate(ctx)
        return True
    return False


def _number(text: str | None) -> int | None:
    if text is None:
        return None
    return number_value(text)


def apply_edit(outline: Outline, text: str) -> str | None:
    m = _EDIT.match(text.strip())
    if not m or (m.group("sec") is None and m.group("item") is None):
        return None
    new = m.group("new").strip().rstrip("。")
    if not new:
        return None
    sec_no, item_no = _number(m.group("sec")), _number(m.group("item"))
    if sec_no is None:
        # （二） alone: only unambiguous when a single section has such an item
        owners = [s for s in outline.sections if item_no is not None and len(s.items) >= item_no]
        if len(owners) != 1:
            return None
        sec_no = outline.sections.index(owners[0]) + 1
    if not 1 <= sec_no <= len(outline.sections):
        return None
    section = outline.sections[sec_no - 1]
    if item_no is None:
        section.heading = new
        return f"已把第{han_number(sec_no)}部分改为：{new}"
    if not 1 <= item_no <= len(section.items):
        return None
    section.items[item_no - 1].heading = new
    return f"已把{han_number(sec_no)}（{han_number(item_no)}）改为：{new}"


async def on_text(ctx: Ctx, text: str) -> None:
    outline = ctx.work.outline
    if outline is None:
        await generate(ctx)
        return
    if text.strip() in ("确认", "好", "可以", "开始", "开始起草"):
        await drafting.start(ctx)
        return
    done = apply_edit(outline, text)
    if done is None:
        await ctx.say(
            "没看懂要改哪个标题。请这样说：“第二部分改为：……”或“一（二）改为：……”；"
            "没有要改的就点“确认，开始起草”。",
            [[btn("确认，开始起草", "outline:ok")]],
        )
        return
    await ctx.save()
    await ctx.say(done)
    await prompt(ctx)
