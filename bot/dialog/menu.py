"""The start menu: choose a task, or continue what /cancel paused."""

from __future__ import annotations

from bot.dialog import basics, drafts, problems_flow, tighten
from bot.dialog.context import Ctx
from bot.dialog.events import Button
from bot.dialog.state import MenuStep, Work
from bot.dialog.ui import btn
from bot.writer.models import Brief

_STEP_LABEL = {
    "basics": "基本信息",
    "interview": "访谈",
    "facts": "事实核对",
    "outline": "提纲确认",
    "draft": "稿子修改",
    "clarify": "稿子修改",
    "tighten": "精炼稿子",
    "problems": "生成“存在的问题”",
    "drafts": "我的文稿",
}


def menu_buttons(ctx: Ctx) -> list[list[Button]]:
    rows: list[list[Button]] = []
    paused = ctx.state.paused
    if paused is not None and paused.name in _STEP_LABEL:
        rows.append([btn(f"继续上次的{_STEP_LABEL[paused.name]}", "menu:resume")])
    rows += [
        [btn("新建述职报告", "menu:shuzhi")],
        [btn("新建党支部工作总结", "menu:zongjie")],
        [btn("精炼我的稿子", "menu:tighten")],
        [btn("由要点生成“存在的问题”", "menu:problems")],
        [btn("我的文稿", "menu:drafts")],
    ]
    return rows


async def prompt(ctx: Ctx) -> None:
    await ctx.say("请选择要做的事：", menu_buttons(ctx))


async def show(ctx: Ctx) -> None:
    await ctx.goto(MenuStep())
    await prompt(ctx)


async def on_text(ctx: Ctx, text: str) -> None:
    await ctx.say("请点下面的按钮选择要做的事（终端里输入序号）。", menu_buttons(ctx))


async def on_button(ctx: Ctx, data: str) -> bool:
    choice = data.removeprefix("menu:")
    if choice == "resume":
        from bot.dialog.router import reprompt

        paused = ctx.state.paused
        if paused is None:
            await prompt(ctx)
            return True
        ctx.state.paused = None
        if ctx.state.paused_work is not None:
            ctx.state.work, ctx.state.paused_work = ctx.state.paused_work, None
        await ctx.goto(paused)
        await reprompt(ctx)
        return True
    if choice in ("shuzhi", "zongjie"):
        kind = "述职报告" if choice == "shuzhi" else "工作总结"
        kind_id = "shuzhi" if choice == "shuzhi" else "zongjie_year"
        ctx.state.work = Work(brief=Brief(kind=kind, kind_id=kind_id))
        ctx.state.paused = None
        await basics.start(ctx)
        return True
    if choice == "tighten":
        await tighten.start(ctx)
        return True
    if choice == "problems":
        await problems_flow.start(ctx)
        return True
    if choice == "drafts":
        await drafts.show_list(ctx)
        return True
    return False
