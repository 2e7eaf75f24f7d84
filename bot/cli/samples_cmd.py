"""`python -m bot samples list|add FILE` — the sample reports used as exemplars."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.config import Settings
from bot.corpus.user_samples import add_user_sample, load_all_samples, user_samples_dir
from bot.errors import UnusableInputError
from bot.export.read import read_document
from bot.report import count_chars


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("samples", help="查看或添加范文（写作时参考其结构和语气）")
    sub = p.add_subparsers(dest="samples_command", metavar="操作")
    ls = sub.add_parser("list", help="列出全部范文")
    ls.set_defaults(handler=run_list)
    add = sub.add_parser("add", help="添加自己的范文（.txt 或 .docx）")
    add.add_argument("file", type=Path)
    add.add_argument("--kind", default="述职报告", choices=["述职报告", "工作总结"])
    add.add_argument("--period", default="", help="如 2025年度")
    add.set_defaults(handler=run_add)
    p.set_defaults(handler=run_list)


def run_list(args: argparse.Namespace, settings: Settings) -> int:
    samples = load_all_samples(settings.samples_dir, settings.data_dir)
    if not samples:
        print("还没有范文。")
        return 0
    for s in samples:
        owner = "自备" if s.meta.id.startswith("u") else "内置"
        print(
            f"{s.meta.id}　［{owner}］{s.meta.kind}　{s.meta.period or '—'}　{count_chars(s.text)}字"
        )
        print(f"　　{s.meta.source}")
    return 0


def run_add(args: argparse.Namespace, settings: Settings) -> int:
    try:
        text = read_document(args.file)
        meta = add_user_sample(
            settings.data_dir, text, name=args.file.stem, kind=args.kind, period=args.period
        )
    except UnusableInputError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    where = user_samples_dir(settings.data_dir)
    print(f"已添加范文 {meta.id}（{meta.kind}，{meta.period or '未注明期间'}），保存在 {where}。")
    return 0
