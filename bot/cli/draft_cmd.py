"""`python -m bot draft|tighten|problems` — batch drafting from a notes file.

Progress goes to stderr line by line; at the end the placeholder questions, the
token usage and the time taken. Works with no key (offline writer) and with any
OpenAI-compatible server (OPENAI_BASE_URL / OPENAI_API_KEY).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

from bot.config import Settings
from bot.errors import UnusableInputError, UserFacingError
from bot.export.read import read_document
from bot.llm.base import LLMError
from bot.llm.factory import build_llm
from bot.llm.tokens import TokenCounter
from bot.report import count_chars
from bot.writer.factory import build_writer
from bot.writer.kinds import kind_id_for, load_kind
from bot.writer.models import Brief, DraftResult, Progress, WriterAPI
from bot.writer.notes import split_notes
from bot.writer.offline import OFFLINE_NOTE

_STATUS = {"started": "开始", "writing": "撰写中", "done": "完成", "failed": "失败"}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("draft", help="根据要点材料生成述职报告或工作总结初稿")
    p.add_argument("notes", type=Path, help="要点材料（.txt 或 .docx）")
    p.add_argument("--kind", default="述职报告", help="述职报告 或 工作总结（默认：述职报告）")
    p.add_argument("--period", default="", help="如 2025年度、2025年上半年")
    p.add_argument("--unit", default="", help="单位和职务，如 XX区民政局机关党支部书记")
    p.add_argument("--chars", type=int, default=None, help="目标字数（默认按文稿类型）")
    p.add_argument("-o", "--output", type=Path, default=None, help="输出文件（默认打印）")
    p.set_defaults(handler=run_draft)

    t = subparsers.add_parser("tighten", help="把文稿压缩到指定字数")
    t.add_argument("file", type=Path, help=".txt 或 .docx 文稿")
    t.add_argument("--chars", type=int, required=True, help="目标字数")
    t.add_argument("-o", "--output", type=Path, default=None)
    t.set_defaults(handler=run_tighten)

    q = subparsers.add_parser("problems", help="把问题要点写成“存在的问题”部分")
    q.add_argument("notes", type=Path, help="问题要点（每行一条；原因可写在“原因：”之后）")
    q.add_argument("--with-causes", action="store_true", help="同时写原因分析")
    q.add_argument("--kind", default="述职报告")
    q.add_argument("--period", default="")
    q.add_argument("-o", "--output", type=Path, default=None)
    q.set_defaults(handler=run_problems)


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


async def _show_progress(p: Progress) -> None:
    if p.status == "writing":
        _say(f"  [{p.index + 1}] {p.heading}：已写 {p.chars} 字")
    else:
        suffix = f"（{p.chars}字）" if p.status == "done" else ""
        _say(f"  [{p.index + 1}] {p.heading}：{_STATUS[p.status]}{suffix}")


def _read(path: Path) -> str:
    text = read_document(path)
    if not text.strip():
        raise UnusableInputError("文件是空的，请提供要点材料。")
    return text


def _finish(result: DraftResult, output: Path | None, started: float) -> int:
    if output is not None:
        output.write_text(result.text, encoding="utf-8")
        _say(f"已写入 {output}（{count_chars(result.text)}字）")
    else:
        sys.stdout.write(result.text)
    if result.offline:
        _say(OFFLINE_NOTE)
    if result.questions:
        _say(f"请补充以下 {len(result.questions)} 处内容：")
        for q in result.questions:
            _say(f"  {q.placeholder} —— {q.question}")
    u = result.usage
    _say(f"用量：输入 {u.prompt_tokens} tokens，输出 {u.completion_tokens} tokens；")
    _say(f"用时 {time.monotonic() - started:.1f} 秒。")
    return 0


async def _with_writer(settings: Settings, job: str, args: argparse.Namespace) -> DraftResult:
    counter = TokenCounter.load()
    llm = build_llm(settings, counter=counter)
    writer = build_writer(settings, llm, counter=counter)
    _say("使用离线写作（未配置大模型）。" if llm is None else f"使用大模型：{llm.name}")
    try:
        return await _JOBS[job](writer, settings, args)
    finally:
        close = getattr(llm, "aclose", None)
        if close is not None:
            await close()


async def _draft(writer: WriterAPI, settings: Settings, args: argparse.Namespace) -> DraftResult:
    kind_id = kind_id_for(args.kind, args.period)
    kind = load_kind(settings.prompts_dir, kind_id)
    brief = Brief(
        kind=kind.kind,
        kind_id=kind_id,
        period=args.period,
        unit_role=args.unit,
        speaker=kind.speaker,
        target_chars=args.chars or kind.default_chars,
    )
    notes = split_notes(kind, _read(args.notes))
    _say(f"整理要点：{len(notes)} 个方面")
    facts, used = await writer.extract(brief, notes)
    _say(f"提取事实 {len(facts.items)} 条；拟定提纲……")
    outline, used2 = await writer.outline(brief, facts)
    for s in outline.sections:
        _say(f"  {s.heading}：{'；'.join(i.heading for i in s.items)}")
    result = await writer.draft(brief, facts, outline, on_progress=_show_progress)
    result.usage = used + used2 + result.usage
    return result


async def _tighten(writer: WriterAPI, settings: Settings, args: argparse.Namespace) -> DraftResult:
    text = _read(args.file)
    _say(f"原文 {count_chars(text)} 字，目标 {args.chars} 字……")
    return await writer.tighten(text, args.chars)


async def _problems(writer: WriterAPI, settings: Settings, args: argparse.Namespace) -> DraftResult:
    kind_id = kind_id_for(args.kind, args.period)
    brief = Brief(kind_id=kind_id, period=args.period)
    return await writer.problems(brief, _read(args.notes), with_causes=args.with_causes)


_JOBS = {"draft": _draft, "tighten": _tighten, "problems": _problems}


def _run(job: str, args: argparse.Namespace, settings: Settings) -> int:
    started = time.monotonic()
    try:
        result = asyncio.run(_with_writer(settings, job, args))
    except UnusableInputError as exc:
        _say(exc.message)
        return 2
    except UserFacingError as exc:
        _say(exc.message)
        return 1
    except LLMError as exc:
        _say(exc.message)
        return 1
    return _finish(result, args.output, started)


def run_draft(args: argparse.Namespace, settings: Settings) -> int:
    if args.chars is not None and not 300 <= args.chars <= 20000:
        _say("目标字数应在 300 到 20000 之间。")
        return 2
    return _run("draft", args, settings)


def run_tighten(args: argparse.Namespace, settings: Settings) -> int:
    if args.chars < 100:
        _say("目标字数至少为 100。")
        return 2
    return _run("tighten", args, settings)


def run_problems(args: argparse.Namespace, settings: Settings) -> int:
    return _run("problems", args, settings)
