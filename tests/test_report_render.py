"""Rendering for Telegram and Markdown: nothing lost, nothing unsafe."""

from __future__ import annotations

import html
import re
from pathlib import Path

from bot.report import parse_report, render_html_chunks, render_markdown
from bot.report.render import TELEGRAM_LIMIT

_TAG = re.compile(r"</?b>")


def _visible(chunk: str) -> str:
    return html.unescape(_TAG.sub("", chunk))


def test_html_chunks_fit_telegram_and_keep_all_text(seeds_dir: Path) -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt")))
    report = parse_report(text)
    chunks = render_html_chunks(report)
    assert len(chunks) > 3
    assert all(len(c) <= TELEGRAM_LIMIT for c in chunks)
    joined = re.sub(r"\s", "", "".join(_visible(c) for c in chunks))
    assert joined == re.sub(r"\s|##paid(?:begin|end)##", "", report.to_text())


def test_html_escapes_angle_brackets_and_ampersands() -> None:
    report = parse_report("一、履职情况<b>\n（一）学习&实践。内容<script>alert(1)</script>。\n")
    (chunk,) = render_html_chunks(report)
    assert "<script>" not in chunk
    assert "&lt;script&gt;" in chunk and "&amp;" in chunk
    assert chunk.count("<b>") == chunk.count("</b>") == 2


def test_chunks_split_only_between_paragraphs() -> None:
    paragraphs = [f"第{i}段。" + "这是一段正文内容。" * 60 for i in range(30)]
    report = parse_report("一、履职情况\n" + "\n".join(paragraphs))
    chunks = render_html_chunks(report)
    for chunk in chunks:
        for piece in chunk.split("\n\n"):
            assert piece.startswith(("<b>", "第"))
            assert piece.endswith(("。", "</b>"))


def test_a_paragraph_longer_than_a_message_is_split_at_sentences() -> None:
    long_paragraph = "党员&群众<共建>。" * 900  # > 4096 after escaping
    chunks = render_html_chunks(parse_report(long_paragraph), limit=1000)
    assert len(chunks) > 5
    assert all(len(c) <= 1000 for c in chunks)
    assert all(c.endswith("。") for c in chunks)
    assert "".join(_visible(c) for c in chunks).replace("\n", "") == long_paragraph


def test_markdown_has_headings_and_escapes_marks() -> None:
    md = render_markdown(parse_report("述职报告\n\n一、履职情况\n（一）学习。完成*重点*任务。\n"))
    assert md.startswith("# 述职报告")
    assert "## 一、履职情况" in md
    assert "**（一）学习。**完成\\*重点\\*任务。" in md
