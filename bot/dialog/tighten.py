"""Tighten a draft the user pastes or uploads (.docx / .txt)."""

from __future__ import annotations

from bot.dialog import docview
from bot.dialog.context import Ctx
from bot.dialog.llmcall import guarded
from bot.dialog.state import Pending, TightenStep, Work
from bot.dialog.ui import MENU, btn
from bot.dialog.validate import has_words, parse_int
from bot.errors import UnusableInputError
from bot.export.read import read_document_bytes
from bot.report import count_chars, parse_report
from bot.writer.models import Brief

MIN_DRAFT_CHARS = 100


async def start(ctx: Ctx) -> None:
    await ctx.goto(TightenStep(phase="input"))
    await prompt(ctx)


def _step(ctx: Ctx) -> TightenStep:
    step = ctx.state.step
    assert isinstance(step, TightenStep)
    return step


def _goals(chars: int) -> list[int]:
    return sorted({max(300, round(chars * r / 100) * 100) for r in (0.5, 0.67, 0.8)})


async def prompt(ctx: Ctx) -> None:
    step = _step(ctx)
    if step.phase == "input":
        limit = ctx.deps.settings.limits.max_input_chars
        await ctx.say(
            f"请把稿子直接粘贴过来（{limit}字以内），或上传 .docx / .txt 文件。",
            [[btn("返回菜单", MENU)]],
        )
        return
    if step.phase == "custom":
        await ctx.say("请输入目标字数，例如 2500。")
        return
    chars = count_chars(step.text)
    goals = _goals(chars)
    await ctx.say(
        f"收到，全文约{chars}字。要压缩到多少字？",
        [[btn(f"{g}字", f"tg:{g}") for g in goals] + [btn("自定义", "tg:custom")]],
    )


async def on_file(ctx: Ctx, filename: str, data: bytes) -> None:
    step = ctx.state.step
    if not isinstance(step, TightenStep) or step.phase != "input":
        ctx.state.step = TightenStep(phase="input")  # an upload anywhere starts 精炼
    max_bytes = int(ctx.deps.settings.limits.max_upload_mb * 1024 * 1024)
    if len(data) > max_bytes:
        await ctx.say(
            f"文件太大（超过{ctx.deps.settings.limits.max_upload_mb:g} MB），请拆分后再上传。"
        )
        return
    try:
        text = read_document_bytes(data, filename)
    except UnusableInputError as exc:
        await ctx.say(exc.message)
        await prompt(ctx)
        return
    await _accept(ctx, text)


async def on_text(ctx: Ctx, text: str) -> None:
    step = _step(ctx)
    if step.phase == "input":
        await _accept(ctx, text)
        return
    goal = parse_int(text)
    if goal is None:
        await ctx.say("请输入数字，例如 2500。")
        return
    await _tighten(ctx, goal)


async def on_button(ctx: Ctx, data: str) -> bool:
    if not data.startswith("tg:"):
        return False
    value = data[3:]
    if value == "custom":
        step = _step(ctx)
        await ctx.goto(step.model_copy(update={"phase": "custom"}))
        await prompt(ctx)
        return True
    goal = parse_int(value)
    if goal is None:
        return False
    await _tighten(ctx, goal)
    return True


async def _accept(ctx: Ctx, text: str) -> None:
    limit = ctx.deps.settings.limits.max_input_chars
    body = text.strip()
    if not body or not has_words(body):
        await ctx.say("没有收到稿子的文字。")
        await prompt(ctx)
        return
    if len(body) > limit:
        await ctx.say(f"稿子有{len(body)}字，超过了{limit}字的上限，请分部分发送。")
        return
    if count_chars(body) < MIN_DRAFT_CHARS:
        await ctx.say(f"这段文字不到{MIN_DRAFT_CHARS}字，不需要精炼。请粘贴整篇稿子。")
        return
    await ctx.goto(TightenStep(phase="target", text=body))
    await prompt(ctx)


async def _tighten(ctx: Ctx, goal: int) -> None:
    step = _step(ctx)
    chars = count_chars(step.text)
    if not 300 <= goal < chars:
        await ctx.say(f"目标字数需要不少于300字，并且少于原稿的{chars}字。")
        return
    report = parse_report(step.text)
    kind = "工作总结" if report.title and "总结" in report.title else "述职报告"
    ctx.state.work = Work(brief=Brief(kind=kind, target_chars=max(goal, 300)))
    await docview.save_version(ctx, step.text, "原稿", "upload")  # the original is version 1
    await ctx.say(f"正在精炼（目标约{goal}字）……")
    result = await guarded(
        ctx,
        Pending(action="tighten", instruction="精炼全文", target_chars=goal),
        lambda: ctx.deps.writer.tighten(step.text, goal),
    )
    if result is None:
        return
    await ctx.record_usage(result.usage)
    await docview.save_version(ctx, result.text, f"精炼到约{goal}字", "tighten", result.questions)
    await docview.show(ctx)
