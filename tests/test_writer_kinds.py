"""The report kinds the interview and the writer read from prompts/kinds/."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.report.model import Role
from bot.writer.kinds import (
    KIND_IDS,
    KindError,
    kind_id_for,
    load_formulations,
    load_kind,
    load_kinds,
)

PROMPTS = Path(__file__).resolve().parent.parent / "prompts"
INTERVIEW_ORDER = [
    "政治建设",
    "理论学习",
    "组织建设",
    "作风和廉政建设",
    "党建引领业务",
    "特色亮点",
    "存在的问题",
    "原因",
    "下一步打算",
]


@pytest.mark.parametrize("kind_id", KIND_IDS)
def test_every_kind_asks_the_interview_topics_in_order(kind_id: str) -> None:
    kind = load_kind(PROMPTS, kind_id)
    assert [t.key for t in kind.topics] == INTERVIEW_ORDER
    for topic in kind.topics:
        assert topic.question.endswith(("？", "。"))
        assert "?" not in topic.question


@pytest.mark.parametrize("kind_id", KIND_IDS)
def test_kind_has_work_problems_plans_in_order_and_plans_stay_small(kind_id: str) -> None:
    kind = load_kind(PROMPTS, kind_id)
    roles = [s.role for s in kind.sections]
    assert roles[0] is Role.WORK
    assert roles.index(Role.PROBLEMS) < roles.index(Role.PLANS)
    plans = next(s for s in kind.sections if s.role is Role.PLANS)
    assert plans.share <= 0.2  # 下一步打算 ≤ 1/5 of the text


@pytest.mark.parametrize("kind_id", KIND_IDS)
def test_default_headings_are_parallel_and_8_to_16_chars(kind_id: str) -> None:
    kind = load_kind(PROMPTS, kind_id)
    for topic in kind.topics_of("work"):
        for heading in topic.headings:
            assert "，" in heading, heading
            assert 8 <= len(heading.replace("，", "")) <= 16, heading


def test_shuzhi_is_first_person_and_zongjie_speaks_for_the_branch() -> None:
    kinds = load_kinds(PROMPTS)
    assert kinds["shuzhi"].person == "我"
    assert "本人" in kinds["shuzhi"].opening
    assert kinds["zongjie_half"].person == "支部"
    assert kinds["zongjie_half"].default_chars < kinds["zongjie_year"].default_chars


def test_unknown_kind_is_a_chinese_error() -> None:
    with pytest.raises(KindError) as info:
        load_kind(PROMPTS, "nope")
    assert "找不到" in info.value.message


def test_broken_kind_file_is_reported_not_crashed(tmp_path: Path) -> None:
    (tmp_path / "kinds").mkdir()
    (tmp_path / "kinds" / "shuzhi.toml").write_text('id = "shuzhi"\nsurprise = 1\n', "utf-8")
    with pytest.raises(KindError) as info:
        load_kind(tmp_path, "shuzhi")
    assert "格式有误" in info.value.message


def test_user_choice_maps_to_kind_id() -> None:
    assert kind_id_for("述职报告", "2025年度") == "shuzhi"
    assert kind_id_for("工作总结", "2025年上半年") == "zongjie_half"
    assert kind_id_for("工作总结", "2025年度") == "zongjie_year"


def test_formulations_follow_the_report_year() -> None:
    forms = load_formulations(PROMPTS)
    assert forms.for_year(2023).education == "学习贯彻习近平新时代中国特色社会主义思想主题教育"
    assert forms.for_year(2025).guiding == "深入贯彻党的二十大和二十届历次全会精神"
    assert forms.for_year(2021).congress == "党的十九大"
    assert "两个确立" in forms.core[0]
