"""Figures in Chinese text: "3次", "1.2万元", "五十余名", "95%" → FigureMention."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.review.models import FigureMention

_HAN_NUM = "零〇一二两三四五六七八九十百千"
_HAN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
_HAN_DIGIT.update({"五": 5, "六": 6, "七": 7, "八": 8, "九": 9})
_HAN_SCALE = {"十": 10, "百": 100, "千": 1000}

# Longest units first so that "人次" wins over "人" and "万元" over "元".
_UNITS = (
    "个百分点|人次|场次|课时|学时|小时|万元|亿元|余元|[次名人个项元场期篇件户条份家所支本册位天%％]"
)
FIGURE_RE = re.compile(
    rf"(?P<num>\d+(?:,\d{{3}})*(?:\.\d+)?|[{_HAN_NUM}]+)"
    r"(?P<mod1>[余多])?(?P<mag>万|亿)?(?P<mod2>[余多])?"
    rf"(?P<unit>{_UNITS})"
)
# A unit char followed by these is part of a word, not a measure: 个人, 人员, 次要, 元旦…
_NOT_UNIT_AFTER = {
    "人": "员民才们类士生心力",
    "个": "人性别案体",
    "次": "要序数性级日",
    "元": "旦素宵",
    "名": "称义字单额誉册牌",
    "期": "间待望盼限刊货",
    "条": "件例款约文规",
    "家": "庭属长乡园国风",
    "所": "以有在属谓得",
    "位": "置于",
    "件": "事",
    "本": "质领职人单",
    "天": "然地下",
    "场": "所地合景面",
    "支": "部持援撑出委书",
    "项": "目",
    "户": "籍口外",
    "份": "子额",
}
# "两个确立", "四个意识", "三个代表": fixed formulas, not figures.
_FORMULA_AFTER_GE = (
    "确立",
    "维护",
    "意识",
    "自信",
    "全面",
    "代表",
    "责任",
    "务必",
    "一百年",
    "结合",
    "坚持",
    "基本点",
    "中心",
    "必须",
    "没有",
    "着力",
    "大局",
    "伟大",
    "百年",
    "现代化",
    "必由之路",
    "先行",
    "关键",
    "注重",
    "更加",
    "落实",
    "服务",
    "提升",
    "聚焦",
    "突出",
)
_UNIT_NORMAL = {"％": "%", "万元": "元", "亿元": "元", "余元": "元", "位": "名"}
_MAG = {"万": 10_000, "亿": 100_000_000}


def han_to_number(text: str) -> int | None:
    """一百二十 → 120, 两 → 2, 十五 → 15, 二〇二三 → 2023; None if unreadable."""
    if not text:
        return None
    if all(ch in _HAN_DIGIT for ch in text) and len(text) > 1:
        return int("".join(str(_HAN_DIGIT[ch]) for ch in text))
    total, current = 0, 0
    for ch in text:
        if ch in _HAN_DIGIT:
            current = _HAN_DIGIT[ch]
        elif ch in _HAN_SCALE:
            total += (current or 1) * _HAN_SCALE[ch]
            current = 0
        else:
            return None
    return total + current


def _number(raw: str) -> tuple[float, bool] | None:
    if raw[0].isdigit():
        return float(raw.replace(",", "")), True
    value = han_to_number(raw)
    return (float(value), False) if value is not None else None


def extract_figures(text: str) -> list[FigureMention]:
    """Every number-with-unit in `text`, with offsets into `text`.

    Ordinals (第三次), dates and years (2023年, 3月) and words such as 一个人/两个确立 are
    not figures; Chinese numerals are read as numbers (五十余名 → 50, approximate).
    """
    out: list[FigureMention] = []
    for m in FIGURE_RE.finditer(text):
        num, unit = m.group("num"), m.group("unit")
        start, end = m.start(), m.end()
        if start > 0 and text[start - 1] in "第每某上下前后":
            continue
        if start > 0 and (text[start - 1].isdigit() or text[start - 1] == "."):
            continue
        if not num[0].isdigit() and unit == "%":
            continue
        if len(unit) == 1 and end < len(text) and text[end] in _NOT_UNIT_AFTER.get(unit, ""):
            continue
        if unit == "个" and not num[0].isdigit() and text.startswith(_FORMULA_AFTER_GE, end):
            continue
        parsed = _number(num)
        if parsed is None:
            continue
        value, arabic = parsed
        if m.group("mag"):
            value *= _MAG[m.group("mag")]
        if unit == "万元":
            value *= 10_000
        elif unit == "亿元":
            value *= 100_000_000
        out.append(
            FigureMention(
                value=value,
                unit=_UNIT_NORMAL.get(unit, unit),
                start=start,
                end=end,
                text=text[start:end],
                approximate=bool(m.group("mod1") or m.group("mod2")) or unit == "余元",
                arabic=arabic,
            )
        )
    return out


_UNIT_GROUPS: tuple[frozenset[str], ...] = (
    frozenset({"名", "人"}),
    frozenset({"次", "场", "场次", "期"}),
    frozenset({"个", "项", "件", "条"}),
)


def _same_unit(a: str, b: str) -> bool:
    return a == b or any(a in g and b in g for g in _UNIT_GROUPS)


def _bare_numbers(notes_text: str) -> set[float]:
    found: set[float] = set()
    for m in re.finditer(r"(?<![\d.])\d+(?:,\d{3})*(?:\.\d+)?(?![\d.])", notes_text):
        found.add(float(m.group().replace(",", "")))
    return found


def figure_in_notes(
    mention: FigureMention,
    notes_text: str,
    *,
    note_figures: Iterable[FigureMention] | None = None,
) -> bool:
    """Whether the user's notes contain this figure (same value, compatible unit).

    "3次" matches "三次" or "开了3场"; "1.2万元" matches "12000元"; a bare number of two or
    more digits in the notes ("党员 45") also counts. Pass `note_figures` (from
    `extract_figures(notes_text)`) when checking many mentions against the same notes.
    """
    figures = list(note_figures) if note_figures is not None else extract_figures(notes_text)
    for fig in figures:
        if abs(fig.value - mention.value) < 1e-9 and _same_unit(fig.unit, mention.unit):
            return True
    if mention.value >= 10 or mention.value != int(mention.value):
        raw = mention.value / 10_000 if mention.text.find("万") >= 0 else mention.value
        return mention.value in _bare_numbers(notes_text) or raw in _bare_numbers(notes_text)
    return False
