"""占位符: figures or names left out (X, XX, ××, **, "召开民主生活会次", 【待补充…】)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.review.models import Finding

_NUMERAL = r"\d０-９一二三四五六七八九十百千万两几多余数"
# X/XX/×× /** standing for a missing figure or name. Latin words (Xi, XML, Xbox) are not.
_MARKS = re.compile(
    r"(?<![A-Za-z])[XＸ]{1,4}(?![A-Za-z]|射线|光)|[×]{2,}|\*{2,}|＊{2,}|○{2,}|□{2,}"
)
_TODO = re.compile(r"【待(?:补充|核实|确认)[^】\n]*】")
# A measure word whose number is missing.
_MISSING = (
    # "召开民主生活会次，" "志愿服务次；" "开展活动次。"
    re.compile(
        r"(?<=会|动|务|训|课|查|谈|学|座|演|议|讲)(?:余|多)?次(?=[，。；、：,;]|$)", re.MULTILINE
    ),
    # "服务余次" "慰问余名": 余/多 with nothing before
    re.compile(
        rf"(?<![{_NUMERAL}XＸ×*＊其业剩多残富节盈结空闲课工有宽])余(?=[万亿]?(?:人次|[次名人个项件场期篇条户元]))"
    ),
    # "列出项问题清单" "提出项任务清单" "先后次到" "慰问名困难老党员"
    re.compile(
        r"(?<=列出|提出|先后|慰问|走访|发放|收集|查处|帮扶|资助|接收|发展|表彰|累计|共计|合计)"
        r"(?:项|名|次|条|篇|个|场|期|人次|万元|元)(?![数次目])"
    ),
    re.compile(
        r"(?<![各每逐这本该此单专分事款条选一\d０-９十两几多余X×*＊])项(?=问题清单|任务清单|整改措施清单|责任清单)"
    ),
    # "提供合理化建议条，" "帮扶资金元。" "违规基金万元。"
    re.compile(
        r"(?<=建议|意见|资金|基金|经费|款项|费用|党费|团费)(?:条|项|个|万元|元)(?=[，。；、,;])"
    ),
    # "每月号" (a day of the month is missing)
    re.compile(r"(?<=每月)号"),
)


def find_placeholders(text: str) -> list[Finding]:
    """Visible gaps in `text`: X/××/** marks, measure words with no number, 【待补充…】."""
    out = list(_iter(text))
    out.sort(key=lambda f: (f.start, f.end))
    return out


def _iter(text: str) -> Iterator[Finding]:
    for m in _MARKS.finditer(text):
        yield Finding(
            category="占位符",
            rule="占位符.mark",
            start=m.start(),
            end=m.end(),
            text=m.group(),
            message=f"“{m.group()}”是占位符，原文的数字或名称没有填写。",
            suggestion="填写实际的数字或名称",
            severity="error",
        )
    for m in _TODO.finditer(text):
        yield Finding(
            category="占位符",
            rule="占位符.todo",
            start=m.start(),
            end=m.end(),
            text=m.group(),
            message="定稿前还有待补充的内容。",
            suggestion="补充后删除这个标记",
            severity="error",
        )
    seen: set[int] = set()
    for pattern in _MISSING:
        for m in pattern.finditer(text):
            if m.start() in seen:
                continue
            seen.add(m.start())
            yield Finding(
                category="占位符",
                rule="占位符.missing-number",
                start=m.start(),
                end=m.end(),
                text=m.group(),
                message=f"“{m.group()}”前面缺少数字。",
                suggestion="补上数字，或删去这个量词",
                severity="error",
            )
