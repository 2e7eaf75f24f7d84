"""Each review rule: what it catches, and the correct text it leaves alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.corpus.samples import load_samples
from bot.review.context import Reference, detect_year
from bot.review.engine import Reviewer, review
from bot.review.lexicon import default_lexicon, load_lexicon

SEEDS = Path(__file__).parent / "review_cases" / "seeds"
SAMPLES = Path(__file__).parent.parent / "prompts" / "samples"


def _rules(text: str, **kw: object) -> list[tuple[str, str]]:
    return [(f.rule, f.text) for f in review(text, **kw)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "本次报名截止日期为6月30日，截止时间为下午5点。",
        "支部党员到建国门外社区开展志愿服务，联系人王建国同志。",
        "用Excel和XML整理台账，1,200元已入账。",
        "党的十九大以来，我们始终坚持全面从严治党。",
        "深刻领悟“两个确立”的决定性意义，增强“四个意识”、坚定“四个自信”、做到“两个维护”。",
        "各项任务清单已下发，其余人员按时参加，业余时间坚持自学。",
    ],
)
def test_correct_sentences_give_no_findings(text: str) -> None:
    assert review(f"2025年度工作总结\n{text}\n", year=2025) == []


def test_year_is_read_from_the_title() -> None:
    assert detect_year("2025年上半年党支部工作总结\n……") == 2025
    assert detect_year("2023年度述职报告") == 2023
    assert detect_year("述职报告\n没有年份") is None


def test_nineteenth_congress_as_current_is_wrong_after_2022_but_history_is_fine() -> None:
    text = "党的十九大以来成绩显著。今年深入学习贯彻党的十九大精神。"
    assert _rules(text, year=2023) == [("提法.congress-outdated", "党的十九大")]
    assert _rules(text, year=2020) == []


def test_campaign_named_for_another_year() -> None:
    assert _rules("扎实开展党纪学习教育。", year=2023) == [("提法.campaign-future", "党纪学习教育")]
    assert _rules("扎实开展党纪学习教育。", year=2025) == [("提法.campaign-year", "党纪学习教育")]
    assert _rules("巩固拓展党纪学习教育成果。", year=2025) == []
    assert _rules("扎实开展党纪学习教育。", year=2024) == []


def test_user_lexicon_extends_the_shipped_one(tmp_path: Path) -> None:
    extra = tmp_path / "mine.toml"
    extra.write_text(
        '[[rule]]\nid = "本单位简称"\nwrong = ["医保中心"]\nright = "医疗保障事务中心"\n'
        'message = "本单位全称为医疗保障事务中心。"\n',
        encoding="utf-8",
    )
    lexicon = load_lexicon([extra])
    found = Reviewer(lexicon).review("医保中心开展两个确定学习。", year=2025)
    assert [f.suggestion for f in found] == ["医疗保障事务中心", "两个确立"]


def test_half_width_heading_brackets_and_skipped_numbers() -> None:
    text = "总结\n一、工作\n(一)学习\n（三）组织\n三、问题\n"
    assert _rules(text) == [
        ("编号.style", "(一)"),
        ("编号.sequence", "（三）"),
        ("编号.sequence", "三、"),
    ]


def test_arabic_level_above_paren_level() -> None:
    text = "总结\n一、工作\n1.学习\n（一）理论学习\n"
    assert ("编号.hierarchy", "（一）") in _rules(text)


def test_copy_from_reference_needs_twenty_characters() -> None:
    ref = Reference("范文", "坚持把理论学习摆在首位，建立支委领学党员自学集中研讨三级学习机制。")
    long_copy = "我们坚持把理论学习摆在首位，建立支委领学党员自学集中研讨三级学习机制。"
    short_copy = "我们坚持把理论学习摆在首位，效果很好。"
    assert [f.rule for f in review(long_copy, references=[ref])] == ["重复.copied"]
    assert review(short_copy, references=[ref]) == []


def test_figures_checked_against_notes_only_when_notes_are_given() -> None:
    text = "全年召开支委会12次，发展党员3名。"
    assert review(text) == []
    found = review(text, notes=["支委会开了12次，发展党员2名"])
    assert [(f.rule, f.text) for f in found] == [("数字.unverified", "3名")]


def test_every_finding_span_matches_the_text() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for f in review(text):
            assert text[f.start : f.end] == f.text


def test_seeds_known_errors_are_found() -> None:
    found: dict[str, set[str]] = {}
    for path in sorted(SEEDS.glob("*.txt")):
        found[path.name[:3]] = {f.text for f in review(path.read_text(encoding="utf-8"))}
    assert {"两个确定", "党的十二大", "中国人民共和国", "截止", "XX", "XXX", "."} <= found["001"]
    assert {"次", "项", "号", "名", "条", "元", "万元"} <= found["000"]
    assert {"X", "截止"} <= found["002"]
    assert {"5余万", ":"} <= found["003"]
    assert "**" in found["004"]


def test_cleaned_samples_give_only_placeholder_and_structure_findings() -> None:
    samples = load_samples(SAMPLES)
    reviewer_for = {
        s.meta.id: Reviewer(
            default_lexicon(),
            [Reference(o.meta.id, o.text) for o in samples if o.meta.id != s.meta.id],
        )
        for s in samples
    }
    other: list[tuple[str, str, str]] = []
    for s in samples:
        for f in reviewer_for[s.meta.id].review(s.text, year=s.meta.year):
            if f.rule != "占位符.mark":
                other.append((s.meta.id, f.rule, f.text))
    print("\n样例中的非占位符发现：", other)
    assert all(rule.startswith("结构.") for _, rule, _ in other), other
    assert len(other) <= 3, other
