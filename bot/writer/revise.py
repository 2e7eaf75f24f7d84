"""Find the part of a report a revision is about ("二", "（三）", "二（三）") by lines."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.errors import UserFacingError

_SECTION = re.compile(r"^([一二三四五六七八九十]+)、")
_ITEM = re.compile(r"^（([一二三四五六七八九十]+)）")


@dataclass(frozen=True)
class Part:
    start: int  # line index
    end: int  # exclusive
    text: str


def select_part(text: str, target: str | None) -> Part:
    lines = text.rstrip("\n").split("\n")
    if target is None:
        return Part(0, len(lines), "\n".join(lines))
    target = target.strip().strip("第部分、")
    m = re.fullmatch(r"([一二三四五六七八九十]+)?(?:（([一二三四五六七八九十]+)）)?", target)
    if not m or not (m.group(1) or m.group(2)):
        raise UserFacingError(f"没有找到“{target}”部分，请用“二”或“（三）”这样的编号指明。")
    section, item = m.group(1), m.group(2)
    start, end = 0, len(lines)
    if section:
        start, end = _span(lines, 0, len(lines), _SECTION, section)
        if start < 0:
            raise UserFacingError(f"文稿中没有第“{section}”部分。")
        if not item:
            return Part(start, end, "\n".join(lines[start:end]))
    s2, e2 = _span(lines, start, end, _ITEM, item or "", stop=_SECTION)
    if s2 < 0:
        raise UserFacingError(f"文稿中没有“（{item}）”这一条。")
    return Part(s2, e2, "\n".join(lines[s2:e2]))


def _span(
    lines: list[str],
    lo: int,
    hi: int,
    pattern: re.Pattern[str],
    number: str,
    stop: re.Pattern[str] | None = None,
) -> tuple[int, int]:
    start = -1
    for i in range(lo, hi):
        m = pattern.match(lines[i])
        if start < 0 and m and m.group(1) == number:
            start = i
            continue
        if start >= 0 and (pattern.match(lines[i]) or (stop and stop.match(lines[i]))):
            return start, i
    return start, hi


def replace_part(text: str, part: Part, new: str) -> str:
    lines = text.rstrip("\n").split("\n")
    return "\n".join([*lines[: part.start], new.strip(), *lines[part.end :]]) + "\n"
