"""Which flow handles a text, a button or a re-prompt in each step."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.dialog import (
    basics,
    drafts,
    facts_flow,
    interview,
    menu,
    outline_flow,
    problems_flow,
    revision,
    tighten,
)
from bot.dialog.context import Ctx

TextHandler = Callable[[Ctx, str], Awaitable[None]]
ButtonHandler = Callable[[Ctx, str], Awaitable[bool]]
Prompt = Callable[[Ctx], Awaitable[None]]


async def _confirm_text(ctx: Ctx, text: str) -> None:
    from bot.dialog.commands import on_confirm

    await on_confirm(ctx, text.strip() in ("确定", "确认", "是", "是的", "确定删除"))


async def _confirm_button(ctx: Ctx, data: str) -> bool:
    from bot.dialog.commands import on_confirm

    if data not in ("yes", "no"):
        return False
    await on_confirm(ctx, data == "yes")
    return True


async def _confirm_prompt(ctx: Ctx) -> None:
    from bot.dialog.ui import btn

    await ctx.say("请确认：", [[btn("确定", "yes"), btn("取消", "no")]])


TEXT: dict[str, TextHandler] = {
    "menu": menu.on_text,
    "basics": basics.on_text,
    "interview": interview.on_text,
    "facts": facts_flow.on_text,
    "outline": outline_flow.on_text,
    "draft": revision.on_text,
    "clarify": revision.on_text,
    "tighten": tighten.on_text,
    "problems": problems_flow.on_text,
    "drafts": drafts.on_text,
    "confirm": _confirm_text,
}

# Step-specific buttons first; menu, drafts and draft actions work from any step.
BUTTONS: dict[str, ButtonHandler] = {
    "basics": basics.on_button,
    "interview": interview.on_button,
    "facts": facts_flow.on_button,
    "outline": outline_flow.on_button,
    "tighten": tighten.on_button,
    "problems": problems_flow.on_button,
    "confirm": _confirm_button,
}
ANY_STEP_BUTTONS: tuple[ButtonHandler, ...] = (menu.on_button, drafts.on_button, revision.on_button)

PROMPTS: dict[str, Prompt] = {
    "menu": menu.prompt,
    "basics": basics.prompt,
    "interview": interview.prompt,
    "facts": facts_flow.prompt,
    "outline": outline_flow.prompt,
    "draft": revision.prompt,
    "clarify": revision.prompt,
    "tighten": tighten.prompt,
    "problems": problems_flow.prompt,
    "drafts": drafts.prompt,
    "confirm": _confirm_prompt,
}


async def reprompt(ctx: Ctx) -> None:
    """Ask the current step's question again (after /help, bad input, a resume)."""
    await PROMPTS[ctx.state.step.name](ctx)


async def on_text(ctx: Ctx, text: str) -> None:
    await TEXT[ctx.state.step.name](ctx, text)


async def on_button(ctx: Ctx, data: str) -> bool:
    step_handler = BUTTONS.get(ctx.state.step.name)
    if step_handler is not None and await step_handler(ctx, data):
        return True
    for handler in ANY_STEP_BUTTONS:
        if await handler(ctx, data):
            return True
    return False
