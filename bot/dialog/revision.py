"""A draft on screen: revisions in plain words, placeholder answers, versions, export."""

from __future__ import annotations

from bot.dialog import docview, drafting, placeholders
from bot.dialog.context import Ctx
from bot.dialog.events import DocumentReply
from bot.dialog.llmcall import guarded
from bot.dialog.revision_rules import CLOSING, OPENING, Plan, plan
from bot.dialog.state import ClarifyStep, DraftStep, Pending
from bot.dialog.ui import MENU, btn
from bot.dialog.validate import has_words
from bot.errors import UserFacingError
from bot.report import count_chars, parse_report
from bot.writer.models import DraftResult, Facts
from bot.writer.revise import replace_part, select_part

MAX_INSTRUCTION = 500
OFFLINE_CAN = (
    "不连接大模型时可以：回答【待补充】问题，压缩某一部分（例如“把（三）压缩到300字”），"
    "精炼全文，撤销，导出 Word。"
)


async def prompt(ctx: Ctx) -> None:
    step = ctx.state.step
    if isinstance(step, ClarifyStep):
        await _ask_clarify(ctx, step)
        return
    if isinstance(step, DraftStep) and step.answering:
        q = next((q for q in ctx.work.questions if q.placeholder == step.answering), None)
        if q is not None:
            await ctx.say(f"{q.question}（直接回复答案即可）", [[btn("先不回答", "ph:cancel")]])
            return
    await docview.ask_questions(ctx)


async def on_text(ctx: Ctx, text: str) -> None:
    value = text.strip()
    if not value or (not has_words(value) and not any(ch.isdigit() for ch in value)):
        await ctx.say("没看懂这条消息。请用一句话说要怎么改，例如“开头换一种写法”。")
        return
    step = ctx.state.step
    if isinstance(step, DraftStep) and step.answering:
        q = next((q for q in ctx.work.questions if q.placeholder == step.answering), None)
        if q is not None:
            await _fill(ctx, q, value.rstrip("。"))
            return
    if isinstance(step, ClarifyStep):
        ctx.state.step = DraftStep()
    hit = placeholders.match(await docview.open_questions(ctx), value)
    if hit is not None:
        await _fill(ctx, *hit)
        return
    if len(value) > MAX_INSTRUCTION:
        await ctx.say(
            f"修改意见请控制在{MAX_INSTRUCTION}字以内。要精炼整篇稿子，请用主菜单里的“精炼我的稿子”。"
        )
        return
    current = await docview.current_text(ctx)
    if current is None:
        await ctx.say("还没有稿子可以修改。", [[btn("返回菜单", MENU)]])
        return
    p = plan(value, parse_report(current[0]))
    if p.op == "undo":
        await undo(ctx)
        return
    if p.ambiguous:
        clarify = ClarifyStep(instruction=value, op=p.op, options=p.options)
        await ctx.goto(clarify)
        await _ask_clarify(ctx, clarify)
        return
    await apply(ctx, p)


async def _ask_clarify(ctx: Ctx, step: ClarifyStep) -> None:
    buttons = [[btn(label, f"cl:{i}")] for i, (label, _) in enumerate(step.options)]
    await ctx.say(f"“{step.instruction}”——要改哪一部分？", buttons)


async def on_button(ctx: Ctx, data: str) -> bool:
    step = ctx.state.step
    if data.startswith("cl:") and isinstance(step, ClarifyStep):
        index = int(data[3:]) if data[3:].isdigit() else -1
        if not 0 <= index < len(step.options):
            await _ask_clarify(ctx, step)
            return True
        target = step.options[index][1] or None
        p = Plan(op=step.op, instruction=step.instruction, target=target)
        await ctx.goto(DraftStep())
        await apply(ctx, p)
        return True
    if data.startswith("ph:"):
        rest = data[3:]
        if rest == "cancel":
            await ctx.goto(DraftStep())
            await docview.ask_questions(ctx)
            return True
        questions = await docview.open_questions(ctx)
        index = int(rest) if rest.isdigit() else -1
        if 0 <= index < len(questions):
            await ctx.goto(DraftStep(answering=questions[index].placeholder))
            await prompt(ctx)
            return True
        await docview.ask_questions(ctx)
        return True
    if data.startswith("ver:"):
        number = int(data[4:]) if data[4:].isdigit() else 0
        await go_to_version(ctx, number)
        return True
    if not data.startswith("act:"):
        return False
    action = data[4:]
    if action == "revise":
        await ctx.say(
            "请直接说要怎么改，例如：\n“第二部分的问题写得更具体一些”\n“把（三）压缩到300字”\n"
            "“加一段意识形态工作”\n“开头换一种写法”\n“撤销”"
        )
    elif action in ("tighten", "expand"):
        await apply(
            ctx, Plan(op=action, instruction="精炼全文" if action == "tighten" else "扩写全文")
        )
    elif action == "export":
        await export(ctx)
    elif action == "regen":
        await drafting.regenerate(ctx)
    elif action == "versions":
        await list_versions(ctx)
    else:
        return False
    return True


async def apply(ctx: Ctx, p: Plan) -> None:
    current = await docview.current_text(ctx)
    if current is None:
        await ctx.say("还没有稿子可以修改。", [[btn("返回菜单", MENU)]])
        return
    text, _ = current
    writer, work = ctx.deps.writer, ctx.work
    chars = count_chars(text)
    result: DraftResult | None
    if p.op == "tighten" and writer.offline and p.target not in (None, OPENING, CLOSING):
        result = await _tighten_part_offline(ctx, text, p)
    elif p.op in ("tighten", "expand") and p.target is None:
        goal = p.target_chars or (
            min(work.brief.target_chars, int(chars * 0.8))
            if p.op == "tighten"
            else max(work.brief.target_chars, int(chars * 1.25))
        )
        call = writer.tighten if p.op == "tighten" else writer.expand
        if not writer.offline or p.op == "tighten":
            await ctx.say(f"正在{'精炼' if p.op == 'tighten' else '扩写'}全文（目标约{goal}字）……")
        result = await guarded(
            ctx,
            Pending(action=p.op, instruction=p.instruction, target_chars=goal),
            lambda: call(text, goal, "\n".join(work.notes.values())),
        )
    else:
        if not writer.offline:  # offline, the writer refuses at once
            await ctx.say(f"正在修改{'全文' if p.target is None else f'“{p.target}”部分'}……")
        instruction = p.instruction
        if p.target_chars and str(p.target_chars) not in instruction:
            instruction = f"{instruction}（约{p.target_chars}字）"
        facts = work.facts or Facts()
        result = await guarded(
            ctx,
            Pending(action="revise", instruction=instruction, target=p.target),
            lambda: writer.revise(work.brief, facts, text, instruction, p.target),
        )
    if result is None:
        if writer.offline and ctx.state.pending is None:  # refused: say what works offline
            await ctx.say(OFFLINE_CAN)
        return
    await ctx.record_usage(result.usage)
    await docview.save_version(ctx, result.text, p.instruction, p.op, result.questions)
    await docview.show(ctx)


async def _tighten_part_offline(ctx: Ctx, text: str, p: Plan) -> DraftResult | None:
    """Without a model, "把（三）压缩到300字" is the offline tighten of that part alone:
    filler words and sentences without facts go; headings, figures and placeholders stay."""
    try:
        part = select_part(text, p.target)
    except UserFacingError as exc:
        await ctx.say(exc.message)
        return None
    before = count_chars(part.text)
    goal = p.target_chars or int(before * 0.8)
    await ctx.say(f"正在精炼“{p.target}”部分（目标约{goal}字）……")
    # the writer keeps a text's first line as its title; a part has none, hence the blank line
    result = await guarded(
        ctx,
        Pending(action="tighten", instruction=p.instruction, target=p.target, target_chars=goal),
        lambda: ctx.deps.writer.tighten("\n" + part.text, goal),
    )
    if result is None:
        return None
    after = count_chars(result.text)
    if after > goal:
        await ctx.say(
            f"离线精炼只能删去套话和不含事实的句子，这部分从{before}字压到了{after}字"
            f"（目标{goal}字）。要进一步压缩，请连接大模型，或直接告诉我删去哪些内容。"
        )
    new_text = replace_part(text, part, result.text.strip("\n"))
    return result.model_copy(update={"text": new_text})


async def retry(ctx: Ctx, pending: Pending) -> None:
    if pending.action in ("tighten", "expand", "revise"):
        p = Plan(
            op=pending.action,
            instruction=pending.instruction,
            target=pending.target,
            target_chars=pending.target_chars,
        )
        await apply(ctx, p)
    else:
        await drafting.draft(ctx, note=pending.instruction or "初稿")


async def _fill(ctx: Ctx, question: placeholders.Question, value: str) -> None:
    current = await docview.current_text(ctx)
    if current is None:
        return
    new_text = placeholders.fill(current[0], question, value)
    await docview.save_version(ctx, new_text, f"补充：{placeholders.label(question)}", "fill")
    await ctx.say(f"已填入“{value}”（{placeholders.label(question)}）。")
    await docview.show(ctx, with_review=False)


async def undo(ctx: Ctx) -> None:
    work = ctx.work
    current = await docview.current_text(ctx)
    if work.doc_id is None or current is None or current[1] <= 1:
        await ctx.say("没有可以撤销的修改。")
        return
    await ctx.deps.store.set_current(ctx.user_id, work.doc_id, current[1] - 1)
    await ctx.goto(DraftStep())
    await ctx.say(f"已撤销，回到第{current[1] - 1}版。")
    await docview.show(ctx, with_review=False)


async def list_versions(ctx: Ctx) -> None:
    work = ctx.work
    if work.doc_id is None:
        await ctx.say("还没有稿子。")
        return
    versions = await ctx.deps.store.list_versions(ctx.user_id, work.doc_id)
    current = await docview.current_text(ctx)
    now = current[1] if current else None
    lines, buttons = ["版本记录："], []
    for v in versions[-10:]:
        mark = "（当前）" if v.number == now else ""
        lines.append(f"第{v.number}版{mark}：{v.note}，{count_chars(v.text)}字")
        if v.number != now:
            buttons.append([btn(f"回到第{v.number}版", f"ver:{v.number}")])
    await ctx.say("\n".join(lines), buttons)


async def go_to_version(ctx: Ctx, number: int) -> None:
    work = ctx.work
    if (
        work.doc_id is None
        or await ctx.deps.store.get_version(ctx.user_id, work.doc_id, number) is None
    ):
        await ctx.say("没有这个版本。")
        return
    await ctx.deps.store.set_current(ctx.user_id, work.doc_id, number)
    await ctx.goto(DraftStep())
    await ctx.say(f"已回到第{number}版。")
    await docview.show(ctx, with_review=False)


async def export(ctx: Ctx) -> None:
    current = await docview.current_text(ctx)
    if current is None:
        await ctx.say("还没有可以导出的稿子。")
        return
    text, number = current
    report = parse_report(text)
    base = (report.title or ctx.work.brief.kind or "文稿")[:40]
    exporter = ctx.deps.exporter
    if exporter is not None:
        data = exporter(report)
        await ctx.send(
            DocumentReply(
                filename=f"{base}-第{number}版.docx", data=data, caption="已按公文格式导出 Word。"
            )
        )
        return
    await ctx.send(
        DocumentReply(
            filename=f"{base}-第{number}版.txt",
            data=text.encode("utf-8"),
            caption="已导出为文本文件（Word 导出暂不可用）。",
        )
    )
