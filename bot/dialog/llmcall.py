"""Run one writer call with the state committed first and LLM failures turned into a retry."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from bot.dialog.context import Ctx
from bot.dialog.state import Pending
from bot.dialog.ui import LLM_FAILED, MENU, QUOTA_REACHED, RETRY, btn
from bot.errors import UserFacingError
from bot.llm.base import LLMError

T = TypeVar("T")
log = logging.getLogger(__name__)


async def guarded(ctx: Ctx, pending: Pending, call: Callable[[], Awaitable[T]]) -> T | None:
    """Save the state (with `pending`), run `call`; on LLMError tell the user and return None."""
    ctx.state.pending = pending  # kept even when the quota stops us: 继续 replays it tomorrow
    await ctx.save()
    if await ctx.over_quota():
        await ctx.say(QUOTA_REACHED, [[btn("继续", RETRY), btn("返回菜单", MENU)]])
        return None
    try:
        result = await call()
    except LLMError as exc:
        await _failed(ctx, pending, exc)
        return None
    except UserFacingError as exc:
        if isinstance(exc.__cause__, LLMError):  # the writer wrapped a provider failure
            await _failed(ctx, pending, exc)
            return None
        # a refusal (e.g. the offline writer cannot follow an instruction): nothing to retry
        ctx.state.pending = None
        await ctx.save()
        await ctx.say(exc.message)
        return None
    ctx.state.pending = None
    return result


async def _failed(ctx: Ctx, pending: Pending, exc: LLMError | UserFacingError) -> None:
    """The provider failed: the state (with `pending`) is already saved; offer 重试."""
    log.warning("writer call %r failed: %r", pending.action, exc)
    message = exc.message if exc.message else LLM_FAILED
    await ctx.say(
        f"{message}\n已填写的内容都已保存。",
        [[btn("重试", RETRY), btn("返回菜单", MENU)]],
    )
