"""Draft the whole report from the approved outline, with per-section progress."""

from __future__ import annotations

from bot.dialog import docview
from bot.dialog.context import Ctx
from bot.dialog.events import ProgressReply
from bot.dialog.llmcall import guarded
from bot.dialog.state import DraftStep, Pending
from bot.dialog.ui import MENU, btn
from bot.report import Role, count_chars
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
    await docview.show(ctx, note=_offline_note(ctx, result.text) if result.offline else "")


def _offline_note(ctx: Ctx, text: str) -> str:
    """Said once per report: what an offline draft is, and how to get a full one."""
    work = ctx.work
    if work.offline_noted:
        return ""
    work.offline_noted = True  # saved with the next question
    return (
        f"说明：这是离线草稿，只把您提供的要点按公文格式整理排列，没有补写任何内容，"
        f"所以篇幅较短（{count_chars(text)}字，目标约{work.brief.target_chars}字）。"
        "连接大模型（设置 OPENAI_API_KEY，使用其他服务时再设置 OPENAI_BASE_URL）后，"
        "可以在这些要点的基础上写出完整的稿子。"
    )


async def regenerate(ctx: Ctx) -> None:
    if ctx.work.outline is None:
        await ctx.say(
            "这份稿子不是由提纲生成的，无法重新生成。可以用一句话说要怎么改。",
            [[btn("返回菜单", MENU)]],
        )
        return
    ctx.state.step = DraftStep()
    await draft(ctx, note="重新生成")
