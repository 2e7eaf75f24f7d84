"""What every rule sees: the text, its parsed Report, the year, the user's notes."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from bot.report import Report, parse_report
from bot.report.model import ReportKind
from bot.review.lexicon import Lexicon

_YEAR_CUE = re.compile(r"(20\d{2})\s*年(?:度|上半年|下半年|全年|第?[一二三四]季度|工作|以来|，|,)")
_YEAR_ANY = re.compile(r"(20\d{2})\s*年")
_WS = " \t\u3000\u00a0\r"


@dataclass(frozen=True)
class Reference:
    """A text the document must not copy from (a sample report or a user's file)."""

    name: str
    text: str


def detect_year(text: str) -> int | None:
    """The report's year from its title or opening: "2023年度…", "2025年上半年…"."""
    head = text[:400]
    m = _YEAR_CUE.search(head) or _YEAR_ANY.search(head[:200])
    return int(m.group(1)) if m else None


def detect_kind(report: Report, text: str) -> ReportKind | None:
    title = (report.title or "") + (report.subtitle or "")
    head = title or text[:80]
    if "述职" in head:
        return "述职报告"
    if "总结" in head:
        return "工作总结"
    return None


@dataclass(frozen=True)
class Line:
    start: int  # offset of the first non-blank character
    text: str  # stripped of surrounding whitespace


@dataclass
class ReviewContext:
    text: str
    year: int | None
    notes: str
    references: tuple[Reference, ...]
    kind: ReportKind | None
    lexicon: Lexicon
    _line_starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]

    @cached_property
    def report(self) -> Report:
        return parse_report(self.text)

    @cached_property
    def lines(self) -> list[Line]:
        out: list[Line] = []
        for i, start in enumerate(self._line_starts):
            end = self._line_starts[i + 1] - 1 if i + 1 < len(self._line_starts) else len(self.text)
            raw = self.text[start:end]
            stripped = raw.strip(_WS)
            if stripped:
                out.append(Line(start + (len(raw) - len(raw.lstrip(_WS))), stripped))
        return out

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        i = bisect_right(self._line_starts, offset) - 1
        return i + 1, offset - self._line_starts[i] + 1

    def find(self, needle: str, start: int = 0) -> int:
        return self.text.find(needle, start) if needle else -1

    def iter_sentences(self) -> Iterator[tuple[int, str]]:
        for m in re.finditer(r"[^。！？；\n]+[。！？；]?", self.text):
            yield m.start(), m.group()
