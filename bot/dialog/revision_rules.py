"""Work out what a plain-words revision request means: operation, target, 字数.

Rules only; `plan()` marks a request ambiguous when the target cannot be decided,
and the revision flow then asks one clarifying question with buttons.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel

from bot.report import Report, Role
from bot.report.model import Marker, han_number, number_value

Op = Literal["revise", "tighten", "expand", "add", "rewrite", "undo"]

_UNDO = re.compile(r"^(撤销|撤回|还原|恢复上一版|回到上一版|退回上一版)")
_SECTION = re.compile(r"第([一二三四五六七八九十\d]{1,3})(?:部分|大部分|节|大项)")
_SECTION_MARK = re.compile(r"(?:^|[^（(])([一二三四五六七八九十]{1,3})、")
_ITEM = re.compile(r"[（(]([一二三四五六七八九十\d]{1,3})[）)]")
_CHARS = re.compile(r"(\d{2,5})\s*字")
_TIGHTEN = re.compile(r"压缩|精简|缩短|删减|精炼|压到|缩到|控制在")
_EXPAND = re.compile(r"扩写|扩充|展开|充实|丰富|扩到|增加到|写长")
_ADD = re.compile(
    r"^(?:再)?(?:加|增加|添加|补充|新增|补)(?:上)?(?:一段|一条|一点|一项|一部分|内容)?"
)
_REWRITE = re.compile(r"换一种写法|换个写法|重写|改写|换个说法")
_WHOLE = re.compile(r"全文|整篇|通篇|全篇|整体|全部|所有")
_OPENING = re.compile(r"开头|开篇|导语|第一段")
_CLOSING = re.compile(r"结尾|结束语|最后一段")
_ROLE_WORDS: tuple[tuple[str, Role], ...] = (
    ("存在的问题", Role.PROBLEMS),
    ("问题部分", Role.PROBLEMS),
    ("原因", Role.CAUSES),
    ("下一步", Role.PLANS),
    ("打算", Role.PLANS),
    ("履职情况", Role.WORK),
    ("主要工作", Role.WORK),
)
OPENING, CLOSING = "开头", "结尾"


class Plan(BaseModel):
    op: Op
    instruction: str
    target: str | None = None  # None: whole; "二"; "（三）"; "二（三）"; 开头; 结尾
    target_chars: int | None = None
    ambiguous: bool = False
    options: list[tuple[str, str]] = []  # (label, target) for the clarifying question


def plan(instruction: str, report: Report) -> Plan:
    text = instruction.strip()
    if _UNDO.match(text):
        return Plan(op="undo", instruction=text)
    op: Op = "revise"
    if _ADD.match(text):
        op = "add"
    elif _TIGHTEN.search(text):
        op = "tighten"
    elif _EXPAND.search(text):
        op = "expand"
    elif _REWRITE.search(text):
        op = "rewrite"
    chars_m = _CHARS.search(text)
    result = Plan(op=op, instruction=text, target_chars=int(chars_m.group(1)) if chars_m else None)

    section_no = _section_number(text, report)
    item_m = _ITEM.search(text)
    if item_m:
        item_no = number_value(item_m.group(1))
        owners = [
            s
            for s in report.sections
            if (section_no is None or s.value == section_no)
            and any(i.value == item_no and i.marker == Marker.PAREN_HAN for i in s.items)
        ]
        mark = f"（{han_number(item_no)}）" if item_no else item_m.group(0)
        if len(owners) == 1:
            only_one = (
                sum(
                    any(i.value == item_no and i.marker == Marker.PAREN_HAN for i in s.items)
                    for s in report.sections
                )
                == 1
            )
            result.target = mark if only_one else f"{owners[0].number}{mark}"
        elif len(owners) > 1:
            result.ambiguous = True
            result.options = [
                (f"{s.number}、{s.heading}{mark}", f"{s.number}{mark}") for s in owners
            ]
        else:
            result.target = mark  # not found in the parsed text; let the writer try
        return result
    if section_no is not None:
        result.target = han_number(section_no)
        return result
    if _OPENING.search(text):
        result.target = OPENING
        return result
    if _CLOSING.search(text):
        result.target = CLOSING
        return result
    if _WHOLE.search(text) or op in ("tighten", "expand"):
        return result
    if op == "add":
        work = [s for s in report.sections if s.role == Role.WORK]
        if len(work) == 1:
            result.target = work[0].number
            return result
    result.ambiguous = bool(report.sections)
    result.options = [(f"{s.number}、{s.heading}", s.number) for s in report.sections]
    result.options.append(("全文", ""))
    return result


def _section_number(text: str, report: Report) -> int | None:
    if m := _SECTION.search(text):
        return number_value(m.group(1))
    if m := _SECTION_MARK.search(text):
        return number_value(m.group(1))
    for word, role in _ROLE_WORDS:
        if word in text:
            section = report.section_by_role(role)
            if section is not None:
                return section.value
    return None
