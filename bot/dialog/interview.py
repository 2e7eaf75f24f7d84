"""The interview over the kind's topics: one answer each, at most one follow-up per topic."""

from __future__ import annotations

import logging

from bot.dialog import facts_flow
from bot.dialog.context import Ctx
from bot.dialog.events import Button
from bot.dialog.followup_merge import merge
from bot.dialog.ports import Topic
from bot.dialog.state import InterviewStep
from bot.dialog.ui import btn
from bot.dialog.validate import answer_problem, is_skip
from bot.llm.base import LLMError

log = logging.getLogger(__name__)
MAX_SUGGESTIONS = 4


async def start(ctx: Ctx) -> None:
    await ctx.goto(InterviewStep(topic=0))
    await prompt(ctx)


def _step(ctx: Ctx) -> InterviewStep:
    step = ctx.state.step
    assert isinstance(step, InterviewStep)
    return step


def _suggestions(ctx: Ctx, topic: Topic) -> list[str]:
    pool = list(topic.examples) or list(ctx.deps.problem_suggestions)
    return pool[:MAX_SUGGESTIONS]


def _is_problems(topic: Topic) -> bool:
    return topic.role == "problems"


async def prompt(ctx: Ctx) -> None:
    step = _step(ctx)
    topics = ctx.kind().topics
    if step.topic >= len(topics):
        await facts_flow.start(ctx)
        return
    topic = topics[step.topic]
    if step.followup:
        await ctx.say(step.followup, [[btn("跳过", "iv:skip")]])
        return
    buttons: list[list[Button]] = [[btn("跳过", "iv:skip"), btn("没有", "iv:none")]]
    text = f"（{step.topic + 1}/{len(topics)}）{topic.key}：{topic.question}"
    if _is_problems(topic):
        so_far = ctx.work.notes.get(topic.key, "")
        suggestions = _suggestions(ctx, topic)
        for i, s in enumerate(suggestions):
            buttons.append([btn(_short(s), f"iv:sug:{i}")])
        if so_far:
            text += f"\n目前已记下：\n{so_far}\n可以继续补充，或点“完成”进入下一项。"
            buttons.insert(0, [btn("完成", "iv:done"), btn("清空重写", "iv:clear")])
        elif suggestions:
            text += "\n可以直接写，也可以点选下面的常见问题（选后可再修改补充）。"
    await ctx.say(text, buttons)


def _short(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


async def on_button(ctx: Ctx, data: str) -> bool:
    if not data.startswith("iv:"):
        return False
    step = _step(ctx)
    topics = ctx.kind().topics
    if step.topic >= len(topics):
        await prompt(ctx)
        return True
    topic = topics[step.topic]
    action = data[3:]
    if action in ("skip", "none", "done"):
        await _advance(ctx)
    elif action == "clear":
        ctx.work.notes.pop(topic.key, None)
        await ctx.save()
        await prompt(ctx)
    elif action.startswith("sug:"):
        suggestions = _suggestions(ctx, topic)
        index = int(action[4:]) if action[4:].isdigit() else -1
        if 0 <= index < len(suggestions):
            _append(ctx, topic.key, suggestions[index])
            await ctx.save()
        await prompt(ctx)
    else:
        return False
    return True


def _append(ctx: Ctx, key: str, text: str) -> None:
    old = ctx.work.notes.get(key, "")
    ctx.work.notes[key] = f"{old}\n{text}".strip() if old else text


async def on_text(ctx: Ctx, text: str) -> None:
    step = _step(ctx)
    topics = ctx.kind().topics
    if step.topic >= len(topics):
        await prompt(ctx)
        return
    topic = topics[step.topic]
    if is_skip(text):
        await _advance(ctx)
        return
    problem = answer_problem(text)
    if problem:
        await ctx.say(problem)
        await prompt(ctx)
        return
    answer = text.strip()
    if step.followup is not None and not _is_problems(topic):
        # the follow-up answer belongs to the topic's answer, labelled with what was asked
        notes = ctx.work.notes
        notes[topic.key] = merge(notes.get(topic.key, ""), step.followup, answer)
        await ctx.save()
        await _advance(ctx)
        return
    _append(ctx, topic.key, answer)
    await ctx.save()  # the answer is committed before anything else happens
    if _is_problems(topic):
        await prompt(ctx)  # problems accumulate until 完成
        return
    question = await _followup(ctx, topic, answer)
    if question:
        step.followup = question
        await ctx.save()
        await prompt(ctx)
        return
    await _advance(ctx)


async def _followup(ctx: Ctx, topic: Topic, answer: str) -> str | None:
    """At most one follow-up per topic; a failing writer just means no follow-up."""
    try:
        question = await ctx.deps.writer.followup(topic.key, topic.question, answer)
    except LLMError as exc:
        log.warning("follow-up failed: %r", exc)
        return None
    return question.strip() if question and question.strip() else None


async def _advance(ctx: Ctx) -> None:
    step = _step(ctx)
    await ctx.goto(InterviewStep(topic=step.topic + 1))
    await prompt(ctx)
