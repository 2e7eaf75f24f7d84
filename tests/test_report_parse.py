"""The report model reads real reports the way a reader sees them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.report import Marker, Role, count_chars, parse_report, render_text
from bot.report.model import find_series, han_number, han_value

EXPECTED = {
    "000": ["work", "problems", "plans"],
    "001": ["work", "problems", "plans"],
    "002": ["work", "problems", "plans"],
    "003": ["work", "problems", "plans"],
    "004": ["work", "problems", "plans"],
}


def _seed(seeds_dir: Path, prefix: str) -> str:
    (path,) = seeds_dir.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _content(text: str) -> str:
    return re.sub(r"\s|##paid(?:begin|end)##", "", text)


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_every_seed_parses_into_three_parts_with_roles(seeds_dir: Path, prefix: str) -> None:
    report = parse_report(_seed(seeds_dir, prefix))
    assert [s.role.value for s in report.sections] == EXPECTED[prefix]
    assert [s.number for s in report.sections] == ["一", "二", "三"]


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_round_trip_keeps_every_character_of_content(seeds_dir: Path, prefix: str) -> None:
    original = _seed(seeds_dir, prefix)
    rendered = render_text(parse_report(original))
    assert _content(rendered) == _content(original)
    assert "##paid" not in rendered
    # and the rendered text parses to the same structure again
    again = parse_report(rendered)
    assert render_text(again) == rendered


def test_sections_made_of_yishi_paragraphs(seeds_dir: Path) -> None:
    report = parse_report(_seed(seeds_dir, "003"))
    work = report.sections[0]
    assert work.heading == "履职工作特色和亮点"
    assert [i.number for i in work.items] == ["一是", "二是", "三是", "四是", "五是"]
    assert all(i.marker is Marker.SERIES for i in work.items)
    assert work.items[0].heading == "聚焦政治担当，筑牢党建责任体系"
    assert work.items[0].paragraphs[0].text.startswith("牢固树立")


def test_arabic_numbered_items_directly_under_sections(seeds_dir: Path) -> None:
    report = parse_report(_seed(seeds_dir, "004"))
    assert [i.number for i in report.sections[0].items] == ["1.", "2.", "3.", "4."]
    assert report.sections[0].items[1].heading == "强化教育培训，深化理论武装"
    assert len(report.sections[2].items) == 5


def test_title_line_and_blank_line(seeds_dir: Path) -> None:
    report = parse_report(_seed(seeds_dir, "002"))
    assert report.title == "X局党支部2020年上半年工作总结"
    assert report.opening[0].text.startswith("2020年上半年")
    assert report.opening[0].role is Role.OPENING
    assert [i.number for i in report.sections[1].items] == ["（一）", "（二）", "（三）"]


def test_scraping_markers_dropped_and_closing_found(seeds_dir: Path) -> None:
    report = parse_report(_seed(seeds_dir, "001"))
    text = render_text(report)
    assert "##paid" not in text
    assert "首要任务" in text  # the marker sat inside this word
    assert report.title == "2023年度机关支部书记抓党建工作述职报告"
    assert len(report.sections[0].items) == 10
    assert report.sections[0].items[9].number == "（十）"
    assert report.closing and report.closing[0].text.startswith("以上是我的述职报告")
    assert report.closing[0].role is Role.CLOSING


def test_merged_problems_and_causes_section(seeds_dir: Path) -> None:
    report = parse_report(_seed(seeds_dir, "003"))
    problems = report.sections[1]
    assert problems.heading == "存在的问题及原因分析"
    assert problems.role is Role.PROBLEMS and problems.has_causes
    roles = [p.role for p in problems.all_paragraphs()]
    assert roles == [Role.PROBLEMS, Role.CAUSES]


def test_series_inside_a_paragraph(seeds_dir: Path) -> None:
    report = parse_report(_seed(seeds_dir, "000"))
    first = report.sections[0].items[0].paragraphs[0]
    markers = [s.marker for s in first.series]
    assert markers == ["一是", "二是", "三是"]
    assert first.series[1].text.startswith("二是正视问题")
    # a one-line 一是……二是……三是 paragraph is a series, not an item
    report3 = parse_report(_seed(seeds_dir, "003"))
    assert report3.sections[1].items == []
    assert [s.value for s in report3.sections[1].paragraphs[0].series] == [1, 2, 3]


def test_series_needs_a_boundary_and_a_start() -> None:
    assert find_series("全面统一是基础。") == []
    assert find_series("二是不算，因为没有一是开头") == []
    spans = find_series("主要做法：一是学习；二是实践；三是总结。")
    assert [s.marker for s in spans] == ["一是", "二是", "三是"]
    assert spans[2].text == "三是总结。"


def test_heading_on_its_own_line_then_body() -> None:
    text = "一、履职情况\n（一）强化政治建设\n全年组织集体学习12次。\n1.抓学习\n制定学习计划。\n（1）个人自学\n每天学习。\n二、存在的问题\n学习不够深入。\n"
    report = parse_report(text)
    item = report.sections[0].items[0]
    assert (item.number, item.heading, item.inline) == ("（一）", "强化政治建设", False)
    assert item.paragraphs[0].text == "全年组织集体学习12次。"
    child = item.children[0]
    assert (child.number, child.heading) == ("1.", "抓学习")
    assert child.children[0].number == "（1）"
    assert render_text(report) == text


def test_text_without_numbering_is_kept_as_paragraphs() -> None:
    text = "今年以来我们做了很多工作。\n\n也存在一些不足。"
    report = parse_report(text)
    assert report.sections == []
    assert [p.text for p in report.opening] == ["今年以来我们做了很多工作。", "也存在一些不足。"]


def test_empty_text_gives_an_empty_report() -> None:
    report = parse_report("   \n\n")
    assert report.sections == [] and report.opening == [] and report.title is None


def test_count_chars_counts_han_digits_letters_only() -> None:
    assert count_chars("2023年召开3次会议。") == 11
    assert count_chars("“两个确立”， ABC\n") == 7
    assert count_chars("") == 0


def test_han_numbers() -> None:
    assert [han_number(n) for n in (1, 10, 12, 20, 35)] == ["一", "十", "十二", "二十", "三十五"]
    assert [han_value(t) for t in ("一", "十", "十二", "二十", "三十五", "甲")] == [
        1,
        10,
        12,
        20,
        35,
        None,
    ]


def test_large_text_parses() -> None:
    paragraph = "认真落实“三会一课”制度，全年召开支部党员大会4次。" * 40
    text = "一、履职情况\n" + "\n".join(
        f"（{han_number(i % 20 + 1)}）标题{i}。{paragraph}" for i in range(200)
    )
    report = parse_report("\n".join([text] * 3))
    assert len(report.sections) == 3
    assert report.chars > 100_000
