"""The offline writer (no key): a structured draft from the user's own statements."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import UserFacingError
from bot.report import count_chars, parse_report
from bot.review import extract_figures
from bot.writer.kinds import load_formulations, load_kinds
from bot.writer.models import Brief, Progress
from bot.writer.notes import split_notes
from bot.writer.offline import OFFLINE_NOTE, OfflineWriter
from bot.writer.prompts import PromptStore

PROMPTS = Path(__file__).resolve().parent.parent / "prompts"
NOTES = """支委会研究党建工作12次，落实“第一议题”制度。
全年组织集体学习24次，书记讲党课2次。
召开支部党员大会4次，开展主题党日12次，发展党员1名。
开展警示教育，组织谈心谈话。
问题：学习多停留在读原文，研讨不深；党建和业务还有“两张皮”现象。
原因：对党建工作重要性认识不够。
下一步：每月开展1次专题研讨。
"""


@pytest.fixture
def writer() -> OfflineWriter:
    return OfflineWriter(PromptStore(PROMPTS), load_kinds(PROMPTS), load_formulations(PROMPTS))


async def test_offline_draft_is_structured_and_invents_nothing(writer: OfflineWriter) -> None:
    brief = Brief(kind_id="shuzhi", period="2025年度")
    notes = split_notes(writer.kinds["shuzhi"], NOTES)
    facts, _ = await writer.extract(brief, notes)
    outline, _ = await writer.outline(brief, facts)
    events: list[Progress] = []

    async def on_progress(p: Progress) -> None:
        events.append(p)

    result = await writer.draft(brief, facts, outline, on_progress=on_progress)
    assert result.offline and writer.offline
    report = parse_report(result.text)
    assert report.title == "2025年度抓基层党建工作述职报告"
    assert [s.heading for s in report.sections] == [
        "履职情况",
        "存在的问题及原因分析",
        "下一步工作打算",
    ]
    assert report.sections[0].items[0].number == "（一）"
    assert "一是学习多停留在读原文" in result.text
    assert "产生以上问题的原因：一是对党建工作重要性认识不够" in result.text
    assert report.closing and "特此报告" in report.closing[-1].text
    # every figure in the draft is one the user gave
    given = {f.text for f in extract_figures(NOTES)}
    assert {f.text for f in extract_figures(result.text)} <= given
    # the 作风 answer had no figures: a visible placeholder and a question about it
    assert "【待补充：作风和廉政建设方面的具体数字】" in result.text
    assert any(q.question == "开展了几次廉政教育或警示教育？" for q in result.questions)
    # the offline label is not part of the text (it would end up in Word)
    assert OFFLINE_NOTE not in result.text
    assert {e.status for e in events} == {"started", "done"}


async def test_half_year_summary_speaks_for_the_branch(writer: OfflineWriter) -> None:
    brief = Brief(kind="工作总结", kind_id="zongjie_half", period="2025年上半年", year=2025)
    facts, _ = await writer.extract(brief, {"理论学习": "集体学习6次。"})
    outline, _ = await writer.outline(brief, facts)
    result = await writer.draft(brief, facts, outline)
    assert "深入贯彻党的二十大和二十届历次全会精神" in result.text
    assert "现将2025年上半年工作总结如下" in result.text
    # no problems given: a placeholder asks for them instead of making some up
    assert "【待补充：请补充上半年支部工作中存在的具体问题】" in result.text


async def test_offline_tighten_drops_filler_but_keeps_facts(writer: OfflineWriter) -> None:
    text = (
        "一、履职情况\n（一）强化理论武装。我们始终坚持进一步切实加强理论学习。"
        "认真组织集体学习24次。不断推动学习走深走实，积极营造浓厚氛围。"
        "扎实开展各项学习活动，持续提升学习成效。\n"
    )
    result = await writer.tighten(text, 40)
    assert count_chars(result.text) < count_chars(text)
    assert "集体学习24次" in result.text and result.text.startswith("一、履职情况\n（一）")
    assert "进一步" not in result.text


async def test_offline_problems_in_series_style(writer: OfflineWriter) -> None:
    brief = Brief(kind_id="shuzhi")
    notes = "学习不够深入\n党建和业务融合不够\n原因：\n思想认识不到位"
    result = await writer.problems(brief, notes, with_causes=True)
    lines = result.text.splitlines()
    assert lines[0] == "存在的问题及原因分析"
    assert "一是学习不够深入。" in lines and "二是党建和业务融合不够。" in lines
    assert "产生以上问题的原因：一是思想认识不到位。" in lines


async def test_offline_cannot_expand_or_revise_and_says_why(writer: OfflineWriter) -> None:
    with pytest.raises(UserFacingError) as info:
        await writer.expand("一、履职情况", 3000)
    assert "离线" in info.value.message
    with pytest.raises(UserFacingError):
        await writer.revise(Brief(), (await writer.extract(Brief(), {}))[0], "x", "再具体些")


async def test_followup_asks_for_a_missing_figure(writer: OfflineWriter) -> None:
    assert await writer.followup("理论学习", "问", "组织了集体学习") == "集体学习一共组织了多少次？"
    assert await writer.followup("理论学习", "问", "全年组织集体学习24次，讲党课2次") is None
    assert await writer.followup("特色亮点", "问", "没有") is None
