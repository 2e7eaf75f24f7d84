"""The fact sheet: extracted facts shown for confirmation; corrections in plain words."""

from __future__ import annotations

import bot.dialog.outline_flow as outline_flow
from bot.dialog.context import Ctx
from bot.dialog.fact_edit import FixChoice, apply_choice, correct
from bot.dialog.llmcall import guarded
from bot.dialog.state import FactsStep, Pending
from bot.dialog.ui import btn
from bot.writer.models import Facts

MAX_SHOWN = 40


async def start(ctx: Ctx) -> None:
    await ctx.goto(FactsStep())
    await extract(ctx)


async def extract(ctx: Ctx) -> None:
    work = ctx.work
    if not any(v.strip() for v in work.notes.values()):
        work.facts = Facts()
    else:
        await ctx.say("正在整理您提供的情况……")
        result = await guarded(
            ctx,
            Pending(action="extract"),
            lambda: ctx.deps.writer.extract(work.brief, dict(work.notes)),
        )
        if result is None:
            return
        facts, usage = result
        work.facts = facts
        await ctx.record_usage(usage)
    await ctx.save()
    await prompt(ctx)


def render(facts: Facts) -> str:
    lines = [f"{i}. {f.text}" for i, f in enumerate(facts.items[:MAX_SHOWN], start=1)]
    if len(facts.items) > MAX_SHOWN:
        lines.append(f"……另有{len(facts.items) - MAX_SHOWN}条")
    return "\n".join(lines)


async def prompt(ctx: Ctx) -> None:
    facts = ctx.work.facts
    if facts is None:
        await extract(ctx)
        return
    step = ctx.state.step
    if isinstance(step, FactsStep) and step.choices:
        await _ask_choice(ctx, step.correction, facts, step.choices)
        return
    if not facts.items:
        text = (
            "访谈里没有记下具体情况。可以直接起草（缺的内容会用【待补充：…】标出），"
            "也可以用“补充：……”添加。"
        )
    else:
        text = (
            "我从您的回答里整理出以下情况，请核对：\n"
            f"{render(facts)}\n"
            "如需更正，直接说，例如“学习次数是15次”“删除第3条”“补充：……”。"
        )
    await ctx.say(text, [[btn("确认，生成提纲", "facts:ok")]])


def _step(ctx: Ctx) -> FactsStep:
    step = ctx.state.step
    assert isinstance(step, FactsStep)
    return step


async def on_button(ctx: Ctx, data: str) -> bool:
    if data.startswith("fx:"):
        await _on_choice(ctx, data[3:])
        return True
    if data != "facts:ok":
        return False
    if ctx.work.facts is None:
        await extract(ctx)
        return True
    await outline_flow.start(ctx)
    return True


async def _on_choice(ctx: Ctx, rest: str) -> None:
    step, facts = _step(ctx), ctx.work.facts
    choices, correction = step.choices, step.correction
    step.choices, step.correction = [], ""
    index = int(rest) if rest.isdigit() else -1
    if facts is None or not 0 <= index < len(choices):
        await ctx.save()
        await ctx.say("好的，这条没有改。" if rest == "none" else "这个选项已经过期了。")
        await prompt(ctx)
        return
    done = apply_choice(facts, choices[index])
    if done is None:
        await ctx.save()
        await ctx.say("这条情况已经变了，请重新说一遍要怎么改。")
        await prompt(ctx)
        return
    await _committed(ctx, correction, done)


async def _committed(ctx: Ctx, correction: str, done: str) -> None:
    notes = ctx.work.notes
    notes["更正"] = f"{notes.get('更正', '')}\n{correction}".strip()  # review traces figures here
    await ctx.save()  # the correction is committed before we answer
    await ctx.say(done)
    await prompt(ctx)


async def _ask_choice(ctx: Ctx, text: str, facts: Facts, choices: list[FixChoice]) -> None:
    step = _step(ctx)
    step.choices, step.correction = choices, text
    await ctx.save()
    buttons = [
        [btn(c.label(fact), f"fx:{i}")]
        for i, c in enumerate(choices)
        if (fact := facts.by_id(c.fact_id)) is not None
    ]
    buttons.append([btn("都不是", "fx:none")])
    await ctx.say(f"“{text}”要改的是哪一条？", buttons)


async def on_text(ctx: Ctx, text: str) -> None:
    facts = ctx.work.facts
    if facts is None:
        await extract(ctx)
        return
    step = _step(ctx)
    step.choices, step.correction = [], ""  # a new message replaces an open question
    if text.strip() in ("确认", "好", "可以", "没问题", "对"):
        await outline_flow.start(ctx)
        return
    done = correct(facts, text)
    if done is None:
        await ctx.say(
            "没找到要更正的条目。请这样说：“学习次数是15次”“删除第3条”或“补充：……”。",
            [[btn("确认，生成提纲", "facts:ok")]],
        )
        return
    if isinstance(done, list):
        await _ask_choice(ctx, text.strip(), facts, done)
        return
    await _committed(ctx, text.strip(), done)
