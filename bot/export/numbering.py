"""Word automatic numbering (w:numPr) → the visible text "一、", "（一）", "1.", "（1）".

numbering.xml maps a paragraph's numId to an abstractNum whose levels carry a format
(numFmt: decimal, chineseCounting, …) and a pattern (lvlText "%1、", "（%2）"). Counters
run per numId and level; a level resets the levels below it, as Word shows them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from docx.oxml.ns import qn

from bot.report.model import han_number

_COUNTING = (
    "chineseCounting",
    "chineseCountingThousand",
    "taiwaneseCounting",
    "taiwaneseCountingThousand",  # what LibreOffice writes for 一, 二, 三
    "japaneseCounting",
)
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_HEAVENLY = "甲乙丙丁戊己庚辛壬癸"
_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def _letters(n: int) -> str:
    # Word repeats the letter: a … z, aa … zz
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(value: int, fmt: str) -> str:
    """One counter in a Word numFmt; unknown formats fall back to decimal."""
    if value <= 0:
        return str(value)
    if fmt in _COUNTING:
        return han_number(value) if value < 100 else str(value)
    if fmt in ("ideographDigital", "taiwaneseDigital"):
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(value))
    if fmt == "chineseLegalSimplified" and value < 10:
        return _LEGAL[value]
    if fmt in ("ideographTraditional", "ideographZodiac") and value <= 10:
        return _HEAVENLY[value - 1]
    if fmt == "decimalEnclosedCircle" and value <= 20:
        return _CIRCLED[value - 1]
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(value))
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt == "upperRoman":
        return _roman(value)
    if fmt == "lowerRoman":
        return _roman(value).lower()
    if fmt == "upperLetter":
        return _letters(value)
    if fmt == "lowerLetter":
        return _letters(value).lower()
    return str(value)


@dataclass(frozen=True)
class Level:
    fmt: str = "decimal"
    text: str = ""  # lvlText, e.g. "%1、"
    start: int = 1
    suffix: str = "tab"  # tab | space | nothing
    legal: bool = False  # w:isLgl: every counter shown in decimal


@dataclass
class Numbering:
    """The parsed numbering part plus the running counters of one document."""

    abstract: dict[str, dict[int, Level]] = field(default_factory=dict)
    nums: dict[str, str] = field(default_factory=dict)  # numId → abstractNumId
    overrides: dict[tuple[str, int], Level] = field(default_factory=dict)
    start_overrides: dict[tuple[str, int], int] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    def levels(self, num_id: str) -> dict[int, Level] | None:
        abstract_id = self.nums.get(num_id)
        if abstract_id is None:
            return None
        return self.abstract.get(abstract_id)

    def level(self, num_id: str, ilvl: int) -> Level | None:
        override = self.overrides.get((num_id, ilvl))
        if override is not None:
            return override
        levels = self.levels(num_id)
        return None if levels is None else levels.get(ilvl)

    def _start(self, num_id: str, ilvl: int) -> int:
        if (num_id, ilvl) in self.start_overrides:
            return self.start_overrides[(num_id, ilvl)]
        level = self.level(num_id, ilvl)
        return level.start if level is not None else 1

    def next_label(self, num_id: str, ilvl: int) -> str:
        """Advance the counter of (numId, ilvl) and return the visible label."""
        level = self.level(num_id, ilvl)
        if level is None or num_id == "0":
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, self._start(num_id, ilvl) - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if level.fmt == "bullet" or level.fmt == "none":
            return ""
        label = level.text
        for i in range(9):
            token = f"%{i + 1}"
            if token not in label:
                continue
            other = self.level(num_id, i)
            value = counters.get(i, self._start(num_id, i))
            fmt = "decimal" if level.legal and other is not None else (other or level).fmt
            label = label.replace(token, format_number(value, fmt))
        return label + _separator(label, level.suffix)


def _separator(label: str, suffix: str) -> str:
    """Word shows a tab or a space after the label; keep a space only after Latin text
    ("1. 标题"), since "一、" and "（一）" already end in full-width punctuation."""
    if suffix == "nothing" or not label:
        return ""
    return " " if ord(label[-1]) < 0x2E80 else ""


def _val(element: Any, tag: str) -> str | None:
    child = element.find(qn(tag))
    return None if child is None else child.get(qn("w:val"))


def _parse_level(lvl: Any) -> Level:
    start = _val(lvl, "w:start")
    return Level(
        fmt=_val(lvl, "w:numFmt") or "decimal",
        text=_val(lvl, "w:lvlText") or "",
        start=int(start) if start and start.lstrip("-").isdigit() else 1,
        suffix=_val(lvl, "w:suff") or "tab",
        legal=lvl.find(qn("w:isLgl")) is not None,
    )


def parse_numbering(root: Any | None) -> Numbering:
    """Read a w:numbering element (None → no numbering)."""
    numbering = Numbering()
    if root is None:
        return numbering
    for abstract in root.findall(qn("w:abstractNum")):
        levels: dict[int, Level] = {}
        for lvl in abstract.findall(qn("w:lvl")):
            ilvl = _int(lvl.get(qn("w:ilvl")))
            if ilvl is not None:
                levels[ilvl] = _parse_level(lvl)
        abstract_id = abstract.get(qn("w:abstractNumId"))
        if abstract_id is not None:
            numbering.abstract[abstract_id] = levels
    for num in root.findall(qn("w:num")):
        num_id = num.get(qn("w:numId"))
        abstract_id = _val(num, "w:abstractNumId")
        if num_id is None or abstract_id is None:
            continue
        numbering.nums[num_id] = abstract_id
        for override in num.findall(qn("w:lvlOverride")):
            ilvl = _int(override.get(qn("w:ilvl")))
            if ilvl is None:
                continue
            start = _int(_val(override, "w:startOverride"))
            if start is not None:
                numbering.start_overrides[(num_id, ilvl)] = start
            lvl = override.find(qn("w:lvl"))
            if lvl is not None:
                numbering.overrides[(num_id, ilvl)] = _parse_level(lvl)
    return numbering


def _int(text: str | None) -> int | None:
    if text is None or not text.lstrip("-").isdigit():
        return None
    return int(text)
