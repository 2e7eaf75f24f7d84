"""`python -m bot check FILE [--year YYYY] [--notes NOTES…] [--reference FILE…] [--json]`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.config import Settings
from bot.corpus.samples import load_samples
from bot.errors import UnusableInputError
from bot.export.read import read_document
from bot.review.context import Reference
from bot.review.engine import Reviewer, by_category
from bot.review.lexicon import load_lexicon
from bot.review.models import Finding

_SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}
_CONTEXT = 12


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("check", help="审校文稿：提法、占位符、编号、标点、数字、重复、结构")
    p.add_argument("file", type=Path, help=".txt 或 .docx 文件")
    p.add_argument("--year", type=int, help="报告年份（默认从标题或开头读取）")
    p.add_argument("--notes", type=Path, nargs="+", default=[], help="您的素材笔记，用来核对数字")
    p.add_argument("--reference", type=Path, nargs="+", default=[], help="参考材料，检查是否照抄")
    p.add_argument(
        "--lexicon", type=Path, action="append", default=[], help="补充的提法词表（TOML）"
    )
    p.add_argument("--no-samples", action="store_true", help="不与内置样例比对是否照抄")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    try:
        text = read_document(args.file)
        notes = [read_document(p) for p in args.notes]
        refs = [Reference(p.name, read_document(p)) for p in args.reference]
        lexicon = load_lexicon(args.lexicon)
    except UnusableInputError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    if args.year is not None and not 1990 <= args.year <= 2100:
        print(f"年份“{args.year}”不合理，请写四位数年份，如 2025。", file=sys.stderr)
        return 2
    samples: list[Reference] = []
    if not args.no_samples and (settings.samples_dir / "samples.toml").is_file():
        samples = [
            Reference(f"样例{s.meta.id}", s.text) for s in load_samples(settings.samples_dir)
        ]
    reviewer = Reviewer(lexicon, samples)
    findings = reviewer.review(text, year=args.year, notes=notes, references=refs)
    if args.json:
        print(json.dumps([f.model_dump() for f in findings], ensure_ascii=False, indent=2))
    else:
        print_human(text, findings)
    return 1 if any(f.severity == "error" for f in findings) else 0


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _context(text: str, f: Finding) -> str:
    left = text[max(0, f.start - _CONTEXT) : f.start].rsplit("\n", 1)[-1]
    right = text[f.end : f.end + _CONTEXT].split("\n", 1)[0]
    return f"…{left}【{f.text}】{right}…"


def print_human(text: str, findings: list[Finding]) -> None:
    if not findings:
        print("未发现问题。")
        return
    for category, group in by_category(findings):
        print(f"【{category}】{len(group)}处")
        for f in group:
            line, col = _line_col(text, f.start)
            print(f"  第{line}行第{col}列（{_SEVERITY[f.severity]}）：{_context(text, f)}")
            print(f"    {f.message}")
            if f.suggestion:
                print(f"    建议：{f.suggestion}")
        print()
    counts = {s: sum(1 for f in findings if f.severity == s) for s in _SEVERITY}
    print(
        f"共{len(findings)}处：错误{counts['error']}处，警告{counts['warning']}处，"
        f"提示{counts['info']}处。"
    )
