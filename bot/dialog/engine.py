"""`DialogEngine.handle(user, event, emit)`: one entry point for every front.

Per event: take the user's lock (two messages at once are handled one after the
other), load the state from the store, let the step's flow handle the event, save.
Flows save by themselves before every question and every writer call, so a crash
loses nothing that was acknowledged.
"""

from __future__ import annotations

import asyncio
import logging

from pydantic import ValidationError

from bot.dialog import commands, menu, router, tighten
from bot.dialog.context import Ctx, DialogDeps
from bot.dialog.events import ButtonEvent, CommandEvent, Emit, Event, FileEvent, TextEvent, UserRef
from bot.dialog.state import DialogState, DraftStep, Pending
from bot.dialog.ui import MENU, RETRY, btn

log = logging.getLogger(__name__)

SORRY = "抱歉，处理这条消息时出了问题。已填写的内容都已保存，请再试一次或发送 /menu 回到主菜单。"


class DialogEngine:
    def __init__(self, deps: DialogDeps) -> None:
        self.deps = deps
        self._locks: dict[str, asyncio.Lock] = {}

    def _lock(self, user: UserRef) -> asyncio.Lock:
        return self._locks.setdefault(f"{user.channel}:{user.external_id}", asyncio.Lock())

    async def handle(self, user: UserRef, event: Event, emit: Emit) -> None:
        async with self._lock(user):
            user_id = await self.deps.store.user_id(
                user.channel, user.external_id, user.display_name
            )
            ctx = Ctx(self.deps, user_id, await self._load(user_id), emit)
            try:
                await self._dispatch(ctx, event)
            except Exception:
                log.exception("dialog step %r failed", ctx.state.step.name)
                await ctx.say(SORRY, [[btn("返回菜单", MENU)]])
                return
            await ctx.save()

    async def _load(self, user_id: int) -> DialogState:
        raw = await self.deps.store.load_state(user_id)
        if raw is None:
            return DialogState()
        try:
            return DialogState.model_validate(raw)
        except ValidationError:
            log.warning("stored dialog state for user %r is unreadable; starting over", user_id)
            return DialogState()

    async def _dispatch(self, ctx: Ctx, event: Event) -> None:
        if isinstance(event, CommandEvent):
            if not await commands.handle(ctx, event.name, event.args):
                await ctx.say(f"没有“/{event.name}”这个命令。发送 /help 查看可用的命令。")
                await router.reprompt(ctx)
        elif isinstance(event, ButtonEvent):
            await self._button(ctx, event.data)
        elif isinstance(event, FileEvent):
            await tighten.on_file(ctx, event.filename, event.data)
        elif isinstance(event, TextEvent):
            await self._text(ctx, event.text)

    async def _text(self, ctx: Ctx, text: str) -> None:
        if not text.strip():
            await ctx.say("没有收到内容，请再发一次。")
            await router.reprompt(ctx)
            return
        if text.strip() in ("菜单", "主菜单", "返回菜单"):
            await commands.handle(ctx, "menu", "")
            return
        await router.on_text(ctx, text)

    async def _button(self, ctx: Ctx, data: str) -> None:
        if data == MENU:
            commands.pause(ctx)
            await menu.show(ctx)
        elif data == RETRY:
            await self._retry(ctx)
        elif not await router.on_button(ctx, data):
            await ctx.say("这个按钮已经过期了，请按最新的提示操作。")
            await router.reprompt(ctx)

    async def _retry(self, ctx: Ctx) -> None:
        pending = ctx.state.pending
        if pending is None:
            await router.reprompt(ctx)
            return
        await retry(ctx, pending)


async def retry(ctx: Ctx, pending: Pending) -> None:
    """Replay the writer call that failed."""
    from bot.dialog import facts_flow, outline_flow, problems_flow, revision

    step = ctx.state.step.name
    if pending.action == "extract" and step == "facts":
        await facts_flow.extract(ctx)
    elif pending.action == "outline" and step == "outline":
        await outline_flow.generate(ctx)
    elif pending.action == "problems" and step == "problems":
        await problems_flow.retry(ctx, with_causes=pending.instruction == "causes")
    elif isinstance(ctx.state.step, DraftStep):
        await revision.retry(ctx, pending)
    else:
        ctx.state.pending = None
        await router.reprompt(ctx)
