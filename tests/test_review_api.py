"""The small functions the writer calls on every draft (figures, placeholders, 提法)."""

from __future__ import annotations

from bot.review import (
    check_formulations,
    extract_figures,
    figure_in_notes,
    find_placeholders,
    protected_terms,
)


def test_figures_are_read_with_their_units_and_values() -> None:
    text = "召开3次会议，发展党员五名，筹集1.2万元，五十余名党员参加，满意度95%。"
    figures = {f.text: f for f in extract_figures(text)}
    assert set(figures) == {"3次", "五名", "1.2万元", "五十余名", "95%"}
    assert figures["1.2万元"].value == 12000 and figures["1.2万元"].unit == "元"
    assert figures["五十余名"].value == 50 and figures["五十余名"].approximate
    for f in figures.values():
        assert text[f.start : f.end] == f.text


def test_ordinals_dates_and_formulas_are_not_figures() -> None:
    text = "2023年3月召开第三次支委会，增强四个意识，深刻领悟两个确立的决定性意义。"
    assert extract_figures(text) == []


def test_figure_is_found_in_notes_in_another_writing() -> None:
    notes = "今年开了三次支委会；党费收了12000元；党员 45 人"
    by_text = {
        f.text: f
        for f in extract_figures("召开支委会3次，收缴党费1.2万元，党员45名，发展党员2名。")
    }
    assert figure_in_notes(by_text["3次"], notes)
    assert figure_in_notes(by_text["1.2万元"], notes)
    assert figure_in_notes(by_text["45名"], notes)
    assert not figure_in_notes(by_text["2名"], notes)


def test_placeholders_include_missing_numbers_and_todo_marks() -> None:
    text = "共召开民主生活会次，慰问XX名困难党员，服务余次，【待补充：党员人数】。"
    found = [f.text for f in find_placeholders(text)]
    assert found == ["次", "XX", "余次", "【待补充：党员人数】"]


def test_latin_words_and_real_counts_are_not_placeholders() -> None:
    assert find_placeholders("用XML和Excel汇总，开展活动12次，各项任务清单，其余人员。") == []


def test_formulations_flag_wrong_forms_with_the_right_one() -> None:
    findings = check_formulations("深刻领悟“两个确定”的决定性意义，截止目前，三会一科。", 2025)
    assert [(f.text, f.suggestion) for f in findings] == [
        ("两个确定", "两个确立"),
        ("截止", "截至"),
        ("三会一科", "三会一课"),
    ]


def test_protected_terms_cover_the_fixed_formulas_longest_first() -> None:
    terms = protected_terms()
    for term in (
        "两个确立",
        "两个维护",
        "四个意识",
        "四个自信",
        "三会一课",
        "习近平新时代中国特色社会主义思想",
    ):
        assert term in terms
    assert [len(t) for t in terms] == sorted((len(t) for t in terms), reverse=True)
