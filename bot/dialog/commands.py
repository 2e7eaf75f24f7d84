"""Slash commands, valid in every state: /start /cancel /help /undo /usage /forget /export …"""

from __future__ import annotations

from bot.dialog import docview, drafts, menu, revision
from bot.dialog.context import Ctx
from bot.dialog.state import ConfirmStep, DialogState, DraftStep, MenuStep
from bot.dialog.ui import HELP_TEXT, btn


def pause(ctx: Ctx) -> None:
    """Park the current step (and what was entered) so the menu can offer it back."""
    step = ctx.state.step
    if isinstance(step, MenuStep | ConfirmStep):
        return
    ctx.state.paused = step
    ctx.state.paused_work = ctx.state.work.model_copy(deep=True) if ctx.state.work else None


async def handle(ctx: Ctx, name: str, args: str) -> bool:
    """Run a command; False when the name is unknown. Re-prompting is the caller's job."""
    from bot.dialog.router import reprompt

    name = name.lower()
    if name in ("start", "menu"):
        pause(ctx)
        await ctx.goto(MenuStep())
        await ctx.say("您好！我是述职助手，可以帮您写抓基层党建工作述职报告和党支部工作总结。")
        await menu.prompt(ctx)
    elif name == "cancel":
        if isinstance(ctx.state.step, MenuStep):
            await ctx.say("当前没有进行中的操作。")
        else:
            pause(ctx)
            await ctx.goto(MenuStep())
            await ctx.say("已暂停。您已填写的内容都保留着，可以随时点“继续”接着来。")
        await menu.prompt(ctx)
    elif name == "help":
        await ctx.say(HELP_TEXT)
        await reprompt(ctx)
    elif name == "undo":
        if ctx.state.work is None or ctx.state.work.doc_id is None:
            await ctx.say("还没有稿子，没有可以撤销的修改。")
            await reprompt(ctx)
        else:
            await revision.undo(ctx)
    elif name == "usage":
        await ctx.say(await usage_text(ctx))
        await reprompt(ctx)
    elif name == "forget":
        pause(ctx)
        await ctx.goto(ConfirmStep(action="forget"))
        await ctx.say(
            "确定要删除您的全部数据吗？包括所有文稿、版本、访谈记录和用量记录，删除后无法恢复。",
            [[btn("确定删除全部数据", "yes"), btn("取消", "no")]],
        )
    elif name == "export":
        if ctx.state.work is None or ctx.state.work.doc_id is None:
            await ctx.say("还没有可以导出的稿子。")
            await reprompt(ctx)
        else:
            await revision.export(ctx)
    elif name == "drafts":
        pause(ctx)
        await drafts.show_list(ctx)
    elif name == "versions":
        await revision.list_versions(ctx)
    else:
        return False
    return True


async def usage_text(ctx: Ctx) -> str:
    used = await ctx.deps.store.usage_today(ctx.user_id)
    if ctx.deps.writer.offline:
        return "当前使用离线写作，不调用大模型，不消耗用量。"
    quota = ctx.deps.settings.limits.daily_token_quota
    line = f"今日已用{used.total_tokens}个词元（调用模型{used.calls}次）"
    if quota <= 0:
        return f"{line}，每日用量不限。"
    left = max(quota - used.total_tokens, 0)
    tail = "已达上限，请明天再试。" if left == 0 else f"还剩{left}个。"
    return f"{line}；每日上限{quota}个，{tail}"


async def on_confirm(ctx: Ctx, yes: bool) -> None:
    step = ctx.state.step
    assert isinstance(step, ConfirmStep)
    if step.action == "forget":
        if yes:
            await ctx.deps.store.forget_user(ctx.user_id)
            ctx.state = DialogState()
            await ctx.save()
            await ctx.say("您的全部数据已删除。")
            await menu.prompt(ctx)
            return
        await ctx.say("已取消，数据都还在。")
        await _back(ctx)
        return
    if yes and step.doc_id is not None:
        await ctx.deps.store.delete_document(ctx.user_id, step.doc_id)
        if ctx.state.work is not None and ctx.state.work.doc_id == step.doc_id:
            ctx.state.work = None
        await ctx.say("已删除。")
    else:
        await ctx.say("已取消。")
    await drafts.show_list(ctx)


async def _back(ctx: Ctx) -> None:
    from bot.dialog.router import reprompt

    paused = ctx.state.paused
    if paused is None:
        await menu.show(ctx)
        return
    ctx.state.paused = None
    if ctx.state.paused_work is not None:
        ctx.state.work, ctx.state.paused_work = ctx.state.paused_work, None
    await ctx.goto(paused)
    if isinstance(paused, DraftStep):
        await docview.ask_questions(ctx)
    else:
        await reprompt(ctx)
