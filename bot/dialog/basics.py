"""The basics, one question at a time: period, unit and role, 字数, who speaks."""

from __future__ import annotations

import re
from datetime import date

import bot.dialog.interview as interview
from bot.dialog.context import Ctx
from bot.dialog.events import Button
from bot.dialog.state import BasicsField, BasicsStep
from bot.dialog.ui import btn
from bot.dialog.validate import has_words, is_number_only, parse_int

_ORDER: list[BasicsField] = ["period", "unit_role", "target", "speaker"]
MIN_CHARS, MAX_CHARS = 300, 20000


def _periods(today: date) -> list[str]:
    y = today.year
    if today.month <= 6:
        return [f"{y - 1}年度", f"{y}年上半年", f"{y - 1}年下半年"]
    return [f"{y}年上半年", f"{y}年度", f"{y - 1}年度"]


async def start(ctx: Ctx) -> None:
    await ctx.goto(BasicsStep(field="period"))
    await prompt(ctx)


async def prompt(ctx: Ctx) -> None:
    step = ctx.state.step
    assert isinstance(step, BasicsStep)
    brief = ctx.work.brief
    is_report = brief.kind == "述职报告"
    buttons: list[list[Button]] = []
    if step.field == "period":
        text = "这份材料写的是哪个时间段？可以点选，也可以直接输入（例如“2025年度”）。"
        buttons = [[btn(p, f"b:{p}") for p in _periods(date.today())]]
    elif step.field == "unit_role":
        text = (
            "您的单位和职务是？例如“XX区民政局党组书记”“XX局机关第一党支部书记”。"
            if is_report
            else "党支部的全称是？例如“XX局机关第一党支部”。"
        )
    elif step.field == "target":
        text = "全文大约写多少字？"
        buttons = [
            [btn(f"{n}字", f"b:{n}") for n in (2000, 3000, 5000)] + [btn("自定义", "b:custom")]
        ]
    elif step.field == "target_custom":
        text = f"请输入字数（{MIN_CHARS}到{MAX_CHARS}之间的数字），例如 3500。"
    else:
        text = "以谁的口吻来写？"
        own = "本人" if is_report else (brief.unit_role or "党支部")
        buttons = [[btn(own, f"b:{own}")]]
        if is_report:
            buttons[0].append(btn("班子（集体口吻）", "b:班子"))
    await ctx.say(text, buttons)


async def on_button(ctx: Ctx, data: str) -> bool:
    if not data.startswith("b:"):
        return False
    value = data[2:]
    if value == "custom":
        await ctx.goto(BasicsStep(field="target_custom"))
        await prompt(ctx)
        return True
    await on_text(ctx, value)
    return True


async def on_text(ctx: Ctx, text: str) -> None:
    step = ctx.state.step
    assert isinstance(step, BasicsStep)
    value = text.strip()
    problem = _check(step.field, value)
    if problem:
        await ctx.say(problem)
        await prompt(ctx)
        return
    brief = ctx.work.brief
    if step.field == "period":
        brief.period = _normalise_period(value)
        year = re.search(r"(20\d\d)", brief.period)
        brief.year = int(year.group(1)) if year else None
        if brief.kind == "工作总结":
            brief.kind_id = "zongjie_half" if "半年" in brief.period else "zongjie_year"
    elif step.field == "unit_role":
        brief.unit_role = value
    elif step.field in ("target", "target_custom"):
        brief.target_chars = parse_int(value) or brief.target_chars
    else:
        brief.speaker = value
    nxt = _next(step.field)
    if nxt is None:
        await ctx.save()
        await interview.start(ctx)
        return
    await ctx.goto(BasicsStep(field=nxt))
    await prompt(ctx)


def _next(current: BasicsField) -> BasicsField | None:
    key: BasicsField = "target" if current == "target_custom" else current
    i = _ORDER.index(key)
    return _ORDER[i + 1] if i + 1 < len(_ORDER) else None


def _normalise_period(value: str) -> str:
    if re.fullmatch(r"20\d\d", value):
        return f"{value}年度"
    if re.fullmatch(r"20\d\d年", value):
        return f"{value}度"
    return value


def _check(field: BasicsField, value: str) -> str | None:
    if not value:
        return "没有收到内容，请再输入一次。"
    if field in ("target", "target_custom"):
        n = parse_int(value)
        if n is None:
            return "字数请输入数字，例如 3000。"
        if not MIN_CHARS <= n <= MAX_CHARS:
            return f"字数需要在{MIN_CHARS}到{MAX_CHARS}之间。"
        return None
    if field == "period":
        if re.fullmatch(r"20\d\d年?", value):
            return None
        if not has_words(value) or not re.search(r"\d|年", value):
            return "请写明时间段，例如“2025年度”或“2025年上半年”。"
        if len(value) > 30:
            return "时间段写得太长了，例如“2025年度”即可。"
        return None
    if is_number_only(value):
        return "这里需要文字，例如“XX区民政局党组书记”。"
    if not has_words(value):
        return "没看懂这条消息，请用文字回答。"
    if len(value) > 60:
        return "这一项请控制在60字以内，写单位和职务即可。"
    return None
