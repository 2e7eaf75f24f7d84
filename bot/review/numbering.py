"""编号: 一、 二、 三、, （一）（二）, 1. 2., 一是…二是… must run in order, in one style."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from bot.report.model import Marker, han_number, han_value
from bot.report.parse import classify_line
from bot.review.context import ReviewContext
from bot.review.models import Finding

_SERIES = re.compile(
    r"(?:(?<=^)|(?<=[。；;！？!?：:，,、\s”’）)]))([一二三四五六七八九十]{1,2})是(?=[^，。；、\s是])"
)
_ORDINAL = re.compile(
    r"(?:(?<=^)|(?<=[。；;！？!?：:，,\s]))第([一二三四五六七八九十])(?=[，、,：])"
)
_LEVEL_NAME = {
    Marker.SECTION: "一级标题（一、）",
    Marker.PAREN_HAN: "二级标题（（一））",
    Marker.ARABIC: "三级标题（1.）",
    Marker.PAREN_ARABIC: "四级标题（（1））",
}


def _written(marker: Marker, value: int) -> str:
    if marker is Marker.SECTION:
        return f"{han_number(value)}、"
    if marker is Marker.PAREN_HAN:
        return f"（{han_number(value)}）"
    if marker is Marker.ARABIC:
        return f"{value}."
    return f"（{value}）"


def _sequence(
    marker: Marker, value: int, prev: int, start: int, prefix: str, what: str
) -> Finding | None:
    expected = prev + 1
    if value == expected:
        return None
    if value == prev:
        message = f"{what}“{prefix.strip()}”与上一个重复，应为“{_written(marker, expected)}”。"
    elif value > expected:
        message = f"{what}从“{_written(marker, prev) if prev else '（开头）'}”跳到了“{prefix.strip()}”，中间缺少“{_written(marker, expected)}”。"
    else:
        message = f"{what}“{prefix.strip()}”顺序颠倒，应为“{_written(marker, expected)}”。"
    text = prefix.rstrip()
    return Finding(
        category="编号",
        rule="编号.sequence",
        start=start,
        end=start + len(text),
        text=text,
        message=message,
        suggestion=_written(marker, expected),
        severity="error",
    )


def check_headings(ctx: ReviewContext) -> Iterator[Finding]:
    counters = {m: 0 for m in _LEVEL_NAME}
    seen_paren_han = False
    arabic_before_paren = False
    inverted_reported = False
    for line in ctx.lines:
        n = classify_line(line.text)
        if n is None or n.marker is Marker.SERIES:
            continue
        prefix = line.text[: len(line.text) - len(n.rest)]
        yield from _style(n.marker, prefix, line.start)
        if n.marker is Marker.SECTION:
            seen_paren_han = arabic_before_paren = inverted_reported = False
        elif n.marker is Marker.PAREN_HAN:
            seen_paren_han = True
            if arabic_before_paren and not inverted_reported:
                inverted_reported = True
                text = prefix.rstrip()
                yield Finding(
                    category="编号",
                    rule="编号.hierarchy",
                    start=line.start,
                    end=line.start + len(text),
                    text=text,
                    message="层次颠倒：“1.”出现在“（一）”之上。按 GB/T 9704，层次依次为“一、”“（一）”“1.”“（1）”。",
                    suggestion="调整层次：二级用“（一）”，三级用“1.”",
                    severity="error",
                )
        elif n.marker is Marker.ARABIC and not seen_paren_han:
            arabic_before_paren = True
        if n.marker is Marker.ARABIC and inverted_reported:
            continue
        finding = _sequence(
            n.marker, n.value, counters[n.marker], line.start, prefix, _LEVEL_NAME[n.marker]
        )
        if finding is not None:
            yield finding
        counters[n.marker] = n.value
        rank = list(_LEVEL_NAME).index(n.marker)
        for lower in list(_LEVEL_NAME)[rank + 1 :]:
            counters[lower] = 0


def _style(marker: Marker, prefix: str, start: int) -> Iterator[Finding]:
    text = prefix.rstrip()
    fix: str | None = None
    message = ""
    if "(" in text or ")" in text:
        fix = text.replace("(", "（").replace(")", "）")
        message = f"标题序号“{text}”用了半角括号，应为全角“{fix}”。"
    elif marker is Marker.SECTION and text[-1] in ".．":
        fix = text[:-1] + "、"
        message = f"一级标题序号后应用顿号：“{fix}”。"
    elif marker is Marker.ARABIC and text[-1] in "、．":
        fix = text[:-1] + "."
        message = f"三级标题序号“{text}”应写作“{fix}”（阿拉伯数字后用下脚点）。"
    if fix is not None:
        yield Finding(
            category="编号",
            rule="编号.style",
            start=start,
            end=start + len(text),
            text=text,
            message=message,
            suggestion=fix,
            severity="warning",
        )


def check_series(ctx: ReviewContext) -> Iterator[Finding]:
    """一是…二是…三是: no gaps, no repeats, not mixed with 第一、第二."""
    block: list[tuple[int, int, str]] = []  # paragraph-level series across lines
    for line in ctx.lines:
        numbered = classify_line(line.text)
        if numbered is not None and numbered.marker is not Marker.SERIES:
            block = []
        hits = [
            (v, line.start + m.start(), m.group())
            for m in _SERIES.finditer(line.text)
            if (v := han_value(m.group(1))) is not None
        ]
        if len(hits) == 1 and hits[0][1] == line.start:
            block.append(hits[0])
            yield from _check_run(block[-2:])
        elif len(hits) >= 2:
            yield from _check_run(hits)
        if hits:
            yield from _mixed(line.text, line.start)


def _check_run(hits: list[tuple[int, int, str]]) -> Iterator[Finding]:
    for (prev, _, _), (value, start, text) in pairwise(hits):
        if value == prev + 1 or value == 1:
            continue
        expected = f"{han_number(prev + 1)}是"
        if value == prev:
            message = f"“{text}”重复出现，应为“{expected}”。"
        elif value > prev + 1:
            message = f"“{han_number(prev)}是”之后直接是“{text}”，缺少“{expected}”。"
        else:
            message = f"“{text}”顺序颠倒，应为“{expected}”。"
        yield Finding(
            category="编号",
            rule="编号.series",
            start=start,
            end=start + len(text),
            text=text,
            message=message,
            suggestion=expected,
            severity="error",
        )


def _mixed(text: str, offset: int) -> Iterator[Finding]:
    for m in _ORDINAL.finditer(text):
        yield Finding(
            category="编号",
            rule="编号.mixed",
            start=offset + m.start(),
            end=offset + m.end(),
            text=m.group(),
            message="同一段中“第一、第二”与“一是、二是”混用，应统一为一种。",
            suggestion=f"{m.group(1)}是",
            severity="warning",
        )
