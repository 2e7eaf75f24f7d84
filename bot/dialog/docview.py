"""The current draft: save a new version, show it with its open questions and 审校 notes."""

from __future__ import annotations

import logging

from bot.dialog import placeholders
from bot.dialog.context import Ctx
from bot.dialog.events import Button, ReportReply
from bot.dialog.state import DraftStep
from bot.dialog.ui import MENU, btn, draft_actions
from bot.report import parse_report
from bot.writer.models import Question

log = logging.getLogger(__name__)
MAX_FINDINGS = 8


def _title(ctx: Ctx, text: str) -> str:
    report = parse_report(text)
    if report.title:
        return report.title[:100]
    brief = ctx.work.brief
    return f"{brief.period}{brief.kind}".strip() or "未命名文稿"


async def save_version(
    ctx: Ctx, text: str, note: str, source: str, questions: list[Question] | None = None
) -> int:
    """Commit `text` as a new version (creating the document first if needed)."""
    work = ctx.work
    store = ctx.deps.store
    # every question ever asked is kept, so that going back to an older version asks it again
    new = [placeholders.tidy(q) for q in questions or []]
    merged = {q.placeholder: q for q in [*work.questions, *new]}
    work.questions = list(merged.values())
    meta = meta_of(ctx)
    if work.doc_id is None or await store.get_document(ctx.user_id, work.doc_id) is None:
        work.doc_id = await store.create_document(
            ctx.user_id, work.brief.kind, _title(ctx, text), meta
        )
    else:
        await store.update_meta(ctx.user_id, work.doc_id, meta)
    number = await store.add_version(ctx.user_id, work.doc_id, text, note[:200], source)
    ctx.state.step = DraftStep()
    await ctx.save()
    return number


def meta_of(ctx: Ctx) -> dict[str, object]:
    work = ctx.work
    return work.model_dump(mode="json", include={"brief", "notes", "facts", "outline", "questions"})


async def current_text(ctx: Ctx) -> tuple[str, int] | None:
    work = ctx.work
    if work.doc_id is None:
        return None
    version = await ctx.deps.store.get_version(ctx.user_id, work.doc_id)
    return None if version is None else (version.text, version.number)


async def show(ctx: Ctx, *, with_review: bool = True, note: str = "") -> None:
    """The current version, its 审校 notes, `note` (if any), then the open questions."""
    current = await current_text(ctx)
    if current is None:
        await ctx.say("还没有稿子。", [[btn("返回菜单", MENU)]])
        return
    text, number = current
    await ctx.send(ReportReply(text=text, version=number))
    if with_review:
        await _review(ctx, text)
    if note:
        await ctx.say(note)
    await ask_questions(ctx)


async def open_questions(ctx: Ctx) -> list[Question]:
    """The placeholder questions still present in the current version."""
    current = await current_text(ctx)
    text = current[0] if current else ""
    return [q for q in ctx.work.questions if q.placeholder in text]


async def ask_questions(ctx: Ctx) -> None:
    questions = await open_questions(ctx)
    buttons: list[list[Button]] = []
    if questions:
        lines = [f"稿子里还有{len(questions)}处需要您补充（用【待补充：…】标出）："]
        for i, q in enumerate(questions, start=1):
            lines.append(f"{i}. {q.question}")
            if i <= 5:
                buttons.append([btn(f"回答第{i}个", f"ph:{i - 1}")])
        lines.append("可以直接回复，例如“学习次数是12次”；也可以用一句话说要怎么改。")
        text = "\n".join(lines)
    else:
        text = "需要修改的话，直接用一句话告诉我，例如“把（三）压缩到300字”“开头换一种写法”。"
    await ctx.say(text, buttons + draft_actions())


async def _review(ctx: Ctx, text: str) -> None:
    reviewer = ctx.deps.reviewer
    if reviewer is None:
        return
    notes = "\n".join(ctx.work.notes.values())
    try:
        findings = reviewer(parse_report(text), notes)
    except Exception:  # the review is advisory: never block the draft on it
        log.exception("review failed")
        return
    if findings:
        shown = "\n".join(f"· {f}" for f in findings[:MAX_FINDINGS])
        more = f"\n……另有{len(findings) - MAX_FINDINGS}条" if len(findings) > MAX_FINDINGS else ""
        await ctx.say(f"审校提示：\n{shown}{more}")
