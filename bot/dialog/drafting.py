"""Draft the whole report from the approved outline, with per-section progress."""

from __future__ import annotations

from bot.dialog import docview
from bot.dialog.context import Ctx
from bot.dialog.events import ProgressReply
from bot.dialog.llmcall import guarded
from bot.dialog.state import DraftStep, Pending
from bot.dialog.ui import MENU, btn
from bot.report import Role
from bot.writer.models import Facts, Progress


async def start(ctx: Ctx) -> None:
    await ctx.goto(DraftStep())
    await draft(ctx)


async def draft(ctx: Ctx, note: str = "初稿") -> None:
    work = ctx.work
    outline = work.outline
    if outline is None:
        await ctx.say("这份稿子没有提纲，无法重新生成。可以直接用一句话说要怎么改。")
        return
    facts = work.facts or Facts()
    # the writer drafts each （一） of the work sections, and every other section whole
    total = max(sum(len(s.items) or 1 if s.role == Role.WORK else 1 for s in outline.sections), 1)

    async def on_progress(p: Progress) -> None:
        await ctx.send(
            ProgressReply(
                index=p.index,
                total=max(total, p.index + 1),
                heading=p.heading,
                status=p.status,
                chars=p.chars,
                text=p.text,
            )
        )

    await ctx.say(f"开始起草，共{len(outline.sections)}个部分……")
    result = await guarded(
        ctx,
        Pending(action="draft", instruction=note),
        lambda: ctx.deps.writer.draft(work.brief, facts, outline, on_progress),
    )
    if result is None:
        return
    await ctx.record_usage(result.usage)
    source = "offline" if result.offline else "draft"
    await docview.save_version(ctx, result.text, note, source, result.questions)
    await docview.show(ctx)


async def regenerate(ctx: Ctx) -> None:
    if ctx.work.outline is None:
        await ctx.say(
            "这份稿子不是由提纲生成的，无法重新生成。可以用一句话说要怎么改。",
            [[btn("返回菜单", MENU)]],
        )
        return
    ctx.state.step = DraftStep()
    await draft(ctx, note="重新生成")
