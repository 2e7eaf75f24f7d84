"""我的文稿: list, reopen and continue, delete (with a confirmation)."""

from __future__ import annotations

from bot.dialog import docview
from bot.dialog.context import Ctx
from bot.dialog.state import ConfirmStep, DraftsStep, DraftStep, Work
from bot.dialog.ui import MENU, btn
from bot.writer.models import Brief

MAX_LISTED = 10


async def show_list(ctx: Ctx) -> None:
    await ctx.goto(DraftsStep())
    await prompt(ctx)


async def prompt(ctx: Ctx) -> None:
    docs = await ctx.deps.store.list_documents(ctx.user_id)
    if not docs:
        await ctx.say("还没有保存的文稿。", [[btn("返回菜单", MENU)]])
        return
    buttons = [
        [
            btn(
                f"{d.title[:20]}（第{d.current_version or 0}版，{d.updated_at:%m-%d}）",
                f"doc:{d.id}",
            )
        ]
        for d in docs[:MAX_LISTED]
    ]
    buttons.append([btn("返回菜单", MENU)])
    more = f"（共{len(docs)}篇，显示最近{MAX_LISTED}篇）" if len(docs) > MAX_LISTED else ""
    await ctx.say(f"我的文稿{more}：", buttons)


async def on_text(ctx: Ctx, text: str) -> None:
    await ctx.say("请点选一篇文稿（终端里输入序号）。")
    await prompt(ctx)


def _id(data: str, prefix: str) -> int | None:
    rest = data.removeprefix(prefix)
    return int(rest) if rest.isdigit() else None


async def on_button(ctx: Ctx, data: str) -> bool:
    for prefix, action in (("doc:", _select), ("open:", _open), ("del:", _ask_delete)):
        if data.startswith(prefix):
            doc_id = _id(data, prefix)
            if doc_id is None or await ctx.deps.store.get_document(ctx.user_id, doc_id) is None:
                await ctx.say("这篇文稿已经不存在了。")
                await show_list(ctx)
                return True
            await action(ctx, doc_id)
            return True
    return False


async def _select(ctx: Ctx, doc_id: int) -> None:
    doc = await ctx.deps.store.get_document(ctx.user_id, doc_id)
    assert doc is not None
    await ctx.goto(DraftsStep(selected=doc_id))
    await ctx.say(
        f"《{doc.title}》，共{doc.version_count}个版本，当前第{doc.current_version or 0}版。",
        [
            [btn("打开继续修改", f"open:{doc_id}"), btn("删除", f"del:{doc_id}")],
            [btn("返回列表", "menu:drafts")],
        ],
    )


async def _open(ctx: Ctx, doc_id: int) -> None:
    doc = await ctx.deps.store.get_document(ctx.user_id, doc_id)
    assert doc is not None
    try:
        work = Work.model_validate({k: v for k, v in doc.meta.items() if k in Work.model_fields})
    except ValueError:
        work = Work(brief=Brief())
    work.doc_id = doc_id
    ctx.state.work = work
    ctx.state.paused = None
    await ctx.goto(DraftStep())
    await docview.show(ctx, with_review=False)


async def _ask_delete(ctx: Ctx, doc_id: int) -> None:
    doc = await ctx.deps.store.get_document(ctx.user_id, doc_id)
    assert doc is not None
    await ctx.goto(ConfirmStep(action="delete", doc_id=doc_id))
    await ctx.say(
        f"确定删除《{doc.title}》及其全部版本吗？删除后无法恢复。",
        [[btn("确定删除", "yes"), btn("取消", "no")]],
    )
