"""The document model: Report → Section (一、) → Item (（一）/1./（1）/一是) → Paragraph.

A heading and its first paragraph often share one line ("（一）强化政治担当，从严从实
履行主体责任。始终坚持……"); `inline=True` records that so the text renders back as it came.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

from bot.report.count import count_chars

ReportKind = Literal["述职报告", "工作总结"]


class Role(StrEnum):
    """What a top-level section (or a paragraph) is for."""

    WORK = "work"
    PROBLEMS = "problems"
    CAUSES = "causes"
    PLANS = "plans"
    OTHER = "other"
    OPENING = "opening"  # paragraphs only
    CLOSING = "closing"  # paragraphs only


class Marker(StrEnum):
    """Numbering styles, from the outermost to the innermost (GB/T 9704 7.3.3 + 一是)."""

    SECTION = "一、"
    PAREN_HAN = "（一）"
    ARABIC = "1."
    PAREN_ARABIC = "（1）"
    SERIES = "一是"


MARKER_RANK: dict[Marker, int] = {m: i for i, m in enumerate(Marker)}

_SERIES_RE = re.compile(
    r"(?:(?<=^)|(?<=[。；;！？!?：:，,、\s”’）)]))([一二三四五六七八九十]{1,3})是(?=[^，。；、\s])"
)

HAN_DIGITS = "一二三四五六七八九"


def han_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (enough for report numbering)."""
    if n <= 0 or n >= 100:
        raise ValueError(f"unsupported number {n}")
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else HAN_DIGITS[tens - 1] + "十")
    return head + ("" if ones == 0 else HAN_DIGITS[ones - 1])


def han_value(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20; None when `text` is not a Chinese numeral."""
    if not text or any(ch not in HAN_DIGITS + "十" for ch in text):
        return None
    if "十" not in text:
        return HAN_DIGITS.index(text) + 1 if len(text) == 1 else None
    head, _, tail = text.partition("十")
    tens = 1 if head == "" else (HAN_DIGITS.index(head) + 1 if len(head) == 1 else None)
    ones = 0 if tail == "" else (HAN_DIGITS.index(tail) + 1 if len(tail) == 1 else None)
    if tens is None or ones is None:
        return None
    return tens * 10 + ones


def number_value(text: str) -> int | None:
    """ "3" → 3, "十二" → 12: a numbering value written in digits or Chinese numerals."""
    return int(text) if text.isdigit() else han_value(text)


class SeriesSpan(BaseModel):
    """One "一是……" part inside a paragraph; offsets are into `Paragraph.text`."""

    marker: str
    value: int
    start: int
    end: int
    text: str


class Paragraph(BaseModel):
    text: str
    role: Role = Role.OTHER

    @property
    def series(self) -> list[SeriesSpan]:
        return find_series(self.text)

    @property
    def chars(self) -> int:
        return count_chars(self.text)


def find_series(text: str) -> list[SeriesSpan]:
    """Find "一是……二是……三是……" parts. A series must start at 一是 to count."""
    hits = [(m.start(), m.group(1)) for m in _SERIES_RE.finditer(text)]
    values = [(pos, num, han_value(num)) for pos, num in hits]
    spans: list[tuple[int, str, int]] = [(p, n, v) for p, n, v in values if v is not None]
    if not spans or spans[0][2] != 1:
        # tolerate a preamble mention of "二是" before the real series begins
        firsts = [i for i, s in enumerate(spans) if s[2] == 1]
        if not firsts:
            return []
        spans = spans[firsts[0] :]
    out: list[SeriesSpan] = []
    for i, (pos, num, value) in enumerate(spans):
        end = spans[i + 1][0] if i + 1 < len(spans) else len(text)
        out.append(
            SeriesSpan(marker=f"{num}是", value=value, start=pos, end=end, text=text[pos:end])
        )
    return out


class Item(BaseModel):
    """A numbered block below a section: （一）…, 1.…, （1）…, or a paragraph opening with 一是."""

    marker: Marker
    number: str  # as written, e.g. "（一）", "1.", "一是"
    value: int  # 1 for （一）/1./一是
    heading: str  # the short title, without its closing punctuation
    heading_end: str = ""  # "。" when the title ends a sentence, "" on a heading line of its own
    inline: bool = False  # the first paragraph continues on the heading's line
    paragraphs: list[Paragraph] = Field(default_factory=list)
    children: list[Item] = Field(default_factory=list)

    def walk(self) -> Iterator[Item]:
        yield self
        for child in self.children:
            yield from child.walk()

    def all_paragraphs(self) -> Iterator[Paragraph]:
        yield from self.paragraphs
        for child in self.children:
            yield from child.all_paragraphs()

    @property
    def chars(self) -> int:
        own = count_chars(self.heading) + sum(p.chars for p in self.paragraphs)
        return own + sum(c.chars for c in self.children)


class Section(BaseModel):
    """A top-level part, "一、履职情况"."""

    number: str  # "一"
    value: int
    heading: str
    heading_end: str = ""  # "。" when body text follows on the heading's line
    inline: bool = False
    role: Role = Role.OTHER
    has_causes: bool = False  # 存在的问题及原因分析
    paragraphs: list[Paragraph] = Field(default_factory=list)  # before the first item
    items: list[Item] = Field(default_factory=list)

    def walk(self) -> Iterator[Item]:
        for item in self.items:
            yield from item.walk()

    def all_paragraphs(self) -> Iterator[Paragraph]:
        yield from self.paragraphs
        for item in self.items:
            yield from item.all_paragraphs()

    @property
    def chars(self) -> int:
        return (
            count_chars(self.heading)
            + sum(p.chars for p in self.paragraphs)
            + sum(i.chars for i in self.items)
        )


class Report(BaseModel):
    title: str | None = None
    subtitle: str | None = None  # "——××党支部书记2025年度抓基层党建工作述职"
    opening: list[Paragraph] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    closing: list[Paragraph] = Field(default_factory=list)

    def all_paragraphs(self) -> Iterator[Paragraph]:
        yield from self.opening
        for section in self.sections:
            yield from section.all_paragraphs()
        yield from self.closing

    def section_by_role(self, role: Role) -> Section | None:
        return next((s for s in self.sections if s.role == role), None)

    @property
    def chars(self) -> int:
        return count_chars(self.to_text())

    def to_text(self) -> str:
        from bot.report.render import render_text

        return render_text(self)
