"""`python -m bot parse FILE [--json]` — show how a document is structured."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.errors import UnusableInputError
from bot.export.read import read_document
from bot.report import Report, parse_report
from bot.report.model import Item


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("parse", help="解析文稿结构（标题、各部分、层次）")
    p.add_argument("file", type=Path, help=".txt 或 .docx 文件")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=run)


def structure(report: Report) -> dict[str, Any]:
    return {
        "title": report.title,
        "chars": report.chars,
        "sections": [
            {
                "number": s.number,
                "heading": s.heading,
                "role": s.role.value,
                "chars": s.chars,
                "items": [_item(i) for i in s.items],
            }
            for s in report.sections
        ],
    }


def _item(item: Item) -> dict[str, Any]:
    return {"number": item.number, "heading": item.heading, "chars": item.chars}


def run(args: argparse.Namespace, settings: Settings) -> int:
    try:
        text = read_document(args.file)
    except UnusableInputError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    report = parse_report(text)
    if args.json:
        print(json.dumps(structure(report), ensure_ascii=False, indent=2))
        return 0
    print(f"标题：{report.title or '（无）'}")
    print(f"字数：{report.chars}")
    if not report.sections:
        print(f"未识别到“一、二、三、”式的层次，全文按 {len(report.opening)} 个段落保留。")
    for s in report.sections:
        print(f"{s.number}、{s.heading}　［{_ROLE_LABEL[s.role.value]}，{s.chars}字］")
        for item in s.items:
            _print_item(item, 1)
    if report.closing:
        print(f"结尾：{report.closing[-1].text}")
    return 0


_ROLE_LABEL = {
    "work": "工作情况",
    "problems": "存在问题",
    "causes": "原因分析",
    "plans": "下一步打算",
    "other": "其他",
    "opening": "开头",
    "closing": "结尾",
}


def _print_item(item: Item, depth: int) -> None:
    heading = item.heading or "（无小标题）"
    print(f"{'　' * depth}{item.number}{heading}　［{item.chars}字］")
    for child in item.children:
        _print_item(child, depth + 1)
