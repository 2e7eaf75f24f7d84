"""存在的问题 from the user's notes (optionally with 原因分析)."""

from __future__ import annotations

from bot.dialog import docview
from bot.dialog.context import Ctx
from bot.dialog.llmcall import guarded
from bot.dialog.state import Pending, ProblemsStep, Work
from bot.dialog.ui import MENU, btn
from bot.dialog.validate import answer_problem
from bot.writer.models import Brief


async def start(ctx: Ctx) -> None:
    await ctx.goto(ProblemsStep(phase="input"))
    await prompt(ctx)


def _step(ctx: Ctx) -> ProblemsStep:
    step = ctx.state.step
    assert isinstance(step, ProblemsStep)
    return step


async def prompt(ctx: Ctx) -> None:
    step = _step(ctx)
    if step.phase == "input":
        await ctx.say(
            "请用几句话说说工作中的不足（要点即可，每行一条），我来整理成“存在的问题”。",
            [[btn("返回菜单", MENU)]],
        )
        return
    await ctx.say(
        "要不要同时写原因分析？",
        [[btn("连同原因分析", "pb:yes"), btn("只写问题", "pb:no")]],
    )


async def on_text(ctx: Ctx, text: str) -> None:
    step = _step(ctx)
    if step.phase == "causes":
        await _write(ctx, with_causes=text.strip() in ("要", "是", "好", "需要", "连同原因分析"))
        return
    problem = answer_problem(text, limit=5000)
    if problem:
        await ctx.say(problem)
        return
    await ctx.goto(ProblemsStep(phase="causes", notes=text.strip()))
    await prompt(ctx)


async def on_button(ctx: Ctx, data: str) -> bool:
    if data not in ("pb:yes", "pb:no"):
        return False
    await _write(ctx, with_causes=data == "pb:yes")
    return True


async def _write(ctx: Ctx, with_causes: bool) -> None:
    notes = _step(ctx).notes
    if ctx.state.work is None or ctx.state.work.doc_id is not None:
        ctx.state.work = Work(brief=Brief())
    brief = ctx.work.brief
    ctx.work.notes = {"存在的问题": notes}
    await ctx.say("正在整理……")
    result = await guarded(
        ctx,
        Pending(action="problems", instruction="causes" if with_causes else ""),
        lambda: ctx.deps.writer.problems(brief, notes, with_causes),
    )
    if result is None:
        return
    await ctx.record_usage(result.usage)
    await docview.save_version(ctx, result.text, "由要点生成", "problems", result.questions)
    await docview.show(ctx)


async def retry(ctx: Ctx, with_causes: bool) -> None:
    step = ctx.state.step
    if isinstance(step, ProblemsStep) and step.notes:
        await _write(ctx, with_causes=with_causes)
    else:
        await start(ctx)
