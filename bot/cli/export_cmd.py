"""`python -m bot export FILE -o OUT.docx [--pdf]` — lay a report out as a GB/T 9704 .docx.

Exit codes: 0 written; 1 the .docx was written but the PDF could not be made
(LibreOffice missing or failing); 2 unusable input or options.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from pydantic import ValidationError

from bot.config import Settings
from bot.errors import UnusableInputError, UserFacingError
from bot.export.docx_writer import export_docx
from bot.export.options import ExportOptions
from bot.export.pdf import docx_to_pdf
from bot.export.read import read_document
from bot.report import parse_report


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("export", help="导出 Word 文档（GB/T 9704 版式），可另存 PDF")
    p.add_argument("file", type=Path, help=".txt 或 .docx 文稿")
    p.add_argument("-o", "--output", type=Path, help="输出的 .docx（默认与原文件同名）")
    p.add_argument("--pdf", action="store_true", help="同时用 LibreOffice 转换为 PDF")
    p.add_argument("--signature", help="署名行，如“XX党支部书记　张三”（不填则不加署名）")
    p.add_argument("--date", help="日期行，格式 2025-12-20（默认今天）")
    p.add_argument("--no-date", action="store_true", help="不加日期行")
    p.add_argument("--line-spacing", type=float, help="固定行距（磅），如 28、28.95、29")
    p.add_argument(
        "--center-page-numbers", action="store_true", help="页码居中（默认单页居右、双页居左）"
    )
    p.set_defaults(handler=run)


class _BadOption(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _parse_date(raw: str | None) -> dt.date:
    if raw is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError as exc:
        raise _BadOption(f"日期格式不对：“{raw}”。请写成 2025-12-20 这样的形式。") from exc


def _options(args: argparse.Namespace, settings: Settings) -> ExportOptions:
    overrides: dict[str, object] = {}
    if args.line_spacing is not None:
        if not 20 <= args.line_spacing <= 40:
            raise _BadOption("行距应在 20 到 40 磅之间（常用 28 或 28.95 磅）。")
        overrides["line_spacing_pt"] = args.line_spacing
    if args.no_date:
        overrides["with_date"] = False
    if args.center_page_numbers:
        overrides["page_numbers"] = "center"
    try:
        return ExportOptions.from_settings(
            settings.export,
            signature=args.signature,
            date=None if args.no_date else _parse_date(args.date),
            **overrides,
        )
    except ValidationError as exc:
        raise _BadOption("导出设置有误，请检查配置中的 [export] 部分。") from exc


def _output_path(args: argparse.Namespace) -> Path:
    if args.output is not None:
        out: Path = args.output
        return out if out.suffix.lower() == ".docx" else out.with_suffix(".docx")
    source: Path = args.file
    if source.suffix.lower() == ".docx":
        return source.with_name(f"{source.stem}（排版）.docx")
    return source.with_suffix(".docx")


def run(args: argparse.Namespace, settings: Settings) -> int:
    try:
        options = _options(args, settings)
        report = parse_report(read_document(args.file))
        data = export_docx(report, options)
    except (UnusableInputError, _BadOption) as exc:
        print(exc.message, file=sys.stderr)
        return 2
    out = _output_path(args)
    if out.resolve() == Path(args.file).resolve():
        print("输出文件不能与原文件相同，请用 -o 指定另一个文件名。", file=sys.stderr)
        return 2
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    except OSError:
        print(f"无法写入文件：{out}", file=sys.stderr)
        return 2
    print(f"已导出 Word 文档：{out}")
    if report.title is None:
        print("提示：没有识别到标题，文档从正文开始。")
    if not args.pdf:
        return 0
    try:
        pdf = docx_to_pdf(out, out.parent)
    except UserFacingError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    print(f"已导出 PDF：{pdf}")
    return 0
