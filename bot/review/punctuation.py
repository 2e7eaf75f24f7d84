"""标点: half-width marks in Chinese text, doubled marks, unpaired quotes and brackets."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.report.model import Marker
from bot.report.parse import classify_line
from bot.review.context import ReviewContext
from bot.review.models import Finding

_CJK = r"\u4e00-\u9fff"
_HALF = re.compile(rf"(?<=[{_CJK}“”）》])[,;:?!]|[,;:?!](?=[{_CJK}“（《])")
_HALF_DOT = re.compile(rf"(?<=[{_CJK}])\.(?![.\d])")
_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", ".": "。"}
_ASCII_QUOTED = re.compile(rf"\"([^\"\n]*[{_CJK}][^\"\n]*)\"")
_ASCII_PAREN = re.compile(rf"\(([^()\n]*[{_CJK}][^()\n]*)\)")
_DOUBLED = re.compile(r"[，、；：][。，、；：]|。[，。、；：]")
_PAIRS = {"“": "”", "（": "）", "《": "》", "【": "】", "‘": "’", "(": ")"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}
_BRACKETS = re.compile("[" + re.escape("".join(_PAIRS) + "".join(_CLOSERS)) + "]")


def _heading_prefix_len(text: str) -> int:
    n = classify_line(text)
    if n is None or n.marker is Marker.SERIES:
        return 0
    return len(text) - len(n.rest)


def check_punctuation(ctx: ReviewContext) -> Iterator[Finding]:
    for line in ctx.lines:
        skip = _heading_prefix_len(line.text)
        yield from _line(line.text, line.start, skip)


def _finding(rule: str, start: int, text: str, message: str, fix: str, sev: str) -> Finding:
    return Finding(
        category="标点",
        rule=rule,
        start=start,
        end=start + len(text),
        text=text,
        message=message,
        suggestion=fix,
        severity="error" if sev == "error" else "warning",
    )


def _line(text: str, offset: int, skip: int) -> Iterator[Finding]:
    for m in _HALF.finditer(text):
        if m.start() < skip:
            continue
        ch = m.group()
        yield _finding(
            "标点.half-width",
            offset + m.start(),
            ch,
            f"中文句子中用了半角“{ch}”，应为全角“{_FULL[ch]}”。",
            _FULL[ch],
            "warning",
        )
    for m in _HALF_DOT.finditer(text):
        if m.start() < skip:
            continue
        yield _finding(
            "标点.half-width",
            offset + m.start(),
            ".",
            "中文句末用了半角句点“.”，应为“。”。",
            "。",
            "warning",
        )
    for m in _ASCII_QUOTED.finditer(text):
        fixed = f"“{m.group(1)}”"
        yield _finding(
            "标点.ascii-quote",
            offset + m.start(),
            m.group(),
            "中文引号应为全角“”，不用半角英文引号。",
            fixed,
            "warning",
        )
    for m in _ASCII_PAREN.finditer(text):
        if m.start() < skip:
            continue
        yield _finding(
            "标点.ascii-paren",
            offset + m.start(),
            m.group(),
            "中文括号应为全角（），不用半角括号。",
            f"（{m.group(1)}）",
            "warning",
        )
    for m in _DOUBLED.finditer(text):
        yield _finding(
            "标点.doubled",
            offset + m.start(),
            m.group(),
            f"标点“{m.group()}”重复或连用不当。",
            m.group()[-1] if m.group()[0] in "，、；：" else m.group()[0],
            "error",
        )
    yield from _unpaired(text, offset)


def _unpaired(text: str, offset: int) -> Iterator[Finding]:
    stack: list[tuple[str, int]] = []
    for m in _BRACKETS.finditer(text):
        i, ch = m.start(), m.group()
        if ch in _PAIRS:
            stack.append((ch, i))
        elif ch in _CLOSERS:
            if stack and stack[-1][0] == _CLOSERS[ch]:
                stack.pop()
            else:
                yield _finding(
                    "标点.unpaired",
                    offset + i,
                    ch,
                    f"“{ch}”没有与之配对的“{_CLOSERS[ch]}”。",
                    f"补上“{_CLOSERS[ch]}”或删去“{ch}”",
                    "error",
                )
    for ch, i in stack:
        yield _finding(
            "标点.unpaired",
            offset + i,
            ch,
            f"“{ch}”没有与之配对的“{_PAIRS[ch]}”。",
            f"补上“{_PAIRS[ch]}”或删去“{ch}”",
            "error",
        )
