"""Which job a top-level section does, read from its heading."""

from __future__ import annotations

import re

from bot.report.model import Role

_PLANS_STRONG = re.compile(r"下一步|打算|今后|明年|整改措施|努力方向|工作计划")
_PROBLEMS = re.compile(r"问题|不足|差距|短板|薄弱")
_CAUSES = re.compile(r"原因|根源|剖析")
_PLANS_WEAK = re.compile(r"措施|思路|安排|设想|方向")
_WORK = re.compile(
    r"履职|履行|工作开展|开展情况|主要工作|工作情况|特色|亮点|做法|成效|成绩|落实|推进|基本情况|"
    r"工作完成|主要举措|取得|抓党建|党建工作"
)

# A paragraph that starts the cause analysis inside a merged 问题及原因 section.
CAUSE_INTRO = re.compile(
    r"^(?:产生(?:以上|上述|这些)?问题的(?:主要)?原因|(?:存在)?问题(?:产生)?的原因|原因分析|"
    r"剖析(?:反思)?(?:存在)?(?:问题)?(?:的)?原因|究其原因|深刻反思|分析原因)"
)


def classify_heading(heading: str) -> tuple[Role, bool]:
    """Return (role, has_causes) for a top-level heading such as "存在的问题及原因分析"."""
    text = heading.strip()
    if _PLANS_STRONG.search(text):
        return Role.PLANS, False
    if _PROBLEMS.search(text):
        return Role.PROBLEMS, bool(_CAUSES.search(text))
    if _CAUSES.search(text):
        return Role.CAUSES, True
    if _PLANS_WEAK.search(text):
        return Role.PLANS, False
    if _WORK.search(text):
        return Role.WORK, False
    return Role.OTHER, False
